/* widget.js: an explorer live in Jupyter (the front end of backprop_lib.explorers.widget, an
   anywidget module; format.js, template.js, controls.js, core.js and the explorers' page interactions are
   prepended).

   It shows the HTML contract of the static book (explorers/static.py): a root with
   data-explorer, the controls (input type=range / select with data-param), the figure in
   [data-figure]. A control's input sends every control's value to the kernel (the model's
   `params`); the kernel answers with Python's quantities(params) (`q`) and, when the structure
   controls changed, the library's template for the new structure (`key`, `template`). The
   figure is that template with each marked number written in place (format.js: Python's
   formats): a change writes only the text nodes and attributes whose numbers changed, and a
   template already seen is reused with its nodes. Nothing is computed here. */

var VIEWS = 0;

// JSON has no NaN or infinities: the kernel sends them as {"__float__": "nan" | "inf" | "-inf"}.
function revive(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (var i = 0; i < v.length; i++) if (v[i] !== null && typeof v[i] === 'object') v[i] = revive(v[i]);
    return v;
  }
  if (typeof v.__float__ === 'string') {
    return v.__float__ === 'nan' ? NaN : v.__float__ === 'inf' ? Infinity : -Infinity;
  }
  for (var k in v) if (v[k] !== null && typeof v[k] === 'object') v[k] = revive(v[k]);
  return v;
}

function render(ctx) {
  var model = ctx.model, el = ctx.el;
  var spec = model.get('spec');                 // {id, controls: [{name, kind, label, digits, options}]}
  var uid = 'bpw-' + (++VIEWS) + '-' + Math.random().toString(36).slice(2, 8);
  el.innerHTML = model.get('shell').split('__BPW__').join(uid);
  var root = el.querySelector('[data-explorer]');
  var figure = root.querySelector('[data-figure]');
  var inputs = {};
  spec.controls.forEach(function (c) { inputs[c.name] = root.querySelector('[data-param="' + c.name + '"]'); });
  var built = {};                               // key -> {nodes, marks}: each template parsed once
  var current = null, shownQ = null, sent = null, own = false;

  function show() {
    var q = model.get('q'), key = model.get('key');
    if (current && current.key === key && q === shownQ) return;
    var values = revive(q);
    if (!current || current.key !== key) {
      var next = built[key];
      if (!next) {
        next = built[key] = instantiate(model.get('template'));
        next.key = key;
      }
      apply(next.marks, values);                // filled before it enters the page
      figure.replaceChildren.apply(figure, next.nodes);
      current = next;
    } else {
      apply(current.marks, values);
    }
    shownQ = q;
  }

  // The slider's readout and accessible value follow it at once (they are the control's, not
  // the figure's numbers).
  function announce(c) {
    if (c.kind !== 'slider') return;
    var input = inputs[c.name];
    var text = pyFixed(parseFloat(input.value), c.digits).replace(/-/g, '−');
    if (input.getAttribute('aria-valuetext') !== c.label + ' = ' + text) {
      input.setAttribute('aria-valuetext', c.label + ' = ' + text);
      var out = root.querySelector('output[for="' + input.id + '"]');
      if (out) out.textContent = text;
    }
  }

  function onInput(ev) {
    var params = readParams(spec, root);
    var text = JSON.stringify(params);
    if (text !== sent) {                        // ('change' after 'input' brings nothing new)
      sent = text;
      own = true;
      try { model.set('params', params); } finally { own = false; }
      model.save_changes();                     // to the kernel first, then the readout
    }
    var c = spec.controls.filter(function (c) { return c.name === ev.target.dataset.param; })[0];
    if (c) announce(c);
  }

  // The kernel's params (update() from code, another view of the same explorer) -> the controls.
  function syncControls() {
    if (own) return;                            // this view's own change: its controls show it
    var params = model.get('params');
    spec.controls.forEach(function (c) {
      var input = inputs[c.name], v = params[c.name];
      if (v === undefined) return;
      if (c.kind === 'slider') {
        if (!sameValue(parseFloat(input.value), v)) input.value = String(v);
      } else {
        var opt = c.options.filter(function (o) { return sameValue(o[1], v); })[0];
        if (opt && input.value !== opt[0]) input.value = opt[0];
      }
      announce(c);
    });
    sent = JSON.stringify(readParams(spec, root));
  }

  Object.keys(inputs).forEach(function (name) {
    // a focused control keeps its keys (arrows, Home, End): JupyterLab's notebook shortcuts
    // (ArrowDown: next cell, ArrowRight: expand a heading) would otherwise take them
    inputs[name].setAttribute('data-lm-suppress-shortcuts', 'true');
    inputs[name].addEventListener('input', onInput);
    inputs[name].addEventListener('change', onInput);
  });
  // the explorer's own page interactions (explorers/js/<chapter>.js): they only move controls
  if (INTERACTIONS[spec.id]) INTERACTIONS[spec.id](root, spec);
  model.on('change:q', show);
  model.on('change:key', show);
  model.on('change:params', syncControls);
  syncControls();
  show();
  return function () {
    model.off('change:q', show);
    model.off('change:key', show);
    model.off('change:params', syncControls);
  };
}

export default { render: render };
