/* digits.js: the explorer of the capstone chapter "Real handwritten digits": a table lookup
   (the library trains the network and ships every choice's numbers in its live_data). */

// twin: backprop_lib.explorers.digits.grid_values
// Each square's opacity, colour and sign from the values scaled by their largest magnitude.
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

// twin: backprop_lib.explorers.digits.DigitsExplorer.quantities
// The chosen held-out digit, looked up in the library's table (the trained network's
// probabilities O, cost, error norms and the error at the pixels (W¹)ᵀ δ¹).
EXPLORERS.digits = function (p, data) {
  var d = data.digits[Math.round(p.i)];
  return { idx: d.idx, label: d.label, pred: d.pred, verdict: d.verdict, C: d.C, O: [d.O],
           norms: d.norms, img: pixelGrid(d.pixels, false), back: pixelGrid(d.back, true, data.colors) };
};
