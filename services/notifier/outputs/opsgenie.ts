// Opsgenie Alert API: create with alias = dedup key (Opsgenie de-duplicates open alerts by alias), priority
// P1–P5 from severity; acknowledge and close by alias.
import { createHash } from "node:crypto";
import type { z } from "zod";
import type { Alert, Severity } from "../../../shared/schema/alert.js";
import type { OpsgenieOutputSchema } from "../config.js";
import { alertLink, json, truncate, type HttpRequest, type NotifyAction, type NotifyContext, type Output } from "../output.js";

type OpsgenieConfig = z.infer<typeof OpsgenieOutputSchema>;

export const OG_PRIORITY: Record<Severity, "P1" | "P2" | "P3" | "P4" | "P5"> = { critical: "P1", high: "P2", medium: "P3", low: "P4", info: "P5" };

/** Opsgenie caps alias at 512 characters. */
export const opsgenieAlias = (k: string): string => (k.length <= 512 ? k : `sha256:${createHash("sha256").update(k).digest("hex")}`);

export function toOpsgenieRequest(alert: Alert, action: NotifyAction, cfg: Pick<OpsgenieConfig, "url" | "api_key" | "responders">, ctx: NotifyContext): HttpRequest {
  const auth = { authorization: `GenieKey ${cfg.api_key}` };
  const alias = opsgenieAlias(alert.dedup_key);
  const link = alertLink(ctx.dashboardUrl, alert.alert_id);
  if (action !== "trigger") {
    const verb = action === "resolve" ? "close" : "acknowledge";
    return json(`${cfg.url.replace(/\/+$/, "")}/${encodeURIComponent(alias)}/${verb}?identifierType=alias`,
      { source: "Geiger", user: "Geiger", note: action === "resolve" ? `Resolved in Geiger: ${link}` : `Acknowledged in Geiger: ${link}` }, auth);
  }
  const e = alert.entity;
  const details: Record<string, string> = {
    alert_id: alert.alert_id, rule_id: alert.rule_id, taxonomy: alert.taxonomy.join(","), score: String(alert.score),
    count: String(alert.count), tenant: e.tenant, link, first_seen: alert.first_seen, last_seen: alert.last_seen,
  };
  for (const k of ["server", "tool", "principal", "session_id", "agent_id"] as const) if (e[k]) details[k] = truncate(String(e[k]), 1000);
  return json(cfg.url, {
    message: truncate(alert.title, 130),
    alias,
    description: truncate(`${alert.description}\n\nRule: ${alert.rule_name} (${alert.rule_id})\nOpen in Geiger: ${link}`, 15000),
    ...(cfg.responders.length ? { responders: cfg.responders } : {}),
    tags: ["geiger", `severity:${alert.severity}`, ...alert.taxonomy],
    details,
    ...(e.server ? { entity: truncate(e.server, 512) } : {}),
    source: "Geiger",
    priority: OG_PRIORITY[alert.severity],
  }, auth);
}

export function opsgenieOutput(cfg: OpsgenieConfig): Output {
  return { name: cfg.name, type: "opsgenie", timeoutMs: cfg.timeout_ms, request: (alert, action, ctx) => toOpsgenieRequest(alert, action, cfg, ctx) };
}
