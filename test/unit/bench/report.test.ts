// docs/BENCHMARKS.md rendering: verdicts against the targets, and the machine ceilings the end-to-end figure is
// bounded by (the smallest of Kafka in, Kafka out and Elasticsearch indexing).
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRaw, renderReport, type BenchOutcome } from "../../../bench/report.js";

const machine = { cores: 2, cpuModel: "test cpu", ramGiB: 24, node: "v20", os: "linux x64" };
const outcome = (name: string, medians: Record<string, number>): BenchOutcome => ({ name, what: name, runs: 1, medians, samples: [medians], seconds: 1, loadavg: [0, 0] });

test("verdicts follow the targets, and the ceiling line names the smallest ceiling as the end-to-end bound", () => {
  const md = renderReport({
    command: "npm run bench", started: new Date(0), finished: new Date(1000), runs: 1, quick: false, sweeps: {},
    outcomes: [
      outcome("e2e", { "e2e.pipeline_events_per_s": 1500 }),
      outcome("latency", { "latency.alert_visible_p99_ms": 120 }),
      outcome("ceiling", { "ceiling.kafka_produce_events_per_s": 9000, "ceiling.kafka_consume_parse_events_per_s": 30000, "ceiling.es_bulk_index_events_per_s": 4200 }),
    ],
  }, machine);
  assert.match(md, /End to end Kafka → detector \+ indexer → ES \| 1,500 events\/s on this machine \| >= 20,000 events\/s on this machine \| \*\*not met\*\*/);
  assert.match(md, /alert visible in the API, p99 \| 120 ms \| < 1,000 ms \| \*\*met\*\*/);
  assert.match(md, /Elasticsearch indexes 4,200 of Geiger's telemetry documents per second/);
  assert.match(md, /cannot exceed 4,200 events\/s here/);
  assert.equal(parseRaw(md)?.outcomes.length, 3, "the raw block round-trips");
});

test("a merged report names the command of each benchmark and says which were not re-run", () => {
  const mine = { ...outcome("ceiling", { "ceiling.es_bulk_index_events_per_s": 1 }), command: "npm run bench -- --only ceiling" };
  const older = outcome("e2e", { "e2e.pipeline_events_per_s": 1 });
  const md = renderReport({ command: "npm run bench -- --only ceiling", started: new Date(0), finished: new Date(1), runs: 1, quick: false, sweeps: {}, outcomes: [older, mine] }, machine);
  assert.match(md, /Benchmarks that command did not re-run keep their earlier results/);
  assert.match(md, /### ceiling[\s\S]*?by `npm run bench -- --only ceiling`/);
  const all = renderReport({ command: "npm run bench", started: new Date(0), finished: new Date(1), runs: 1, quick: false, sweeps: {}, outcomes: [{ ...older, command: "npm run bench" }] }, machine);
  assert.doesNotMatch(all, /did not re-run/);
});

test("without a ceiling run the report says nothing about ceilings", () => {
  const md = renderReport({ command: "x", started: new Date(0), finished: new Date(1), runs: 1, quick: false, sweeps: {}, outcomes: [outcome("e2e", { "e2e.pipeline_events_per_s": 1 })] }, machine);
  assert.doesNotMatch(md, /Ceilings on this machine/);
});
