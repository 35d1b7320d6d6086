// The notifier end to end on the embedded bus and store, against local receivers that check each vendor's
// documented format: routing, trigger → resolve, retries, dead letters, and no duplicate pages on re-delivery
// or restart.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import express from "express";
import { z } from "zod";
import { EmbeddedBus } from "../../../shared/bus/embedded.js";
import { setLogLevel } from "../../../shared/observability/log.js";
import type { Alert } from "../../../shared/schema/alert.js";
import { EmbeddedStore } from "../../../shared/store/embedded.js";
import { loadGeigerConfig } from "../../../services/cli/config.js";
import { verifyWebhookSignature } from "../../../services/notifier/outputs/webhook.js";
import { startNotifier } from "../../../services/notifier/service.js";
import { ALERT } from "./fixtures.js";

setLogLevel("silent");

// Vendor formats, from their public docs.
const PdTrigger = z.object({
  routing_key: z.string().min(1), event_action: z.literal("trigger"), dedup_key: z.string().max(255),
  payload: z.object({ summary: z.string().min(1).max(1024), source: z.string().min(1), severity: z.enum(["critical", "error", "warning", "info"]), timestamp: z.string().optional(), custom_details: z.record(z.string(), z.unknown()).optional() }),
  links: z.array(z.object({ href: z.string().url(), text: z.string() })).optional(),
});
const PdOther = z.strictObject({ routing_key: z.string().min(1), event_action: z.enum(["acknowledge", "resolve"]), dedup_key: z.string().max(255) });
const OgCreate = z.object({ message: z.string().min(1).max(130), alias: z.string().max(512), description: z.string().max(15000), tags: z.array(z.string()), details: z.record(z.string(), z.string()), priority: z.enum(["P1", "P2", "P3", "P4", "P5"]), source: z.string() });
const SlackMsg = z.object({ text: z.string(), blocks: z.array(z.object({ type: z.string() })).max(50) });

interface Hit { path: string; body: any; headers: Record<string, string | string[] | undefined> }

describe("notifier service", () => {
  let server: Server;
  let base: string;
  const hits: Hit[] = [];
  const problems: string[] = [];
  let flaky = 0;

  before(async () => {
    const app = express();
    app.use(express.text({ type: "*/*", limit: "1mb" }));
    app.post("/pd/v2/enqueue", (req, res) => {
      const body = JSON.parse(req.body);
      const ok = (body.event_action === "trigger" ? PdTrigger : PdOther).safeParse(body);
      if (!ok.success) { problems.push(`pd: ${ok.error.message}`); return res.status(400).json({ status: "invalid event" }); }
      hits.push({ path: "pd", body, headers: req.headers });
      res.status(202).json({ status: "success", message: "Event processed", dedup_key: body.dedup_key });
    });
    app.post("/og/v2/alerts", (req, res) => {
      if (req.get("authorization") !== "GenieKey og-key") { problems.push("og auth"); return res.status(401).end(); }
      const ok = OgCreate.safeParse(JSON.parse(req.body));
      if (!ok.success) { problems.push(`og: ${ok.error.message}`); return res.status(422).end(); }
      hits.push({ path: "og", body: ok.data, headers: req.headers });
      res.status(202).json({ result: "Request will be processed", requestId: "r1" });
    });
    app.post("/og/v2/alerts/:alias/close", (req, res) => {
      if (req.query.identifierType !== "alias") problems.push("og close identifierType");
      hits.push({ path: `og-close:${req.params.alias}`, body: JSON.parse(req.body), headers: req.headers });
      res.status(202).json({ result: "Request will be processed" });
    });
    app.post("/slack", (req, res) => {
      const ok = SlackMsg.safeParse(JSON.parse(req.body));
      if (!ok.success) { problems.push(`slack: ${ok.error.message}`); return res.status(400).send("invalid_payload"); }
      hits.push({ path: "slack", body: ok.data, headers: req.headers });
      res.status(200).send("ok");
    });
    app.post("/hook", (req, res) => {
      if (!verifyWebhookSignature("webhook-secret-0123456789", String(req.get("x-geiger-signature")), req.body, Math.floor(Date.now() / 1000))) { problems.push("hook signature"); return res.status(401).end(); }
      hits.push({ path: "hook", body: JSON.parse(req.body), headers: req.headers });
      res.status(204).end();
    });
    app.post("/fail", (_req, res) => { hits.push({ path: "fail", body: null, headers: {} }); res.status(503).send("down"); });
    app.post("/flaky", (req, res) => { if (++flaky < 3) return res.status(502).end(); hits.push({ path: "flaky", body: JSON.parse(req.body), headers: req.headers }); res.status(200).end(); });
    server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => { server.close(); });

  function setup(routes: unknown[], outputs: unknown[], groupId = "g") {
    const config = loadGeigerConfig({ env: {}, overrides: { data_dir: mkdtempSync(join(tmpdir(), "geiger-notifier-")), notifier: { group_id: groupId, dashboard_url: "http://127.0.0.1:7070", outputs, routes, retry: { max_attempts: 3, base_ms: 5, max_ms: 20 } } } });
    return config;
  }
  const waitFor = async (pred: () => boolean, ms = 5000): Promise<void> => {
    const end = Date.now() + ms;
    while (!pred()) { if (Date.now() > end) throw new Error(`timeout; hits=${hits.map((h) => h.path).join(",")} problems=${problems.join("; ")}`); await new Promise((r) => setTimeout(r, 20)); }
  };
  const publish = (bus: EmbeddedBus, topic: string, a: Alert | string) => bus.publish(topic, [{ key: typeof a === "string" ? null : a.dedup_key, value: typeof a === "string" ? a : JSON.stringify(a) }]);

  it("pages every vendor in its documented format, resolves where it paged, and never pages twice", async () => {
    hits.length = 0;
    const outputs = [
      { type: "pagerduty", name: "pd", routing_key: "rk-123", url: `${base}/pd/v2/enqueue` },
      { type: "opsgenie", name: "og", api_key: "og-key", url: `${base}/og/v2/alerts` },
      { type: "slack", name: "slack", webhook_url: `${base}/slack` },
      { type: "webhook", name: "hook", url: `${base}/hook`, secret: "webhook-secret-0123456789" },
    ];
    const config = setup([{ name: "all", outputs: ["pd", "og", "slack", "hook"], min_severity: "high" }, { name: "low-to-slack", outputs: ["slack"], min_severity: "info" }], outputs, "g-main");
    const store = new EmbeddedStore(); await store.init();
    const bus = new EmbeddedBus();
    let n = await startNotifier({ bus, store, config });
    await publish(bus, config.topics.alerts, ALERT);
    await waitFor(() => ["pd", "og", "slack", "hook"].every((p) => hits.some((h) => h.path === p)));
    assert.deepEqual(problems, []);
    const pd = hits.find((h) => h.path === "pd")!;
    assert.equal(pd.body.dedup_key, ALERT.dedup_key);
    assert.equal(pd.body.payload.severity, "critical");
    assert.equal(pd.body.links[0].href, "http://127.0.0.1:7070/#/alerts/al-42");
    assert.equal(hits.find((h) => h.path === "og")!.body.alias, ALERT.dedup_key);
    assert.equal(hits.filter((h) => h.path === "slack").length, 1, "two routes to one output: one message");

    // Re-delivery of the same alert (an update, or Kafka re-delivering) and a restart: no second page.
    await publish(bus, config.topics.alerts, { ...ALERT, count: 4, last_seen: "2025-01-01T10:06:00.000Z" });
    await n.stop();
    n = await startNotifier({ bus, store, config });
    await publish(bus, config.topics.alerts, ALERT);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(hits.filter((h) => h.path === "pd").length, 1);

    // Resolve goes to every output that paged; a resolve re-delivered is not sent again.
    await publish(bus, config.topics.alerts, { ...ALERT, status: "resolved" });
    await waitFor(() => hits.some((h) => h.path === "pd" && h.body.event_action === "resolve") && hits.some((h) => h.path.startsWith("og-close:")));
    await publish(bus, config.topics.alerts, { ...ALERT, status: "resolved" });
    await waitFor(() => hits.filter((h) => h.path === "hook").length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(hits.filter((h) => h.path === "pd" && h.body.event_action === "resolve").length, 1);
    assert.equal(hits.find((h) => h.path.startsWith("og-close:"))!.path, `og-close:${ALERT.dedup_key}`);
    assert.equal(hits.filter((h) => h.path === "hook").map((h) => h.body.action).join(","), "trigger,resolve");
    assert.deepEqual(problems, []);
    await n.stop();
  });

  it("retries with backoff, dead-letters an output that keeps failing, and never lets it block the others", async () => {
    hits.length = 0; flaky = 0;
    const config = setup([{ name: "r", outputs: ["broken", "flaky", "slack"], min_severity: "info" }], [
      { type: "webhook", name: "broken", url: `${base}/fail`, secret: "webhook-secret-0123456789" },
      { type: "webhook", name: "flaky", url: `${base}/flaky`, secret: "webhook-secret-0123456789" },
      { type: "slack", name: "slack", webhook_url: `${base}/slack` },
    ], "g-fail");
    const store = new EmbeddedStore(); await store.init();
    const bus = new EmbeddedBus();
    const dlq: string[] = [];
    const sub = await bus.subscribe({ groupId: "dlq-watch", topics: ["mcp.alerts.dlq"], fromBeginning: true, handleBatch: async (ms) => { dlq.push(...ms.map((m) => m.value)); } });
    const n = await startNotifier({ bus, store, config });
    await publish(bus, config.topics.alerts, { ...ALERT, alert_id: "al-fail", dedup_key: "dk-fail" });
    await publish(bus, config.topics.alerts, "{not an alert");
    await waitFor(() => dlq.length >= 2 && hits.some((h) => h.path === "flaky") && hits.some((h) => h.path === "slack"));
    assert.equal(hits.filter((h) => h.path === "fail").length, 3, "max_attempts = 3");
    assert.equal(flaky, 3, "flaky succeeded on its third attempt");
    const records = (await store.search("deadletters", { limit: 10 })).items;
    assert.equal(records.length, 2);
    const outputFailure = records.find((r) => (r.source as any).output === "broken")!;
    assert.match(String(outputFailure.reason), /HTTP 503/);
    assert.equal(JSON.parse(String(outputFailure.payload)).alert_id, "al-fail");
    assert.ok(records.some((r) => /invalid JSON/.test(String(r.reason))));
    await n.stop(); await sub.stop();
  });

  it("skips routes outside severity and quiet hours", async () => {
    hits.length = 0;
    const config = setup([{ name: "night", outputs: ["slack"], min_severity: "info", quiet_hours: { start: "00:00", end: "23:59", timezone: "UTC", min_severity: "critical" } }], [{ type: "slack", name: "slack", webhook_url: `${base}/slack` }], "g-quiet");
    const store = new EmbeddedStore(); await store.init();
    const bus = new EmbeddedBus();
    const n = await startNotifier({ bus, store, config, now: () => new Date("2025-01-01T12:00:00Z") });
    await publish(bus, config.topics.alerts, { ...ALERT, alert_id: "q1", dedup_key: "q1", severity: "high" });
    await publish(bus, config.topics.alerts, { ...ALERT, alert_id: "q2", dedup_key: "q2", severity: "critical" });
    await waitFor(() => hits.some((h) => h.path === "slack"));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(hits.filter((h) => h.path === "slack").length, 1);
    assert.match(hits[0]!.body.text, /CRITICAL/);
    await n.stop();
  });
});
