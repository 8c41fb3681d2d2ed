/* page.js: the page wiring. Reads the controls, asks EXPLORERS[id] (the chapter modules) for the
   quantities, picks the library's template for the structure controls and writes each quantity
   into its marked places (template.js, format.js). It never draws anything itself. */

// An explorer with a `layout` control ("wide" or "narrow": its figure redrawn for a phone) follows
// the page's width, narrow at 480 px and below, until the reader picks a layout.
var NARROW_MAX_PX = 480;
function fitLayout(rootEl) {
  var el = rootEl.querySelector('[data-param="layout"]');
  if (!el || typeof window === 'undefined') return;
  var picked = false;
  el.addEventListener('change', function (e) { if (e.isTrusted) picked = true; });
  function fit() {
    var want = window.innerWidth <= NARROW_MAX_PX ? 'narrow' : 'wide';
    if (picked || el.value === want) return;
    el.value = want;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }
  window.addEventListener('resize', fit);
  fit();
}

// Wire one explorer (the element with data-explorer) to its controls.
function mount(rootEl) {
  if (!rootEl || rootEl.dataset.live) return;
  rootEl.dataset.live = '1';
  var spec = JSON.parse(rootEl.querySelector('script.bp-live').textContent);
  var id = rootEl.getAttribute('data-explorer') || spec.id;
  var compute = EXPLORERS[id];
  if (!compute) throw new Error('the page script has no explorer ' + id);
  var figure = rootEl.querySelector('[data-figure]');
  var current = { key: null, marks: null, nodes: null };
  var built = {};                                  // key -> its figure's nodes and marks, reused

  function announce(c) {
    var el = rootEl.querySelector('[data-param="' + c.name + '"]');
    if (c.kind !== 'slider') return;
    var text = pyFixed(parseFloat(el.value), c.digits).replace(/-/g, '−');
    el.setAttribute('aria-valuetext', c.label + ' = ' + text);
    var out = rootEl.querySelector('output[for="' + el.id + '"]');
    if (out) out.textContent = text;
  }

  function update() {
    var params = readParams(spec, rootEl);
    spec.controls.forEach(announce);
    var key = templateKey(spec, params);
    var values = compute(params, spec.data);
    if (key !== current.key) {
      if (current.key !== null) current.nodes = Array.prototype.slice.call(figure.childNodes);
      var next = built[key];
      if (!next) {
        next = built[key] = instantiate(spec.templates[key]);
        next.key = key;
      }
      apply(next.marks, values);                   // filled before it enters the page
      figure.replaceChildren.apply(figure, next.nodes);
      current = next;
    } else {
      apply(current.marks, values);
    }
  }

  rootEl.querySelectorAll('[data-param]').forEach(function (el) {
    el.addEventListener('input', update);
    el.addEventListener('change', update);
  });
  update();
  fitLayout(rootEl);                               // it only moves the layout control
  if (INTERACTIONS[id]) INTERACTIONS[id](rootEl, spec);   // they only move controls
}

var BPLive = {
  format: format, fmt: fmt, pyFixed: pyFixed, pyExp: pyExp, pyG: pyG, fill: fill, lookup: lookup,
  templateKey: templateKey, float16Fate: float16Fate, memoryModel: memoryModel, ACTIVATIONS: ACTIVATIONS,
  forward: forward, backward: backward,
  EXPLORERS: EXPLORERS, mount: mount
};
