// Typesets one page's maths while the book builds (issue 24), with the same MathJax (3.2.2,
// the tex-mml-chtml component the pages loaded from the CDN before): TeX in, SVG (or CHTML)
// out, with the assistive MathML the page's MathJax added (screen readers read it). Its TeX
// packages are the component's (base, ams, newcommand, noundefined, require, autoload,
// configmacros), and a package autoloaded by one equation stays loaded for the page's later
// equations, as in the browser: so one process per page, its equations in the page's order.
//
// SVG (the default): the same TeX fonts' glyphs as paths, each glyph defined once per page
// (fontCache "global": the <svg id="MJX-SVG-global-cache"> returned as "cache", which the page
// puts at the start of its body) and drawn by <use>, in currentColor (the dark theme's text
// colour). No font files, and a formula is one box for the browser's layout (CHTML made every
// character a CSS box with its own rules: most of a chapter's style and layout time at load).
// The <g data-mml-node> wrappers that only name a MathML node (no transform, no class) are
// removed, their children kept in place, the others lose the name, a group of one <use> is that
// <use> with the group's transform, an empty group is dropped: the same drawing with about half
// the elements.
//
// Driven by _ext/page_speed.py: stdin is one JSON object,
//   {"items": [{"tex": "...", "display": true|false}, ...], "output": "svg" (else CHTML),
//    "fontURL": "...", "scale": 1.273, "config": {the page's window.MathJax options}}
// "scale" is the one the page's MathJax measured (matchFontHeight: the ex-height of the theme's
// text font over MathJax's, 127.3% for pydata-sphinx-theme's font stack); Node cannot measure it.
// CHTML needs it as a font-size; SVG sizes each formula in ex, which the browser resolves in the
// page's own font, so it comes out the same size with no scale.
// stdout is one JSON object: {"html": ["<mjx-container ...>", ...], "css": "...", "cache": "<svg..>"
//   (SVG only), "errors": [index of an item MathJax reported an error for, ...]}.
"use strict";

// g[data-mml-node=...] kept whatever their attributes: MathJax's stylesheet selects them
// (merror, mtable and its rows and cells, maction)
const KEEP_G = new Set(["merror", "mtable", "mlabeledtr", "mtr", "mtd", "maction"]);
const NAMING_ONLY = new Set(["data-mml-node", "data-mjx-texclass"]);

function unwrapNamingGroups(node) {
  if (!node.children) return;
  const out = [];
  for (const child of node.children) {
    unwrapNamingGroups(child);
    const attrs = child.attributes ? Object.keys(child.attributes) : null;
    if (child.kind === "g" && attrs && attrs.length && attrs.every((a) => NAMING_ONLY.has(a)) &&
        !KEEP_G.has(child.attributes["data-mml-node"])) {
      for (const c of child.children) { c.parent = node; out.push(c); }
    } else {
      if (child.kind === "g" && attrs && !KEEP_G.has(child.attributes["data-mml-node"])) {
        delete child.attributes["data-mml-node"];
        delete child.attributes["data-mjx-texclass"];
        const left = Object.keys(child.attributes);
        if (!child.children.length && left.every((a) => a === "transform")) continue;   // draws nothing
        const only = child.children.length === 1 ? child.children[0] : null;
        if (only && only.kind === "use" && left.length === 1 && left[0] === "transform" &&
            !("transform" in only.attributes) && !("x" in only.attributes) && !("y" in only.attributes)) {
          only.attributes.transform = child.attributes.transform;   // <g transform><use/></g> is <use transform/>
          only.parent = node;
          out.push(only);
          continue;
        }
      }
      out.push(child);
    }
  }
  node.children = out;
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => { input += d; });
process.stdin.on("end", () => {
  const req = JSON.parse(input);
  const config = req.config || {};
  const svg = req.output === "svg";
  require("mathjax-full/es5/node-main.js").init({
    loader: {load: ["adaptors/liteDOM", "input/tex", svg ? "output/svg" : "output/chtml", "a11y/assistive-mml"]},
    tex: Object.assign({}, config.tex || {}),
    chtml: {fontURL: req.fontURL, adaptiveCSS: true},
    svg: {fontCache: "global"},
    options: Object.assign({}, config.options || {}),
    startup: {typeset: false},
  }).then(async (MathJax) => {
    const adaptor = MathJax.startup.adaptor;
    const html = [], errors = [];
    const scale = req.scale || 1;
    for (let i = 0; i < req.items.length; i++) {
      const item = req.items[i];
      const opts = {display: !!item.display, em: 16, ex: svg ? 16 * 0.442 * scale : 8,
        containerWidth: req.width || 80 * 16, scale: svg ? 1 : scale};
      const node = svg ? await MathJax.tex2svgPromise(item.tex, opts) : await MathJax.tex2chtmlPromise(item.tex, opts);
      if (svg) unwrapNamingGroups(node);
      const out = adaptor.outerHTML(node);
      if (out.indexOf("<mjx-merror") >= 0 || out.indexOf('data-mml-node="merror"') >= 0) errors.push(i);
      html.push(out);
    }
    const reply = {html, errors};
    if (svg) {
      reply.css = adaptor.textContent(MathJax.svgStylesheet());
      const cache = MathJax.startup.document.outputJax.pageElements(MathJax.startup.document);
      reply.cache = cache ? adaptor.outerHTML(cache) : "";
    } else {
      reply.css = adaptor.textContent(MathJax.chtmlStylesheet());
    }
    process.stdout.write(JSON.stringify(reply));
  }).catch((e) => {
    process.stderr.write(String(e && e.stack || e));
    process.exit(1);
  });
});
