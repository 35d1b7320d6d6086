// Scenario streams through the real engine (detectOffline, as `geiger detect` runs them): alerts, ids, dedup, determinism.
import { test } from "node:test";
import assert from "node:assert/strict";
import { detectOffline, DetectionEngine } from "../../../../services/detector/engine.js";
import type { Alert } from "../../../../shared/schema/alert.js";
import { AlertSchema } from "../../../../shared/schema/alert.js";
import { setLogLevel } from "../../../../shared/observability/log.js";
import { call, T0 } from "../../../fixtures/behavioural/events.js";
import * as sc from "../../../fixtures/behavioural/scenarios.js";

setLogLevel("silent");

const mine = (alerts: Alert[]) => alerts.filter((a) => a.rule_id.startsWith("behaviour.") || a.rule_id.startsWith("correlation."));
// Built-in YAML rules are off: this file tests the behavioural detectors through the engine, not the rule corpus.
const config = { builtin_rules: false, behaviour: { burn_rate: { principals: { mallory: 24, "batch-bot": 24 } } } };

const attacks: [string, string, () => sc.Scenario][] = [
  ["behaviour.burn_rate", "burn", sc.burnAttack],
  ["behaviour.amplification", "fan-out", sc.amplificationAttack],
  ["behaviour.repeated_input", "repeat", sc.repeatedInputAttack],
  ["behaviour.error_storm", "storm", sc.errorStormAttack],
  ["behaviour.retry_loop", "retry", sc.retryLoopAttack],
  ["behaviour.attack_chain", "chain", sc.attackChainAttack],
  ["correlation.toxic_flow", "trifecta", sc.toxicFlowAttack],
  ["correlation.data_flow", "copy", sc.dataFlowAttack],
  ["correlation.data_flow", "secret", sc.dataFlowSecretAttack],
  ["correlation.campaign", "campaign", sc.campaignAttack],
];

for (const [rule, name, make] of attacks) {
  test(`engine: ${name} stream raises ${rule} carrying the expected events`, () => {
    const s = make();
    const alerts = mine(detectOffline(s.events, { config }));
    const a = alerts.find((x) => x.rule_id === rule);
    assert.ok(a, `${rule} missing; got ${alerts.map((x) => x.rule_id).join(", ")}`);
    assert.ok(AlertSchema.safeParse(a).success);
    for (const id of s.expectIds.slice(0, 100)) assert.ok(a.event_ids.includes(id), `${id} not in ${a.event_ids.join(",")}`);
    if (s.expectWithin) assert.ok(a.event_ids.length > 0 && a.event_ids.every((id) => s.expectWithin!.includes(id)), a.event_ids.join(","));
  });
}

test("engine: the toxic-flow alert names the session; the campaign alert has none", () => {
  const flow = mine(detectOffline(sc.toxicFlowAttack().events, { config })).find((a) => a.rule_id === "correlation.toxic_flow")!;
  assert.equal(flow.entity.session_id, "sess-trifecta");
  assert.deepEqual(flow.taxonomy.slice(0, 1), ["P5"]);
  const camp = mine(detectOffline(sc.campaignAttack().events, { config })).find((a) => a.rule_id === "correlation.campaign")!;
  assert.equal(camp.entity.session_id, undefined);
});

test("engine: retro-hunt is deterministic whatever the input order", () => {
  const s = sc.toxicFlowAttack();
  const a = mine(detectOffline(s.events, { config })).map((x) => [x.rule_id, x.dedup_key, x.event_ids.join()]);
  const b = mine(detectOffline([...s.events].reverse(), { config })).map((x) => [x.rule_id, x.dedup_key, x.event_ids.join()]);
  assert.deepEqual(a, b);
});

test("engine: profile detectors alert above the engine's default min_score after a snapshot/restore", () => {
  const e1 = new DetectionEngine({ config });
  for (const ev of sc.aliceRoutine(4)) e1.process(ev);
  const snap = JSON.parse(JSON.stringify(e1.snapshot()));
  const e2 = new DetectionEngine({ config });
  e2.restore(snap);
  const novel = call({ t: T0 + 4 * 86_400_000 + 3 * 3_600_000, tool: "delete_repository", server: "github", session: "alice-night" });
  const rules = mine(e2.process(novel)).map((a) => a.rule_id).sort();
  assert.deepEqual(rules, ["behaviour.first_seen_tool", "behaviour.unusual_hour"]);
});

test("engine: benign streams raise no behavioural alert", () => {
  for (const make of [sc.burnBenign, sc.amplificationBenign, sc.errorBenign, sc.attackChainBenign, sc.toxicFlowBenign, sc.dataFlowBenign]) {
    assert.deepEqual(mine(detectOffline(make().events, { config })).map((a) => a.title), []);
  }
});
