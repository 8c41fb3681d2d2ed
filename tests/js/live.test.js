// The page-side twin of backprop_lib (backprop_lib/explorers/live.js) against the library itself.
// Fixtures: BP_FIXTURES (a JSON file written by tests/js/make_fixtures.py); run through
// tests/unit/test_explorers_live.py, or by hand:
//   python tests/js/make_fixtures.py /tmp/fx.json && BP_FIXTURES=/tmp/fx.json node --test tests/js
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const BP = require(path.join(__dirname, '..', '..', 'backprop_lib', 'explorers', 'live.js'));
const fixturesPath = process.env.BP_FIXTURES;
if (!fixturesPath) throw new Error('set BP_FIXTURES to a file written by tests/js/make_fixtures.py');
const FIX = JSON.parse(fs.readFileSync(fixturesPath, 'utf8'));

const NUMBER = /[−-]?\d+(?:\.\d+)?(?:e[+\-−]\d+)?/g;

// Two texts agree when they are equal except for numbers that differ by one unit in their
// last displayed digit (floating-point sums in another order may round the other way), or
// are both below 1e-12 (the rounding noise of a sum that is exactly 0, e.g. 0.4·0.5 − 0.2).
function agree(a, b) {
  const ta = a.split(NUMBER), tb = b.split(NUMBER);
  const na = a.match(NUMBER) || [], nb = b.match(NUMBER) || [];
  if (ta.length !== tb.length || na.length !== nb.length) return 'different structure';
  for (let i = 0; i < ta.length; i++) if (ta[i] !== tb[i]) return `text ${JSON.stringify(ta[i].slice(0, 80))} != ${JSON.stringify(tb[i].slice(0, 80))}`;
  for (let i = 0; i < na.length; i++) {
    if (na[i] === nb[i]) continue;
    const x = parseFloat(na[i].replace(/−/g, '-')), y = parseFloat(nb[i].replace(/−/g, '-'));
    if (Math.abs(x) < 1e-12 && Math.abs(y) < 1e-12) continue;  // rounding noise around an exact 0
    const dec = (na[i].split('e')[0].split('.')[1] || '').length;
    const exp = na[i].includes('e') ? +na[i].split('e')[1].replace('−', '-') : 0;
    const ulp = Math.pow(10, exp - dec);
    if (Math.abs(x - y) > ulp * 1.0001) return `number ${na[i]} != ${nb[i]}`;
  }
  return null;
}

function close(a, b) {
  if (typeof b === 'string') return a === b || String(a) === b;
  if (Array.isArray(b)) return Array.isArray(a) && a.length === b.length && b.every((v, i) => close(a[i], v));
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

test('number formats are Python\'s, digit for digit', () => {
  const bad = FIX.formats.filter(([v, spec, py]) => BP.format(v, spec) !== py)
    .map(([v, spec, py]) => `${spec} of ${v}: js ${BP.format(v, spec)} python ${py}`);
  assert.deepEqual(bad.slice(0, 10), []);
});

for (const [id, fx] of Object.entries(FIX.explorers)) {
  test(`${id}: every quantity the figure shows equals the library's`, () => {
    for (const c of fx.cases) {
      const js = BP.EXPLORERS[id](c.params, fx.payload.data);
      for (const [name, want] of Object.entries(c.values)) {
        const got = BP.lookup(js, name);
        assert.ok(close(got, want), `${id} ${JSON.stringify(c.params)}: ${name} = ${got}, library ${want}`);
      }
    }
  });
  test(`${id}: the filled template is the library's rendering`, () => {
    for (const c of fx.cases) {
      const spec = fx.payload;
      assert.equal(BP.keyOf(spec, c.params), c.key);
      const html = BP.fill(spec.templates[c.key], BP.EXPLORERS[id](c.params, spec.data));
      const why = agree(html, c.html);
      assert.equal(why, null, `${id} ${JSON.stringify(c.params)}: ${why}`);
    }
  });
}
