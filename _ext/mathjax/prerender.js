// Typesets one page's maths while the book builds (issue 24), with the same MathJax (3.2.2,
// the tex-mml-chtml component the pages loaded from the CDN before): TeX in, CHTML out, with
// the assistive MathML the page's MathJax added (screen readers read it). Its TeX packages are
// the component's (base, ams, newcommand, noundefined, require, autoload, configmacros), and a
// package autoloaded by one equation stays loaded for the page's later equations, as in the
// browser: so one process per page, its equations in the page's order.
//
// Driven by _ext/page_speed.py: stdin is one JSON object,
//   {"items": [{"tex": "...", "display": true|false}, ...], "fontURL": "...", "scale": 1.273,
//    "config": {the page's window.MathJax options}}
// "scale" is the one the page's MathJax measured (matchFontHeight: the ex-height of the theme's
// text font over MathJax's, 127.3% for pydata-sphinx-theme's font stack); Node cannot measure it.
// stdout is one JSON object: {"html": ["<mjx-container ...>", ...], "css": "...",
//   "errors": [index of an item MathJax reported an error for, ...]}.
"use strict";

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => { input += d; });
process.stdin.on("end", () => {
  const req = JSON.parse(input);
  const config = req.config || {};
  require("mathjax-full/es5/node-main.js").init({
    loader: {load: ["adaptors/liteDOM", "input/tex", "output/chtml", "a11y/assistive-mml"]},
    tex: Object.assign({}, config.tex || {}),
    chtml: {fontURL: req.fontURL, adaptiveCSS: true},
    options: Object.assign({}, config.options || {}),
    startup: {typeset: false},
  }).then(async (MathJax) => {
    const adaptor = MathJax.startup.adaptor;
    const html = [], errors = [];
    for (let i = 0; i < req.items.length; i++) {
      const item = req.items[i];
      const node = await MathJax.tex2chtmlPromise(item.tex, {display: !!item.display,
        em: 16, ex: 8, containerWidth: req.width || 80 * 16, scale: req.scale || 1});
      const out = adaptor.outerHTML(node);
      if (out.indexOf("<mjx-merror") >= 0) errors.push(i);
      html.push(out);
    }
    const css = adaptor.textContent(MathJax.chtmlStylesheet());
    process.stdout.write(JSON.stringify({html, css, errors}));
  }).catch((e) => {
    process.stderr.write(String(e && e.stack || e));
    process.exit(1);
  });
});
