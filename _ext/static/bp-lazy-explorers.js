/* Explorers made live when they are needed (issue 24).
   Wired by _ext/page_speed.py, which calls BPLazyExplorers.add(root) where the page called
   BPLive.mount(root), and moves an explorer's data and templates (its
   <script type="application/json" class="bp-live">) when over 64 KiB to
   _static/bp-live/<hash>.json, leaving data-src on the emptied script. The figure the library drew is in the page from the start; this only
   decides when it becomes live:
   - when the explorer comes within about two screens of the viewport (IntersectionObserver), its
     data is fetched and BPLive.mount(root) runs;
   - when a control is used before that (a keyboard user, a script), the data is read at once
     (synchronously) so that the figure follows that very change, as it did before.
   Nothing is fetched for an explorer that is never scrolled near or touched. */
(function (root) {
  "use strict";
  if (root.BPLazyExplorers) return;

  function holder(el) { return el.querySelector("script.bp-live"); }

  function fill(el, text) {
    var h = holder(el);
    if (h && !h.textContent) h.textContent = text;
  }

  function mount(el) {
    if (el.dataset.live || !root.BPLive) return;
    root.BPLive.mount(el);
  }

  function load(el) {                        // near the viewport: fetch, then mount
    if (el.dataset.live || el.dataset.bpLoading) return;
    var h = holder(el), src = h && h.getAttribute("data-src");
    if (!src || h.textContent) { mount(el); return; }
    el.dataset.bpLoading = "1";
    fetch(src).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + src);
      return r.text();
    }).then(function (text) {
      fill(el, text);
      mount(el);
    }).catch(function (e) {
      delete el.dataset.bpLoading;
      if (root.console) console.warn("explorer data not loaded: " + e);
    });
  }

  function now(el) {                         // a control used first: read the data at once
    if (el.dataset.live) return;
    var h = holder(el), src = h && h.getAttribute("data-src");
    if (src && !h.textContent) {
      try {
        var xhr = new XMLHttpRequest();
        xhr.open("GET", src, false);
        xhr.send(null);
        if (xhr.status === 200 || (xhr.status === 0 && xhr.responseText)) fill(el, xhr.responseText);
      } catch (e) { /* file:// without access: the figure stays as drawn */ }
    }
    if (h && h.textContent) mount(el);
  }

  var observer = ("IntersectionObserver" in root) ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) { observer.unobserve(e.target); load(e.target); }
    });
  }, { rootMargin: "200% 0px" }) : null;

  function add(el) {
    if (!el) return;
    ["input", "change", "focusin", "pointerdown"].forEach(function (type) {
      el.addEventListener(type, function () { now(el); }, true);
    });
    if (observer) observer.observe(el);
    else load(el);
  }

  root.BPLazyExplorers = { add: add, load: load, now: now };
})(window);
