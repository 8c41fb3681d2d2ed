/* loss_scaling.js: the explorer of the chapter "Loss scaling for mixed-precision training". */

// twin: backprop_lib.loss_scaling.float16_fate
// What float16 does to S v for S = 2^s, from a histogram of the
// values' binary exponents (|v| = m 2^e, m in [0.5, 1); backprop_lib.explorers.loss_scaling.
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

// twin: backprop_lib.explorers.loss_scaling.LossScalingExplorer.quantities
// The fate of the gradient values at loss scale 2^s and depth L.
EXPLORERS.loss_scaling = function (p, data) {
  var f = float16Fate(data.histograms[pyG(p.depth)], p.log2_scale);
  return { s: p.log2_scale, L: p.depth, count: f.count, lost: 100 * (f.underflow + f.overflow),
           pct: [[100 * f.underflow, 100 * f.subnormal, 100 * f.normal, 100 * f.overflow]] };
};
