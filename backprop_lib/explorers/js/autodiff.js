/* autodiff.js: the explorer of the chapter "From four diagrams to any graph". */

// twin: backprop_lib.explorers.autodiff.AutodiffExplorer.quantities
// u = w x, h = tanh(u), y = h + x, v = w y, C = (v - E)^2, forward; backward, each node's
// error = the error arriving from its output times its local derivative, summed over the
// node's uses (x feeds u and y; w is used in u and in v).
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
