/* core.js: the equations of the numpy core (backprop_lib.activations, backprop_lib.network,
   backprop_lib.node), one number at a time. Uses nothing else. */

// twin: backprop_lib.activations.LEAKY_SLOPE
var LEAKY_SLOPE = 0.01;

// twin: backprop_lib.activations.get
// sigma and sigma' of each activation.
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

function norm(v) { var s = 0; for (var i = 0; i < v.length; i++) s += v[i] * v[i]; return Math.sqrt(s); }
function mean(v) { var s = 0; for (var i = 0; i < v.length; i++) s += v[i]; return s / v.length; }

// twin: backprop_lib.node.node_forward
// One node: z = sum_j w_j x_j + b, a = sigma(z).
function nodeForward(x, w, b, actName) {
  var z = 0;
  for (var j = 0; j < x.length; j++) z += w[j] * x[j];
  z += b;
  return { x: x.slice(), w: w.slice(), b: b, z: z, a: activation(actName).f(z) };
}

// twin: backprop_lib.node.node_backward
// One node backward: dC/da = sum_m W^{k+1}_m delta^{k+1}_m, delta = sigma'(z) dC/da,
// dC/dW_j = delta x_j.
function nodeBackward(x, w, b, actName, wNext, deltaNext) {
  var q = nodeForward(x, w, b, actName), dCda = 0;
  for (var m = 0; m < wNext.length; m++) dCda += wNext[m] * deltaNext[m];
  q.wn = wNext.slice(); q.dn = deltaNext.slice();
  q.dCda = dCda;
  q.sp = activation(actName).d(q.z);
  q.delta = q.sp * dCda;
  q.gW = x.map(function (v) { return q.delta * v; });
  return q;
}

// z = W a + b (W a list of rows).
function affine(W, a, b) {
  return W.map(function (row, i) {
    var s = 0;
    for (var j = 0; j < row.length; j++) s += row[j] * a[j];
    return s + b[i];
  });
}

// twin: backprop_lib.network.Network.forward
// z[k] = W[k] a[k-1] + b[k], a[k] = sigma_k(z[k]); index 0 = the input (z[0] = null).
function forward(net, x) {
  var L = net.W.length - 1, z = [null], a = [x.slice()];
  for (var k = 1; k <= L; k++) {
    z[k] = affine(net.W[k], a[k - 1], net.b[k]);
    a[k] = z[k].map(activation(net.act[k]).f);
  }
  return { z: z, a: a };
}

// twin: backprop_lib.network.Network.backward
// With the squared error C = sum (O - E)^2: dC/da[L] = 2 (O - E); delta[k] = sigma'(z[k]) *
// dC/da[k]; dC/da[k-1] = W[k]^T delta[k]; dC/dW[k] = delta[k] a[k-1]^T; dC/db[k] = delta[k].
// Index 0 of da, delta and W is null (the input layer has none here).
function backward(net, trace, E) {
  var L = net.W.length - 1, O = trace.a[L];
  var C = 0;
  for (var i = 0; i < O.length; i++) C += (O[i] - E[i]) * (O[i] - E[i]);
  var da = [null], delta = [null], gW = [null];
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
