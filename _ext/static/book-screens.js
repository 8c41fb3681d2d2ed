/* Every screen: nothing clipped, everything legible from 360 px up.
   Wired by _ext/book_fixes.py; the layout rules are in book-screens.css.

   1. Display equations (pydata-sphinx-theme makes each one's mjx-container a scroller) and inline
      maths wider than their column: the scroller is marked .bp-overflows, which shows a visible
      cue (edge shadows and a "scrolls sideways" line); inline maths gets a scroller of its own.
   2. SVG figures (the library's diagrams and charts, explorers included) scale with their
      column, so on a phone their text shrank to 4-6 px. Each figure gets a min-width at which
      its smallest text is MIN_TEXT_PX CSS px; where that is wider than the column, the figure
      sits in its own horizontal scroller (.bp-figscroll) with the same visible cue.
   The page re-applies both after a resize, after an explorer redraws its figure (a
   MutationObserver) and after a dropdown opens. It changes layout only, never a figure's content. */
(function () {
  "use strict";
  var MIN_TEXT_PX = 9.5;       // a little above the 9 px the tests require (rounding, hinting)
  // Shrinking an equation to fit (CSS zoom) is switched off: Chromium reports a zoomed box's
  // scrollWidth and clientWidth in different units, so a shrunk equation could be cut with no cue.
  // Every equation wider than its column scrolls with the cue instead. (A scale > 1 never applies.)
  var MIN_MATH_SCALE = 1.01;
  var CUE_TEXT = "\u21c6 scrolls sideways";

  function article() {
    return document.querySelector("article") || document.body;
  }

  // ------------------------------------------------------------------ equations
  function fitEquation(container) {
    if (!container.getClientRects().length) return;          // hidden (closed dropdown)
    var box = container.closest("div.math");
    if (!box && container.getAttribute("display") === "true" && container.parentNode) {
      // display maths outside Sphinx's div.math (MyST text an exercise shows as a cell output):
      // give it the same box, so that it scrolls with the same visible cue
      box = document.createElement("div");
      box.className = "math bp-math-wrap";
      container.parentNode.insertBefore(box, container);
      box.appendChild(container);
    }
    box = box || container.parentElement;
    if (container.dataset.bpScale) {                           // undo an earlier fit first
      container.style.zoom = "";
      delete container.dataset.bpScale;
    }
    // An equation with a number shares its row with the number. Too wide for that row, the box
    // wraps (the number goes under it) and the equation gets the whole column; only if it is
    // still too wide does it scroll, with the cue. The decision uses the width of the shared
    // row whether or not the box is wrapped now, so that fitting twice gives the same result.
    var eqno = box.querySelector(":scope > .eqno");
    var wrapped = box.classList.contains("bp-math-wrapped");
    var rowAvail = container.clientWidth - (wrapped && eqno ? eqno.getBoundingClientRect().width : 0);
    var need = container.scrollWidth;
    box.classList.toggle("bp-math-wrapped", need > rowAvail + 1);
    var overflow = container.scrollWidth > container.clientWidth + 1;   // after the (un)wrap
    container.classList.toggle("bp-overflows", overflow);
    box.classList.toggle("bp-math-overflows", overflow);
    if (overflow && !container.hasAttribute("tabindex")) {
      container.setAttribute("tabindex", "0");                 // keyboard users can scroll it
    }
  }

  // Inline maths wider than the column (a long sum on a phone): the theme clips its span.math
  // (overflow: hidden). Shrink it a little, or let its span scroll with the same cue.
  function fitInline(span) {
    var m = span.querySelector("mjx-container");
    if (!m || !span.getClientRects().length) return;
    if (m.dataset.bpScale) {
      m.style.zoom = "";
      delete m.dataset.bpScale;
    }
    var block = span.parentElement;          // the paragraph, not an inline <a> or <strong>
    while (block && block !== document.body && getComputedStyle(block).display.indexOf("inline") === 0) {
      block = block.parentElement;
    }
    var avail = block ? block.clientWidth : 0;
    var need = m.getBoundingClientRect().width;
    var over = avail > 0 && need > avail + 1;
    if (over && avail / need >= MIN_MATH_SCALE) {
      var scale = Math.floor((avail / need) * 1000) / 1000 - 0.005;
      m.style.zoom = scale.toFixed(3);
      m.dataset.bpScale = String(scale);
      over = m.getBoundingClientRect().width > avail + 1;
    }
    span.classList.toggle("bp-inline-overflows", over);
    span.classList.toggle("bp-overflows", over);
    if (over && !span.hasAttribute("tabindex")) span.setAttribute("tabindex", "0");
  }

  function fitEquations() {
    article().querySelectorAll("div.math mjx-container, mjx-container[display='true']").forEach(fitEquation);
    article().querySelectorAll("span.math").forEach(fitInline);
  }

  // ------------------------------------------------------------------ figures
  function isFigure(svg) {
    if (svg.parentElement && svg.parentElement.closest("svg")) return false;   // nested svg
    if (svg.closest("button, a.headerlink, mjx-container, nav, .sd-btn")) return false;
    return !!svg.getAttribute("viewBox") && svg.querySelector("text") !== null;
  }

  // The smallest text of the svg in its own user units (font size times any inner scaling).
  function smallestTextUnits(svg) {
    var root = svg.getScreenCTM();
    if (!root || !root.a) return null;
    var rootScale = Math.hypot(root.a, root.b);
    var smallest = Infinity;
    svg.querySelectorAll("text").forEach(function (t) {
      if (!t.textContent.trim()) return;
      var ctm = t.getScreenCTM();
      if (!ctm) return;
      var size = parseFloat(getComputedStyle(t).fontSize);
      if (!size) return;
      smallest = Math.min(smallest, size * Math.hypot(ctm.a, ctm.b) / rootScale);
    });
    return isFinite(smallest) ? smallest : null;
  }

  function cueFor(scroller) {
    var next = scroller.nextElementSibling;
    if (next && next.classList.contains("bp-scroll-cue")) return next;
    var cue = document.createElement("div");
    cue.className = "bp-scroll-cue";
    cue.setAttribute("aria-hidden", "true");
    cue.textContent = CUE_TEXT;
    scroller.insertAdjacentElement("afterend", cue);
    return cue;
  }

  function fitFigure(svg) {
    if (!svg.getClientRects().length) return;                 // hidden
    var vb = svg.viewBox && svg.viewBox.baseVal;
    if (!vb || !vb.width) return;
    var units = svg.dataset.bpTextUnits ? parseFloat(svg.dataset.bpTextUnits) : smallestTextUnits(svg);
    if (!units) return;
    svg.dataset.bpTextUnits = String(units);
    var minWidth = Math.ceil(vb.width * MIN_TEXT_PX / units);
    var scroller = svg.parentElement;
    if (!scroller.classList.contains("bp-figscroll")) {
      var wrap = document.createElement("div");
      wrap.className = "bp-figscroll";
      svg.parentElement.insertBefore(wrap, svg);
      wrap.appendChild(svg);
      scroller = wrap;
      // inside a flex row (explorers put several figures side by side) the item must be
      // allowed to be narrower than the figure, or the whole row overflows instead
      var item = wrap.parentElement;
      if (item && item.parentElement && getComputedStyle(item.parentElement).display.indexOf("flex") >= 0) {
        item.classList.add("bp-figitem");
      }
    }
    svg.style.minWidth = minWidth + "px";
    svg.style.maxWidth = "100%";
    var natural = parseFloat(svg.getAttribute("width")) || 0;
    if (natural && natural < minWidth) svg.style.width = minWidth + "px";
    var overflow = scroller.scrollWidth > scroller.clientWidth + 1;
    scroller.classList.toggle("bp-overflows", overflow);
    if (overflow && !scroller.hasAttribute("tabindex")) {
      scroller.setAttribute("tabindex", "0");
      scroller.setAttribute("role", "region");
      scroller.setAttribute("aria-label", "figure, scrolls sideways");
    }
    cueFor(scroller).hidden = !overflow;
  }

  function fitFigures() {
    article().querySelectorAll("svg").forEach(function (svg) {
      if (isFigure(svg)) fitFigure(svg);
    });
  }

  // ------------------------------------------------------------------ wiring
  var pending = false;
  function fitAll() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      observer.disconnect();
      try {
        fitFigures();
        fitEquations();
      } finally {
        observer.observe(article(), {childList: true, subtree: true});
      }
    });
  }
  var observer = new MutationObserver(fitAll);

  function start() {
    unwrapSolutions();
    fitAll();
    window.addEventListener("resize", fitAll);
    document.addEventListener("toggle", fitAll, true);          // <details> dropdowns
    document.addEventListener("click", function () { setTimeout(fitAll, 50); }, true);
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      MathJax.startup.promise.then(fitAll);
    }
    // MathJax may load after this script: poll briefly for its promise
    var tries = 0;
    var timer = setInterval(function () {
      tries += 1;
      if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        clearInterval(timer);
        MathJax.startup.promise.then(fitAll);
      } else if (tries > 100) {
        clearInterval(timer);
      }
    }, 100);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(fitAll);
  }
  // Solutions are wrapped in <details class="bp-solution-fold"> so that they fold in JupyterLab
  // and Colab; here the {solution} inside is a dropdown already, so open the wrapper.
  function unwrapSolutions() {
    document.querySelectorAll("details.bp-solution-fold").forEach(function (d) {
      d.open = true;
      d.classList.add("bp-open");
    });
  }
  unwrapSolutions();

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
  foldProofs();
  window.bpFitScreens = function () { fitFigures(); fitEquations(); };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
