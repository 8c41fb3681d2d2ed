/* running_example.js: the explorers of the chapters "Computing the cost", "Backpropagating the
   cost" and "Computing the gradient", all three on the course's 2-3-2 running example. */

// twin: backprop_lib.explorers.running_example.quantities
// The running example forward and backward, with the explorer's inputs, two weights, activation
// (both layers) and targets.
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
