// Denial-of-wallet detectors without a learned baseline: burn rate, amplification, repeated input, error storms, retry loops.
import { test } from "node:test";
import assert from "node:assert/strict";
import { burnRate } from "../../../../services/detector/detectors/behavioural/burn-rate.js";
import { amplification } from "../../../../services/detector/detectors/behavioural/amplification.js";
import { repeatedInput } from "../../../../services/detector/detectors/behavioural/repeated-input.js";
import { errorStorm } from "../../../../services/detector/detectors/behavioural/error-storm.js";
import { run } from "../../../fixtures/behavioural/harness.js";
import * as sc from "../../../fixtures/behavioural/scenarios.js";

const budgets = { behaviour: { burn_rate: { principals: { mallory: 24, "batch-bot": 24 } } } };

test("burn rate: 20 USD in 5 minutes against a 24 USD/day budget pages on the fast 1h/5m window", () => {
  const s = sc.burnAttack();
  const hits = run([burnRate], s.events, budgets).filter((h) => h.dedup?.[1] === "principal");
  assert.ok(hits.length >= 1);
  const fast = hits.find((h) => h.dedup?.[0] === "60m/5m");
  assert.ok(fast, JSON.stringify(hits.map((h) => h.title)));
  assert.equal(fast.severity, "critical");
  // The alert carries the newest spend events at the moment both windows crossed 14.4×.
  assert.equal(fast.event_ids.length, 5);
  assert.ok(fast.event_ids.every((id) => s.expectWithin!.includes(id)));
});

test("burn rate: steady spend just under budget plus a short burst stays quiet (the long window guards the short)", () => {
  assert.deepEqual(run([burnRate], sc.burnBenign().events, budgets).map((h) => h.title), []);
});

test("burn rate: the tenant budget is checked too", () => {
  const s = sc.burnAttack();
  const hits = run([burnRate], s.events, { behaviour: { burn_rate: { default_daily_usd_per_principal: 1e6, tenants: { acme: 24 } } } });
  assert.ok(hits.length >= 1);
  assert.ok(hits.every((h) => h.dedup?.[1] === "tenant" && h.entity?.principal === null));
});

test("amplification: one trace fanning into 20 slow calls alerts with the 15 calls that crossed the threshold", () => {
  const s = sc.amplificationAttack();
  const hits = run([amplification], s.events);
  assert.equal(hits.length, 1);
  assert.deepEqual(hits[0]!.event_ids, s.expectIds);
  assert.match(hits[0]!.title, /trace/);
});

test("amplification: a batch job's steady expensive calls and turns of many cheap calls stay quiet", () => {
  assert.deepEqual(run([amplification], sc.amplificationBenign().events), []);
});

test("repeated input: the same 20 KB document summarised 6 times in 4 minutes", () => {
  const s = sc.repeatedInputAttack();
  const hits = run([repeatedInput], s.events);
  assert.equal(hits.length, 1);
  assert.deepEqual(hits[0]!.event_ids, s.expectIds);
});

test("repeated input: distinct large inputs and repeated small ones stay quiet", () => {
  assert.deepEqual(run([repeatedInput], sc.repeatedInputBenign().events), []);
});

test("error storm: a session whose calls mostly fail", () => {
  const s = sc.errorStormAttack();
  const hits = run([errorStorm], s.events).filter((h) => h.rule === "behaviour.error_storm");
  assert.equal(hits.length, 1);
  assert.deepEqual(hits[0]!.event_ids, s.expectIds);
});

test("retry loop: the identical failing deploy retried 6 times", () => {
  const s = sc.retryLoopAttack();
  const hits = run([errorStorm], s.events).filter((h) => h.rule === "behaviour.retry_loop");
  assert.equal(hits.length, 1);
  assert.deepEqual(hits[0]!.event_ids, s.expectIds);
});

test("errors: a busy session with 5% failures and retries that succeed stays quiet", () => {
  assert.deepEqual(run([errorStorm], sc.errorBenign().events).map((h) => h.title), []);
});
