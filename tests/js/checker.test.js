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
