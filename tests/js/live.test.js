// The page script (backprop_lib/explorers/js/, as static.live_js() bundles it) against the library.
// Fixtures: BP_FIXTURES (a JSON file written by tests/js/make_fixtures.py, with the bundle beside
// it); without it this test writes them itself with the project's Python (BP_PYTHON, else
// .venv/bin/python, else python3). Run through tests/unit/test_explorers_live.py, or by hand:
//   node --test tests/js
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..', '..');

function fixtures() {
  if (process.env.BP_FIXTURES) return process.env.BP_FIXTURES;
  const venv = path.join(ROOT, '.venv', 'bin', 'python');
  const python = process.env.BP_PYTHON || (fs.existsSync(venv) ? venv : 'python3');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bp-live-')), 'fixtures.json');
  const r = spawnSync(python, [path.join(__dirname, 'make_fixtures.py'), out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('make_fixtures.py failed: ' + (r.stderr || r.error));
  return out;
}

const FIX = JSON.parse(fs.readFileSync(fixtures(), 'utf8'));
const BP = require(FIX.bundle);

// A value of the library's quantities (JSON; a non-finite float is {"$float": "nan"}).
function decode(v) {
  if (v && typeof v === 'object' && !Array.isArray(v) && '$float' in v) {
    return { nan: NaN, inf: Infinity, '-inf': -Infinity }[v.$float];
  }
  return v;
}

// The relative tolerance: 1e-12, except the vanishing-gradient explorer's norms, which come
// out of up to 30 layers of 32-term sums (numpy's matrix products sum in another order than the
// page) and in the exploding regime (g = 3) differ by up to ~3e-12 relative.
const RELATIVE = { vanishing_gradients: 1e-11 };

// Where two quantity dicts differ (null when they agree): the same keys at every level, the same
// lengths, equal strings and null, numbers equal to 1e-12 relative (NaN equals NaN; see RELATIVE).
function differ(js, py, where, rel) {
  py = decode(py);
  if (typeof py === 'number') {
    if (typeof js !== 'number') return `${where}: ${JSON.stringify(js)}, library ${py}`;
    if (Number.isNaN(py) || Number.isNaN(js)) return Number.isNaN(py) && Number.isNaN(js) ? null : `${where}: ${js}, library ${py}`;
    if (js === py) return null;
    return Math.abs(js - py) <= rel * Math.max(Math.abs(js), Math.abs(py)) ? null : `${where}: ${js}, library ${py}`;
  }
  if (py === null || typeof py === 'string' || typeof py === 'boolean') {
    return js === py ? null : `${where}: ${JSON.stringify(js)}, library ${JSON.stringify(py)}`;
  }
  if (Array.isArray(py)) {
    if (!Array.isArray(js) || js.length !== py.length) return `${where}: ${JSON.stringify(js)}, library has ${py.length} entries`;
    for (let i = 0; i < py.length; i++) { const d = differ(js[i], py[i], `${where}.${i}`, rel); if (d) return d; }
    return null;
  }
  if (!js || typeof js !== 'object' || Array.isArray(js)) return `${where}: ${JSON.stringify(js)}, library a dict`;
  const kj = Object.keys(js).sort(), kp = Object.keys(py).sort();
  if (kj.join('|') !== kp.join('|')) return `${where || 'the dict'}: keys ${kj.join(', ')}, library ${kp.join(', ')}`;
  for (const k of kp) { const d = differ(js[k], py[k], where ? `${where}.${k}` : k, rel); if (d) return d; }
  return null;
}

const NUMBER = /[−-]?\d+(?:\.\d+)?(?:e[+\-−]\d+)?/g;

// Two texts agree when they are equal except for numbers that differ by one unit in their last
// displayed digit (values equal to 1e-12 may round either way at a tie), or are both below
// 1e-12 (the rounding noise of a sum that is exactly 0, e.g. 0.4·0.5 − 0.2).
function agree(a, b) {
  const ta = a.split(NUMBER), tb = b.split(NUMBER);
  const na = a.match(NUMBER) || [], nb = b.match(NUMBER) || [];
  if (ta.length !== tb.length || na.length !== nb.length) return 'different structure';
  for (let i = 0; i < ta.length; i++) if (ta[i] !== tb[i]) return `text ${JSON.stringify(ta[i].slice(0, 80))} != ${JSON.stringify(tb[i].slice(0, 80))}`;
  for (let i = 0; i < na.length; i++) {
    if (na[i] === nb[i]) continue;
    const x = parseFloat(na[i].replace(/−/g, '-')), y = parseFloat(nb[i].replace(/−/g, '-'));
    if (Math.abs(x) < 1e-12 && Math.abs(y) < 1e-12) continue;
    const dec = (na[i].split('e')[0].split('.')[1] || '').length;
    const exp = na[i].includes('e') ? +na[i].split('e')[1].replace('−', '-') : 0;
    const ulp = Math.pow(10, exp - dec);
    if (Math.abs(x - y) > ulp * 1.0001) return `number ${na[i]} != ${nb[i]}`;
  }
  return null;
}

test('number formats are Python\'s, digit for digit', () => {
  const bad = FIX.formats.filter(([v, spec, py]) => BP.format(v, spec) !== py)
    .map(([v, spec, py]) => `${spec} of ${v}: js ${BP.format(v, spec)} python ${py}`);
  assert.deepEqual(bad.slice(0, 10), []);
});

test('every explorer of the library has its twin, and only those', () => {
  assert.deepEqual(Object.keys(BP.EXPLORERS).sort(), Object.keys(FIX.explorers).sort());
});

for (const [id, fx] of Object.entries(FIX.explorers)) {
  test(`${id}: the page's dict is the library's quantities(params) at ${fx.cases.length} settings`, () => {
    assert.ok(fx.cases.length >= 200, `only ${fx.cases.length} settings`);
    const bad = [];
    for (const c of fx.cases) {
      const why = differ(BP.EXPLORERS[id](c.params, fx.payload.data), c.q, '', RELATIVE[id] || 1e-12);
      if (why) bad.push(`${JSON.stringify(c.params)}: ${why}`);
    }
    assert.deepEqual(bad.slice(0, 5), []);
  });
  test(`${id}: the template filled with the page's dict is the library's rendering`, () => {
    assert.ok(fx.rendered.length > 0);
    for (const c of fx.rendered) {
      const spec = fx.payload;
      assert.equal(BP.templateKey(spec, c.params), c.key);
      const html = BP.fill(spec.templates[c.key], BP.EXPLORERS[id](c.params, spec.data));
      const why = agree(html, c.html);
      assert.equal(why, null, `${id} ${JSON.stringify(c.params)}: ${why}`);
    }
  });
}
