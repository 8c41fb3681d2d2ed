/* live.js: the explorers of backprop_lib, live in a static page (no kernel, no server).

   The library draws every figure (Python, backprop_lib.draw) and marks each number that depends
   on the controls with a placeholder  \ue000quantity\ue001format\ue002  (backprop_lib/draw/svg.py,
   `num`). This script only
     1. computes the quantities with the same equations as the numpy core (section "core" below:
        activations, forward, backward, the cost; float16 rounding; the memory model), per explorer
        in EXPLORERS[id](params, data), and
     2. writes them into the marked places of the library's template, formatted exactly as
        Python formats them (section "formats", twin of svg.format_value).
   It never draws a figure of its own. Tests: tests/js/*.test.js (node --test) on fixtures that
   the Python side generates, and tests/browser/test_browser_explorers.py in the built book. */
(function (root) {
  'use strict';
  if (root.BPLive) return;

  /* ------------------------------------------------------------------ formats */

  // Python's f"{v:.{d}f}": the exact binary value, rounded half to even.
  function pyFixed(v, d) {
    if (v !== v) return 'nan';
    if (!isFinite(v)) return v > 0 ? 'inf' : '-inf';
    var neg = v < 0 || (v === 0 && 1 / v < 0);
    var a = Math.abs(v);
    var s = a.toFixed(d);                       // exact, but ties go up
    var exact = a.toFixed(100);                 // the exact decimal expansion (enough digits here)
    var dot = exact.indexOf('.');
    var tail = exact.slice(dot + 1 + d);
    if (/^50*$/.test(tail)) {                   // a true tie: keep the even neighbour
      var last = +s.charAt(s.length - 1);
      if (last % 2 === 1) s = exact.slice(0, d ? dot + 1 + d : dot);
    }
    return (neg ? '-' : '') + s;
  }

  // Python's f"{v:.{d}e}": mantissa rounded half to even, exponent with a sign and 2+ digits.
  function pyExp(v, d) {
    if (v !== v) return 'nan';
    if (!isFinite(v)) return v > 0 ? 'inf' : '-inf';
    var neg = v < 0 || (v === 0 && 1 / v < 0);
    var a = Math.abs(v);
    var s = a.toExponential(d);
    var exact = a.toExponential(100);
    var m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exact);
    var digits = m[1] + (m[2] || '');
    if (/^50*$/.test(digits.slice(d + 1))) {
      var ms = s.split('e')[0];
      if (+ms.charAt(ms.length - 1) % 2 === 1) {
        var keep = digits.slice(0, d + 1);
        s = keep.charAt(0) + (d ? '.' + keep.slice(1) : '') + 'e' + m[3];
      }
    }
    var parts = s.split('e');
    var e = +parts[1];
    var es = String(Math.abs(e));
    if (es.length < 2) es = '0' + es;
    return (neg ? '-' : '') + parts[0] + 'e' + (e < 0 ? '-' : '+') + es;
  }

  // Python's f"{v:g}" (6 significant digits, trailing zeros removed).
  function pyG(v) {
    if (v !== v) return 'nan';
    if (!isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (v === 0) return (1 / v < 0) ? '-0' : '0';
    var e = +pyExp(v, 5).split('e')[1];
    var s;
    if (e >= -4 && e < 6) {
      s = pyFixed(v, 5 - e);
      if (s.indexOf('.') >= 0) s = s.replace(/0+$/, '').replace(/\.$/, '');
    } else {
      var p = pyExp(v, 5).split('e');
      var mant = p[0].indexOf('.') >= 0 ? p[0].replace(/0+$/, '').replace(/\.$/, '') : p[0];
      s = mant + 'e' + p[1];
    }
    return s;
  }

  // draw/svg.py fmt: fixed decimals, exponent form when very large or small, true minus sign.
  function fmt(v, digits) {
    v = +v;
    if (v !== v) return 'NaN';
    if (!isFinite(v)) return v > 0 ? '∞' : '−∞';
    var s;
    if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 0.5 * Math.pow(10, -digits))) {
      s = pyExp(v, Math.max(digits - 1, 0));
    } else {
      s = pyFixed(v, digits);
    }
    if (s.charAt(0) === '-' && parseFloat(s) === 0) s = s.slice(1);
    return s.replace(/-/g, '−');
  }

  function withCommas(s) {
    var neg = s.charAt(0) === '-';
    if (neg) s = s.slice(1);
    var p = s.split('.');
    p[0] = p[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return (neg ? '-' : '') + p.join('.');
  }

  function widthOf(v, scale) {
    var r = scale > 0 ? Math.min(Math.abs(v) / scale, 1.5) : 0;
    return 0.6 + 3.3 * r;
  }

  // The twin of svg.format_value(v, spec).
  function format(v, spec) {
    var a = spec.split(':');
    switch (a[0]) {
      case 'fmt': return fmt(v, +a[1]);
      case 'plain': return fmt(v, +a[1]).replace(/−/g, '-');
      case 'f': return pyFixed(+v, +a[1]);
      case 'cf': return withCommas(pyFixed(+v, +a[1]));
      case 'g': return pyG(+v);
      case 'd': return String(Math.trunc(v));
      case 's': return String(v);
      case 'width': return pyFixed(widthOf(+v, +a[1]) + (a.length > 2 ? +a[2] : 0), 2);
      case 'dash': return +v < 0 ? '6 4' : 'none';
      case 'X': {
        var x0 = +a[1], w = +a[2], lo = +a[3], hi = +a[4];
        var x = Math.min(Math.max(+v, lo), hi);
        return pyFixed(x0 + (x - lo) / (hi - lo) * w, 1);
      }
      case 'Y': case 'bar': {
        var y0 = +a[1], h = +a[2], ylo = +a[3], yhi = +a[4];
        var y = +v;
        if (+a[5]) y = y > 0 ? Math.log10(y) : -Infinity;   // <= 0: the bottom of a log axis
        y = Math.min(Math.max(y, ylo), yhi);
        var py = y0 + h - (y - ylo) / (yhi - ylo) * h;
        if (a[0] === 'bar') {                     // a bar's height, from the base a[6] up to v
          return pyFixed(Math.max(Math.abs(py - (y0 + h - (+a[6] - ylo) / (yhi - ylo) * h)), 0.5), 1);
        }
        if (a.length > 6) py = py + +a[6];        // an offset in pixels
        return pyFixed(py, 1);
      }
    }
    throw new Error('unknown number format ' + spec);
  }

  /* ------------------------------------------------------------------ core */

  var LEAKY_SLOPE = 0.01;                       // activations.LEAKY_SLOPE
  // sigma and sigma' of backprop_lib/activations.py, one number at a time.
  var ACTIVATIONS = {
    identity: { f: function (z) { return z; }, d: function () { return 1; } },
    sigmoid: {
      f: function (z) { return 0.5 * (1 + Math.tanh(0.5 * z)); },
      d: function (z) { var s = 0.5 * (1 + Math.tanh(0.5 * z)); return s * (1 - s); }
    },
    tanh: { f: Math.tanh, d: function (z) { var t = Math.tanh(z); return 1 - t * t; } },
    relu: { f: function (z) { return Math.max(z, 0); }, d: function (z) { return z > 0 ? 1 : 0; } },
    leaky_relu: {
      f: function (z) { return Math.max(z, LEAKY_SLOPE * z); },
      d: function (z) { return z > 0 ? 1 : LEAKY_SLOPE; }
    }
  };

  function activation(name) {
    var act = ACTIVATIONS[name];
    if (!act) throw new Error('unknown activation ' + name);
    return act;
  }

  // z = W a + b (W a list of rows).
  function affine(W, a, b) {
    return W.map(function (row, i) {
      var s = 0;
      for (var j = 0; j < row.length; j++) s += row[j] * a[j];
      return s + b[i];
    });
  }

  // Network.forward: z[k] = W[k] a[k-1] + b[k], a[k] = sigma_k(z[k]); index 0 = the input.
  function forward(net, x) {
    var L = net.W.length - 1, z = [null], a = [x.slice()];
    for (var k = 1; k <= L; k++) {
      z[k] = affine(net.W[k], a[k - 1], net.b[k]);
      a[k] = z[k].map(activation(net.act[k]).f);
    }
    return { z: z, a: a };
  }

  // Network.backward with the squared error C = sum (O - E)^2:
  // dC/da[L] = 2 (O - E); delta[k] = sigma'(z[k]) * dC/da[k]; dC/da[k-1] = W[k]^T delta[k];
  // dC/dW[k] = delta[k] a[k-1]^T; dC/db[k] = delta[k].
  function backward(net, trace, E) {
    var L = net.W.length - 1, O = trace.a[L];
    var C = 0;
    for (var i = 0; i < O.length; i++) C += (O[i] - E[i]) * (O[i] - E[i]);
    var da = [], delta = [], gW = [];
    da[L] = O.map(function (o, i) { return 2 * (o - E[i]); });
    for (var k = L; k >= 1; k--) {
      var act = activation(net.act[k]);
      delta[k] = trace.z[k].map(function (z, i) { return act.d(z) * da[k][i]; });
      gW[k] = delta[k].map(function (d) { return trace.a[k - 1].map(function (a) { return d * a; }); });
      if (k > 1) {
        var W = net.W[k], n = W[0].length;
        da[k - 1] = [];
        for (var j = 0; j < n; j++) {
          var s = 0;
          for (var r = 0; r < W.length; r++) s += W[r][j] * delta[k][r];
          da[k - 1][j] = s;
        }
      }
    }
    return { C: C, da: da, delta: delta, W: gW, b: delta };
  }

  // loss_scaling.float16_fate: what float16 does to S v for S = 2^s, from a histogram of the
  // values' binary exponents (|v| = m 2^e, m in [0.5, 1); explorers/loss_scaling.py
  // exponent_histogram). Round to nearest even: S|v| <= 2^-25 becomes 0; below
  // (1 - 2^-11) 2^-14 it is subnormal; from 65520 = (1 - 2^-12) 2^16 it is inf.
  function float16Fate(hist, s) {
    var under = 0, sub = 0, over = 0, n = hist.n;
    hist.bins.forEach(function (bin) {
      var e = bin[0], count = bin[1], half = bin[2], top11 = bin[3], top12 = bin[4];
      if (e < -24 - s) under += count;
      else if (e === -24 - s) { under += half; sub += count - half; }
      else if (e < -14 - s) sub += count;
      else if (e === -14 - s) sub += count - top11;
      if (e > 16 - s) over += count;
      else if (e === 16 - s) over += top12;
    });
    if (n === 0) return { underflow: 0, subnormal: 0, normal: 0, overflow: 0, count: 0 };
    return { underflow: under / n, subnormal: sub / n, normal: (n - over - under - sub) / n,
             overflow: over / n, count: n };
  }

  // training_memory.checkpoint_segments: layers 1..L in contiguous runs, earlier ones longer.
  function checkpointSegments(L, segments) {
    var base = Math.floor(L / segments), extra = L % segments, out = [], start = 1;
    for (var j = 0; j < segments; j++) {
      var n = base + (j < extra ? 1 : 0);
      out.push([start, start + n - 1]);
      start += n;
    }
    return out;
  }

  // training_memory._stored_units: the most layer widths held at once while segment j runs
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

  // training_memory.best_segments: the segment count with the fewest stored units (first on a tie).
  function bestSegments(sizes, kept) {
    var L = sizes.length - 1, best = 1, cost = Infinity;
    for (var s = 1; s <= L; s++) {
      var c = storedUnits(sizes, checkpointSegments(L, s), kept);
      if (c < cost) { cost = c; best = s; }
    }
    return best;
  }

  // training_memory.memory_model with keep_errors=False (errors freed as the pass goes down).
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

  function norm(v) { var s = 0; for (var i = 0; i < v.length; i++) s += v[i] * v[i]; return Math.sqrt(s); }
  function mean(v) { var s = 0; for (var i = 0; i < v.length; i++) s += v[i]; return s / v.length; }

  // vanishing_gradients.decay_rate: r from a least-squares fit of log ||delta^k|| against k over
  // the hidden layers k = 1..L-1 (norms of 0 left out), r = exp(-slope); NaN with < 2 points.
  function decayRate(dmean) {
    var L = dmean.length - 1, ks = [], ys = [];
    for (var k = 1; k < L; k++) if (isFinite(dmean[k]) && dmean[k] > 0) { ks.push(k); ys.push(Math.log(dmean[k])); }
    if (ks.length < 2) return NaN;
    var mk = mean(ks), my = mean(ys), sxy = 0, sxx = 0;
    for (var i = 0; i < ks.length; i++) { sxy += (ks[i] - mk) * (ys[i] - my); sxx += (ks[i] - mk) * (ks[i] - mk); }
    return Math.exp(-sxy / sxx);
  }

  // vanishing_gradients.learning_status of the relative update sizes r_k.
  function learningStatus(r, th) {
    if (!isFinite(r) || r > th[2]) return r !== r ? 'stalled' : 'explodes';
    if (r >= th[1]) return 'learns';
    if (r >= th[0]) return 'slow';
    return 'stalled';
  }

  // The forward pass of depth_sweep through all MAX_DEPTH layers for one activation and weight
  // scale g (W^k = g G^k, biases 0): the same for every depth, so it is kept (per page).
  // Matrices are flat Float64Arrays, row by row: W[k][i * n + j], Z[k][b * n + i].
  function sweepForward(actName, g, data) {
    var cache = data._forward || (data._forward = {});
    var key = actName + '|' + g;
    if (cache[key]) return cache[key];
    var act = activation(actName), B = data.x.length, n = data.x[0].length, Dmax = data.G.length;
    var x = new Float64Array(B * n);
    for (var b = 0; b < B; b++) for (var j = 0; j < n; j++) x[b * n + j] = data.x[b][j];
    var W = [null], A = [x], Z = [null];
    for (var k = 1; k <= Dmax; k++) {
      var G = data.G[k - 1], Wk = new Float64Array(n * n);
      for (var i = 0; i < n; i++) for (j = 0; j < n; j++) Wk[i * n + j] = g * G[i][j];
      var Zk = new Float64Array(B * n), Ak = new Float64Array(B * n), prev = A[k - 1];
      for (b = 0; b < B; b++) {
        for (i = 0; i < n; i++) {
          var s = 0;
          for (j = 0; j < n; j++) s += prev[b * n + j] * Wk[i * n + j];
          Zk[b * n + i] = s;
          Ak[b * n + i] = act.f(s);
        }
      }
      W[k] = Wk; Z[k] = Zk; A[k] = Ak;
    }
    var aNorm = A.map(function (M) {            // ||a^k|| of each example
      var out = new Float64Array(B);
      for (var b = 0; b < B; b++) { var t = 0; for (var j = 0; j < n; j++) t += M[b * n + j] * M[b * n + j]; out[b] = Math.sqrt(t); }
      return out;
    });
    cache[key] = { W: W, Z: Z, A: A, aNorm: aNorm };
    return cache[key];
  }

  // vanishing_gradients.depth_sweep for one depth D: identity output, delta^L = 2 (O - E),
  // delta^k = sigma'(z^k) * (W^{k+1})^T delta^{k+1}; the per-layer norms, the theorem's bound
  // U_k ||delta^L||, the relative update sizes r_k = ||dC/dW^k|| / ||W^k|| and their states.
  function vanishingProfile(D, actName, g, data) {
    var act = activation(actName), B = data.x.length, n = data.x[0].length;
    var f = sweepForward(actName, g, data), W = f.W, Z = f.Z, A = f.A;
    if (!data._frob) data._frob = data.G.map(function (G) { return norm([].concat.apply([], G)); });
    var dmean = [NaN], weight = [NaN], batchWeight = [NaN];
    var delta = new Float64Array(B * n), next = new Float64Array(B * n), gW = new Float64Array(n * n);
    var b, i, j, k;
    for (b = 0; b < B; b++) for (i = 0; i < n; i++) delta[b * n + i] = 2 * (Z[D][b * n + i] - data.E[b][i]);
    for (k = D; k >= 1; k--) {
      if (k < D) {                               // delta^k from delta^{k+1}
        var Wn = W[k + 1], Zk = Z[k];
        next.fill(0);
        for (b = 0; b < B; b++) {
          for (i = 0; i < n; i++) {
            var di = delta[b * n + i];
            for (j = 0; j < n; j++) next[b * n + j] += di * Wn[i * n + j];
          }
          for (j = 0; j < n; j++) next[b * n + j] *= act.d(Zk[b * n + j]);
        }
        var t = delta; delta = next; next = t;
      }
      var sumNorm = 0, sumWeight = 0, Ap = A[k - 1];
      for (b = 0; b < B; b++) {
        var q = 0;
        for (i = 0; i < n; i++) q += delta[b * n + i] * delta[b * n + i];
        q = Math.sqrt(q);
        sumNorm += q;
        sumWeight += q * f.aNorm[k - 1][b];
      }
      dmean[k] = sumNorm / B;
      weight[k] = sumWeight / B;
      gW.fill(0);
      for (b = 0; b < B; b++) {
        for (i = 0; i < n; i++) {
          var dv = delta[b * n + i], off = i * n, ao = b * n;
          for (j = 0; j < n; j++) gW[off + j] += dv * Ap[ao + j];
        }
      }
      var s2 = 0;
      for (i = 0; i < n * n; i++) { var v = gW[i] / B; s2 += v * v; }
      batchWeight[k] = Math.sqrt(s2);
    }
    var gamma = data.gamma[actName], spec = [NaN].concat(data.spectral.map(function (v) { return g * v; }));
    var bound = [];
    bound[D] = 1;
    for (k = D - 1; k >= 1; k--) bound[k] = bound[k + 1] * gamma * spec[k + 1];
    var status = [null], logs = 0;
    for (k = 1; k <= D; k++) status[k] = learningStatus(batchWeight[k] / (g * data._frob[k - 1]), data.thresholds);
    for (k = 2; k <= D; k++) logs += Math.log(gamma * spec[k]);
    return { dmean: dmean, weight: weight, bound: bound.map(function (v) { return v * dmean[D]; }),
             rate: decayRate(dmean), boundRate: D > 1 ? Math.exp(logs / (D - 1)) : NaN,
             status: status, gamma: gamma };
  }

  // explorers/vanishing_gradients.py spans: [1, 2, 3, 7] -> "1–3, 7".
  function spans(ks) {
    if (!ks.length) return 'none';
    var out = [], start = ks[0], prev = ks[0];
    ks.slice(1).concat([null]).forEach(function (k) {
      if (k !== null && k === prev + 1) { prev = k; return; }
      out.push(start === prev ? String(start) : start + '–' + prev);
      if (k !== null) start = prev = k;
    });
    return out.join(', ');
  }

  // vanishing_gradients._moments: (E[sigma(z)], E[sigma(z)^2], E[sigma'(z)^2]) for z ~ N(0, v),
  // exact for the ReLUs, the chapter's linear regime or Gauss-Hermite quadrature otherwise.
  function moments(name, v, mode, data) {
    if (name === 'relu' || name === 'leaky_relu') {
      var s = name === 'leaky_relu' ? data.leaky_slope : 0;
      return [(1 - s) * Math.sqrt(v / (2 * Math.PI)), (1 + s * s) * v / 2, (1 + s * s) / 2];
    }
    if (mode === 'linear') {
      if (name === 'sigmoid') return [0.5, 0.25 + v / 16, 1 / 16];
      return [0, v, 1];
    }
    var act = activation(name), m = 0, sq = 0, dd = 0;
    for (var i = 0; i < data.gh_x.length; i++) {
      var z = Math.sqrt(v) * data.gh_x[i], f = act.f(z), d = act.d(z), w = data.gh_w[i];
      m += w * f; sq += w * f * f; dd += w * d * d;
    }
    return [m, sq, dd];
  }

  // vanishing_gradients.predicted_variances for L equal layers of width n, Var(W) = vw, an
  // identity output, Var(x) = Var(delta^L) = 1: the forward and backward variance recursions.
  function predictedVariances(n, L, vw, act, mode, data) {
    var a = [1], aSq = [1], d2 = [NaN], delta = [];
    for (var k = 1; k <= L; k++) {
      var z = n * vw * aSq[k - 1];
      var mo = moments(k < L ? act : 'identity', z, mode, data);
      aSq[k] = mo[1];
      a[k] = Math.max(mo[1] - mo[0] * mo[0], 0);
      d2[k] = mo[2];
    }
    delta[L] = 1;
    for (k = L - 1; k >= 1; k--) delta[k] = d2[k] * (n * vw * delta[k + 1]);
    return { a: a, delta: delta.slice(1) };
  }

  /* ------------------------------------------------------------------ explorers */

  // Each explorer: (params, data) -> its quantities, named as its Python render marks them.
  var EXPLORERS = {};

  // explorers/forward_propagation.py: one node forward, and the point (z, a) on sigma's curve.
  function nodeForward(p) {
    var x = [p.x1, p.x2], w = [p.w1, p.w2];
    var z = w[0] * x[0] + w[1] * x[1] + p.b;
    return { x: x, w: w, b: p.b, z: z, act: activation(p.activation) };
  }

  function curvePoint(z, y) {
    return { x: z, y: y, note: (Math.min(Math.max(z, -4), 4) !== z) ? ' (off the chart, shown at its edge).' : '.' };
  }

  EXPLORERS.forward_propagation = function (p, data) {
    var n = nodeForward(p), a = n.act.f(n.z);
    var wn = data.w_next;
    return { x: n.x, w: n.w, b: n.b, z: n.z, a: a, wn: wn,
             c: wn.map(function (v) { return v * a; }), pt: curvePoint(n.z, a) };
  };

  // explorers/backward_propagation.py: one node backward, and the point (z, sigma'(z)).
  EXPLORERS.backward_propagation = function (p) {
    var n = nodeForward(p), a = n.act.f(n.z), sp = n.act.d(n.z);
    var wn = [p.v1, p.v2], dn = [p.d1, p.d2];
    var dCda = wn[0] * dn[0] + wn[1] * dn[1];          // dC/da = sum_m W^{k+1}_{m1} delta^{k+1}_m
    var delta = sp * dCda;                             // delta = sigma'(z) dC/da
    return { x: n.x, w: n.w, b: n.b, z: n.z, a: a, wn: wn, dn: dn, dCda: dCda, sp: sp,
             delta: delta, gW: n.x.map(function (v) { return delta * v; }), pt: curvePoint(n.z, sp) };
  };

  // explorers/running_example.py: the 2-3-2 running example of the cost chapters, forward and backward,
  // with the explorer's inputs, two weights, activation (both layers) and targets.
  function runningExample(p, data) {
    var W1 = data.W1.map(function (r) { return r.slice(); });
    var W2 = data.W2.map(function (r) { return r.slice(); });
    W1[2][0] = p.w1_31;
    W2[0][2] = p.w2_13;
    var net = { W: [null, W1, W2], b: [null, data.B1, data.B2], act: [null, p.act, p.act] };
    var E = [p.E1, p.E2];
    var tr = forward(net, [p.x1, p.x2]);
    var g = backward(net, tr, E);
    var d = activation(p.act).d;
    return { a: tr.a, z: tr.z, W: net.W, b: net.b, E: E, C: g.C, da: g.da, dz: g.delta, gW: g.W,
             sp: [null, tr.z[1].map(d), tr.z[2].map(d)],
             terms: tr.a[2].map(function (o, i) { return (o - E[i]) * (o - E[i]); }) };
  }
  EXPLORERS.computing_the_cost = runningExample;
  EXPLORERS.backpropagating_the_cost = runningExample;
  EXPLORERS.weight_gradients = runningExample;

  // explorers/loss_scaling.py: the fate of the gradient values at loss scale 2^s and depth L.
  EXPLORERS.loss_scaling = function (p, data) {
    var f = float16Fate(data.histograms[pyG(p.depth)], p.log2_scale);
    return { s: p.log2_scale, L: p.depth, count: f.count, lost: 100 * (f.underflow + f.overflow),
             pct: [[100 * f.underflow, 100 * f.subnormal, 100 * f.normal, 100 * f.overflow]] };
  };

  // explorers/training_memory.py: the memory model of one training step, by kind.
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

  // explorers/vanishing_gradients.py: gradient norms per layer and which layers still learn.
  EXPLORERS.vanishing_gradients = function (p, data) {
    var D = p.depth, pr = vanishingProfile(D, p.activation, p.weight_scale, data);
    var strip = {}, groups = {};
    Object.keys(data.styles).forEach(function (st) { groups[st] = []; });
    for (var k = 1; k <= D; k++) {
      var st = data.styles[pr.status[k]];
      strip[k] = { fill: st[0], fillOpacity: st[1], stroke: st[2], strokeOpacity: st[3], dash: st[4], glyph: st[5] };
      groups[pr.status[k]].push(k);
    }
    strip.desc = Object.keys(groups).filter(function (st) { return groups[st].length; })
      .map(function (st) { return st + ': layers ' + spans(groups[st]); }).join('; ') + '.';
    return {
      act: p.activation, g: p.weight_scale, delta: pr.dmean.slice(1), bound: pr.bound.slice(1),
      weight: pr.weight.slice(1), ratio: pr.dmean[1] / pr.dmean[D],
      rate: isFinite(pr.rate) ? fmt(pr.rate, 3) : '—', boundRate: isFinite(pr.boundRate) ? fmt(pr.boundRate, 3) : '—',
      gamma: pr.gamma, strip: strip
    };
  };

  // explorers/initialization.py: per-layer variances, measured (the library's table) and predicted.
  EXPLORERS.initialization = function (p, data) {
    var L = p.depth, n = p.width, m = data.measured[n + '|' + p.initializer + '|' + p.activation];
    var vw = data.varW[p.initializer][String(n)];
    var measA = m.a.slice(0, L).concat([m.z[L - 1]]);       // the output layer is the identity
    var measDelta = m.delta[String(L)];
    var lin = predictedVariances(n, L, vw, p.activation, 'linear', data);
    var mf = predictedVariances(n, L, vw, p.activation, 'gaussian', data);
    return {
      init: p.initializer, act: p.activation, width: n, varW: vw, nVarW: n * vw,
      measured: { a: measA, delta: measDelta }, linear: lin, meanfield: mf,
      fwdRatio: L > 2 ? measA[L - 1] / measA[1] : NaN, bwdRatio: measDelta[0] / measDelta[L - 1]
    };
  };

  // explorers/cross_entropy.py: delta^L of a sigmoid output at z for both costs
  // (cross_entropy.output_delta): squared error 2 (O - E) sigma'(z), cross-entropy O - E.
  EXPLORERS.cross_entropy = function (p) {
    var z = p.z, E = p.E, O = ACTIVATIONS.sigmoid.f(z);
    var dSE = 2 * (O - E) * O * (1 - O), dCE = O - E;
    var ratio = dSE !== 0 ? Math.abs(dCE) / Math.abs(dSE) : Infinity;
    return { se: { x: z, y: dSE }, ce: { x: z, y: dCE }, O: 1 / (1 + Math.exp(-z)), dSE: dSE, dCE: dCE,
             ratio: isFinite(ratio) && dCE !== 0 ? pyFixed(ratio, 0) + ' times larger' : '—' };
  };

  // explorers/autodiff.py: u = w x, h = tanh(u), y = h + x, v = w y, C = (v - E)^2, forward;
  // backward, each node's error = the error arriving from its output times its local derivative,
  // summed over the node's uses (x feeds u and y; w is used in u and in v).
  EXPLORERS.autodiff = function (p) {
    var w = p.w, x = p.x, E = p.E;
    var u = w * x, h = Math.tanh(u), y = h + x, v = w * y, r = v - E, C = r * r;
    var gC = 1, gr = 2 * r * gC, gv = gr, gy = gv * w, use2 = gv * y, gh = gy;
    var gu = (1 - h * h) * gh, use1 = gu * x, gx = gu * w + gy;
    var total = use1 + use2;
    return { w: w, value: { x: x, u: u, h: h, y: y, v: v, C: C },
             grad: { x: gx, u: gu, h: gh, y: gy, v: gv, C: gC },
             use1: use1, use2: use2, total: total, bars: [[gv, gy, gu, use1, use2, total]] };
  };

  // explorers/digits.py grid_values: each square's opacity, colour and sign from the values
  // scaled by their largest magnitude.
  function pixelGrid(values, signed, colors) {
    var m = 0;
    values.forEach(function (v) { m = Math.max(m, Math.abs(v)); });
    if (m === 0) m = 1;
    var t = values.map(function (v) { return v / m; });
    if (!signed) return { op: t.map(function (x) { return Math.max(x, 0); }) };
    return { op: t.map(Math.abs),
             fill: t.map(function (x) { return x > 0 ? colors.error : colors.forward; }),
             sign: t.map(function (x) { return Math.abs(x) > 0.5 ? (x > 0 ? '+' : '−') : ''; }) };
  }

  // explorers/digits.py: the chosen held-out digit, looked up in the library's table (the trained
  // network's probabilities O, cost, error norms and the error at the pixels (W¹)ᵀ δ¹).
  EXPLORERS.digits = function (p, data) {
    var d = data.digits[Math.round(p.i)];
    return { idx: d.idx, label: d.label, pred: d.pred, verdict: d.verdict, C: d.C, O: [d.O],
             norms: d.norms, img: pixelGrid(d.pixels, false), back: pixelGrid(d.back, true, data.colors) };
  };

  /* ------------------------------------------------------------------ the page */

  var PLACEHOLDER = /\ue000([^\ue001\ue002]*)\ue001([^\ue002]*)\ue002/g;

  function lookup(values, name) {
    var v = values;
    var parts = name.split('.');
    for (var i = 0; i < parts.length; i++) {
      if (v == null) throw new Error('no quantity ' + name);
      v = v[parts[i]];
    }
    if (v === undefined) throw new Error('no quantity ' + name);
    return v;
  }

  // A template string with its placeholders replaced (the values formatted as in Python).
  function fill(template, values) {
    return template.replace(PLACEHOLDER, function (_, name, spec) { return format(lookup(values, name), spec); });
  }

  // The key of the template for params (Control.key in Python).
  function keyOf(spec, params) {
    return spec.structure.map(function (name) {
      var c = spec.controls.filter(function (c) { return c.name === name; })[0];
      return c.kind === 'slider' ? pyG(params[name]) : String(params[name]);
    }).join('|');
  }

  // Python's value of each control from the page's controls.
  function readParams(spec, rootEl) {
    var params = {};
    spec.controls.forEach(function (c) {
      var el = rootEl.querySelector('[data-param="' + c.name + '"]');
      if (c.kind === 'slider') {
        params[c.name] = parseFloat(el.value);
      } else {
        var opt = c.options.filter(function (o) { return o[0] === el.value; })[0];
        params[c.name] = opt ? opt[1] : c.options[0][1];
      }
    });
    return params;
  }

  // The template parsed in an inert <template>, its marked text nodes and attributes listed.
  function instantiate(template) {
    var t = document.createElement('template');
    t.innerHTML = template;
    var marks = [];
    var walker = document.createTreeWalker(t.content, 5 /* elements and text */);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === 3) {
        if (node.nodeValue.indexOf('\ue000') >= 0) marks.push({ node: node, attr: null, tpl: node.nodeValue });
      } else {
        for (var i = 0; i < node.attributes.length; i++) {
          var at = node.attributes[i];
          if (at.value.indexOf('\ue000') >= 0) marks.push({ node: node, attr: at.name, tpl: at.value });
        }
      }
    }
    return { content: t.content, marks: marks };
  }

  function apply(marks, values) {
    for (var i = 0; i < marks.length; i++) {
      var m = marks[i], text = fill(m.tpl, values);
      if (m.attr === null) { if (m.node.nodeValue !== text) m.node.nodeValue = text; }
      else if (m.node.getAttribute(m.attr) !== text) m.node.setAttribute(m.attr, text);
    }
  }

  // Wire one explorer (the element with data-explorer) to its controls.
  function mount(rootEl) {
    if (!rootEl || rootEl.dataset.live) return;
    rootEl.dataset.live = '1';
    var spec = JSON.parse(rootEl.querySelector('script.bp-live').textContent);
    var compute = EXPLORERS[spec.id];
    if (!compute) throw new Error('live.js has no explorer ' + spec.id);
    var figure = rootEl.querySelector('[data-figure]');
    var current = { key: null, marks: null, nodes: null };
    var built = {};                                  // key -> its figure's nodes and marks, reused

    function announce(c) {
      var el = rootEl.querySelector('[data-param="' + c.name + '"]');
      if (c.kind !== 'slider') return;
      var text = pyFixed(parseFloat(el.value), c.digits).replace(/-/g, '−');
      el.setAttribute('aria-valuetext', c.label + ' = ' + text);
      var out = rootEl.querySelector('output[for="' + el.id + '"]');
      if (out) out.textContent = text;
    }

    function update() {
      var params = readParams(spec, rootEl);
      spec.controls.forEach(announce);
      var key = keyOf(spec, params);
      var values = compute(params, spec.data);
      if (key !== current.key) {
        if (current.key !== null) current.nodes = Array.prototype.slice.call(figure.childNodes);
        var next = built[key];
        if (!next) {
          var inst = instantiate(spec.templates[key]);
          next = built[key] = { key: key, marks: inst.marks,
                                nodes: Array.prototype.slice.call(inst.content.childNodes) };
        }
        apply(next.marks, values);                   // filled before it enters the page
        figure.replaceChildren.apply(figure, next.nodes);
        current = next;
      } else {
        apply(current.marks, values);
      }
    }

    rootEl.querySelectorAll('[data-param]').forEach(function (el) {
      el.addEventListener('input', update);
      el.addEventListener('change', update);
    });
    update();
  }

  var BPLive = {
    format: format, fmt: fmt, pyFixed: pyFixed, pyExp: pyExp, pyG: pyG, fill: fill, lookup: lookup,
    keyOf: keyOf, float16Fate: float16Fate, memoryModel: memoryModel, ACTIVATIONS: ACTIVATIONS,
    forward: forward, backward: backward,
    EXPLORERS: EXPLORERS, mount: mount
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = BPLive;
  else root.BPLive = BPLive;
})(typeof window !== 'undefined' ? window : globalThis);
