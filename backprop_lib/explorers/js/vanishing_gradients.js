/* vanishing_gradients.js: the explorer of the chapter "The vanishing (and exploding) gradient
   problem": the library's seeded networks (its live_data) run forward and backward here. */

// twin: backprop_lib.vanishing_gradients.decay_rate
// r from a least-squares fit of log ||delta^k|| against k over
// the hidden layers k = 1..L-1 (norms of 0 left out), r = exp(-slope); NaN with < 2 points.
function decayRate(dmean) {
  var L = dmean.length - 1, ks = [], ys = [];
  for (var k = 1; k < L; k++) if (isFinite(dmean[k]) && dmean[k] > 0) { ks.push(k); ys.push(Math.log(dmean[k])); }
  if (ks.length < 2) return NaN;
  var mk = mean(ks), my = mean(ys), sxy = 0, sxx = 0;
  for (var i = 0; i < ks.length; i++) { sxy += (ks[i] - mk) * (ys[i] - my); sxx += (ks[i] - mk) * (ks[i] - mk); }
  return Math.exp(-sxy / sxx);
}

// twin: backprop_lib.vanishing_gradients.learning_status
// The state of the relative update sizes r_k.
function learningStatus(r, th) {
  if (!isFinite(r) || r > th[2]) return r !== r ? 'stalled' : 'explodes';
  if (r >= th[1]) return 'learns';
  if (r >= th[0]) return 'slow';
  return 'stalled';
}

// twin: backprop_lib.vanishing_gradients.depth_sweep
// Its forward pass through all MAX_DEPTH layers for one activation and weight
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

// twin: backprop_lib.vanishing_gradients.depth_sweep
// For one depth D: identity output, delta^L = 2 (O - E),
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

// twin: backprop_lib.draw.vanishing_gradients.spans
// [1, 2, 3, 7] -> "1–3, 7".
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


// twin: backprop_lib.explorers.vanishing_gradients.VanishingExplorer.quantities
// Gradient norms per layer and which layers still learn.
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
