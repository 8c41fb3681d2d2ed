/* initialization.js: the explorer of the chapter "Xavier (Glorot) and He initialization": the
   theories computed here, the measured variances looked up in the library's table. */

// twin: backprop_lib.initialization.predicted_variances
// (its moments) (E[sigma(z)], E[sigma(z)^2], E[sigma'(z)^2]) for z ~ N(0, v),
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

// twin: backprop_lib.initialization.predicted_variances
// For L equal layers of width n, Var(W) = vw, an
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

// twin: backprop_lib.explorers.initialization.InitializationExplorer.quantities
// Per-layer variances, measured (the library's table) and predicted.
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
