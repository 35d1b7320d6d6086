// PagerDuty Events API v2: trigger on a new alert, acknowledge/resolve as the analyst moves it; dedup_key = the
// alert's dedup key so PagerDuty folds repeats into one incident.
import { createHash } from "node:crypto";
import type { Alert, Severity } from "../../../shared/schema/alert.js";
import type { PagerDutyOutputSchema } from "../config.js";
import { alertLink, json, truncate, type NotifyAction, type NotifyContext, type Output } from "../output.js";
import type { z } from "zod";

type PagerDutyConfig = z.infer<typeof PagerDutyOutputSchema>;

export const PD_SEVERITY: Record<Severity, "critical" | "error" | "warning" | "info"> = { critical: "critical", high: "error", medium: "warning", low: "info", info: "info" };

/** PagerDuty caps dedup_key at 255 characters; longer keys are replaced by their SHA-256 (still stable). */
export const pagerDutyDedupKey = (k: string): string => (k.length <= 255 ? k : `sha256:${createHash("sha256").update(k).digest("hex")}`);

export function toPagerDutyEvent(alert: Alert, action: NotifyAction, cfg: Pick<PagerDutyConfig, "routing_key">, ctx: NotifyContext): Record<string, unknown> {
  const base = { routing_key: cfg.routing_key, event_action: action, dedup_key: pagerDutyDedupKey(alert.dedup_key) };
  if (action !== "trigger") return base;
  const link = alertLink(ctx.dashboardUrl, alert.alert_id);
  const e = alert.entity;
  return {
    ...base,
    payload: {
      summary: truncate(`[${alert.severity.toUpperCase()}] ${alert.title}${e.server ? ` (${e.server})` : ""}`, 1024),
      source: truncate(e.server ?? "geiger", 255),
      severity: PD_SEVERITY[alert.severity],
      timestamp: alert.first_seen,
      ...(e.tool ? { component: truncate(e.tool, 255) } : {}),
      group: truncate(e.tenant, 255),
      class: truncate(alert.rule_id, 255),
      custom_details: {
        alert_id: alert.alert_id, rule_id: alert.rule_id, rule_name: alert.rule_name, taxonomy: alert.taxonomy, score: alert.score,
        count: alert.count, description: truncate(alert.description, 4000), tenant: e.tenant,
        ...(e.principal ? { principal: e.principal } : {}), ...(e.session_id ? { session_id: e.session_id } : {}), ...(e.agent_id ? { agent_id: e.agent_id } : {}),
        first_seen: alert.first_seen, last_seen: alert.last_seen,
        evidence: alert.evidence.slice(0, 5).map((x) => ({ event_id: x.event_id, path: x.path, reason: truncate(x.reason, 500), excerpt: truncate(x.excerpt, 500) })),
      },
    },
    links: [{ href: link, text: "Open in Geiger" }],
    client: "Geiger",
    client_url: link,
  };
}

export function pagerDutyOutput(cfg: PagerDutyConfig): Output {
  return {
    name: cfg.name, type: "pagerduty", timeoutMs: cfg.timeout_ms,
    request: (alert, action, ctx) => json(cfg.url, toPagerDutyEvent(alert, action, cfg, ctx)),
  };
}
