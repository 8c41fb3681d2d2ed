/* The answer box of a value exercise in the static book: parse what the reader typed (numbers,
 * never evaluated), check it with the same rules and messages as Exercise.check() in Python
 * (backprop_lib/exercises/diagnose.py), and keep the reader's progress in localStorage.
 *
 * Contract (tests and embedders): the exercise's root has data-exercise="<id>", the answer box
 * data-answer, the button data-check, the feedback element data-feedback (which gets
 * data-passed="true"/"false" after a check). The root's data-payload holds the exercise's
 * JSON (expected value, tolerance, declared mistakes, the generic messages for its quantity,
 * the hints), its messages already in the page's words (backprop_lib/exercises/page.py
 * book_words). The button data-hint shows the hints in order in data-hint-text. The boxes come
 * only in the book's version of an exercise's output (a kernel's front end never shows them);
 * they stay hidden until this script runs.
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

  var FLOAT32_EPS = Math.pow(2, -23);
  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  var MAX_LENGTH = 20000, MAX_DEPTH = 8;
  var SUPERSCRIPT = { "\u2070": "0", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2074": "4", "\u2075": "5",
                      "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079": "9", "\u207b": "-", "\u207a": "+" };

  /* What the reader typed as numbers: one number, numbers separated by commas, rows in brackets.
   * Written forms of a power of ten are read as such (7 × 10^-1, 7*10**-1, 7·10⁻¹, 7e-1). When the
   * exercise asks for one number (opts.scalar), 65,536 is read with a thousands separator. Never
   * evaluated; every input gets {ok: true, value, shape} or {ok: false, error} in plain words. */
  function parseAnswer(text, opts) {
    if (typeof text !== "string") return { ok: false, error: "Type a number, e.g. 0.7." };
    if (text.length > MAX_LENGTH) return { ok: false, error: "That is far too long to be the answer here: type the number, or the numbers separated by commas." };
    var t = text.trim().replace(/[\u2212\u2012\u2013\u2014\ufe63\uff0d]/g, "-")
      .replace(/([0-9.])\s*[\u00d7xX*\u00b7\u22c5]\s*10\s*(?:\^|\*\*)\s*\(?\s*([+-]?\d+)\s*\)?/g, "$1e$2")
      .replace(/([0-9.])\s*[\u00d7xX*\u00b7\u22c5]\s*10([\u207a\u207b]?[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+)/g,
               function (m, d, sup) { return d + "e" + sup.split("").map(function (c) { return SUPERSCRIPT[c]; }).join(""); })
      .replace(/^([+-]?)\s*(?:[\u00d7xX*\u00b7\u22c5]\s*)?10\s*(?:\^|\*\*)\s*\(?\s*([+-]?\d+)\s*\)?$/, "$11e$2");
    if (opts && opts.scalar && /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, "");
    if (t === "") return { ok: false, error: "The box is empty: type a number (e.g. 0.7), or numbers separated by commas (e.g. 0.1, 0.5, 0.8)." };
    var pos = 0, depth = 0;
    function fail(msg) { throw new Error(msg); }
    function skip() { while (pos < t.length && /\s/.test(t[pos])) pos++; }
    function number() {
      skip();
      var m = /^[^,\[\]\(\)\s]+/.exec(t.slice(pos));
      if (!m) fail(pos >= t.length ? "The answer ends too early: a number is missing at its end." : "Expected a number at position " + (pos + 1) + ".");
      var s = m[0];
      if (/^[+-]?nan$/i.test(s) || /^[+-]?inf(inity)?$/i.test(s)) fail("“" + s + "” is not a finite number: type a number such as 0.7 or -1.2e-3.");
      if (/^[+-]?\d*[.]?\d+\/\d*[.]?\d+$/.test(s)) fail("“" + s + "” is a fraction: type it as a decimal number (e.g. 0.25 for 1/4); the box reads numbers, it does not calculate.");
      if (!NUMBER.test(s)) fail("“" + s.slice(0, 40) + "” is not a number. Type numbers such as 0.7 or -1.2e-3, separated by commas; brackets [ ] group the rows of a matrix.");
      pos += s.length;
      return Number(s);
    }
    function list(close) {
      var items = [];
      if (++depth > MAX_DEPTH) fail("Too many brackets inside each other: a vector needs none or one pair, [0.1, 0.5], a matrix two, [[1, 2], [3, 4]].");
      skip();
      if (t[pos] === close) { pos++; depth--; return items; }
      for (;;) {
        items.push(value());
        skip();
        if (t[pos] === ",") { pos++; continue; }
        if (t[pos] === close) { pos++; depth--; return items; }
        fail(pos >= t.length ? "A “" + close + "” is missing at the end." : "Expected “,” or “" + close + "” at position " + (pos + 1) + ".");
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
      var msg = e && typeof e.message === "string" && e instanceof Error && !(e instanceof RangeError) ? e.message
        : "That answer could not be read: type numbers such as 0.7, or 0.1, 0.5, 0.8.";
      return { ok: false, error: msg };
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

  // how many significant digits the shortest decimal form of v has (0 for 0): diagnose.py
  // _significant_digits (15 digits, then the zeros at both ends dropped)
  function significantDigits(v) {
    if (v === 0 || !isFinite(v)) return 0;
    return Math.abs(v).toPrecision(15).split("e")[0].replace(".", "").replace(/^0+/, "").replace(/0+$/, "").length;
  }

  // digits a rounding can be recognised by: not only 0 and ±1, and some entry with 2 significant
  // digits or more (a one-digit answer such as 0.5 or round(x) = 3 tells nothing): _informative
  function informative(g) {
    var f = g.slice(0, 200);
    if (f.length === 0 || f.every(function (v) { return v === 0 || v === 1 || v === -1; })) return false;
    return f.some(function (v) { return significantDigits(v) >= 2; });
  }

  // the expected value rounded (nearest, down or up) to 0-6 decimals, or within 0.5 % with at
  // most 4 significant digits (diagnose.py _is_rounded)
  function isRounded(g, e, close, s, loose) {
    if (!informative(g) || close(g, s, e, s)) return false;
    // rounding down or up counts only for answers with 3 significant digits or more: with fewer,
    // every number near the value is some truncation of it
    var truncated = g.slice(0, 200).some(function (v) { return significantDigits(v) >= 3; });
    for (var d = 0; d < 7; d++) {
      var f = Math.pow(10, d);
      var ways = [e.map(function (x) { return roundHalfEven(x, d); })];
      if (truncated) ways.push(e.map(function (x) { return Math.floor(x * f) / f; }),
                               e.map(function (x) { return Math.ceil(x * f) / f; }));
      for (var w = 0; w < ways.length; w++) if (close(g, s, ways[w], s)) return true;
    }
    if (!loose || !within(g, e, 5e-3)) return false;
    return g.slice(0, 50).every(function (v) {
      var r = Number(v.toPrecision(4));
      return v === 0 || Math.abs(v - r) <= 1e-12 * Math.max(Math.abs(v), Math.abs(r));
    });
  }

  // the indices that sort a (ties in their order): numpy's argsort(kind="stable")
  function argsort(a) {
    return a.map(function (x, i) { return i; }).sort(function (i, j) { return a[i] - a[j] || i - j; });
  }

  // the right numbers in other places: the expected values are well apart, the sorted answer is
  // the sorted expected value, and the order differs (diagnose.py _permuted)
  function permuted(g, e, close) {
    if (g.length < 2) return false;
    var asc = function (a) { return a.slice().sort(function (x, y) { return x - y; }); };
    var se = asc(e), scale = maxAbs(e) || 1, gap = Infinity;
    for (var i = 1; i < se.length; i++) gap = Math.min(gap, se[i] - se[i - 1]);
    if (se.length > 1 && gap <= 1e-5 * scale) return false;
    if (!close(asc(g), [g.length], se, [e.length])) return false;
    var ag = argsort(g), ae = argsort(e);
    return ag.some(function (x, i) { return x !== ae[i]; });
  }

  // the precision the answer was computed in, as far as its values tell (diagnose.py
  // precision_of): 32 when every entry is a float32 number, not all are float16 numbers, and
  // not all are whole numbers; else 64 (what is typed is read as float64)
  function isFloat16(v) {
    if (v === 0) return true;
    var a = Math.abs(v);
    if (!(a <= 65504)) return false;
    var e = Math.floor(Math.log2(a));
    if (Math.pow(2, e) > a) e--;
    if (Math.pow(2, e + 1) <= a) e++;
    var q = a * Math.pow(2, 10 - Math.max(e, -14));
    return q === Math.floor(q);
  }

  function precisionOf(g) {
    var f = g.filter(isFinite);
    if (f.length && f.every(function (v) { return Math.fround(v) === v; }) && !f.every(isFloat16) &&
        !f.every(function (v) { return v === Math.round(v); })) return 32;
    return 64;
  }

  // a declared mistake's value that is 0 only by a coincidence of the data (not exactly 0, but 0
  // within the tolerance): not named for an answer of exactly 0 (diagnose.py _trivially_zero)
  function triviallyZero(w, atol) {
    var lim = Math.max(atol, 1e-12);
    return w.length > 0 && w.every(function (x) { return Math.abs(x) <= lim; }) && w.some(function (x) { return x !== 0; });
  }

  // every entry, rounded to its d-th significant digit, is the expected entry so rounded; a tie
  // (0.30075 to 4 digits) accepts both roundings (exercise.py digits_close)
  function digitsClose(g, e, d) {
    if (!d || g.length !== e.length) return false;
    var scale = maxAbs(e);
    for (var i = 0; i < e.length; i++) {
      if (!isFinite(g[i]) || !isFinite(e[i])) return false;
      if (e[i] === 0) { if (!(Math.abs(g[i]) <= 1e-9 * scale)) return false; continue; }
      var unit = Math.pow(10, Math.floor(Math.log10(Math.abs(e[i]))) - d + 1);
      var qe = e[i] / unit, qg = g[i] / unit, low = Math.floor(qe), frac = qe - low;
      var dist = Math.abs(frac - 0.5) < 1e-6 ? Math.min(Math.abs(qg - low), Math.abs(qg - low - 1))
        : Math.abs(qg - (frac < 0.5 ? low : low + 1));
      if (!(dist < 0.5 - 1e-9)) return false;
    }
    return true;
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
    if (nonzero && !g.some(function (x) { return x !== 0; })) return "zero";
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
    if (permuted(g, e, close)) return "permuted";
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

  function shapeAdvice(es, gs, advice) {
    // the library's advice (diagnose.py), in the page's words, from the payload
    var prod = function (s) { return s.reduce(function (a, b) { return a * b; }, 1); };
    if (es.length === 2 && gs.length === 2 && es[0] === gs[1] && es[1] === gs[0]) return advice.swapped;
    if (prod(es) === prod(gs)) return advice.arrangement;
    if (gs.length === 0) return advice.number;
    if (es.length === 0) return advice.array;
    return advice.other;
  }

  /* Check a parsed answer against an exercise's payload; returns {passed, mistake, message}. */
  function check(p, parsed) {
    var where = "Your answer";
    if (!parsed.ok) return { passed: false, mistake: "input", message: parsed.error };
    var es = p.shape, e = flat(p.expected);
    var gs = parsed.shape, g = flat(parsed.value);
    if (!sameShape(gs, es) && es.length === 0 && g.length === 1) gs = [];
    // an answer computed in float32 is judged against what float32 allows (16 eps₃₂), unless
    // the exercise declares its own rtol (diagnose.py compare)
    var rtol = p.rtol, atol = p.atol;
    if (precisionOf(g) === 32 && !p.declared_rtol) rtol = Math.max(rtol, 16 * FLOAT32_EPS);
    var close = makeClose(rtol, atol);
    var mistakes = p.mistakes.map(function (m) { return { m: m, v: flat(m.value), s: m.shape }; });
    // an exact 0: not a mistake that is 0 by coincidence
    if (g.length && !g.some(function (x) { return x !== 0; }))
      mistakes = mistakes.filter(function (x) { return !triviallyZero(x.v, atol); });
    if (!sameShape(gs, es)) {
      var note = where + " has " + shapeText(gs) + " instead of " + shapeText(es) + ":";
      for (var i = 0; i < mistakes.length; i++) {
        if (close(g, gs, mistakes[i].v, mistakes[i].s)) return { passed: false, mistake: mistakes[i].m.name, message: note + " " + mistakes[i].m.message };
      }
      if (gs.length === 2 && close(transpose(g, gs), [gs[1], gs[0]], e, es))
        return { passed: false, mistake: "generic:transposed", message: note + " it " + p.generic.transposed };
      return { passed: false, mistake: "shape", message: where + " has the wrong shape: expected " + shapeText(es) + ", got " + shapeText(gs) + ". " + shapeAdvice(es, gs, p.shape_advice) };
    }
    if (!g.every(isFinite)) return { passed: false, mistake: "not_finite", message: p.not_finite };
    if (close(g, gs, e, es) || digitsClose(g, e, p.digits)) return { passed: true, mistake: null, message: "Well done." };
    for (var j = 0; j < mistakes.length; j++) {
      if (close(g, gs, mistakes[j].v, mistakes[j].s)) return { passed: false, mistake: mistakes[j].m.name, message: mistakes[j].m.message };
    }
    // a rounded version of a declared mistake is that mistake (unless it is just as much a
    // rounded version of the right answer: then nothing tells which, and "rounded" is said)
    if (!isRounded(g, e, close, gs, false)) {
      for (var k = 0; k < mistakes.length; k++) {
        if (sameShape(mistakes[k].s, gs) && isRounded(g, mistakes[k].v, close, gs, true))
          return { passed: false, mistake: mistakes[k].m.name, message: mistakes[k].m.message };
      }
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
    // plain text with `code` (the messages' maths is Unicode already: aᵏ⁻¹, nₖ₋₁)
    el.textContent = "";
    text.split("`").forEach(function (piece, i, all) {
      if (i % 2 === 1 && i < all.length - 1) {
        var c = document.createElement("code"); c.textContent = piece; el.appendChild(c);
      } else {
        el.appendChild(document.createTextNode((i % 2 === 1 ? "`" : "") + piece));
      }
    });
  }

  function renderRich(el, text) {
    // a hint: ```python blocks as code, `code`, $maths$ typeset by the book's MathJax
    el.textContent = "";
    text.split(/```(?:python)?\n?([\s\S]*?)```/).forEach(function (part, i) {
      if (i % 2 === 1) {
        var pre = document.createElement("pre"), c = document.createElement("code");
        c.textContent = part; pre.appendChild(c); el.appendChild(pre); return;
      }
      var span = document.createElement("span");
      renderMaths(span, part.replace(/\$([^$]+)\$/g, "\\($1\\)"));
      el.appendChild(span);
    });
    try {
      if (typeof window !== "undefined" && window.MathJax && window.MathJax.typesetPromise) window.MathJax.typesetPromise([el]);
    } catch (e) { /* the text stays readable as typed */ }
  }

  /* The Hint button: the hint for the mistake just diagnosed (once), else the next hint in order
   * (as q.hint() in a notebook). Returns {label, text}. */
  function nextHint(p, state) {
    var hints = p.hints || [], total = hints.length;
    if (state.mistakeHint) {
      var h = state.mistakeHint; state.mistakeHint = null;
      return { label: "Hint for your last answer", text: h + " (press Hint again for the general hints)" };
    }
    if (total === 0) return { label: "No hints", text: "This exercise has no hints: compare each step with the equation in the exercise." };
    if (state.next >= total) return { label: "No more hints", text: "This exercise has " + total + ". The worked solution is under the exercise (Solution)." };
    var n = ++state.next;
    return { label: "Hint " + n + " of " + total, text: hints[n - 1] + (n < total ? " (there are more: press Hint again)" : " (the last one)") };
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
    var hintButton = el.querySelector("[data-hint]"), hintText = el.querySelector("[data-hint-text]");
    var state = { next: 0, mistakeHint: null };
    el.hidden = false;
    if (hintButton && hintText) hintButton.addEventListener("click", function () {
      var h = nextHint(p, state);
      hintText.textContent = "";
      var b = document.createElement("strong"); b.textContent = h.label + ": ";
      var body = document.createElement("span"); renderRich(body, h.text);
      hintText.appendChild(b); hintText.appendChild(body);
    });
    function run() {
      var result;
      try { result = check(p, parseAnswer(box.value, { scalar: p.shape.length === 0 })); }
      catch (err) { result = { passed: false, mistake: "input", message: "Could not read that answer: type numbers such as 0.7, or 0.1, 0.5, 0.8." }; }
      fb.setAttribute("data-passed", result.passed ? "true" : "false");
      fb.setAttribute("data-mistake", result.mistake || "");
      fb.className = "bp-feedback " + (result.passed ? "bp-ok" : "bp-no");
      var label = fb.querySelector(".bp-label"), msg = fb.querySelector(".bp-message");
      label.textContent = result.passed ? "\u2714 Correct" : "\u2718 Not yet";
      renderMaths(msg, result.message);
      var m = (p.mistakes || []).filter(function (x) { return x.name === result.mistake && x.hint; })[0];
      state.mistakeHint = m ? m.hint : null;
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

  return { parseAnswer: parseAnswer, check: check, digitsClose: digitsClose, nextHint: nextHint,
           loadProgress: loadProgress, record: record, doneCount: doneCount, init: init, KEY: KEY };
});
if (typeof document !== "undefined" && typeof bpExercises !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bpExercises.init);
  else bpExercises.init();
}
