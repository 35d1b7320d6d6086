// False-positive side, as hard as the true-positive side: every benign stream through every behavioural detector.
import { test } from "node:test";
import assert from "node:assert/strict";
import { behaviouralDetectors } from "../../../../services/detector/detectors/behavioural/index.js";
import { run } from "../../../fixtures/behavioural/harness.js";
import * as sc from "../../../fixtures/behavioural/scenarios.js";

const config = { behaviour: { burn_rate: { principals: { "batch-bot": 24 } } } };

const benign: [string, () => sc.Scenario][] = [
  ["busy batch job", () => sc.batchJob({ minutes: 240, spec: () => ({ tool: "sync_rows", server: "warehouse", principal: "etl-bot", session: "etl", usd: 0.001 }) })],
  ["spend within budget", sc.burnBenign],
  ["expensive but paced, cheap fan-out", sc.amplificationBenign],
  ["distinct large inputs", sc.repeatedInputBenign],
  ["healthy errors and retries", sc.errorBenign],
  ["alice's routine for a week", () => ({ events: sc.aliceRoutine(7), expectIds: [] })],
  ["dev reads .env then runs tests", sc.attackChainBenign],
  ["two of three trifecta legs", sc.toxicFlowBenign],
  ["same-server and unrelated copies", sc.dataFlowBenign],
  ["common text, one-off injections", sc.campaignBenign],
];

for (const [name, make] of benign) {
  test(`benign stream "${name}" raises nothing from any behavioural detector`, () => {
    const hits = run(behaviouralDetectors, make().events, config);
    assert.deepEqual(hits.map((h) => `${h.rule}: ${h.title}`), []);
  });
}

test("every detector declares bounded state and a unique id", () => {
  const ids = new Set<string>();
  for (const d of behaviouralDetectors) {
    assert.ok(!ids.has(d.meta.id), d.meta.id);
    ids.add(d.meta.id);
    assert.ok(d.meta.state && d.meta.state.maxKeys > 0 && d.meta.state.maxKeys <= 200_000 && d.meta.state.ttlMs > 0, d.meta.id);
    assert.ok(d.meta.taxonomy.length > 0);
  }
  assert.equal(ids.size, 15);
});
