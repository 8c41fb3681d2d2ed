/* training_memory.js: the explorer of the chapter "What backpropagation costs in memory". */

// twin: backprop_lib.training_memory.checkpoint_segments
// Layers 1..L in contiguous runs, earlier ones longer.
function checkpointSegments(L, segments) {
  var base = Math.floor(L / segments), extra = L % segments, out = [], start = 1;
  for (var j = 0; j < segments; j++) {
    var n = base + (j < extra ? 1 : 0);
    out.push([start, start + n - 1]);
    start += n;
  }
  return out;
}

// twin: backprop_lib.training_memory.memory_model
// (its stored activations) The most layer widths held at once while segment j runs
// backward (its z^k and a^k, and the checkpoints of segments 2..j).
function storedUnits(sizes, segs, kept) {
  var best = 0, boundaries = 0;
  segs.forEach(function (seg, j) {
    if (j > 0) boundaries += sizes[seg[0] - 1];
    var s = 0;
    for (var k = seg[0]; k <= seg[1]; k++) s += sizes[k];
    best = Math.max(best, boundaries + kept * s);
  });
  return best;
}

// twin: backprop_lib.training_memory.best_segments
// The segment count with the fewest stored units (first on a tie).
function bestSegments(sizes, kept) {
  var L = sizes.length - 1, best = 1, cost = Infinity;
  for (var s = 1; s <= L; s++) {
    var c = storedUnits(sizes, checkpointSegments(L, s), kept);
    if (c < cost) { cost = c; best = s; }
  }
  return best;
}

// twin: backprop_lib.training_memory.memory_model
// With keep_errors=False (errors freed as the pass goes down).
function memoryModel(sizes, B, dtype, optimizer, segments, opts) {
  var L = sizes.length - 1, kept = 2, segs = checkpointSegments(L, segments);
  var nParams = 0;
  for (var k = 1; k <= L; k++) nParams += sizes[k] * sizes[k - 1] + sizes[k];
  var vb, pb, gb, sb;
  if (dtype === 'mixed') { vb = 2; pb = 4 + 2; gb = 2; sb = 4; }
  else { vb = { float64: 8, float32: 4, float16: 2 }[dtype]; pb = gb = sb = vb; }
  var widest = Math.max.apply(null, sizes.slice(1));
  var recompute = 0;
  if (segments !== 1) segs.slice(0, -1).forEach(function (seg) { recompute += seg[1] - seg[0] + 1; });
  var m = { sizes: sizes, batch_size: B, dtype: dtype, segments: segments,
            parameters: nParams * pb, gradients: nParams * gb,
            optimizer_state: nParams * opts.optimizers[optimizer] * sb,
            activations: B * storedUnits(sizes, segs, kept) * vb,
            errors: B * 2 * widest * vb, workspace: B * opts.workspace_buffers * widest * vb,
            layer_evaluations: L + recompute };
  m.total = m.parameters + m.gradients + m.optimizer_state + m.activations + m.errors + m.workspace;
  return m;
}

// twin: backprop_lib.explorers.training_memory.MemoryExplorer.quantities
// The memory model of one training step, by kind.
var MEMORY_KINDS = ['parameters', 'gradients', 'optimizer_state', 'activations', 'errors', 'workspace'];
EXPLORERS.training_memory = function (p, data) {
  var B = Math.pow(2, p.batch_exp), L = p.depth, width = Math.pow(2, p.width_exp);
  var sizes = [data.n_in];
  for (var k = 1; k < L; k++) sizes.push(width);
  sizes.push(data.n_out);
  var segments = (p.checkpointing === 'sqrt' && L > 1) ? bestSegments(sizes, 2) : 1;
  var m = memoryModel(sizes, B, p.dtype, p.optimizer, segments, data);
  var MiB = Math.pow(2, 20);
  return {
    B: B, L: L, width: sizes.length > 2 ? String(sizes[1]) : '-', dtype: m.dtype,
    share: [MEMORY_KINDS.map(function (k) { return 100 * m[k] / m.total; })],
    mib: MEMORY_KINDS.map(function (k) { return m[k] / MiB; }),
    total: m.total / MiB, batchShare: 100 * (m.activations + m.errors + m.workspace) / (m.total || 1),
    segments: m.segments, evaluations: m.layer_evaluations
  };
};
