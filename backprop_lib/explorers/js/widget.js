/* widget.js: an explorer live in Jupyter (the front end of backprop_lib.explorers.widget, an
   anywidget module; the static book's modules but page.js are prepended: format.js, template.js,
   controls.js, core.js and every chapter's twin in EXPLORERS, with the explorers' page
   interactions in INTERACTIONS).

   It shows the HTML contract of the static book (explorers/static.py): a root with
   data-explorer, the controls (input type=range / select with data-param), the figure in
   [data-figure]. The figure is the library's template for the current structure with each marked
   number written in place (template.js: only the text nodes and attributes whose text changed; a
   template seen before is reused with its nodes).

   Where the numbers come from (issue 25):
   - the page, in the control's input event, when the model's `twin` is on: the explorer's
     JavaScript twin (EXPLORERS[id], the static book's, with the data and templates of
     `twin_data`, sent once) computes Python's quantities(params) as the static page does, so the
     figure changes within the frame of the key press;
   - the kernel, always: the control's params go to it (the model's `params`), and it answers with
     Python's quantities (`q`) for the params `at` (and `key`, `template` when the structure
     changed). They are written when `at` is what the controls show (a no-op when the twin
     agreed), left out when a newer key press overtook them. With `twin` off (an explorer whose
     quantities a learner replaced in Python, or without a twin) they are the only numbers shown.
   The root's data-kernel is "pending" from a change the page drew until Python's numbers for it
   are in, then "confirmed". */

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

// twin: backprop_lib.explorers.widget.twin_bytes
// The twin's data and templates: deflated JSON (a binary buffer: DataView, ArrayBuffer or bytes).
function inflateTwin(buf) {
  if (!buf || typeof DecompressionStream === 'undefined') return Promise.resolve(null);
  var bytes = buf instanceof ArrayBuffer ? new Uint8Array(buf)
    : new Uint8Array(buf.buffer, buf.byteOffset || 0, buf.byteLength);
  if (!bytes.byteLength) return Promise.resolve(null);
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Response(stream).text().then(JSON.parse);
}

function render(ctx) {
  var model = ctx.model, el = ctx.el;
  var spec = model.get('spec');   // {id, structure, controls: [{name, kind, label, digits, options}]}
  var uid = 'bpw-' + (++VIEWS) + '-' + Math.random().toString(36).slice(2, 8);
  el.innerHTML = model.get('shell').split('__BPW__').join(uid);
  var root = el.querySelector('[data-explorer]');
  var figure = root.querySelector('[data-figure]');
  var inputs = {};
  spec.controls.forEach(function (c) { inputs[c.name] = root.querySelector('[data-param="' + c.name + '"]'); });
  var built = {};                               // key -> {nodes, marks}: each template parsed once
  var current = null, shownQ = null, sent = null, own = false;
  var compute = EXPLORERS[spec.id];             // the twin of Python's quantities
  var twin = null;                              // {data, templates} once inflated

  // The template `key` filled with `values`, in the figure (its nodes replaced only when the
  // structure changed).
  function draw(key, template, values) {
    if (current && current.key === key) {
      apply(current.marks, values);
      return;
    }
    var next = built[key];
    if (!next) {
      next = built[key] = instantiate(template);
      next.key = key;
    }
    apply(next.marks, values);                  // filled before it enters the page
    figure.replaceChildren.apply(figure, next.nodes);
    current = next;
  }

  function sameParams(a, b) {
    return spec.controls.every(function (c) { return sameValue(a[c.name], b[c.name]); });
  }

  // The kernel's figure: with the twin on, only when it is for the settings the controls show
  // (an answer overtaken by a newer key press is left out).
  function showKernel() {
    var at = model.get('at'), mine = sameParams(at, readParams(spec, root));
    if (!mine && model.get('twin') && twin) return;
    var q = model.get('q'), key = model.get('key');
    if (!(current && current.key === key && q === shownQ)) {
      draw(key, model.get('template'), revive(q));
      shownQ = q;
    }
    if (mine && root.dataset.kernel !== 'confirmed') root.dataset.kernel = 'confirmed';
  }

  // The page's figure, from the twin, for the controls' params; false when it cannot (kernel only,
  // the twin's data not in yet, a structure whose template it lacks).
  function showTwin(params) {
    if (!twin || !model.get('twin')) return false;
    var key = templateKey(spec, params);
    var template = twin.templates[key];
    if (template === undefined) return false;
    draw(key, template, twinValues(params, JSON.stringify(params)));
    shownQ = null;                              // the kernel's next answer is written, if it differs
    return true;
  }

  // The twin's quantities, the last MEMO settings kept (quantities is a pure function of params).
  var MEMO = 64, memo = new Map();
  function twinValues(params, text) {
    var q = memo.get(text);
    if (q === undefined) {
      q = compute(params, twin.data);
      if (memo.size >= MEMO) memo.delete(memo.keys().next().value);
    } else {
      memo.delete(text);
    }
    memo.set(text, q);
    return q;
  }

  // In idle time, the settings one key press away (each control a step or an option either way,
  // the control just moved first): computed ahead, so that the next press only writes the figure
  // (the vanishing-gradient explorer's twin takes 5-25 ms for a new activation or weight scale).
  var ahead = [], aheadRound = 0;
  var idle = typeof requestIdleCallback === 'function' ? requestIdleCallback
    : function (f) { return setTimeout(function () { f({ timeRemaining: function () { return 10; } }); }, 40); };
  function nextTo(c, input, way) {
    if (c.kind === 'slider') {
      var probe = input.cloneNode(false);       // the browser's own stepping (its decimals)
      probe.value = input.value;
      try { if (way > 0) probe.stepUp(); else probe.stepDown(); } catch (e) { return undefined; }
      var v = parseFloat(probe.value);
      return v === parseFloat(input.value) ? undefined : v;
    }
    var i = input.selectedIndex + way;
    if (i < 0 || i >= input.options.length) return undefined;
    var opt = c.options.filter(function (o) { return o[0] === input.options[i].value; })[0];
    return opt ? opt[1] : undefined;
  }
  function lookAhead(first) {
    if (!twin || !model.get('twin')) return;
    var params = readParams(spec, root), round = ++aheadRound;
    ahead = [];
    var order = spec.controls.slice().sort(function (a, b) { return (b.name === first) - (a.name === first); });
    order.forEach(function (c) {
      [1, -1].forEach(function (way) {
        var v = nextTo(c, inputs[c.name], way);
        if (v === undefined) return;
        var p = {};
        for (var k in params) p[k] = params[k];
        p[c.name] = v;
        ahead.push(p);
      });
    });
    idle(function work(deadline) {
      if (round !== aheadRound) return;        // a newer change: its own round
      while (ahead.length && deadline.timeRemaining() > 1) {
        var p = ahead.shift(), text = JSON.stringify(p);
        if (memo.has(text) || !(templateKey(spec, p) in twin.templates)) continue;
        try { twinValues(p, text); } catch (e) { ahead = []; return; }
      }
      if (ahead.length) idle(work);
    });
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
      try {
        showTwin(params);                       // the figure first: within the key's frame
      } catch (e) {                             // the kernel's numbers will come
        twin = null;
        console.warn('explorer ' + spec.id + ': the page computes nothing (' + e + ')');
      }
      root.dataset.kernel = 'pending';
      own = true;
      try { model.set('params', params); } finally { own = false; }
      model.save_changes();                     // then to the kernel
    }
    var c = spec.controls.filter(function (c) { return c.name === ev.target.dataset.param; })[0];
    if (c) announce(c);
    lookAhead(c && c.name);
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

  // One message from the kernel may change several of the model's values; each change event sees
  // them all, so whichever comes first does the work and the others find nothing to do.
  function fromKernel() {
    if (!own && !sameParams(model.get('params'), readParams(spec, root))) syncControls();
    showKernel();
  }
  var events = ['change:q', 'change:key', 'change:at', 'change:twin', 'change:params'];

  Object.keys(inputs).forEach(function (name) {
    // a focused control keeps its keys (arrows, Home, End): JupyterLab's notebook shortcuts
    // (ArrowDown: next cell, ArrowRight: expand a heading) would otherwise take them
    inputs[name].setAttribute('data-lm-suppress-shortcuts', 'true');
    inputs[name].addEventListener('input', onInput);
    inputs[name].addEventListener('change', onInput);
  });
  // the explorer's own page interactions (explorers/js/<chapter>.js): they only move controls
  if (INTERACTIONS[spec.id]) INTERACTIONS[spec.id](root, spec);
  events.forEach(function (e) { model.on(e, fromKernel); });
  syncControls();
  showKernel();
  root.dataset.twin = 'off';
  var inflating = false;
  function takeTwin() {
    var buf = model.get('twin_data');
    if (twin || inflating || !compute || !model.get('twin') || !buf || !buf.byteLength) return;
    inflating = true;
    inflateTwin(buf).then(function (t) {
      if (!t) return;
      twin = { data: t.data, templates: t.templates };
      root.dataset.twin = 'on';
      lookAhead(null);
    }).catch(function (e) { console.warn('explorer ' + spec.id + ': the page computes nothing (' + e + ')'); });
  }
  model.on('change:twin_data', takeTwin);
  var asked = model.get('twin_data');
  if (compute && model.get('twin') && typeof DecompressionStream !== 'undefined' && !(asked && asked.byteLength)) {
    model.send({ twin: 'please' });             // made once in the kernel, in a thread
  }
  takeTwin();
  return function () {
    events.forEach(function (e) { model.off(e, fromKernel); });
    model.off('change:twin_data', takeTwin);
  };
}

export default { render: render };
