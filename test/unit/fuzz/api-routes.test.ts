// Property tests of every API route's input, enumerated from the live OpenAPI document: random query strings
// (known parameter names with hostile values, unknown names, repeated keys), random path ids and random bodies
// (any JSON, non-JSON, wrong content types) never produce a 5xx — bad input is a 4xx with a message.
// Tenant isolation is tested in test/unit/api/tenancy.test.ts (not duplicated here).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { makeAlert, seed, startApi, type TestApi } from "../api/helpers.js";

let t: TestApi;
let routes: { method: string; path: string; params: string[] }[] = [];
before(async () => {
  t = await startApi();
  await seed(t, [makeAlert({ alert_id: "a1" }), makeAlert({ alert_id: "a2", tenant: "other" })]);
  const doc = (await t.call("/api/v1/openapi.json")).body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      routes.push({ method: method.toUpperCase(), path, params: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name) });
    }
  }
});
after(() => t.close());

const hostile = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom("-1", "0", "1e309", "NaN", "99999999999999999999", "", " ", "\u0000", "%", "%zz", "../..", "*", "' OR 1=1", "{\"$gt\":1}", "__proto__", "a".repeat(5000), "2025-13-45T99:99:99Z", "true", "null", "[]"),
  fc.integer().map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

const enc = (s: string) => encodeURIComponent(s);

test("random query strings on every route never answer 5xx", async () => {
  assert.ok(routes.length >= 15, `routes from OpenAPI: ${routes.length}`);
  for (const r of routes) {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.tuple(fc.oneof(fc.constantFrom(...(r.params.length ? r.params : ["limit"]), "limit", "cursor", "since", "q"), fc.string({ maxLength: 10 })), hostile), { maxLength: 5 }),
      fc.oneof(fc.constantFrom("a1", "a2", "nope", "..", "%2e%2e", "x".repeat(300)), fc.string({ minLength: 1, maxLength: 30 })),
      async (pairs, id) => {
        const path = r.path.replace(/\{[^}]+\}|:[A-Za-z_]+/g, enc(id));
        const qs = pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
        const res = await t.call(`${path.startsWith("/api") || path.startsWith("/") ? "" : "/api/v1"}${path}${qs ? `?${qs}` : ""}`, { method: r.method === "DELETE" ? "GET" : r.method === "GET" ? "GET" : r.method, ...(r.method !== "GET" && r.method !== "DELETE" ? { body: {} } : {}) });
        assert.ok(res.status < 500, `${r.method} ${path}?${qs} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      }), { numRuns: 25 });
  }
});

test("random bodies on every write route never answer 5xx", async () => {
  const writes = routes.filter((r) => r.method !== "GET" && r.method !== "DELETE");
  assert.ok(writes.length >= 5, `write routes: ${writes.length}`);
  for (const r of writes) {
    await fc.assert(fc.asyncProperty(
      fc.oneof(
        fc.jsonValue({ maxDepth: 4 }).map((v) => ({ raw: JSON.stringify(v), type: "application/json" })),
        fc.string({ maxLength: 200 }).map((s) => ({ raw: s, type: "application/json" })),
        fc.string({ maxLength: 50 }).map((s) => ({ raw: s, type: "text/plain" })),
        fc.constantFrom({ raw: '{"__proto__":{"admin":true}}', type: "application/json" }, { raw: "[".repeat(5000), type: "application/json" }, { raw: '{"status":"resolved","assignee":' + '"x"'.repeat(1) + "}", type: "application/json" }),
      ),
      fc.constantFrom("a1", "a2", "nope", "fuzz.rule"),
      async (b, id) => {
        const path = r.path.replace(/\{[^}]+\}|:[A-Za-z_]+/g, enc(id));
        const res = await t.call(path, { method: r.method, raw: b.raw, headers: { "content-type": b.type } });
        assert.ok(res.status < 500, `${r.method} ${path} body ${b.raw.slice(0, 100)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      }), { numRuns: 40 });
  }
  assert.equal(({} as Record<string, unknown>).admin, undefined, "no prototype pollution");
});
