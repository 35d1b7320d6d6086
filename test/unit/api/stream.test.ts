// The live WebSocket stream: authentication (bearer, ticket, cookie), tenant and client filters, heartbeats,
// and resume with backfill from the store.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import WebSocket from "ws";
import { makeAlert, seed, startApi, type TestApi } from "./helpers.js";

interface Conn { ws: WebSocket; msgs: any[]; next(pred: (m: any) => boolean, ms?: number): Promise<any> }

function connect(url: string, headers: Record<string, string> = {}): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const msgs: any[] = [];
    const waiters: (() => void)[] = [];
    ws.on("message", (d) => { msgs.push(JSON.parse(String(d))); for (const w of waiters.splice(0)) w(); });
    ws.once("unexpected-response", (_req, res) => reject(Object.assign(new Error(`status ${res.statusCode}`), { status: res.statusCode })));
    ws.once("error", reject);
    const next = (pred: (m: any) => boolean, ms = 3000): Promise<any> => new Promise((res, rej) => {
      const deadline = Date.now() + ms;
      const check = (): void => {
        const i = msgs.findIndex(pred);
        if (i >= 0) { res(msgs.splice(i, 1)[0]); return; }
        if (Date.now() > deadline) { rej(new Error(`timeout; got ${JSON.stringify(msgs).slice(0, 500)}`)); return; }
        waiters.push(check);
        setTimeout(check, Math.max(10, deadline - Date.now()));
      };
      check();
    });
    ws.once("open", () => resolve({ ws, msgs, next }));
  });
}

describe("live stream", () => {
  let t: TestApi;
  let wsBase: string;
  before(async () => {
    t = await startApi({ api: { stream: { heartbeat_ms: 150 } } });
    wsBase = t.base.replace("http", "ws") + "/api/v1/stream";
  });
  after(() => t.close());

  const publish = (alerts: object[]) => t.bus.publish(t.config.topics.alerts, alerts.map((a: any) => ({ key: a.dedup_key, value: JSON.stringify(a) })));

  it("refuses unauthenticated and forged upgrades", async () => {
    await assert.rejects(connect(wsBase), (e: any) => e.status === 401);
    await assert.rejects(connect(wsBase, { authorization: "Bearer forged" }), (e: any) => e.status === 401);
    await assert.rejects(connect(`${wsBase}?ticket=made-up`), (e: any) => e.status === 401);
    const collector = await t.token("collector", "default");
    await assert.rejects(connect(wsBase, { authorization: `Bearer ${collector}` }), (e: any) => e.status === 403);
  });

  it("pushes live alerts filtered by tenant and client filters, with heartbeats", async () => {
    const viewer = await t.token("viewer", "acme");
    const c = await connect(wsBase, { authorization: `Bearer ${viewer}` });
    const hello = await c.next((m) => m.type === "hello");
    assert.equal(hello.tenant, "acme");
    c.ws.send(JSON.stringify({ type: "subscribe", filters: { severity_min: "high", server: ["fs"] } }));
    await c.next((m) => m.type === "subscribed");
    await publish([
      makeAlert({ alert_id: "s-low", tenant: "acme", severity: "low" }),
      makeAlert({ alert_id: "s-other", tenant: "globex", severity: "critical" }),
      makeAlert({ alert_id: "s-mem", tenant: "acme", severity: "critical", server: "memory" }),
      makeAlert({ alert_id: "s-hit", tenant: "acme", severity: "critical" }),
    ]);
    const got = await c.next((m) => m.type === "alert");
    assert.equal(got.alert.alert_id, "s-hit");
    await c.next((m) => m.type === "heartbeat");
    assert.ok(!c.msgs.some((m) => m.type === "alert"), "only the matching alert was pushed");
    c.ws.send("not json");
    assert.match((await c.next((m) => m.type === "error")).error.message, /JSON/);
    c.ws.send(JSON.stringify({ type: "subscribe", filters: { severity_min: "apocalyptic" } }));
    assert.equal((await c.next((m) => m.type === "error")).error.code, "bad_request");
    c.ws.close();
  });

  it("resumes: backfills alerts newer than `since` from the store before live ones", async () => {
    await seed(t, [
      makeAlert({ alert_id: "old", last_seen: "2025-03-01T00:00:00.000Z" }),
      makeAlert({ alert_id: "new-1", last_seen: "2025-03-02T00:00:00.000Z" }),
      makeAlert({ alert_id: "new-2", last_seen: "2025-03-03T00:00:00.000Z" }),
      makeAlert({ alert_id: "new-other", tenant: "globex", last_seen: "2025-03-03T00:00:00.000Z" }),
    ]);
    const ticket = (await t.call("/api/v1/stream/ticket", { method: "POST", token: await t.token("viewer", "default") })).body.ticket;
    const c = await connect(`${wsBase}?ticket=${ticket}`);
    await c.next((m) => m.type === "hello");
    c.ws.send(JSON.stringify({ type: "resume", since: "2025-03-01T00:00:00.000Z" }));
    const a = await c.next((m) => m.type === "alert");
    const b = await c.next((m) => m.type === "alert");
    assert.deepEqual([a.alert.alert_id, b.alert.alert_id], ["new-1", "new-2"]);
    assert.equal(a.backfill, true);
    assert.equal((await c.next((m) => m.type === "resumed")).count, 2);
    await publish([makeAlert({ alert_id: "live-after" })]);
    assert.equal((await c.next((m) => m.type === "alert")).alert.alert_id, "live-after");
    c.ws.close();
    await assert.rejects(connect(`${wsBase}?ticket=${ticket}`), (e: any) => e.status === 401, "tickets are single-use");
  });

  it("accepts the session cookie only from the same origin", async () => {
    const s = await t.call("/api/v1/auth/session", { token: null, method: "POST", body: { token: t.admin } });
    const cookie = (s.headers.get("set-cookie") ?? "").split(";")[0]!;
    const host = new URL(t.base).host;
    const c = await connect(wsBase, { cookie, origin: `http://${host}` });
    await c.next((m) => m.type === "hello");
    c.ws.close();
    await assert.rejects(connect(wsBase, { cookie, origin: "https://evil.example" }), (e: any) => e.status === 403);
  });
});
