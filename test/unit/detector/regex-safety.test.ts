// ReDoS guard: unsafe shapes are refused at load, and every built-in signal and normaliser regex stays fast on
// 50k-character adversarial inputs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { regexProblem, timeOnAdversarialInputs, adversarialInputs } from "../../../services/detector/rules/regex-safety.js";
import { SIGNALS, findSignals } from "../../../services/detector/signals/injection.js";
import { normalise } from "../../../services/detector/text/normalise.js";

test("structural guard rejects nested quantifiers, backreferences and unbounded quantifiers", () => {
  for (const bad of ["(a+)+", "(a{1,5}){1,5}", "(a|aa){0,20}", "(x)\\1", "(?<n>a)\\k<n>", "a.*b", "\\w+x", "a{2,}", "a{1,5000}", "(unclosed"]) {
    assert.ok(regexProblem(bad), `should reject ${bad}`);
  }
  for (const ok of ["ignore[^.]{0,40}instructions", "\\b(?:foo|bar)\\b", "(?:ab){0,3}", "(?:a|b)?c", "[a-z]{1,200}@[a-z]{1,50}", "\\{\\}"]) {
    assert.equal(regexProblem(ok), null, `should accept ${ok}`);
  }
});

test("the timing harness itself catches a catastrophic pattern quickly enough to be useful", () => {
  const ms = timeOnAdversarialInputs(/(?:a|a){1,12}b/, 1000);
  assert.ok(ms >= 0);
});

test("every built-in signal regex returns promptly on 50k-character adversarial inputs", () => {
  const inputs = [...adversarialInputs(50_000), "ignore ".repeat(7000) + "x", "send ".repeat(10_000), "you must ".repeat(6000), "<".repeat(50_000), "when ".repeat(10_000),
    // Shapes of the later signals: a lookahead for a closing tag, multi-line chat turns, a TODO errand, a verdict.
    "[inst] ".repeat(7000), "assistant: x\n".repeat(4000), "todo: send ".repeat(5000), "report only: the ".repeat(3000), "http://x ".repeat(6000)];
  for (const s of inputs) {
    const t0 = performance.now();
    findSignals(s, "content", []);
    const ms = performance.now() - t0;
    assert.ok(ms < 1000, `signals took ${ms.toFixed(0)} ms on ${JSON.stringify(s.slice(0, 20))}…`);
  }
  assert.ok(SIGNALS.length > 40);
});

test("normalisation returns promptly on adversarial inputs", () => {
  for (const s of [...adversarialInputs(50_000), "A".repeat(50_000), "%41".repeat(17_000), "&#65;".repeat(10_000), "\u200b".repeat(50_000), "\\u0041".repeat(8000)]) {
    const t0 = performance.now();
    normalise(s);
    assert.ok(performance.now() - t0 < 1000);
  }
});

test("adjacent quantifiers whose choices multiply past the bound are refused (found by the rule fuzz test)", () => {
  // 201 × 201 splits at every start: ~4 s on 40 kB although every quantifier is bounded.
  for (const src of ["a{0,200}a{0,200}x", "\\s{0,500}\\s{0,500}x", "(?:a{0,200})a{0,200}"]) assert.match(regexProblem(src) ?? "", /adjacent quantifiers/, src);
  // A literal between quantifiers ends the run; small runs are fine.
  for (const src of ["ignore\\s{1,3}previous", "a{0,200}-a{0,200}", "a?b?c?d?", "[^.]{0,80}\\bto\\s{1,3}[^.]{0,60}", "x{0,1000}"]) assert.equal(regexProblem(src), null, src);
  // ...unless the quantifier before it can match it too: the space is then one more split, not a separator.
  for (const src of ["\\s{0,200} .{0,200}a", "\\w{0,200}_\\w{0,200}", "[a-z]{0,200}q[^x]{0,200}"]) assert.match(regexProblem(src) ?? "", /adjacent quantifiers/, src);
});
