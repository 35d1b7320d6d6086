// Required literals of a regex (the rule pre-filter): derived clauses hold on every match, so a text the
// pre-filter rejects can never match — checked on hand-made shapes, every rule example and the eval corpus.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { requiredLiterals } from "../../../services/detector/signals/required-literals.js";
import { SIGNALS } from "../../../services/detector/signals/injection.js";
import { builtinRulesDir, loadRules, matchRule, mayMatch } from "../../../services/detector/rules/rule.js";
import { normalise } from "../../../services/detector/text/normalise.js";

const show = (re: RegExp): string[] => requiredLiterals(re).map((c) => c.map((l) => `${l.b0 ? "\\b" : ""}${l.text}${l.b1 ? "\\b" : ""}`).sort().join("|"));

test("clauses: alternatives, optional parts, boundaries, look-arounds and classes", () => {
  assert.deepEqual(show(/\b(?:ignore|disregard)\b[^.]{0,20}\binstructions/), ["\\bdisregard\\b|\\bignore\\b", "\\binstructions"]);
  assert.deepEqual(show(/do(?: not|n't)? tell/), ["do not tell|do tell|don't tell"]);
  assert.deepEqual(show(/(?<!never )send\s{1,3}(?:it)?/), ["send"]);
  assert.deepEqual(show(/[a-z]{3,9}|x/), []); // one alternative needs nothing: no requirement
  assert.deepEqual(show(/(?:the\s)?model/), ["model"]);
  assert.deepEqual(show(/a{0,3}b+c?/), ["b"]);
  assert.deepEqual(show(/SECRET/i), ["secret"]); // case-insensitive: compared with lower-cased text
  assert.deepEqual(show(/ſecret/i), ["ecret"]); // non-ASCII under case folding is never a literal
  assert.deepEqual(show(/\x41\u0042/), ["AB"]);
});

const corpus = (): string[] => {
  const root = join(import.meta.dirname, "../../..");
  const texts: string[] = [];
  for (const f of ["attacks.jsonl", "benign-written.jsonl", "holdout-new.jsonl"]) {
    for (const l of readFileSync(join(root, "eval/cases", f), "utf8").split("\n")) if (l.trim()) texts.push((JSON.parse(l) as { text: string }).text);
  }
  return texts;
};

test("every signal regex match in the eval corpus contains one literal of each derived clause", () => {
  let matches = 0;
  for (const text of corpus()) {
    const lower = normalise(text).lower;
    for (const s of SIGNALS) {
      const g = new RegExp(s.re.source, "g");
      for (const m of lower.matchAll(g)) {
        matches++;
        for (const clause of requiredLiterals(s.re)) {
          assert.ok(clause.some((l) => m[0].includes(l.text)), `${s.label}: match ${JSON.stringify(m[0])} lacks all of ${clause.map((l) => l.text).join("|")}`);
        }
      }
    }
  }
  assert.ok(matches > 100, `only ${matches} matches: the corpus no longer exercises the signals`);
});

test("the rule pre-filter never rejects a text a rule matches (rule examples and eval corpus)", () => {
  const rules = loadRules([builtinRulesDir()]);
  const texts = corpus();
  for (const r of rules) for (const ex of r.rule.examples.must_match) texts.push(typeof ex === "string" ? ex : ex.text);
  let matched = 0;
  for (const raw of texts) {
    const n = normalise(raw);
    for (const [text, lower] of [[raw, raw.toLowerCase()], [n.clean, n.lower], ...n.decoded.map((d) => [d.text, d.text])] as [string, string][]) {
      for (const r of rules) {
        const full = matchRule(r, text);
        assert.deepEqual(matchRule(r, text, lower), full, `${r.rule.id} on ${JSON.stringify(text.slice(0, 80))}`);
        if (full) { matched++; assert.ok(mayMatch(r, full.pattern, text, lower)); }
      }
    }
  }
  assert.ok(matched > 20, `only ${matched} rule matches: the check exercises nothing`);
});
