// The contracts: schemas accept what contract 1/2 describe, reject what they forbid, keep extra fields, and
// the published JSON Schemas in docs/ match the code.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { contractJsonSchemas } from "../../../shared/schema/json-schema.js";
import { AlertSchema, parseTelemetry, TelemetryEventSchema } from "../../../shared/schema/index.js";
import { makeEvent } from "../../support/events.js";

test("docs/schemas is generated from the zod contracts (run `npm run gen:schemas` after a change)", () => {
  for (const [file, schema] of Object.entries(contractJsonSchemas())) {
    const published: unknown = JSON.parse(readFileSync(`docs/schemas/${file}`, "utf8"));
    assert.deepEqual(published, JSON.parse(JSON.stringify(schema)), file);
  }
});

test("a complete TelemetryEvent parses and keeps unknown fields", () => {
  const e = { ...makeEvent(), vendor_ext: { x: 1 }, trace: { traceparent: "00-abc-def-01" }, cost: { usd: 0.01, source: "meta" } };
  const r = parseTelemetry(JSON.stringify(e));
  assert.ok(r.ok);
  assert.deepEqual((r.value as Record<string, unknown>).vendor_ext, { x: 1 });
});

test("invalid telemetry is a value with a reason naming the path, never a throw", () => {
  const cases: [unknown, RegExp][] = [
    ["{", /invalid JSON/],
    [Buffer.from([0xff, 0xfe, 0x00]), /invalid JSON/],
    [{ ...makeEvent(), schema: "geiger.telemetry/v2" }, /schema/],
    [{ ...makeEvent(), ts: "yesterday" }, /ts/],
    [{ ...makeEvent(), direction: "sideways" }, /direction/],
    [{ ...makeEvent(), agent: { id: "a" } }, /agent\.session_id/],
    [{ ...makeEvent(), size: { request_bytes: -1, response_bytes: 0 } }, /size\.request_bytes/],
    [{ ...makeEvent(), server: { name: "x", transport: "carrier-pigeon" } }, /server\.transport/],
  ];
  for (const [input, reason] of cases) {
    const r = parseTelemetry(input);
    assert.equal(r.ok, false, JSON.stringify(input).slice(0, 80));
    if (!r.ok) assert.match(r.reason, reason);
  }
  assert.equal(TelemetryEventSchema.safeParse(null).success, false);
});

test("Alert schema enforces taxonomy, severity, score range and status", () => {
  const alert = {
    schema: "geiger.alert/v1", alert_id: "a", dedup_key: "d", rule_id: "r", rule_name: "R", severity: "high", score: 0.9,
    taxonomy: ["P1"], title: "t", description: "d", entity: { tenant: "default" }, event_ids: ["e"],
    evidence: [{ event_id: "e", path: "result.content[0].text", excerpt: "ignore previous", reason: "override" }],
    first_seen: "2026-11-21T00:00:00Z", last_seen: "2026-11-21T00:00:00Z", count: 1, status: "open",
  };
  assert.ok(AlertSchema.safeParse(alert).success);
  for (const bad of [{ taxonomy: ["P7"] }, { severity: "urgent" }, { score: 1.5 }, { status: "closed" }, { taxonomy: [] }]) {
    assert.equal(AlertSchema.safeParse({ ...alert, ...bad }).success, false, JSON.stringify(bad));
  }
});
