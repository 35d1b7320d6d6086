// Spike detectors (rate, bytes, latency-seconds, cost) against their own baselines, with a busy batch job as the benign twin.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rateSpike } from "../../../../services/detector/detectors/behavioural/rate-spike.js";
import { bytesSpike } from "../../../../services/detector/detectors/behavioural/bytes-spike.js";
import { latencySpike } from "../../../../services/detector/detectors/behavioural/latency-spike.js";
import { costSpike } from "../../../../services/detector/detectors/behavioural/cost-spike.js";
import { run } from "../../../fixtures/behavioural/harness.js";
import { batchJob, steadyThenSpike } from "../../../fixtures/behavioural/scenarios.js";

const base = { tool: "search_docs", server: "kb", principal: "bob@acme.test", session: "bob-1" };

test("rate spike: 300 calls in one minute after 90 minutes at ~10/min alerts with the spike's events", () => {
  const sc = steadyThenSpike({ minutes: 90, rate: (m) => 8 + (m % 5), spec: () => base, spikeRate: 300 });
  const hits = run([rateSpike], sc.events);
  const principal = hits.filter((h) => h.dedup?.[0] === "principal");
  assert.equal(principal.length, 1, JSON.stringify(hits.map((h) => h.title)));
  const h = principal[0]!;
  assert.ok(h.event_ids.length > 0 && h.event_ids.every((id) => sc.expectIds.includes(id)));
  assert.equal(h.entity?.session_id, null);
  assert.match(h.description, /median/);
  // The tool scope sees the same spike.
  assert.equal(hits.filter((h) => h.dedup?.[0] === "tool").length, 1);
});

test("rate spike: no alert while the principal is still learning", () => {
  const sc = steadyThenSpike({ minutes: 10, rate: () => 10, spec: () => base, spikeRate: 300 });
  assert.deepEqual(run([rateSpike], sc.events), []);
});

test("rate spike: a batch job that is always busy with scheduled bursts stays quiet", () => {
  const sc = batchJob({ minutes: 180, spec: () => ({ ...base, principal: "etl-bot", session: "etl" }) });
  assert.deepEqual(run([rateSpike], sc.events).map((h) => h.title), []);
});

test("bytes spike: a minute of 2 MB responses after a baseline of small ones", () => {
  const sc = steadyThenSpike({
    minutes: 60,
    rate: () => 10,
    spec: () => ({ ...base, responseBytes: 2000 }),
    spikeRate: 20,
    spikeSpec: () => ({ ...base, responseBytes: 2_000_000 }),
  });
  const hits = run([bytesSpike], sc.events);
  assert.ok(hits.length >= 1);
  assert.ok(hits[0]!.event_ids.every((id) => sc.expectIds.includes(id)));
  const benign = batchJob({ minutes: 120, spec: () => ({ ...base, principal: "etl-bot", responseBytes: 50_000 }) });
  assert.deepEqual(run([bytesSpike], benign.events), []);
});

test("latency spike: calls that suddenly take 30 s each", () => {
  const sc = steadyThenSpike({
    minutes: 60,
    rate: () => 10,
    spec: () => ({ ...base, durationMs: 200 }),
    spikeRate: 12,
    spikeSpec: () => ({ ...base, durationMs: 30_000 }),
  });
  const hits = run([latencySpike], sc.events);
  assert.ok(hits.length >= 1);
  assert.ok(hits[0]!.event_ids.every((id) => sc.expectIds.includes(id)));
  const benign = batchJob({ minutes: 120, spec: () => ({ ...base, principal: "etl-bot", durationMs: 900 }) });
  assert.deepEqual(run([latencySpike], benign.events), []);
});

test("cost spike: collector-reported cost, and the price-table fallback when cost is absent", () => {
  const sc = steadyThenSpike({
    minutes: 60,
    rate: () => 10,
    spec: () => ({ ...base, usd: 0.002 }),
    spikeRate: 40,
    spikeSpec: () => ({ ...base, usd: 0.2 }),
  });
  const hits = run([costSpike], sc.events);
  assert.ok(hits.length >= 1);
  assert.ok(hits[0]!.event_ids.every((id) => sc.expectIds.includes(id)));

  // No cost on the events: a price rule for the expensive tool makes the same spike visible.
  const priced = steadyThenSpike({
    minutes: 60,
    rate: () => 10,
    spec: () => base,
    spikeRate: 40,
    spikeSpec: () => ({ ...base, tool: "deep_research" }),
  });
  const config = { behaviour: { pricing: { rules: [{ tool: "^deep_research$", usd_per_call: 0.5 }] } } };
  const ph = run([costSpike], priced.events, config);
  assert.ok(ph.some((h) => h.dedup?.[0] === "principal"));
  assert.deepEqual(run([costSpike], priced.events), [], "without the price rule the default price is too small to spike");

  const benign = batchJob({ minutes: 120, spec: () => ({ ...base, principal: "etl-bot", usd: 0.01 }) });
  assert.deepEqual(run([costSpike], benign.events), []);
});
