// Golden tests for the pure payload builders: each output's request for a fixed alert equals the checked-in
// JSON, plus the properties that matter most (vendor fields, escaping, signatures).
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { toOpsgenieRequest } from "../../../services/notifier/outputs/opsgenie.js";
import { pagerDutyDedupKey, toPagerDutyEvent } from "../../../services/notifier/outputs/pagerduty.js";
import { slackEscape, toSlackMessage } from "../../../services/notifier/outputs/slack.js";
import { toWebhookRequest, verifyWebhookSignature } from "../../../services/notifier/outputs/webhook.js";
import { ALERT, CTX } from "./fixtures.js";

const golden = (name: string): unknown => JSON.parse(readFileSync(new URL(`./golden/${name}`, import.meta.url), "utf8"));
const PD = { routing_key: "R0UTINGKEY0000000000000000000000" };
const OG = { url: "https://api.opsgenie.com/v2/alerts", api_key: "og-key", responders: [{ type: "team" as const, name: "soc" }] };
const WH = { url: "https://hooks.example/geiger", secret: "0123456789abcdef-secret", headers: { "X-Team": "soc" } };
const unpack = (r: { url: string; headers: Record<string, string>; body: string }) => ({ url: r.url, headers: r.headers, body: JSON.parse(r.body) });

describe("PagerDuty Events API v2", () => {
  it("matches the golden trigger and resolve events", () => {
    assert.deepEqual(toPagerDutyEvent(ALERT, "trigger", PD, CTX), golden("pagerduty.trigger.json"));
    assert.deepEqual(toPagerDutyEvent(ALERT, "resolve", PD, CTX), golden("pagerduty.resolve.json"));
  });
  it("maps severities and keeps dedup keys within 255 characters", () => {
    const sev = (s: typeof ALERT.severity) => (toPagerDutyEvent({ ...ALERT, severity: s }, "trigger", PD, CTX).payload as { severity: string }).severity;
    assert.deepEqual(["critical", "high", "medium", "low", "info"].map((s) => sev(s as never)), ["critical", "error", "warning", "info", "info"]);
    const long = "k".repeat(400);
    assert.ok(pagerDutyDedupKey(long).length <= 255);
    assert.equal(pagerDutyDedupKey(long), pagerDutyDedupKey(long));
    assert.equal(pagerDutyDedupKey("short"), "short");
  });
});

describe("Opsgenie Alert API", () => {
  it("matches the golden create and close requests", () => {
    assert.deepEqual(unpack(toOpsgenieRequest(ALERT, "trigger", OG, CTX)), golden("opsgenie.trigger.json"));
    assert.deepEqual(unpack(toOpsgenieRequest(ALERT, "resolve", OG, CTX)), golden("opsgenie.resolve.json"));
  });
  it("keeps message within 130 characters and maps priority", () => {
    const r = JSON.parse(toOpsgenieRequest({ ...ALERT, title: "x".repeat(500), severity: "medium" }, "trigger", OG, CTX).body);
    assert.equal(r.message.length, 130);
    assert.equal(r.priority, "P3");
  });
});

describe("Slack incoming webhook", () => {
  it("matches the golden messages", () => {
    assert.deepEqual(toSlackMessage(ALERT, "trigger", CTX), golden("slack.trigger.json"));
    assert.deepEqual(toSlackMessage(ALERT, "resolve", CTX), golden("slack.resolve.json"));
    assert.equal(toSlackMessage(ALERT, "acknowledge", CTX), null);
  });
  it("never lets attacker text form a mention or a link in mrkdwn", () => {
    const msg = toSlackMessage(ALERT, "trigger", CTX)!;
    const mrkdwn: string[] = [];
    const walk = (v: unknown, parentType?: string): void => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, parentType));
      else if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (o.type === "mrkdwn" && typeof o.text === "string") mrkdwn.push(o.text);
        for (const x of Object.values(o)) walk(x, String(o.type));
      }
    };
    walk(msg);
    mrkdwn.push(String(msg.text));
    for (const t of mrkdwn) {
      assert.ok(!/<[!@#]/.test(t), `mention in ${t}`);
      assert.ok(!/<https?:\/\/evil/.test(t), `link in ${t}`);
    }
    assert.equal(slackEscape("<!here> & <@U1>"), "&lt;!here&gt; &amp; &lt;@U1&gt;");
  });
});

describe("signed webhook", () => {
  it("matches the golden request and signs t.body with HMAC-SHA256", () => {
    const r = toWebhookRequest(ALERT, "trigger", WH, CTX);
    assert.deepEqual(unpack(r), golden("webhook.trigger.json"));
    const t = Math.floor(CTX.now.getTime() / 1000);
    const expected = createHmac("sha256", WH.secret).update(`${t}.${r.body}`).digest("hex");
    assert.equal(r.headers["x-geiger-signature"], `t=${t},v1=${expected}`);
    assert.ok(verifyWebhookSignature(WH.secret, r.headers["x-geiger-signature"]!, r.body, t + 10));
    assert.ok(!verifyWebhookSignature(WH.secret, r.headers["x-geiger-signature"]!, r.body + " ", t));
    assert.ok(!verifyWebhookSignature("another-secret-value", r.headers["x-geiger-signature"]!, r.body, t));
    assert.ok(!verifyWebhookSignature(WH.secret, r.headers["x-geiger-signature"]!, r.body, t + 3600), "stale timestamps are replays");
  });
});
