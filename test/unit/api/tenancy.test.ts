// Tenant isolation: a token bound to one tenant never reads another tenant's alerts or events — not in lists,
// by id, in timelines, in stats, in the audit log, nor by asking for the other tenant explicitly.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeAlert, makeEvent, seed, startApi, type TestApi } from "./helpers.js";

describe("tenant isolation", () => {
  let t: TestApi;
  let acme: string, globex: string, acmeAnalyst: string;
  before(async () => {
    t = await startApi();
    await seed(t, [
      makeAlert({ alert_id: "acme-1", tenant: "acme", session: "shared-session", server: "fs" }),
      makeAlert({ alert_id: "globex-1", tenant: "globex", session: "shared-session", server: "fs", title: "secret globex finding" }),
    ], [
      makeEvent({ event_id: "acme-ev", tenant: "acme", session: "shared-session" }),
      makeEvent({ event_id: "globex-ev", tenant: "globex", session: "shared-session", params: { name: "globex_tool" } }),
    ]);
    acme = await t.token("viewer", "acme");
    globex = await t.token("viewer", "globex");
    acmeAnalyst = await t.token("analyst", "acme");
  });
  after(() => t.close());

  it("filters lists by the caller's tenant", async () => {
    assert.deepEqual((await t.call("/api/v1/alerts", { token: acme })).body.items.map((a: any) => a.alert_id), ["acme-1"]);
    assert.deepEqual((await t.call("/api/v1/alerts", { token: globex })).body.items.map((a: any) => a.alert_id), ["globex-1"]);
    assert.deepEqual((await t.call("/api/v1/events", { token: acme })).body.items.map((e: any) => e.event_id), ["acme-ev"]);
    assert.equal((await t.call("/api/v1/alerts?q=globex", { token: acme })).body.items.length, 0);
    assert.equal((await t.call("/api/v1/alerts")).body.items.length, 2); // the * admin sees both
    assert.deepEqual((await t.call("/api/v1/alerts?tenant=globex")).body.items.map((a: any) => a.alert_id), ["globex-1"]);
  });

  it("refuses an explicit request for another tenant", async () => {
    for (const p of ["/api/v1/alerts?tenant=globex", "/api/v1/events?tenant=globex", "/api/v1/stats?tenant=globex", "/api/v1/sessions/shared-session/timeline?tenant=globex"]) {
      const r = await t.call(p, { token: acme });
      assert.equal(r.status, 403, p);
    }
  });

  it("answers 404 for another tenant's objects by id, and refuses to modify them", async () => {
    assert.equal((await t.call("/api/v1/alerts/globex-1", { token: acme })).status, 404);
    assert.equal((await t.call("/api/v1/events/globex-ev", { token: acme })).status, 404);
    assert.equal((await t.call("/api/v1/alerts/acme-1", { token: acme })).status, 200);
    const r = await t.call("/api/v1/alerts/globex-1", { token: acmeAnalyst, method: "PATCH", body: { status: "resolved" } });
    assert.equal(r.status, 404);
    assert.equal((await t.store.get("alerts", "globex-1"))?.status, "open");
  });

  it("keeps timelines and stats inside the tenant", async () => {
    const tl = await t.call("/api/v1/sessions/shared-session/timeline", { token: acme });
    assert.equal(tl.status, 200);
    const ids = tl.body.items.map((i: any) => i.type === "event" ? i.event.event_id : i.alert.alert_id).sort();
    assert.deepEqual(ids, ["acme-1", "acme-ev"]);
    const s = await t.call("/api/v1/stats?since=2024-12-31T00:00:00Z&until=2025-01-02T00:00:00Z", { token: acme });
    assert.equal(s.body.alerts.total, 1);
    assert.equal(s.body.events.total, 1);
    assert.ok(!JSON.stringify(s.body).includes("globex_tool"));
  });

  it("keeps suppressions, tokens and audit inside the tenant", async () => {
    const ga = await t.token("analyst", "globex");
    const sup = await t.call("/api/v1/suppressions", { token: ga, method: "POST", body: { server: "fs", reason: "globex only" } });
    assert.equal(sup.status, 201);
    assert.equal((await t.call("/api/v1/suppressions", { token: acme })).body.items.length, 0);
    assert.equal((await t.call(`/api/v1/suppressions/${sup.body.id}`, { token: acmeAnalyst, method: "DELETE" })).status, 404);
    assert.equal((await t.call("/api/v1/suppressions", { token: acmeAnalyst, method: "POST", body: { server: "fs", reason: "x", tenant: "globex" } })).status, 403);
    const acmeAdmin = await t.token("admin", "acme");
    assert.equal((await t.call("/api/v1/tokens", { token: acmeAdmin, method: "POST", body: { role: "viewer", tenant: "globex" } })).status, 403);
    const toks = (await t.call("/api/v1/tokens", { token: acmeAdmin })).body.items;
    assert.ok(toks.length > 0 && toks.every((x: any) => x.tenant === "acme"));
    const audit = (await t.call("/api/v1/audit", { token: acmeAdmin })).body.items;
    assert.ok(audit.every((x: any) => x.tenant === "acme"));
  });
});
