// Property tests of the rule loader and the regex guard: any file content yields rules or one ConfigError
// listing problems (never another exception), and any pattern the guard accepts runs in linear time.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { stringify } from "yaml";
import { ConfigError } from "../../../shared/config/load.js";
import { loadRules, RuleSchema } from "../../../services/detector/rules/rule.js";
import { adversarialInputs, regexProblem, timeOnAdversarialInputs } from "../../../services/detector/rules/regex-safety.js";

const VALID = {
  id: "fuzz.rule", name: "Fuzz", description: "d", taxonomy: ["P1"], severity: "high", kind: "pattern", scopes: ["content"],
  patterns: ["ignore\\s{1,3}previous"], examples: { must_match: ["ignore previous"], must_not_match: ["hello"] },
};

function loadOne(content: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), "geiger-fuzz-rules-"));
  writeFileSync(join(dir, "r.yaml"), content);
  return loadRules([dir]);
}

test("loadRules: arbitrary bytes, YAML bombs and random documents give rules or a ConfigError, nothing else", () => {
  const docs = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.jsonValue({ maxDepth: 4 }).map((v) => stringify(v)),
    fc.record({ field: fc.constantFrom(...Object.keys(VALID)), value: fc.jsonValue({ maxDepth: 3 }) }).map(({ field, value }) => stringify({ ...VALID, [field]: value })),
    fc.constantFrom(
      "a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
      "!!js/function 'function(){}'", "---\n---\n---", "\u0000\u0001", "id: [", "{".repeat(10_000), "[".repeat(5_000),
      "- ".repeat(5_000) + "x", "? ".repeat(5_000) + "x", Array.from({ length: 2_000 }, (_, i) => " ".repeat(i) + "a:").join("\n"),
    ),
  );
  fc.assert(fc.property(docs, (content) => {
    try {
      const rules = loadOne(content) as unknown[];
      assert.ok(Array.isArray(rules));
    } catch (err) {
      assert.ok(err instanceof ConfigError, `unexpected ${(err as Error).name}: ${(err as Error).message.slice(0, 200)}`);
    }
  }), { numRuns: 300 });
});

test("RuleSchema.safeParse never throws on arbitrary values", () => {
  fc.assert(fc.property(fc.anything({ maxDepth: 4 }), (v) => { RuleSchema.safeParse(v); }), { numRuns: 1000 });
});

/** Regex-shaped strings: atoms, classes, groups, quantifiers and alternations in random order. */
const regexish = fc.array(fc.constantFrom(
  "a", "b", ".", "\\s", "\\w", "\\d", "[a-z]", "[^x]", "(", ")", "(?:", "|", "*", "+", "?", "{1,5}", "{0,200}", "{2}", "{3,}", "\\1", "^", "$", "x", " ",
), { minLength: 1, maxLength: 14 }).map((a) => a.join(""));

test("regexProblem never throws, and every pattern it accepts scans adversarial input in linear time", () => {
  let accepted = 0;
  fc.assert(fc.property(regexish, (src) => {
    const problem = regexProblem(src);
    if (problem !== null) return;
    accepted++;
    const re = new RegExp(src, "gi");
    // 10× the input may cost ~10× the time (plus noise), never ~100× (quadratic) or worse. A GC pause or a busy
    // CPU can stretch one timing (CI once saw it for the linear /[a-z]\s|[^x]/), so a pair over the bound is
    // measured twice more and the fastest of each size is judged: noise adds time, it never removes it.
    const linear = (small: number, large: number): boolean => large < 250 && large < small * 30 + 20;
    let small = timeOnAdversarialInputs(re, 4000);
    let large = timeOnAdversarialInputs(re, 40_000);
    for (let i = 0; i < 2 && !linear(small, large); i++) {
      small = Math.min(small, timeOnAdversarialInputs(re, 4000));
      large = Math.min(large, timeOnAdversarialInputs(re, 40_000));
    }
    assert.ok(linear(small, large), `/${src}/ accepted but ${small.toFixed(1)} ms at 4 kB, ${large.toFixed(1)} ms at 40 kB`);
  }), { numRuns: 800 });
  // About one random pattern in eight passes the guard; 800 runs give ~100 (one run in CI once saw 48 of 400).
  assert.ok(accepted > 40, `enough accepted patterns exercised (${accepted})`);
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => { regexProblem(s); }), { numRuns: 1000 });
  assert.ok(adversarialInputs(100).length > 0);
});
