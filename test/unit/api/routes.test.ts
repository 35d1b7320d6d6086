// Functional behaviour of the REST routes over the embedded store and bus.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeAlert, makeEvent, seed, startApi, type TestApi } from "./helpers.js";

describe("alert API routes", () => {
  let t: TestApi;
  before(async () => {
    t = await startApi();
    await seed(t, [
      makeAlert({ alert_id: "a-crit", severity: "critical", taxonomy: ["P2"], server: "memory", session: "S1", title: "Exfiltration via memory" }),
      makeAlert({ alert_id: "a-high", severity: "high", server: "fs", session: "S1" }),
      makeAlert({ alert_id: "a-low", severity: "low", server: "fs", status: "resolved", rule_id: "P4.cost_burn" }),
    ], [
      makeEvent({ event_id: "e1", session: "S1", server: "fs" }),
      makeEvent({ event_id: "e2", session: "S1", server: "memory", method: "resources/read", params: { uri: "memory://x" } }),
      makeEvent({ event_id: "e3", session: "S2", server: "fs" }),
    ]);
  });
  after(() => t.close());

  it("lists alerts newest first with filters and free text", async () => {
    const all = await t.call("/api/v1/alerts");
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.items.map((a: any) => a.alert_id), ["a-low", "a-high", "a-crit"]);
    assert.equal(all.body.next_cursor, null);
    const sev = await t.call("/api/v1/alerts?severity_min=high");
    assert.deepEqual(sev.body.items.map((a: any) => a.alert_id).sort(), ["a-crit", "a-high"]);
    const multi = await t.call("/api/v1/alerts?severity=low,critical&server=fs");
    assert.deepEqual(multi.body.items.map((a: any) => a.alert_id), ["a-low"]);
    const rule = await t.call("/api/v1/alerts?rule=P4.cost_burn&status=resolved");
    assert.deepEqual(rule.body.items.map((a: any) => a.alert_id), ["a-low"]);
    const q = await t.call("/api/v1/alerts?q=exfiltration");
    assert.deepEqual(q.body.items.map((a: any) => a.alert_id), ["a-crit"]);
    const tax = await t.call("/api/v1/alerts?taxonomy=P2");
    assert.deepEqual(tax.body.items.map((a: any) => a.alert_id), ["a-crit"]);
  });

  it("pages with cursors without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 5; i++) {
      const r: { status: number; body: any } = await t.call(`/api/v1/alerts?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      assert.equal(r.status, 200);
      seen.push(...r.body.items.map((a: any) => a.alert_id));
      cursor = r.body.next_cursor;
      if (!cursor) break;
    }
    assert.deepEqual(seen, ["a-low", "a-high", "a-crit"]);
  });

  it("patches status, assignee and notes, audits before/after and publishes the update", async () => {
    const analyst = await t.token("analyst", "default");
    const published: string[] = [];
    const sub = await t.bus.subscribe({ groupId: "test-watch", topics: [t.config.topics.alerts], fromBeginning: true, handleBatch: async (ms) => { published.push(...ms.map((m) => m.value)); } });
    const r = await t.call("/api/v1/alerts/a-high", { token: analyst, method: "PATCH", body: { status: "acknowledged", assignee: "bob", note: "looking" } });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, "acknowledged");
    assert.equal(r.body.assignee, "bob");
    assert.equal(r.body.notes.length, 1);
    assert.equal(r.body.notes[0].text, "looking");
    const r2 = await t.call("/api/v1/alerts/a-high", { token: analyst, method: "PATCH", body: { note: "second" } });
    assert.equal(r2.body.notes.length, 2);
    const audit = await t.call("/api/v1/audit?action=alert.update");
    assert.equal(audit.status, 200);
    assert.equal(audit.body.items.length, 2);
    const first = audit.body.items[1]; // newest first: [note-only patch, status patch]
    assert.equal(first.before.status, "open");
    assert.equal(first.target, "alert:a-high");
    assert.equal(first.after.status, "acknowledged");
    assert.equal(first.role, "analyst");
    assert.equal(audit.body.items[0].after.note, "second");
    for (let i = 0; i < 50 && published.length < 2; i++) await new Promise((res) => setTimeout(res, 20));
    await sub.stop();
    assert.ok(published.some((v) => JSON.parse(v).status === "acknowledged"));
  });

  it("searches events and builds a session timeline across servers in order", async () => {
    const ev = await t.call("/api/v1/events?session=S1&order=asc");
    assert.deepEqual(ev.body.items.map((e: any) => e.event_id), ["e1", "e2"]);
    const tool = await t.call("/api/v1/events?tool=read_file");
    assert.deepEqual(tool.body.items.map((e: any) => e.event_id).sort(), ["e1", "e3"]);
    const m = await t.call("/api/v1/events?method=resources/read");
    assert.deepEqual(m.body.items.map((e: any) => e.event_id), ["e2"]);
    assert.equal((await t.call("/api/v1/events/e2")).body.server.name, "memory");
    const tl = await t.call("/api/v1/sessions/S1/timeline");
    assert.equal(tl.status, 200);
    assert.deepEqual(tl.body.servers, ["fs", "memory"]);
    const kinds = tl.body.items.map((i: any) => `${i.type}:${i.type === "event" ? i.event.event_id : i.alert.alert_id}`);
    assert.equal(kinds.length, 4);
    const ts = tl.body.items.map((i: any) => Date.parse(i.ts));
    assert.deepEqual(ts, [...ts].sort((a, b) => a - b));
  });

  it("computes stats over a window", async () => {
    const r = await t.call("/api/v1/stats?since=2025-01-01T00:00:00Z&until=2025-01-02T00:00:00Z&interval=3600");
    assert.equal(r.status, 200);
    assert.equal(r.body.alerts.total, 3);
    assert.equal(r.body.window.interval_ms, 3_600_000);
    assert.deepEqual(Object.fromEntries(r.body.alerts.by_severity.map((b: any) => [b.key, b.count])), { critical: 1, high: 1, low: 1 });
    assert.equal(r.body.events.total, 3);
    const fs = r.body.events.calls_by_server.find((b: any) => b.key === "fs");
    assert.equal(fs.count, 2);
    assert.ok(Math.abs(fs.sum - 0.02) < 1e-9);
    assert.equal(r.body.events.top_tools[0].key, "read_file");
    const tiny = await t.call("/api/v1/stats?since=2025-01-01T00:00:00Z&until=2025-01-02T00:00:00Z&interval=1");
    assert.equal(tiny.status, 400);
  });

  it("manages suppressions with expiry and deletion", async () => {
    const analyst = await t.token("analyst", "default");
    const exp = new Date(Date.now() + 3600_000).toISOString();
    const c = await t.call("/api/v1/suppressions", { token: analyst, method: "POST", body: { rule: "P1.*", server: "fs", reason: "known noisy", expires: exp } });
    assert.equal(c.status, 201);
    assert.equal(c.body.tenant, "default");
    const doc = await t.store.get("config", `suppression:${c.body.id}`);
    assert.equal(doc?.kind, "suppression");
    // The stored value is exactly the detector's suppression record.
    const { SuppressionSchema } = await import("../../../services/detector/config.js");
    assert.equal(SuppressionSchema.parse(doc?.value).rule, "P1.*");
    const list = await t.call("/api/v1/suppressions", { token: analyst });
    assert.ok(list.body.items.some((s: any) => s.id === c.body.id));
    const past = await t.call("/api/v1/suppressions", { token: analyst, method: "POST", body: { server: "fs", reason: "x", expires: "2000-01-01T00:00:00Z" } });
    assert.equal(past.status, 400);
    const empty = await t.call("/api/v1/suppressions", { token: analyst, method: "POST", body: { reason: "x" } });
    assert.equal(empty.status, 400);
    const d = await t.call(`/api/v1/suppressions/${c.body.id}`, { token: analyst, method: "DELETE" });
    assert.equal(d.status, 200);
    assert.ok(!(await t.call("/api/v1/suppressions", { token: analyst })).body.items.some((s: any) => s.id === c.body.id));
    const deleted = await t.store.get("config", `suppression:${c.body.id}`);
    assert.ok(Date.parse((deleted?.value as any).expires) <= Date.now(), "inactive for the detector too");
    assert.equal((await t.call(`/api/v1/suppressions/${c.body.id}`, { token: analyst, method: "DELETE" })).status, 404);
  });

  it("lists and toggles rules through the engine hooks and the config collection", async () => {
    const state = new Map([["P1.tool_poisoning", true], ["P4.cost_burn", true]]);
    const t2 = await startApi({ extra: { rules: { list: () => [...state].map(([id, enabled]) => ({ id, name: id, enabled })), setEnabled: (id, e) => { state.set(id, e); } } } });
    try {
      assert.equal((await t2.call("/api/v1/rules")).body.items.length, 2);
      const r = await t2.call("/api/v1/rules/P4.cost_burn", { method: "PUT", body: { enabled: false } });
      assert.equal(r.status, 200);
      assert.equal(state.get("P4.cost_burn"), false);
      const doc = await t2.store.get("config", "rule:P4.cost_burn");
      assert.deepEqual((doc?.value as any).enabled, false);
      assert.equal((await t2.call("/api/v1/rules/nope", { method: "PUT", body: { enabled: false } })).status, 404);
      const viewer = await t2.token("viewer", "default");
      assert.equal((await t2.call("/api/v1/rules/P4.cost_burn", { token: viewer, method: "PUT", body: { enabled: true } })).status, 403);
      const tenantAdmin = await t2.token("admin", "default");
      assert.equal((await t2.call("/api/v1/rules/P4.cost_burn", { token: tenantAdmin, method: "PUT", body: { enabled: true } })).status, 403);
    } finally { await t2.close(); }
  });

  it("creates, lists and revokes tokens; the secret is never stored or listed", async () => {
    const c = await t.call("/api/v1/tokens", { method: "POST", body: { role: "viewer", tenant: "default", name: "ci" } });
    assert.equal(c.status, 201);
    const stored = await t.store.get("config", `token:${c.body.id}`);
    assert.ok(!JSON.stringify(stored).includes(c.body.token.split(".")[1]));
    assert.equal((await t.call("/api/v1/alerts", { token: c.body.token })).status, 200);
    const list = await t.call("/api/v1/tokens");
    assert.ok(list.body.items.some((x: any) => x.id === c.body.id && x.hash === undefined));
    assert.equal((await t.call(`/api/v1/tokens/${c.body.id}`, { method: "DELETE" })).status, 200);
    assert.equal((await t.call("/api/v1/alerts", { token: c.body.token })).status, 401);
    assert.equal((await t.call("/api/v1/tokens", { method: "POST", body: { role: "viewer", tenant: "*" } })).status, 400);
  });

  it("ingests arrays and JSONL with per-event rejection", async () => {
    const collector = await t.token("collector", "default");
    const got: any[] = [];
    const sub = await t.bus.subscribe({ groupId: "test-ingest", topics: [t.config.topics.telemetry], fromBeginning: true, handleBatch: async (ms) => { got.push(...ms); } });
    const good = makeEvent({ session: "ing-1" });
    const r = await t.call("/api/v1/ingest", { token: collector, method: "POST", body: [good, { schema: "nope" }, makeEvent({ tenant: "other" })] });
    assert.equal(r.status, 207);
    assert.equal(r.body.accepted, 1);
    assert.deepEqual(r.body.rejected.map((x: any) => x.index), [1, 2]);
    assert.match(r.body.rejected[1].reason, /tenant/);
    const jsonl = [JSON.stringify(makeEvent({ session: "ing-2" })), "{not json", JSON.stringify(makeEvent({ session: "ing-2" }))].join("\n");
    const r2 = await t.call("/api/v1/ingest", { token: collector, method: "POST", raw: jsonl, headers: { "content-type": "application/x-ndjson" } });
    assert.equal(r2.status, 207);
    assert.equal(r2.body.accepted, 2);
    assert.match(r2.body.rejected[0].reason, /invalid JSON/);
    const all = await t.call("/api/v1/ingest", { token: collector, method: "POST", body: [{}] });
    assert.equal(all.status, 422);
    assert.equal(all.body.error.code, "all_rejected");
    for (let i = 0; i < 50 && got.length < 3; i++) await new Promise((res) => setTimeout(res, 20));
    await sub.stop();
    assert.equal(got.length, 3);
    assert.equal(got[0].key.startsWith("ing-"), true);
    const viewer = await t.token("viewer", "default");
    assert.equal((await t.call("/api/v1/ingest", { token: viewer, method: "POST", body: [good] })).status, 403);
    assert.equal((await t.call("/api/v1/alerts", { token: collector })).status, 403);
  });

  it("sets the security headers and serves no CORS", async () => {
    const r = await t.call("/healthz", { token: null, headers: { origin: "https://evil.example" } });
    assert.match(r.headers.get("content-security-policy") ?? "", /default-src 'self'.*frame-ancestors 'none'/);
    assert.equal(r.headers.get("x-content-type-options"), "nosniff");
    assert.equal(r.headers.get("x-frame-options"), "DENY");
    assert.equal(r.headers.get("referrer-policy"), "no-referrer");
    assert.equal(r.headers.get("access-control-allow-origin"), null);
    const m = await t.call("/metrics", { token: null });
    assert.equal(m.status, 200);
    assert.match(m.body, /geiger_/);
  });
});
