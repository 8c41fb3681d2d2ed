/* network_explorable.js: the network explorable of the landing page and chapters 2-6 (the four
   diagrams in one figure, on the course's 2-3-2 running example): its quantities, and its page
   interactions, which only move its controls (click or Enter on a node opens it; drag a number
   or press an arrow key on it; play, pause, previous and next step; the layout is set from the
   page's width by page.js, as for every explorer with a layout control). */

// twin: backprop_lib.explorers.running_example.quantities
// The running example forward and backward, with the explorer's inputs, two weights, activation
// (both layers) and targets.
function runningExample(p, data) {
  var W1 = data.W1.map(function (r) { return r.slice(); });
  var W2 = data.W2.map(function (r) { return r.slice(); });
  W1[2][0] = p.w1_31;
  W2[0][2] = p.w2_13;
  var net = { W: [null, W1, W2], b: [null, data.B1, data.B2], act: [null, p.act, p.act] };
  var E = [p.E1, p.E2];
  var tr = forward(net, [p.x1, p.x2]);
  var g = backward(net, tr, E);
  var d = activation(p.act).d;
  return { a: tr.a, z: tr.z, W: net.W, b: net.b, E: E, C: g.C, da: g.da, dz: g.delta, gW: g.W,
           sp: [null, tr.z[1].map(d), tr.z[2].map(d)],
           terms: tr.a[2].map(function (o, i) { return (o - E[i]) * (o - E[i]); }) };
}

var NX_STEPS = ['x', 'z1', 'a1', 'z2', 'a2', 'C', 'da2', 'd2', 'da1', 'd1', 'g2', 'g1'];
var NX_SUB = '₀₁₂₃₄₅₆₇₈₉';

// twin: backprop_lib.explorers.network_explorable.classes
// The class of every group of the figure at a step with a node selected.
function nxClasses(step, node) {
  var DONE = 'bp-nx-done', NOW = 'bp-nx-now', TODO = 'bp-nx-todo', OFF = 'bp-nx-off', SEL = 'bp-nx-sel';
  var s = Math.trunc(step), c = {};
  function at(key) { return NX_STEPS.indexOf(key); }
  NX_STEPS.forEach(function (key, n) { c[key] = n < s ? DONE : n === s ? NOW : TODO; });
  [1, 2].forEach(function (k) {
    c['W' + k] = s === at('z' + k) ? NOW : DONE;
    c['wl' + k] = s >= at('g' + k) ? OFF : '';
    c['g' + k] = s < at('g' + k) ? OFF : c['g' + k];
    c['sp' + k] = s === at('d' + k) ? NOW : OFF;
  });
  c.bk2 = s === at('da1') ? NOW : OFF;
  c.bC = s === at('da2') ? NOW : OFF;
  c.E = (s === at('C') || s === at('da2')) ? NOW : DONE;
  [[1, 3], [2, 2]].forEach(function (kn) {
    for (var i = 1; i <= kn[1]; i++) c['n' + kn[0] + '_' + i] = node === kn[0] + '.' + i ? SEL : '';
  });
  for (var n = 0; n < NX_STEPS.length; n++) c['eq' + n] = n === s ? '' : OFF;
  c.ph = node.indexOf('1.') === 0 ? '' : OFF;
  c.po = node.indexOf('2.') === 0 ? '' : OFF;
  return c;
}

// twin: backprop_lib.explorers.network_explorable.NetworkExplorable.quantities
// The running example, the classes of the step and node, and the numbers of the open node's
// diagrams: h (a hidden node, forward and backward), o (an output node, and its base case).
function networkExplorable(p, data) {
  var q = runningExample(p, data);
  q.act = p.act;
  q.cls = nxClasses(p.step, p.node);
  var j = p.node.indexOf('1.') === 0 ? +p.node.charAt(2) - 1 : 0;
  var h = nodeBackward(q.a[0], q.W[1][j], q.b[1][j], p.act, q.W[2].map(function (r) { return r[j]; }), q.dz[2]);
  h.c = h.wn.map(function (v) { return v * h.a; });
  h.u = String(j + 1);
  h.us = NX_SUB.charAt(j + 1);
  var i = p.node.indexOf('2.') === 0 ? +p.node.charAt(2) - 1 : 0;
  var o = nodeForward(q.a[1], q.W[2][i], q.b[2][i], p.act);
  o.e = q.E[i];
  o.dCda = q.da[2][i];
  o.sp = q.sp[2][i];
  o.delta = q.dz[2][i];
  o.gW = q.gW[2][i].slice();
  o.u = String(i + 1);
  o.us = NX_SUB.charAt(i + 1);
  q.h = h;
  q.o = o;
  return q;
}
EXPLORERS.four_diagrams = networkExplorable;
EXPLORERS.forward_propagation_network = networkExplorable;
EXPLORERS.backward_propagation_network = networkExplorable;
EXPLORERS.computing_the_cost = networkExplorable;
EXPLORERS.backpropagating_the_cost = networkExplorable;
EXPLORERS.weight_gradients = networkExplorable;

var NX_PX_PER_UNIT = 50;     // a drag of 50 px (right or up) adds 1 to the value

// The page interactions of one explorable (its root element): they only move its controls.
function nxInteract(root) {
  function control(name) { return root.querySelector('[data-param="' + name + '"]'); }

  function set(name, value) {                // a control to value (a slider: clamped, on its grid)
    var el = control(name);
    if (!el) return false;
    if (el.tagName === 'SELECT') {
      if (el.value === value) return false;
      el.value = value;
      el.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    }
    var min = +el.min, max = +el.max, step = +el.step;
    var v = Math.min(max, Math.max(min, min + Math.round((value - min) / step) * step));
    var digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    var text = v.toFixed(digits);
    if (parseFloat(el.value) === parseFloat(text)) return false;
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    return true;
  }

  function nudge(name, dir) {
    var el = control(name);
    if (el) set(name, parseFloat(el.value) + dir * parseFloat(el.step));
  }

  // play, pause, previous and next step: only the step control moves
  var timer = null;
  var playButton = root.querySelector('button[data-action="play"]');
  var speed = root.querySelector('select[data-action="speed"]');
  function stepBy(d) {
    var el = control('step');
    return set('step', parseFloat(el.value) + d);
  }
  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
    if (playButton) {
      playButton.setAttribute('aria-pressed', 'false');
      playButton.textContent = '▶ play';
    }
  }
  function play() {
    var el = control('step');
    if (parseFloat(el.value) >= +el.max) set('step', +el.min);
    if (playButton) {
      playButton.setAttribute('aria-pressed', 'true');
      playButton.textContent = '❚❚ pause';
    }
    timer = setInterval(function () { if (!stepBy(1)) stop(); }, +(speed && speed.value) || 1200);
  }
  if (speed) speed.addEventListener('change', function () { if (timer) { stop(); play(); } });

  root.addEventListener('click', function (e) {
    var t = e.target;
    var n = t.closest && t.closest('[data-node]');
    if (n && root.contains(n)) {
      var id = n.getAttribute('data-node');
      set('node', control('node').value === id ? 'none' : id);
      return;
    }
    var b = t.closest && t.closest('button[data-action]');
    if (!b || !root.contains(b)) return;
    var action = b.getAttribute('data-action');
    if (action === 'play') { if (timer) stop(); else play(); }
    else { stop(); stepBy(action === 'next' ? 1 : -1); }
  });

  root.addEventListener('keydown', function (e) {
    var t = e.target;
    if (!t.closest) return;
    var n = t.closest('[data-node]');
    if (n && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      n.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      return;
    }
    var d = t.closest('[data-drag]');
    var dir = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1 }[e.key];
    if (d && dir) {
      e.preventDefault();
      nudge(d.getAttribute('data-drag'), dir);
    }
  });

  // drag a number on the figure (mouse, pen or touch): right or up makes it larger
  var drag = null;
  root.addEventListener('pointerdown', function (e) {
    var d = e.target.closest && e.target.closest('[data-drag]');
    if (!d || !root.contains(d)) return;
    e.preventDefault();
    var name = d.getAttribute('data-drag');
    drag = { name: name, x: e.clientX, y: e.clientY, v: parseFloat(control(name).value), id: e.pointerId };
    try { d.setPointerCapture(e.pointerId); } catch (err) { /* a synthetic event */ }
    if (d.focus) d.focus();
  });
  root.addEventListener('pointermove', function (e) {
    if (!drag || e.pointerId !== drag.id) return;
    set(drag.name, drag.v + ((e.clientX - drag.x) - (e.clientY - drag.y)) / NX_PX_PER_UNIT);
  });
  function end(e) { if (drag && e.pointerId === drag.id) drag = null; }
  root.addEventListener('pointerup', end);
  root.addEventListener('pointercancel', end);

  // (the layout follows the page's width: page.js, fitLayout, for every explorer with one)
}
INTERACTIONS.four_diagrams = nxInteract;
INTERACTIONS.forward_propagation_network = nxInteract;
INTERACTIONS.backward_propagation_network = nxInteract;
INTERACTIONS.computing_the_cost = nxInteract;
INTERACTIONS.backpropagating_the_cost = nxInteract;
INTERACTIONS.weight_gradients = nxInteract;
