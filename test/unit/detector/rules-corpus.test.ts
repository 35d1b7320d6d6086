// Every rule in rules/: loads and validates, ids unique (also against the built-in detectors), every example
// behaves through the real engine, and every pattern survives adversarial input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { builtinRulesDir, loadRules, type CompiledRule } from "../../../services/detector/rules/rule.js";
import { eventForScope } from "../../../services/detector/rules/example-event.js";
import { patternRuleDetector } from "../../../services/detector/detectors/semantic/pattern-rule.js";
import { registry } from "../../../services/detector/registry.js";
import { defaultDetectorConfig } from "../../../services/detector/config.js";
import { timeOnAdversarialInputs } from "../../../services/detector/rules/regex-safety.js";
import { KeyedState } from "../../../services/detector/state.js";
import type { Scope } from "../../../services/detector/text/fields.js";

const rules = loadRules([builtinRulesDir()]);
const cfg = defaultDetectorConfig();

function fires(cr: CompiledRule, scope: Scope, text: string): boolean {
  const d = patternRuleDetector(cr);
  return d.detect(eventForScope(scope, text), { state: new KeyedState(10, 1000, () => 0), now: 0, config: cfg }).length > 0;
}

const asExample = (cr: CompiledRule, e: string | { text: string; scope: Scope }): { text: string; scope: Scope } =>
  typeof e === "string" ? { text: e, scope: [...cr.scopes][0]! } : e;

test("every YAML file in rules/ loads as one rule", () => {
  const files = readdirSync(builtinRulesDir()).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length >= 8);
  assert.equal(rules.length, files.length);
});

test("rule ids are unique and do not collide with built-in detectors", () => {
  const ids = [...rules.map((r) => r.rule.id), ...registry.map((d) => d.meta.id)];
  assert.equal(new Set(ids).size, ids.length);
});

for (const cr of rules) {
  test(`rule ${cr.rule.id}: examples behave`, () => {
    for (const raw of cr.rule.examples.must_match) {
      const e = asExample(cr, raw);
      assert.ok(fires(cr, e.scope, e.text), `must match (${e.scope}): ${e.text.slice(0, 80)}`);
    }
    for (const raw of cr.rule.examples.must_not_match) {
      const e = asExample(cr, raw);
      assert.ok(!fires(cr, e.scope, e.text), `must not match (${e.scope}): ${e.text.slice(0, 80)}`);
    }
  });

  test(`rule ${cr.rule.id}: patterns stay fast on 50k-character adversarial input`, () => {
    for (const re of [...cr.matchers, ...cr.exceptions]) {
      const ms = timeOnAdversarialInputs(re, 50_000);
      assert.ok(ms < 1000, `/${re.source.slice(0, 60)}/ took ${ms.toFixed(0)} ms`);
    }
  });
}
