/* backward_propagation.js: the explorer of the chapter "Backward propagation through one node". */

// twin: backprop_lib.explorers.backward_propagation.BackwardNodeExplorer.quantities
// One node backward, and the point (z, sigma'(z)) on the curve of sigma'.
EXPLORERS.backward_propagation = function (p) {
  var q = nodeBackward([p.x1, p.x2], [p.w1, p.w2], p.b, p.activation, [p.v1, p.v2], [p.d1, p.d2]);
  q.pt = curvePoint(q.z, q.sp);
  return q;
};
