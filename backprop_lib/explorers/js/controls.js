/* controls.js: the explorer's controls as the page holds them (static.py's HTML contract: an
   range input or a select element with data-param inside the data-explorer root), read the same
   way by the static page (page.js) and the Jupyter widget (widget.js). */

// Python's value of each control from the page's controls.
function readParams(spec, rootEl) {
  var params = {};
  spec.controls.forEach(function (c) {
    var el = rootEl.querySelector('[data-param="' + c.name + '"]');
    if (c.kind === 'slider') {
      params[c.name] = parseFloat(el.value);
    } else {
      var opt = c.options.filter(function (o) { return o[0] === el.value; })[0];
      params[c.name] = opt ? opt[1] : c.options[0][1];
    }
  });
  return params;
}

// twin: backprop_lib.explorers.static.template_key
// The key of the template for params: the structure controls' values as Control.key writes them
// (a slider's with Python's %g), joined by '|'. (The static page's and the Jupyter widget's.)
function templateKey(spec, params) {
  return spec.structure.map(function (name) {
    var c = spec.controls.filter(function (c) { return c.name === name; })[0];
    return c.kind === 'slider' ? pyG(params[name]) : String(params[name]);
  }).join('|');
}
