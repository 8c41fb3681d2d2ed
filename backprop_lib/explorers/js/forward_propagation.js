/* forward_propagation.js: the explorer of the chapter "Forward propagation through one node"
   (and the curve point its sibling, backward_propagation.js, uses too). */

// twin: backprop_lib.draw.node_diagrams.curve_point
// The point (z, y) on the curve chart, and the note saying when it is off the chart's [-4, 4].
function curvePoint(z, y) {
  return { x: z, y: y, note: (Math.min(Math.max(z, -4), 4) !== z) ? ' (off the chart, shown at its edge).' : '.' };
}

// twin: backprop_lib.explorers.forward_propagation.ForwardNodeExplorer.quantities
// One node forward, its output feeding the next layer, and the point (z, a) on sigma's curve.
EXPLORERS.forward_propagation = function (p, data) {
  var q = nodeForward([p.x1, p.x2], [p.w1, p.w2], p.b, p.activation);
  q.wn = data.w_next.slice();
  q.c = q.wn.map(function (v) { return v * q.a; });
  q.pt = curvePoint(q.z, q.a);
  return q;
};
