/* cross_entropy.js: the explorer of the chapter "The cross-entropy cost". */

// twin: backprop_lib.explorers.cross_entropy.CrossEntropyExplorer.quantities
// delta^L of a sigmoid output at z for both costs (backprop_lib.cross_entropy.output_delta):
// squared error 2 (O - E) sigma'(z), cross-entropy O - E.
EXPLORERS.cross_entropy = function (p) {
  var z = p.z, E = p.E, O = ACTIVATIONS.sigmoid.f(z);
  var dSE = 2 * (O - E) * O * (1 - O), dCE = O - E;
  var ratio = dSE !== 0 ? Math.abs(dCE) / Math.abs(dSE) : Infinity;
  return { se: { x: z, y: dSE }, ce: { x: z, y: dCE }, O: 1 / (1 + Math.exp(-z)), dSE: dSE, dCE: dCE,
           ratio: isFinite(ratio) && dCE !== 0 ? pyFixed(ratio, 0) + ' times larger' : '—' };
};
