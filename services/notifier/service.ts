// The notifier: consumes alerts from the bus, routes them, sends each (alert, output, action) at most once —
// a durable record in the store `config` collection is checked before sending — with retries (exponential
// backoff + jitter) and a dead-letter record when an output keeps failing. Outputs never block each other.
import { createHash, randomUUID } from "node:crypto";
import { dlqTopicFor, type Bus, type BusMessage, type Subscription } from "../../shared/bus/port.js";
import { backoffMs, sleep } from "../../shared/errors.js";
import { logEvent } from "../../shared/observability/log.js";
import { counter } from "../../shared/observability/metrics.js";
import { AlertSchema, type Alert } from "../../shared/schema/alert.js";
import { describeIssues } from "../../shared/schema/telemetry.js";
import type { Store } from "../../shared/store/port.js";
import type { GeigerConfig } from "../cli/config.js";
import { buildOutput } from "./outputs/index.js";
import type { NotifyAction, Output } from "./output.js";
import { routeAlert, type RateState } from "./routing.js";
import { sendHttp } from "./send.js";

/** What the ops endpoints report (`geiger notifier` readiness). */
export interface NotifierStatus { running: boolean; assigned: number[] }

export interface Notifier { stop(): Promise<void>; status(): NotifierStatus }

/** Which pager action an alert's state asks for. */
export function actionFor(alert: Alert): NotifyAction {
  if (alert.status === "resolved" || alert.status === "suppressed") return "resolve";
  if (alert.status === "acknowledged") return "acknowledge";
  return "trigger";
}

export const notificationId = (dedupKey: string, output: string, action: NotifyAction): string =>
  `notify:${createHash("sha256").update(`${dedupKey}\n${output}\n${action}`).digest("hex")}`;

/** Parses an alert from the bus; the API publishes `assignee: null` after an unassign, which the contract spells as absent. */
export function parseAlertMessage(value: string): { ok: true; alert: Alert } | { ok: false; reason: string } {
  let raw: unknown;
  try { raw = JSON.parse(value); } catch (err) { return { ok: false, reason: `invalid JSON: ${(err as Error).message.slice(0, 200)}` }; }
  if (raw && typeof raw === "object" && (raw as Record<string, unknown>).assignee === null) delete (raw as Record<string, unknown>).assignee;
  const r = AlertSchema.safeParse(raw);
  return r.success ? { ok: true, alert: r.data } : { ok: false, reason: `schema: ${describeIssues(r.error)}` };
}

export async function startNotifier(o: { bus: Bus; store: Store; config: GeigerConfig; now?: () => Date }): Promise<Notifier> {
  const { bus, store, config } = o;
  const cfg = config.notifier;
  const now = o.now ?? (() => new Date());
  const outputs = new Map<string, Output>(cfg.outputs.map((c) => [c.name, buildOutput(c)]));
  const dlqTopic = dlqTopicFor(config.topics.alerts);
  const abort = new AbortController();
  let rate: RateState = {};
  const sent = counter("geiger_notifier_sent_total", "Notifications delivered", ["output", "action"]);
  const failed = counter("geiger_notifier_failed_total", "Notifications dead-lettered after retries", ["output", "action"]);
  const duplicates = counter("geiger_notifier_duplicates_total", "Notifications skipped because they were already sent", ["output", "action"]);
  const consumed = counter("geiger_notifier_alerts_consumed_total", "Alert messages handled (routed, or dead-lettered when invalid)", ["outcome"]);
  const assigned = new Set<number>();
  let running = true;
  await bus.ensureTopics([{ name: config.topics.alerts }, { name: dlqTopic }]);

  const deadLetter = async (reason: string, source: Record<string, unknown>, payload: string): Promise<void> => {
    const rec = { dlq_id: randomUUID(), ts: new Date().toISOString(), stage: "notifier", reason: reason.slice(0, 1000), source, payload };
    await store.bulkWrite("deadletters", [{ id: rec.dlq_id, doc: rec }]);
    await bus.publish(dlqTopic, [{ key: String(source.dedup_key ?? null), value: JSON.stringify(rec), headers: { "geiger-dlq-reason": reason.slice(0, 512), "geiger-dlq-stage": "notifier" } }]);
  };

  /** One (alert, output, action): idempotent via the durable record; never throws for vendor failures. */
  const deliver = async (alert: Alert, out: Output, action: NotifyAction): Promise<"sent" | "duplicate" | "skipped" | "failed"> => {
    const id = notificationId(alert.dedup_key, out.name, action);
    if (await store.get("config", id)) { duplicates.inc({ output: out.name, action }); return "duplicate"; }
    const req = out.request(alert, action, { dashboardUrl: cfg.dashboard_url, now: now() });
    if (!req) return "skipped";
    let last = "";
    for (let attempt = 0; attempt < cfg.retry.max_attempts; attempt++) {
      if (abort.signal.aborted) throw new Error("notifier stopping"); // uncommitted: redelivered after restart
      if (attempt > 0) await sleep(backoffMs(attempt - 1, cfg.retry.base_ms, cfg.retry.max_ms), abort.signal);
      const res = await sendHttp(req, out.timeoutMs);
      if (res.ok) {
        const at = new Date().toISOString();
        await store.bulkWrite("config", [{ id, doc: { id, kind: "notification", tenant: alert.entity.tenant, updated_at: at, value: { dedup_key: alert.dedup_key, alert_id: alert.alert_id, output: out.name, action, sent_at: at, attempts: attempt + 1 } } }]);
        sent.inc({ output: out.name, action });
        logEvent("info", "notification_sent", { output: out.name, action, alert_id: alert.alert_id, attempts: attempt + 1 });
        return "sent";
      }
      last = res.reason;
      logEvent("warn", "notification_attempt_failed", { output: out.name, action, alert_id: alert.alert_id, attempt, reason: res.reason.slice(0, 200) });
      if (!res.retriable) break;
    }
    failed.inc({ output: out.name, action });
    await deadLetter(`output ${out.name} ${action} failed: ${last}`, { output: out.name, action, alert_id: alert.alert_id, dedup_key: alert.dedup_key }, JSON.stringify(alert));
    return "failed";
  };

  const handle = async (alert: Alert): Promise<void> => {
    const action = actionFor(alert);
    let targets: Output[];
    let nextRate: RateState | null = null;
    if (action === "trigger") {
      const d = routeAlert(alert, cfg.routes, now(), rate);
      targets = d.outputs.map((n) => outputs.get(n)).filter((x): x is Output => !!x);
      nextRate = d.state;
    } else {
      // Acknowledge/resolve go exactly where a page went, regardless of today's routing or quiet hours.
      const paged = await Promise.all([...outputs.values()].map(async (out) => ((await store.get("config", notificationId(alert.dedup_key, out.name, "trigger"))) ? out : null)));
      targets = paged.filter((x): x is Output => !!x);
    }
    const results = await Promise.allSettled(targets.map((out) => deliver(alert, out, action)));
    // Rate budget is spent only by pages actually sent, not by updates of an alert already paged.
    if (nextRate && results.some((r) => r.status === "fulfilled" && r.value === "sent")) rate = nextRate;
    const crashed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (crashed) throw crashed.reason; // store down or stopping: retry the batch (records keep it idempotent)
  };

  const sub: Subscription = await bus.subscribe({
    groupId: cfg.group_id, topics: [config.topics.alerts], fromBeginning: false,
    onPartitionsAssigned: (added) => { for (const r of added) for (const p of r.partitions) assigned.add(p); },
    onPartitionsRevoked: (revoked) => { for (const r of revoked) for (const p of r.partitions) assigned.delete(p); },
    handleBatch: async (messages: BusMessage[]) => {
      for (const m of messages) {
        const p = parseAlertMessage(m.value);
        if (!p.ok) {
          logEvent("warn", "notifier_alert_rejected", { topic: m.topic, partition: m.partition, offset: m.offset, reason: p.reason.slice(0, 300) });
          await deadLetter(p.reason, { topic: m.topic, partition: m.partition, offset: m.offset, key: m.key }, m.value.slice(0, 256 * 1024));
          consumed.inc({ outcome: "invalid" });
          continue;
        }
        await handle(p.alert);
        consumed.inc({ outcome: "routed" });
      }
    },
  });
  logEvent("info", "notifier_started", { outputs: outputs.size, routes: cfg.routes.length });
  return {
    status: () => ({ running, assigned: [...assigned].sort((a, b) => a - b) }),
    async stop() { running = false; abort.abort(); await sub.stop(); },
  };
}
