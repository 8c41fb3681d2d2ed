/* template.js: the library's template in the page (backprop_lib.draw.svg's marked numbers).
   A template is the figure's HTML with a placeholder, \ue000name\ue001format\ue002, wherever the
   library wrote a number that depends on the controls; `name` is a key path of the quantities
   ("W.1.2.0" is q.W[1][2][0]) and `format` one of format.js's. The static page (page.js) and the
   Jupyter widget (widget.js) both parse a template once and write each quantity into its places. */

var MARK_OPEN = '\ue000';
var MARKED = /\ue000([^\ue001\ue002]*)\ue001([^\ue002]*)\ue002/g;

function lookup(values, path) {
  if (typeof path === 'string') path = path.split('.');
  var v = values;
  for (var i = 0; i < path.length; i++) {
    if (v == null) throw new Error('no quantity ' + path.join('.'));
    v = v[path[i]];
  }
  if (v === undefined) throw new Error('no quantity ' + path.join('.'));
  return v;
}

// A marked text or attribute value, parsed once: its literal pieces and its marked numbers
// ({path, spec}) in turn.
function parseMarked(text) {
  var pieces = [], places = [], last = 0, m;
  MARKED.lastIndex = 0;
  while ((m = MARKED.exec(text)) !== null) {
    pieces.push(text.slice(last, m.index));
    places.push({ path: m[1].split('.'), spec: m[2] });
    last = m.index + m[0].length;
  }
  pieces.push(text.slice(last));
  return { pieces: pieces, places: places, values: places.map(function () { return undefined; }), text: null };
}

// twin: backprop_lib.draw.svg.fill
// A template string with its placeholders replaced (the values formatted as in Python).
function fill(template, values) {
  return template.replace(MARKED, function (_, name, spec) { return format(lookup(values, name), spec); });
}

// The template parsed once (an inert <template>), its marked text nodes and attributes listed.
function instantiate(template) {
  var t = document.createElement('template');
  t.innerHTML = template;
  var marks = [];
  var walker = document.createTreeWalker(t.content, 5 /* elements and text */);
  for (var node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) {
      if (node.nodeValue.indexOf(MARK_OPEN) >= 0) marks.push({ node: node, attr: null, mark: parseMarked(node.nodeValue) });
    } else {
      for (var i = 0; i < node.attributes.length; i++) {
        var at = node.attributes[i];
        if (at.value.indexOf(MARK_OPEN) >= 0) marks.push({ node: node, attr: at.name, mark: parseMarked(at.value) });
      }
    }
  }
  return { nodes: Array.prototype.slice.call(t.content.childNodes), marks: marks };
}

// Write the numbers: a place is formatted again only when one of its values changed, and
// written only when its text changed.
function apply(marks, values) {
  for (var i = 0; i < marks.length; i++) {
    var m = marks[i], mk = m.mark, changed = mk.text === null;
    for (var k = 0; k < mk.places.length; k++) {
      var v = lookup(values, mk.places[k].path);
      if (!sameValue(v, mk.values[k])) { mk.values[k] = v; changed = true; }
    }
    if (!changed) continue;
    var text = mk.pieces[0];
    for (k = 0; k < mk.places.length; k++) text += format(mk.values[k], mk.places[k].spec) + mk.pieces[k + 1];
    if (text === mk.text) continue;
    mk.text = text;
    if (m.attr === null) m.node.nodeValue = text;
    else m.node.setAttribute(m.attr, text);
  }
}

function sameValue(a, b) {
  return a === b || (typeof a === 'number' && typeof b === 'number' && a !== a && b !== b);
}

