// Property tests of TelemetryEvent validation: parseTelemetry never throws, whatever arrives (text, bytes, any
// JSON, mutations of a valid event), and what it accepts is exactly what the schema accepts.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parseTelemetry, TelemetryEventSchema } from "../../../shared/schema/telemetry.js";
import { makeEvent } from "../../support/events.js";

test("parseTelemetry never throws on arbitrary strings and bytes", () => {
  fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 2000 }), fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a))), (raw) => {
    const r = parseTelemetry(raw);
    if (!r.ok) assert.equal(typeof r.reason, "string");
  }), { numRuns: 2000 });
});

test("parseTelemetry never throws on arbitrary values, including prototype-polluting keys", () => {
  fc.assert(fc.property(fc.anything({ maxDepth: 5, withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withDate: true, withNullPrototype: true }), (v) => {
    parseTelemetry(v);
  }), { numRuns: 2000 });
  const evil = JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}');
  assert.equal(parseTelemetry(evil).ok, false);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

const paths = ["event_id", "ts", "tenant", "agent", "agent.session_id", "server", "server.transport", "direction", "kind", "method", "size", "size.request_bytes", "schema", "duration_ms", "rpc_id", "error", "cost", "redactions"];

test("mutations of a valid event: never throws; accepted ⇔ schema accepts; the parsed event keeps extra fields", () => {
  const mutant = fc.record({
    path: fc.constantFrom(...paths),
    value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined), fc.integer({ min: 5000, max: 100_000 }).map((n) => "\u202e".repeat(n))),
    extra: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  });
  fc.assert(fc.property(mutant, ({ path, value, extra }) => {
    const e = JSON.parse(JSON.stringify(makeEvent())) as Record<string, unknown>;
    const parts = path.split(".");
    let o: Record<string, unknown> = e;
    for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
    if (value === undefined) delete o[parts.at(-1)!]; else o[parts.at(-1)!] = value;
    Object.assign(e, Object.fromEntries(Object.entries(extra).filter(([k]) => !(k in e) && k !== "__proto__")));
    const r = parseTelemetry(JSON.stringify(e));
    assert.equal(r.ok, TelemetryEventSchema.safeParse(JSON.parse(JSON.stringify(e))).success);
    if (r.ok) for (const k of Object.keys(extra)) if (k !== "__proto__" && !(paths.includes(k))) assert.ok(k in (r.value as object) || !(k in e));
  }), { numRuns: 1500 });
});

test("a valid event round-trips", () => {
  fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 50 }), fc.string({ minLength: 1, maxLength: 50 }), (session, text) => {
    const e = makeEvent({ session, text });
    const r = parseTelemetry(JSON.stringify(e));
    assert.ok(r.ok, r.ok ? "" : r.reason);
    assert.deepEqual(r.value, JSON.parse(JSON.stringify(e)));
  }), { numRuns: 300 });
});
