/* The answer box of a value exercise in the static book: parse what the reader typed (numbers,
 * never evaluated), check it with the same rules and messages as Exercise.check() in Python
 * (backprop_lib/exercises/diagnose.py), and keep the reader's progress in localStorage.
 *
 * Contract (tests and embedders): the exercise's root has data-exercise="<id>", the answer box
 * data-answer, the button data-check, the feedback element data-feedback (which gets
 * data-passed="true"/"false" after a check). The root's data-payload holds the exercise's
 * JSON (expected value, tolerance, declared mistakes, the generic messages for its quantity).
 *
 * Works in the browser (window.bpExercises) and in Node (module.exports) for `node --test`.
 */
(function (root, factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.bpExercises = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // ------------------------------------------------------------------ parsing (never eval)

  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

  function parseAnswer(text) {
    if (typeof text !== "string") return { ok: false, error: "Type a number, e.g. 0.7." };
    var t = text.trim().replace(/\u2212/g, "-").replace(/\u00d7\s*10\^?/g, "e");
    if (t === "") return { ok: false, error: "The box is empty: type a number (e.g. 0.7), or numbers separated by commas (e.g. 0.1, 0.5, 0.8)." };
    var pos = 0;
    function fail(msg) { throw new Error(msg); }
    function skip() { while (pos < t.length && /\s/.test(t[pos])) pos++; }
    function number() {
      skip();
      var m = /^[^,\[\]\(\)\s]+/.exec(t.slice(pos));
      if (!m) fail("Expected a number at position " + (pos + 1) + ".");
      var s = m[0];
      if (/^nan$/i.test(s) || /^[+-]?inf(inity)?$/i.test(s)) fail("“" + s + "” is not a finite number: type a number such as 0.7 or -1.2e-3.");
      if (!NUMBER.test(s)) fail("“" + s + "” is not a number. Type numbers such as 0.7 or -1.2e-3, separated by commas; brackets [ ] group the rows of a matrix.");
      pos += s.length;
      return Number(s);
    }
    function list(close) {
      var items = [];
      skip();
      if (t[pos] === close) { pos++; return items; }
      for (;;) {
        items.push(value());
        skip();
        if (t[pos] === ",") { pos++; continue; }
        if (t[pos] === close) { pos++; return items; }
        fail("Expected “,” or “" + close + "” at position " + (pos + 1) + ".");
      }
    }
    function value() {
      skip();
      if (t[pos] === "[") { pos++; return list("]"); }
      if (t[pos] === "(") { pos++; return list(")"); }
      return number();
    }
    try {
      var items = [];
      for (;;) {
        items.push(value());
        skip();
        if (pos >= t.length) break;
        if (t[pos] === ",") { pos++; continue; }
        fail("Unexpected “" + t[pos] + "” at position " + (pos + 1) + ".");
      }
      var v = items.length === 1 ? items[0] : items;
      var shape = shapeOf(v);
      if (shape === null) return { ok: false, error: "The rows have different lengths: every row of a matrix needs the same number of entries." };
      if (Array.isArray(v) && v.length === 0) return { ok: false, error: "The brackets are empty: type at least one number." };
      return { ok: true, value: v, shape: shape };
    } catch (e) {
      return { ok: false, error: e.message };
    }
  }

  function shapeOf(v) {
    if (!Array.isArray(v)) return [];
    if (v.length === 0) return [0];
    var inner = shapeOf(v[0]);
    if (inner === null) return null;
    for (var i = 1; i < v.length; i++) {
      var s = shapeOf(v[i]);
      if (s === null || s.length !== inner.length || s.some(function (x, j) { return x !== inner[j]; })) return null;
    }
    return [v.length].concat(inner);
  }

  function flat(v) { return Array.isArray(v) ? [].concat.apply([], v.map(flat)) : [v]; }
  function sameShape(a, b) { return a.length === b.length && a.every(function (x, i) { return x === b[i]; }); }
  function shapeText(s) { return s.length === 0 ? "a single number (shape ())" : "shape (" + s.join(", ") + (s.length === 1 ? ",)" : ")"); }
  function maxAbs(a) { return a.reduce(function (m, x) { return Math.max(m, Math.abs(x)); }, 0); }

  // ------------------------------------------------------------------ comparison (diagnose.py)

  function makeClose(rtol, atol) {
    // close(a, b): a equals b within the tolerance (relative to b's largest entry too)
    return function (a, as, b, bs) {
      if (!sameShape(as, bs)) {
        if (bs.length === 0 && a.length === 1) { /* a 1-element answer for a number */ }
        else return false;
      }
      var tol = atol + rtol * 1e-3 * maxAbs(b);
      for (var i = 0; i < b.length; i++) {
        if (!(Math.abs(a[i] - b[i]) <= tol + rtol * Math.abs(b[i]))) return false;
      }
      return a.length === b.length;
    };
  }

  function roundHalfEven(x, d) {
    var f = Math.pow(10, d), v = x * f, r = Math.round(v);
    if (Math.abs(v - Math.trunc(v)) === 0.5 && r % 2 !== 0) r -= 1;
    return r / f;
  }

  function within(g, e, rel) {
    var scale = maxAbs(e);
    var atol = 1e-3 * Math.max(scale, 1e-3);
    return g.every(function (x, i) { return Math.abs(x - e[i]) <= atol + rel * Math.abs(e[i]); });
  }

  function isRounded(g, e, close, s, loose) {
    for (var d = 0; d < 7; d++) {
      var r = e.map(function (x) { return roundHalfEven(x, d); });
      if (close(g, s, r, s) && !close(g, s, e, s)) return true;
    }
    if (!loose || !within(g, e, 5e-3)) return false;
    return g.slice(0, 50).every(function (v) {
      return v === 0 || Math.abs(v - Number(v.toPrecision(4))) <= 1e-12 * Math.abs(v);
    });
  }

  function median(xs) {
    var s = xs.slice().sort(function (a, b) { return a - b; }), n = s.length;
    return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  function transpose(a, s) {
    var out = [];
    for (var j = 0; j < s[1]; j++) for (var i = 0; i < s[0]; i++) out.push(a[i * s[1] + j]);
    return out;
  }

  function generic(g, e, s, close, p) {
    var neg = function (a) { return a.map(function (x) { return -x; }); };
    var times = function (a, c) { return a.map(function (x) { return c * x; }); };
    var nonzero = e.length && maxAbs(e) > 1e-12;
    if (s.length === 2 && s[0] === s[1] && close(transpose(g, s), s, e, s) && !close(transpose(e, s), s, e, s)) return "transposed";
    if (nonzero && close(neg(g), s, e, s)) return "sign";
    if (nonzero && isRounded(g, e, close, s, !p.gradient)) return "rounded";
    if (nonzero && p.gradient && within(g, e, 5e-3)) return "finite_difference";
    if (nonzero) {
      if (close(g, s, times(e, 2), s)) return "double";
      if (close(g, s, times(e, 0.5), s)) return "half";
      if (close(neg(g), s, times(e, 2), s) || close(neg(g), s, times(e, 0.5), s)) return "sign_factor2";
      if (p.batch) {
        if (close(g, s, times(e, p.batch), s)) return "batch_sum";
        if (close(g, s, times(e, 1 / p.batch), s)) return "batch_twice";
      }
    }
    var distinct = {};
    e.forEach(function (x) { distinct[roundHalfEven(x, 9)] = 1; });
    var asc = function (a) { return a.slice().sort(function (x, y) { return x - y; }); };
    if (g.length > 1 && Object.keys(distinct).length === e.length && close(asc(g), [g.length], asc(e), [e.length])) return "permuted";
    var big = 1e-12 * Math.max(1, e.length ? maxAbs(e) : 1);
    var ratios = [];
    e.forEach(function (x, i) { if (Math.abs(x) > big) ratios.push(g[i] / x); });
    if (ratios.length >= 2) {
      var c = median(ratios);
      if (isFinite(c) && c !== 0 && Math.abs(c - 1) > 1e-2 * Math.max(1, Math.abs(c)) && close(g, s, times(e, c), s)) return "factor";
    }
    if (nonzero && within(g, e, 5e-3)) return "nearly";
    return null;
  }

  function shapeAdvice(es, gs) {
    var prod = function (s) { return s.reduce(function (a, b) { return a * b; }, 1); };
    if (es.length === 2 && gs.length === 2 && es[0] === gs[1] && es[1] === gs[0])
      return "Rows and columns are swapped: check the order of a matrix product or a missing/extra `.T`.";
    if (prod(es) === prod(gs))
      return "It has the right number of entries in a different arrangement: e.g. a column (n, 1) where a flat vector (n,) is expected. `np.ravel`/`reshape` or a different product (`@` vs `np.outer`) may be what you need.";
    if (gs.length === 0) return "You have a single number where an array is expected: did you sum too much (np.sum / np.dot)?";
    if (es.length === 0) return "You have an array where a single number is expected: is a sum (or dot product) missing?";
    return "Check which axis holds what, and the shapes of the factors of each product (W\u1d4f is (n_k, n_{k-1})).";
  }

  /* Check a parsed answer against an exercise's payload; returns {passed, mistake, message}. */
  function check(p, parsed) {
    var where = "Your answer";
    if (!parsed.ok) return { passed: false, mistake: "input", message: parsed.error };
    var es = p.shape, e = flat(p.expected);
    var gs = parsed.shape, g = flat(parsed.value);
    if (!sameShape(gs, es) && es.length === 0 && g.length === 1) gs = [];
    var close = makeClose(p.rtol, p.atol);
    var mistakes = p.mistakes.map(function (m) { return { m: m, v: flat(m.value), s: m.shape }; });
    if (!sameShape(gs, es)) {
      var note = where + " has " + shapeText(gs) + " instead of " + shapeText(es) + ":";
      for (var i = 0; i < mistakes.length; i++) {
        if (close(g, gs, mistakes[i].v, mistakes[i].s)) return { passed: false, mistake: mistakes[i].m.name, message: note + " " + mistakes[i].m.message };
      }
      if (gs.length === 2 && close(transpose(g, gs), [gs[1], gs[0]], e, es))
        return { passed: false, mistake: "generic:transposed", message: note + " it " + p.generic.transposed };
      return { passed: false, mistake: "shape", message: where + " has the wrong shape: expected " + shapeText(es) + ", got " + shapeText(gs) + ". " + shapeAdvice(es, gs) };
    }
    if (close(g, gs, e, es)) return { passed: true, mistake: null, message: "Well done." };
    for (var j = 0; j < mistakes.length; j++) {
      if (close(g, gs, mistakes[j].v, mistakes[j].s)) return { passed: false, mistake: mistakes[j].m.name, message: mistakes[j].m.message };
    }
    // a rounded version of a declared mistake is that mistake
    for (var k = 0; k < mistakes.length; k++) {
      if (sameShape(mistakes[k].s, gs) && isRounded(g, mistakes[k].v, close, gs, true))
        return { passed: false, mistake: mistakes[k].m.name, message: mistakes[k].m.message };
    }
    var name = generic(g, e, es, close, p);
    if (name) return { passed: false, mistake: "generic:" + name, message: where + " " + p.generic[name] };
    var detail = "";
    if (e.length > 1) {
      var bad = 0;
      e.forEach(function (x, i) { if (!(Math.abs(g[i] - x) <= p.atol + p.rtol * Math.abs(x))) bad++; });
      detail = " " + bad + " of the " + e.length + " entries are off.";
    }
    return { passed: false, mistake: "unknown", message: where + " is not right yet, and it does not match a mistake I know of." + detail + " " + p.pointers };
  }

  // ------------------------------------------------------------------ progress (localStorage)

  var KEY = "bp-exercises-progress";

  function loadProgress(storage) {
    try {
      var data = JSON.parse(storage.getItem(KEY) || "{}");
      return data && typeof data === "object" && !Array.isArray(data) ? data : {};
    } catch (e) { return {}; }
  }

  function record(storage, id, passed) {
    var data = loadProgress(storage);
    var e = data[id] || { attempts: 0, passed: false };
    e.attempts = (e.attempts | 0) + 1;
    e.passed = !!(e.passed || passed);
    data[id] = e;
    try { storage.setItem(KEY, JSON.stringify(data)); } catch (err) { /* storage full or blocked */ }
    return data;
  }

  function doneCount(data, ids) {
    return ids.filter(function (i) { return data[i] && data[i].passed; }).length;
  }

  // ------------------------------------------------------------------ the page

  function storage() {
    try { return window.localStorage; } catch (e) { return { getItem: function () { return null; }, setItem: function () {} }; }
  }

  function renderMaths(el, text) {
    // plain text with `code`, a^{k} / a_{k} shown as super/subscripts (as render.inline_html)
    el.textContent = "";
    text.split("`").forEach(function (piece, i, all) {
      if (i % 2 === 1 && i < all.length - 1) {
        var c = document.createElement("code"); c.textContent = piece; el.appendChild(c);
      } else {
        el.appendChild(document.createTextNode((i % 2 === 1 ? "`" : "") + piece));
      }
    });
  }

  function updateProgress() {
    var data = loadProgress(storage());
    document.querySelectorAll("[data-chapter-progress]").forEach(function (el) {
      var ids = JSON.parse(el.getAttribute("data-chapter-progress"));
      el.textContent = doneCount(data, ids) + " of " + ids.length + " exercises done in this chapter";
    });
    document.querySelectorAll("[data-progress-table]").forEach(function (table) {
      var chapters = (typeof window !== "undefined" && window.bpCatalog) || [];
      var root = document.documentElement.getAttribute("data-content_root");
      if (root === null) {
        var opts = document.getElementById("documentation_options");
        root = (opts && opts.getAttribute("data-url_root")) || "";
      }
      chapters = chapters.map(function (ch) { return { title: ch.title, ids: ch.ids, href: root + ch.page }; });
      var body = table.querySelector("tbody");
      if (!body) { body = document.createElement("tbody"); table.appendChild(body); }
      body.textContent = "";
      chapters.forEach(function (ch) {
        var tr = document.createElement("tr");
        var attempts = ch.ids.reduce(function (n, i) { return n + ((data[i] && data[i].attempts) | 0); }, 0);
        [ch.title, doneCount(data, ch.ids) + " of " + ch.ids.length + " exercises done", String(attempts)].forEach(function (t, k) {
          var td = document.createElement("td");
          td.style.padding = "0.1em 1.2em 0.1em 0";
          if (k === 0 && ch.href) { var a = document.createElement("a"); a.href = ch.href; a.textContent = t; td.appendChild(a); }
          else td.textContent = t;
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    });
  }

  function attach(el) {
    if (el.getAttribute("data-ready")) return;
    el.setAttribute("data-ready", "1");
    var p = JSON.parse(el.getAttribute("data-payload"));
    var box = el.querySelector("[data-answer]"), button = el.querySelector("[data-check]");
    var fb = el.querySelector("[data-feedback]");
    function run() {
      var result;
      try { result = check(p, parseAnswer(box.value)); }
      catch (err) { result = { passed: false, mistake: "input", message: "Could not read that answer: type numbers such as 0.7, or 0.1, 0.5, 0.8." }; }
      fb.setAttribute("data-passed", result.passed ? "true" : "false");
      fb.setAttribute("data-mistake", result.mistake || "");
      fb.className = "bp-feedback " + (result.passed ? "bp-ok" : "bp-no");
      var label = fb.querySelector(".bp-label"), msg = fb.querySelector(".bp-message");
      label.textContent = result.passed ? "\u2714 Correct" : "\u2718 Not yet";
      renderMaths(msg, result.message);
      if (result.mistake !== "input") record(storage(), p.id, result.passed);
      updateProgress();
    }
    button.addEventListener("click", run);
    box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); run(); } });
  }

  function init() {
    if (typeof document === "undefined") return;
    document.querySelectorAll("[data-exercise][data-payload]").forEach(attach);
    // the notebook's "Not attempted" boxes are for a kernel: in the book, the answer box replaces them
    if (document.querySelector(".bd-article")) {
      document.querySelectorAll(".bp-check-not_attempted").forEach(function (b) { b.style.display = "none"; });
    }
    document.querySelectorAll("[data-progress-reset]").forEach(function (a) {
      if (a.getAttribute("data-ready")) return;
      a.setAttribute("data-ready", "1");
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        try { storage().removeItem(KEY); } catch (e) { /* nothing to reset */ }
        updateProgress();
      });
    });
    updateProgress();
  }

  return { parseAnswer: parseAnswer, check: check, loadProgress: loadProgress, record: record,
           doneCount: doneCount, init: init, KEY: KEY };
});
if (typeof document !== "undefined" && typeof bpExercises !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bpExercises.init);
  else bpExercises.init();
}
