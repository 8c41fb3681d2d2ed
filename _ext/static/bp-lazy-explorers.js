/* Explorers made live when they are needed (issue 24).
   Wired by _ext/page_speed.py, which calls BPLazyExplorers.add(root) where the page called
   BPLive.mount(root) and inlines this file in the head, and by _ext/page_bytes.py, which moves
   the page script (BPLive, explorers/js/) to _static/bp-live/live-<hash>.js and every explorer's
   data and templates (the JSON in its script.bp-live) to _static/bp-live/<hash>.js, a script that
   hands the JSON's text to BPLazyExplorers.data("<hash>", text), and leaves data-js and data-src
   on the emptied script (page_speed.py's own files, <hash>.json, are fetched). Scripts, not
   fetched JSON, so that a book opened from the disk (file://) has live explorers too. The
   figure the library drew, with its numbers, is in the page from the start; this only decides
   when it becomes live:
   - once the page has loaded (and the browser is idle), when the explorer comes within about
     two screens of the viewport (IntersectionObserver): its data and the page script are
     loaded, then BPLive.mount(root) runs. Nothing is loaded while the page itself loads;
   - when a control is used before that (a keyboard user, a script), both are read at once
     (synchronously) so that the figure follows that very change, as it did before; where that
     cannot be (file://), they are loaded at once and the figure follows the controls as they
     are then.
   Nothing is loaded for an explorer that is never scrolled near or touched. */
(function (root) {
  "use strict";
  if (root.BPLazyExplorers) return;

  function holder(el) { return el.querySelector("script.bp-live"); }

  function fill(el, text) {
    var h = holder(el);
    if (h && !h.textContent) h.textContent = text;
  }

  function getSync(src) {                    // the text of src, or null
    try {
      var xhr = new XMLHttpRequest();
      xhr.open("GET", src, false);
      xhr.send(null);
      if (xhr.status === 200 || (xhr.status === 0 && xhr.responseText)) return xhr.responseText;
    } catch (e) { /* file://: loaded by a script element instead */ }
    return null;
  }

  function addScript(src) {                  // a promise: the script ran
    return new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = function () { ok(); };
      s.onerror = function () { fail(new Error("not loaded: " + src)); };
      document.head.appendChild(s);
    });
  }

  // The page script (BPLive): in the page already, or data-js, loaded once for every explorer.
  var scriptLoading = null;

  function scriptSrc(el) { var h = holder(el); return h && h.getAttribute("data-js"); }

  function liveScript(el) {                  // a promise: BPLive is defined
    if (root.BPLive) return Promise.resolve();
    var src = scriptSrc(el);
    if (!src) return Promise.reject(new Error("no page script for the explorer"));
    if (!scriptLoading) {
      scriptLoading = addScript(src).then(function () {
        if (!root.BPLive) throw new Error("no BPLive in " + src);
      }, function (e) { scriptLoading = null; throw e; });
    }
    return scriptLoading;
  }

  function liveScriptNow(el) {               // synchronously; true when BPLive is defined
    if (!root.BPLive) {
      var src = scriptSrc(el), text = src && getSync(src);
      if (text && !root.BPLive) {            // an inline script runs as it is inserted
        var s = document.createElement("script");
        s.text = text;
        document.head.appendChild(s);
      }
    }
    return !!root.BPLive;
  }

  // An explorer's data: <hash>.js calls BPLazyExplorers.data("<hash>", text); <hash>.json is fetched.
  var received = {}, waiting = {};

  function keyOf(src) { return src.replace(/^.*\//, "").replace(/\.js$/, ""); }

  function receive(key, text) {
    received[key] = text;
    (waiting[key] || []).forEach(function (ok) { ok(text); });
    delete waiting[key];
  }

  function dataText(src) {                   // a promise of the data's text
    if (!/\.js$/.test(src)) {
      return fetch(src).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + src);
        return r.text();
      });
    }
    var key = keyOf(src);
    if (key in received) return Promise.resolve(received[key]);
    var first = !waiting[key];
    var promise = new Promise(function (ok) { (waiting[key] = waiting[key] || []).push(ok); });
    if (first) addScript(src).catch(function (e) { delete waiting[key]; if (root.console) console.warn(e); });
    return promise;
  }

  function dataNow(src) {                    // synchronously: the data's text, or null
    var key = keyOf(src);
    if (key in received) return received[key];
    var text = getSync(src);
    if (text === null || !/\.js$/.test(src)) return text;
    try {                                    // BPLazyExplorers.data("<hash>", "<the JSON's text>");
      return JSON.parse(text.slice(text.indexOf(",") + 1, text.lastIndexOf(")")));
    } catch (e) { return null; }
  }

  function data(el) {                        // a promise: the holder has the explorer's data
    var h = holder(el), src = h && h.getAttribute("data-src");
    if (!src || h.textContent) return Promise.resolve();
    return dataText(src).then(function (text) { fill(el, text); });
  }

  function mount(el) {
    if (el.dataset.live || !root.BPLive) return;
    var h = holder(el);
    if (!h || !h.textContent) return;
    root.BPLive.mount(el);
  }

  function load(el) {                        // near the viewport: load both, then mount
    if (el.dataset.live || el.dataset.bpLoading) return;
    el.dataset.bpLoading = "1";
    Promise.all([liveScript(el), data(el)]).then(function () {
      mount(el);
    }).catch(function (e) {
      delete el.dataset.bpLoading;
      if (root.console) console.warn("explorer not made live: " + e);
    });
  }

  function now(el) {                         // a control used first: read both at once
    if (el.dataset.live) return;
    var h = holder(el), src = h && h.getAttribute("data-src");
    if (src && !h.textContent) {
      var text = dataNow(src);
      if (text !== null) fill(el, text);
    }
    if (h && h.textContent && liveScriptNow(el)) mount(el);
    else load(el);                           // file://: as soon as both are loaded
  }

  var pending = [], started = false;
  var observer = ("IntersectionObserver" in root) ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) { observer.unobserve(e.target); load(e.target); }
    });
  }, { rootMargin: "200% 0px" }) : null;

  function watch(el) {
    if (observer) observer.observe(el);
    else load(el);
  }

  function start() {                         // the page has loaded: explorers near go live
    if (started) return;
    started = true;
    pending.splice(0).forEach(watch);
  }

  function add(el) {
    if (!el) return;
    ["input", "change", "focusin", "pointerdown"].forEach(function (type) {
      el.addEventListener(type, function () { now(el); }, true);
    });
    if (started) watch(el);
    else pending.push(el);
  }

  function afterLoad() {
    if (root.requestIdleCallback) root.requestIdleCallback(start, { timeout: 1000 });
    else root.setTimeout(start, 0);
  }
  if (document.readyState === "complete") afterLoad();
  else root.addEventListener("load", afterLoad);

  root.BPLazyExplorers = { add: add, load: load, now: now, data: receive };
})(window);
