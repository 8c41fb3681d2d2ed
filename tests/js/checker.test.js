// node --test tests/js/ : the answer box's parser and checker (backprop_lib/exercises/checker.js).
// The fixtures (every value exercise: payload, reference, each declared mistake, and the verdict
// and message Exercise.check gives) are written by tests/unit/test_exercises_page.py.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const bp = require("../../backprop_lib/exercises/checker.js");

test("numbers as a learner types them", () => {
  assert.deepEqual(bp.parseAnswer("0.7").value, 0.7);
  assert.deepEqual(bp.parseAnswer(" -1.2e-3 ").value, -1.2e-3);
  assert.deepEqual(bp.parseAnswer("\u22120.5").value, -0.5);
  assert.deepEqual(bp.parseAnswer("0.1, 0.5, 0.8").value, [0.1, 0.5, 0.8]);
  assert.deepEqual(bp.parseAnswer("[0.1, 0.5]").value, [0.1, 0.5]);
  assert.deepEqual(bp.parseAnswer("[[1, 2], [3, 4]]").value, [[1, 2], [3, 4]]);
  assert.deepEqual(bp.parseAnswer("[[1, 2], [3, 4]]").shape, [2, 2]);
  assert.deepEqual(bp.parseAnswer("(3, 6)").value, [3, 6]);
  assert.deepEqual(bp.parseAnswer(".5").value, 0.5);
});

test("bad input gets a clear message, never an exception", () => {
  for (const bad of ["", "   ", "abc", "NaN", "inf", "[[1, 2], [3]]", "[1, 2", "1,, 2", "[]",
                     "alert(1)", "1; 2", "0.7.1", "1e", "[1, [2, 3]]", null, undefined, 42]) {
    const r = bp.parseAnswer(bad);
    assert.equal(r.ok, false, String(bad));
    assert.ok(typeof r.error === "string" && r.error.length > 10, String(bad));
  }
  assert.match(bp.parseAnswer("").error, /empty/);
  assert.match(bp.parseAnswer("[[1, 2], [3]]").error, /same number of entries/);
  assert.match(bp.parseAnswer("NaN").error, /not a finite number/);
});

test("what learners really type: powers of ten, thousands, overflow, deep brackets", () => {
  for (const t of ["7 × 10^-1", "7×10^-1", "7 x 10^(-1)", "7*10**-1", "7·10⁻¹", "7e-1", "0.7"])
    assert.equal(bp.parseAnswer(t).value, 0.7, t);
  assert.equal(bp.parseAnswer("10^-3").value, 0.001);
  assert.deepEqual(bp.parseAnswer("[7 × 10^-1, 2]").value, [0.7, 2]);
  // one number asked for: 65,536 has a thousands separator; a vector asked for: two numbers
  assert.equal(bp.parseAnswer("65,536", { scalar: true }).value, 65536);
  assert.deepEqual(bp.parseAnswer("65,536").value, [65, 536]);
  // 1e309 overflows to infinity: read, then answered like the library ("NaN or infinity")
  const inf = bp.parseAnswer("1e309");
  assert.equal(inf.ok, true);
  const p = { id: "x", expected: 0.5, shape: [], rtol: 1e-6, atol: 1e-9, mistakes: [], generic: {},
              not_finite: "Your answer contains NaN or infinity.", pointers: "", hints: [], digits: 4,
              shape_advice: {} };
  assert.deepEqual(bp.check(p, inf), { passed: false, mistake: "not_finite", message: p.not_finite });
  // 5,000 nested brackets: a sentence, not a stack overflow
  const deep = bp.parseAnswer("[".repeat(5000) + "1" + "]".repeat(5000));
  assert.equal(deep.ok, false);
  assert.match(deep.error, /Too many brackets/);
  assert.match(bp.parseAnswer("1/4").error, /fraction/);
  assert.match(bp.parseAnswer("1" + "0".repeat(30000)).error, /too long/);
  for (const bad of ["[1, 2", "1,", "(", "[[[", "7 × 10^", "×", "1e309e"]) {
    const r = bp.parseAnswer(bad);
    assert.equal(r.ok, false, bad);
    assert.ok(r.error.length > 10 && !/call stack|undefined|TypeError/.test(r.error), bad);
  }
});

test("the declared significant digits: half a unit of the last digit, entry by entry", () => {
  assert.equal(bp.digitsClose([3325], [3325.2567], 4), true);
  assert.equal(bp.digitsClose([3326], [3325.2567], 4), false);
  assert.equal(bp.digitsClose([3325.7567], [3325.2567], 4), false);
  assert.equal(bp.digitsClose([3325.5067], [3325.2567], 4), false);
  assert.equal(bp.digitsClose([3325.49], [3325.2567], 4), true);
  assert.equal(bp.digitsClose([-3325.3], [-3325.2567], 4), true);
  assert.equal(bp.digitsClose([0.3007], [0.30075], 4), true);
  assert.equal(bp.digitsClose([0.3008], [0.30075], 4), true);
  assert.equal(bp.digitsClose([0.3333, 1.25e-5], [1 / 3, 1.2503e-5], 4), true);
  assert.equal(bp.digitsClose([0.333], [1 / 3], 4), false);
  assert.equal(bp.digitsClose([Infinity], [1], 4), false);
  assert.equal(bp.digitsClose([1], [1], null), false);
});

test("the Hint button: the last mistake's hint once, then the hints in order, then the end", () => {
  const p = { hints: ["first", "second"] };
  const state = { next: 0, mistakeHint: "about your mistake" };
  const seen = [1, 2, 3, 4].map(() => bp.nextHint(p, state));
  assert.deepEqual(seen.map((h) => h.label), ["Hint for your last answer", "Hint 1 of 2", "Hint 2 of 2", "No more hints"]);
  assert.match(seen[1].text, /^first \(there are more: press Hint again\)$/);
  assert.match(seen[2].text, /the last one/);
  assert.ok(!seen.some((h) => /\.hint\(\)/.test(h.text)));
});

test("the parser never evaluates what is typed", () => {
  globalThis.__pwned = false;
  const r = bp.parseAnswer("(globalThis.__pwned = true)");
  assert.equal(r.ok, false);
  assert.equal(globalThis.__pwned, false);
});

test("progress: attempts and passed per exercise, a corrupt store starts fresh", () => {
  const store = { data: {}, getItem(k) { return this.data[k] ?? null; }, setItem(k, v) { this.data[k] = v; } };
  bp.record(store, "a.b", false);
  bp.record(store, "a.b", true);
  bp.record(store, "a.b", false);
  const p = bp.loadProgress(store);
  assert.deepEqual(p["a.b"], { attempts: 3, passed: true });
  assert.equal(bp.doneCount(p, ["a.b", "a.c"]), 1);
  store.data[bp.KEY] = "{not json";
  assert.deepEqual(bp.loadProgress(store), {});
});

const FIXTURES = path.join(__dirname, "fixtures", "exercises.json");
test("same verdict and message as Exercise.check for every value exercise", { skip: !fs.existsSync(FIXTURES) }, () => {
  const fixtures = JSON.parse(fs.readFileSync(FIXTURES, "utf8"));
  assert.ok(fixtures.length > 10);
  for (const f of fixtures) {
    const got = bp.check(f.payload, bp.parseAnswer(f.typed));
    assert.equal(got.passed, f.passed, `${f.id} ${f.what}: ${got.message}`);
    assert.equal(got.mistake, f.mistake, `${f.id} ${f.what}`);
    assert.equal(got.message, f.message, `${f.id} ${f.what}`);
  }
});
