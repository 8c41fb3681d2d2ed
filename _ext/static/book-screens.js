/* Every screen: nothing clipped, everything legible from 360 px up.
   Wired by _ext/book_fixes.py; the layout rules are in book-screens.css.

   What CSS cannot know is whether a box is wider than its column; this script measures that,
   cheaply (issue 24: no work at load for what is not seen, no forced layouts in loops):

   1. Display equations (the theme makes each one's mjx-container a scroller; CSS puts the number
      under an equation too wide to share its row), inline maths (span.math, a scroller of its
      own by CSS) and the theme's table boxes (.pst-scrollable-table-container): a box wider than
      its column is marked .bp-overflows, which shows the visible cue (edge shadows, a dotted
      rule, and a "scrolls sideways" line: ::after of the equation's div.math, a .bp-scroll-cue
      above a table's box).
   2. SVG figures (the library's diagrams and charts, explorers included) scale with their
      column, so on a phone their text would shrink to 4-6 px. Each figure gets a min-width at
      which its smallest text is MIN_TEXT_PX CSS px; where that is wider than the column, the
      figure sits in its own horizontal scroller (.bp-figscroll) with the same visible cue.

   How: an IntersectionObserver hands each box to a ResizeObserver when it comes within a screen
   of the viewport (or is shown: a dropdown, a tab). ResizeObserver calls back after layout, so
   its reads are free; each callback reads every box first, then writes (one layout, not one per
   box), and it is called again for a box whose size changes (a resize, a font, an explorer's
   redraw). A MutationObserver registers boxes added later (explorers, quizzes), and refits a
   figure only when its viewBox changed. window.bpFitScreens() measures everything at once,
   synchronously (the browser tests call it). It changes layout only, never a figure's content. */
(function () {
  "use strict";
  var MIN_TEXT_PX = 9.5;       // a little above the 9 px the tests require (rounding, hinting)
  var CUE_TEXT = "\u21c6 scrolls sideways";
  var SCROLLERS = "div.math > mjx-container, span.math, .pst-scrollable-table-container";

  function article() {
    return document.querySelector("article") || document.body;
  }

  // ------------------------------------------------------------------ what is measured
  // A display equation outside Sphinx's div.math (MyST text an exercise shows as a cell output)
  // gets the same box, so that it wraps and scrolls with the same cue.
  function boxDisplayMath(m) {
    if (m.closest("div.math") || m.getAttribute("display") !== "true" || !m.parentNode) return;
    var box = document.createElement("div");
    box.className = "math bp-math-wrap";
    m.parentNode.insertBefore(box, m);
    box.appendChild(m);
  }

  function isFigure(svg) {
    if (svg.parentElement && svg.parentElement.closest("svg")) return false;   // nested svg
    if (svg.closest("button, a.headerlink, mjx-container, nav, .sd-btn")) return false;
    return !!svg.getAttribute("viewBox") && svg.querySelector("text") !== null;
  }

  // The cue line: under a figure; above a table (a tall table's end is far from its head,
  // where a reader decides to scroll it).
  function cueAfter(el, before) {
    var next = before ? el.previousElementSibling : el.nextElementSibling;
    if (next && next.classList.contains("bp-scroll-cue")) return next;
    var cue = document.createElement("div");
    cue.className = "bp-scroll-cue";
    cue.setAttribute("aria-hidden", "true");
    cue.textContent = CUE_TEXT;
    cue.hidden = true;
    el.insertAdjacentElement(before ? "beforebegin" : "afterend", cue);
    return cue;
  }

  // What the script knows of the boxes it measured, kept here rather than in attributes (the
  // explorers' test compares a figure's attributes with the library's).
  var marked = new WeakSet();            // scrollers marked once
  var fitted = new WeakMap();            // svg -> {key: its viewBox when fitted, units: its smallest text}
  function fittedAs(svg) {
    var f = fitted.get(svg);
    return f ? f.key : null;
  }

  // ------------------------------------------------------------------ scrollers
  function readOverflow(el) {
    if (!el.isConnected) return null;
    if (!el.clientWidth && !el.getClientRects().length) return null;          // hidden
    if (el.tagName === "SPAN") {
      // inline maths: its formula's box wider than the span (which the theme caps at the
      // paragraph's width); not scrollWidth, which counts a glyph's overhang of a pixel or two
      var m = el.querySelector("mjx-container");
      return !!m && m.getBoundingClientRect().width > el.getBoundingClientRect().width + 1;
    }
    return el.scrollWidth > el.clientWidth + 1;
  }

  function markOverflow(el, over) {
    if (over === null) return;
    if (el.classList.contains("bp-overflows") === over && marked.has(el)) return;
    marked.add(el);
    el.classList.toggle("bp-overflows", over);
    if (over && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");   // keyboard scrolling
    if (el.tagName === "SPAN") {
      el.classList.toggle("bp-inline-overflows", over);   // the PDF's print rules use this name
    } else if (el.tagName === "MJX-CONTAINER") {
      var box = el.parentElement;
      if (box) box.classList.toggle("bp-math-overflows", over);
    } else if (el.classList.contains("pst-scrollable-table-container")) {
      if (over) {
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", "table, scrolls sideways");
      }
      var prev = el.previousElementSibling;
      if (over || prev && prev.classList.contains("bp-scroll-cue")) cueAfter(el, true).hidden = !over;
    }
  }

  // ------------------------------------------------------------------ figures
  // The smallest text of the svg in its own user units (font size times any inner scaling).
  function smallestTextUnits(svg) {
    var root = svg.getScreenCTM();
    if (!root || !root.a) return null;
    var rootScale = Math.hypot(root.a, root.b);
    var smallest = Infinity;
    var texts = svg.querySelectorAll("text");
    for (var i = 0; i < texts.length; i++) {
      var t = texts[i];
      if (!t.textContent.trim()) continue;
      var ctm = t.getScreenCTM();
      if (!ctm) continue;
      var size = parseFloat(getComputedStyle(t).fontSize);
      if (!size) continue;
      smallest = Math.min(smallest, size * Math.hypot(ctm.a, ctm.b) / rootScale);
    }
    return isFinite(smallest) ? smallest : null;
  }

  // An explorer redraws its figure from the same template many times a second: the smallest
  // text is remembered by what decides it (the viewBox, the font sizes and the scalings written
  // in the svg), so that a redrawn figure is fitted without measuring its text again.
  var unitsCache = new Map();
  function figureKey(svg) {
    var sizes = {};
    var marked = svg.querySelectorAll("[font-size], [transform*='scale'], [transform*='matrix']");
    for (var i = 0; i < marked.length; i++) {
      sizes[(marked[i].getAttribute("font-size") || "") + "/" +
            (/scale|matrix/.test(marked[i].getAttribute("transform") || "") ? marked[i].getAttribute("transform").replace(/translate\([^)]*\)/g, "") : "")] = 1;
    }
    return svg.getAttribute("viewBox") + "|" + Object.keys(sizes).sort().join(",");
  }

  // read: what the figure needs (nothing is written)
  function readFigure(svg) {
    if (!svg.isConnected || !svg.getClientRects().length) return null;       // hidden
    var vb = svg.viewBox && svg.viewBox.baseVal;
    if (!vb || !vb.width) return null;
    var key = svg.getAttribute("viewBox");
    var done = fitted.get(svg);
    var units = done && done.key === key ? done.units : null;
    if (!units) {
      var cacheKey = figureKey(svg);
      units = unitsCache.get(cacheKey) || smallestTextUnits(svg);
      if (units) unitsCache.set(cacheKey, units);
    }
    if (!units) return null;
    var flexItem = false;
    if (!svg.parentElement.classList.contains("bp-figscroll")) {
      var item = svg.parentElement;
      flexItem = !!(item && item.parentElement &&
                    getComputedStyle(item.parentElement).display.indexOf("flex") >= 0);
    }
    return {svg: svg, key: key, units: units, minWidth: Math.ceil(vb.width * MIN_TEXT_PX / units),
            flexItem: flexItem};
  }

  // write: the figure's min-width, and its scroller (observed for overflow from then on)
  function writeFigure(f) {
    var svg = f.svg;
    fitted.set(svg, {key: f.key, units: f.units});
    var scroller = svg.parentElement;
    if (!scroller.classList.contains("bp-figscroll")) {
      var wrap = document.createElement("div");
      wrap.className = "bp-figscroll";
      scroller.insertBefore(wrap, svg);
      wrap.appendChild(svg);
      // inside a flex row (explorers put several figures side by side) the item must be
      // allowed to be narrower than the figure, or the whole row overflows instead
      if (f.flexItem) wrap.parentElement.classList.add("bp-figitem");
      scroller = wrap;
      cueAfter(scroller);
    }
    var min = f.minWidth + "px";
    if (svg.style.minWidth !== min) svg.style.minWidth = min;
    svg.style.maxWidth = "100%";
    var natural = parseFloat(svg.getAttribute("width")) || 0;
    if (natural && natural < f.minWidth) svg.style.width = min;
    return scroller;
  }

  function markFigScroller(scroller, over) {
    if (over === null) return;
    scroller.classList.toggle("bp-overflows", over);
    if (over && !scroller.hasAttribute("tabindex")) {
      scroller.setAttribute("tabindex", "0");
      scroller.setAttribute("role", "region");
      scroller.setAttribute("aria-label", "figure, scrolls sideways");
    }
    cueAfter(scroller).hidden = !over;
  }

  // ------------------------------------------------------------------ one batch: reads, then writes
  function fit(elements) {
    var figs = [], scrollers = [], figScrollers = [];
    elements.forEach(function (el) {
      if (el.tagName === "svg" || el.tagName === "SVG") figs.push(el);
      else if (el.classList.contains("bp-figscroll")) figScrollers.push(el);
      else scrollers.push(el);
    });
    // reads
    var figData = figs.map(function (svg) {
      return fittedAs(svg) === svg.getAttribute("viewBox") && svg.parentElement.classList.contains("bp-figscroll")
        ? null : readFigure(svg);
    });
    var over = scrollers.map(readOverflow);
    var figOver = figScrollers.map(readOverflow);
    // writes
    scrollers.forEach(function (el, i) { markOverflow(el, over[i]); });
    figScrollers.forEach(function (el, i) { markFigScroller(el, figOver[i]); });
    var added = [];
    figData.forEach(function (f) {
      if (!f) return;
      var scroller = writeFigure(f);
      if (added.indexOf(scroller) < 0) added.push(scroller);
    });
    if (!added.length) return;
    // the figures' boxes at once (one layout for the batch), so that a redrawn figure never
    // shows without its cue; then watched for later changes
    var addedOver = added.map(readOverflow);
    added.forEach(function (el, i) { markFigScroller(el, addedOver[i]); });
    added.forEach(watchSize);
  }

  // ------------------------------------------------------------------ observers
  var watched = new WeakSet();
  var resizes = typeof ResizeObserver === "function" ? new ResizeObserver(function (entries) {
    fit(entries.map(function (e) { return e.target; }));
  }) : null;
  function watchSize(el) {
    if (watched.has(el)) return;
    watched.add(el);
    if (resizes) resizes.observe(el);
    else fit([el]);
  }

  var near = typeof IntersectionObserver === "function" ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (!e.isIntersecting) return;
      near.unobserve(e.target);
      watchSize(e.target);                    // ResizeObserver measures it after the next layout
    });
  }, {rootMargin: "100% 0px 100% 0px"}) : null;

  var registered = new WeakSet();
  function register(el) {
    if (registered.has(el)) return;
    registered.add(el);
    if (near) near.observe(el);
    else watchSize(el);
  }

  function candidates(root) {
    var out = [];
    if (!root.querySelectorAll) return out;
    var displays = root.querySelectorAll("mjx-container[display='true']");
    for (var i = 0; i < displays.length; i++) boxDisplayMath(displays[i]);
    if (root.matches && root.matches(SCROLLERS)) out.push(root);
    root.querySelectorAll(SCROLLERS).forEach(function (el) { out.push(el); });
    var svgs = root.tagName === "svg" ? [root] : root.querySelectorAll("svg");
    for (var j = 0; j < svgs.length; j++) if (isFigure(svgs[j])) out.push(svgs[j]);
    return out;
  }

  // Explorers redraw their figures; quizzes typeset feedback. Only what is new is registered;
  // a figure whose viewBox changed (a redraw at another size) is measured again.
  // A figure redrawn in place of one fitted before (an explorer's) is fitted at once, from the
  // remembered text size: it is where the reader is, and it should not flash at another size.
  var mutations = new MutationObserver(function (records) {
    var refit = new Set(), now = [];
    records.forEach(function (r) {
      if (r.type === "attributes") {
        if (fittedAs(r.target)) refit.add(r.target);
        return;
      }
      r.addedNodes.forEach(function (n) {
        if (n.nodeType !== 1) return;
        if (n.ownerSVGElement) {                 // inside a figure: only a new viewBox matters
          var svg = n.ownerSVGElement;
          if (fittedAs(svg) && fittedAs(svg) !== svg.getAttribute("viewBox")) refit.add(svg);
          return;
        }
        if (n.classList.contains("bp-figscroll") || n.classList.contains("bp-scroll-cue")) return;   // ours
        candidates(n).forEach(function (el) {
          if (registered.has(el)) return;
          if (el.tagName === "svg" && unitsCache.has(figureKey(el))) {
            registered.add(el);
            now.push(el);
          } else {
            register(el);
          }
        });
      });
    });
    if (now.length) fit(now);
    if (refit.size) requestAnimationFrame(function () { fit(Array.from(refit)); });
  });

  function everything() {
    return candidates(article());
  }

  // Everything at once, now (the tests call this after a resize; nothing at load does).
  function fitScreens() {
    var all = everything();
    all.forEach(function (el) { registered.add(el); });
    fit(all);                                             // equations, tables, figures' min-widths
    var scrollers = [];
    article().querySelectorAll(".bp-figscroll").forEach(function (s) { scrollers.push(s); });
    fit(scrollers);                                       // the figures' boxes, after their min-widths
    all.concat(scrollers).forEach(watchSize);
  }

  function start() {
    unwrapSolutions();
    foldProofs();
    everything().forEach(register);
    mutations.observe(article(), {childList: true, subtree: true, attributes: true, attributeFilter: ["viewBox"]});
  }

  // Solutions are wrapped in <details class="bp-solution-fold"> so that they fold in JupyterLab
  // and Colab; here the {solution} inside is a dropdown already, so open the wrapper.
  function unwrapSolutions() {
    document.querySelectorAll("details.bp-solution-fold").forEach(function (d) {
      d.open = true;
      d.classList.add("bp-open");
    });
  }

  // Proofs go beyond the course's prerequisites: fold each (sphinx-proof's div.proof without a
  // title; lemmas and theorems have one and stay open) into a dropdown marked optional.
  function foldProofs() {
    document.querySelectorAll("div.proof.admonition").forEach(function (p) {
      if (p.querySelector(":scope > .admonition-title") || p.closest("details.bp-proof")) return;
      var d = document.createElement("details");
      d.className = "bp-proof";
      var s = document.createElement("summary");
      s.textContent = "Show the proof (optional)";
      d.appendChild(s);
      p.parentNode.insertBefore(d, p);
      d.appendChild(p);
    });
  }

  // ------------------------------------------------------------------ the theme's tab stops
  // The theme gives every code block, output and table box that scrolls a tab stop (tabindex 0),
  // so that a keyboard can scroll it, and takes it from one that does not (-1). It read every
  // box's size at load: with the chapter's parts skipped until they are near the screen
  // (book-screens.css), each read of a skipped box lays out its cell or section there and then.
  // _ext/page_speed.py (patch_theme_js) has the theme call this instead: the same check, a few
  // boxes at a time in idle time (reads first, then the writes), so no task grows long. A later
  // call (the theme calls again after a resize or a change in the page) replaces a pass still
  // running. When a pass has set every box, <html data-bp-tab-stops="done">.
  var tabPass = 0;
  function tabStops(boxes) {
    var list = Array.prototype.slice.call(boxes), k = 0, pass = ++tabPass;
    var root = document.documentElement;
    var later = window.requestIdleCallback
      ? function (f) { window.requestIdleCallback(f, {timeout: 1000}); }
      : function (f) { setTimeout(f, 16); };
    root.removeAttribute("data-bp-tab-stops");
    function slice() {
      if (pass !== tabPass) return;                       // a newer pass took over
      var end = performance.now() + 6, found = [];
      while (k < list.length && (found.length === 0 || performance.now() < end)) {
        var el = list[k++];
        if (!el.isConnected) continue;
        found.push([el, el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight ? "0" : "-1"]);
      }
      found.forEach(function (f) {
        if (f[0].getAttribute("tabindex") !== f[1]) f[0].setAttribute("tabindex", f[1]);
      });
      if (k < list.length) later(slice);
      else root.setAttribute("data-bp-tab-stops", "done");
    }
    later(slice);
  }

  window.bpTabStops = tabStops;
  window.bpFitScreens = fitScreens;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
