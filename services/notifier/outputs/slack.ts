// Slack incoming webhook: readable Block Kit message with a button to the alert. Attacker-controlled text is
// escaped (&, <, >) so it can never form a mention (<!channel>, <@U…>) or a link.
import type { z } from "zod";
import type { Alert } from "../../../shared/schema/alert.js";
import type { SlackOutputSchema } from "../config.js";
import { alertLink, json, truncate, type NotifyAction, type NotifyContext, type Output } from "../output.js";

type SlackConfig = z.infer<typeof SlackOutputSchema>;

export const slackEscape = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** Escaped and shortened so escaping can never push a block past Slack's 3000-character limit. */
const text = (s: string, max: number): string => truncate(slackEscape(truncate(s, max)), max * 5);

const EMOJI: Record<string, string> = { critical: ":red_circle:", high: ":large_orange_circle:", medium: ":large_yellow_circle:", low: ":large_blue_circle:", info: ":white_circle:" };

export function toSlackMessage(alert: Alert, action: NotifyAction, ctx: NotifyContext): Record<string, unknown> | null {
  if (action === "acknowledge") return null; // a chat channel needs the page and its end, not every state change
  const link = alertLink(ctx.dashboardUrl, alert.alert_id);
  const e = alert.entity;
  if (action === "resolve") {
    const line = `:white_check_mark: Resolved: ${text(alert.title, 200)}`;
    return { text: line, blocks: [{ type: "section", text: { type: "mrkdwn", text: `${line}\n<${link}|Open in Geiger>` } }] };
  }
  const fields = [
    ["Severity", `${EMOJI[alert.severity] ?? ""} ${alert.severity}`], ["Taxonomy", alert.taxonomy.join(", ")], ["Rule", text(alert.rule_name || alert.rule_id, 200)],
    ["Tenant", text(e.tenant, 100)], ...(e.server ? [["Server", text(e.server, 200)]] : []), ...(e.tool ? [["Tool", text(e.tool, 200)]] : []),
    ...(e.principal ? [["Principal", text(e.principal, 200)]] : []), ["Count", String(alert.count)],
  ] as [string, string][];
  return {
    text: `[${alert.severity.toUpperCase()}] ${text(alert.title, 200)}`,
    blocks: [
      // plain_text never parses mentions or links; emoji off so ":" runs in attacker text stay literal.
      { type: "header", text: { type: "plain_text", text: truncate(`${alert.severity.toUpperCase()}: ${alert.title}`, 150), emoji: false } },
      { type: "section", text: { type: "mrkdwn", text: text(alert.description, 2000) } },
      { type: "section", fields: fields.slice(0, 10).map(([k, v]) => ({ type: "mrkdwn", text: `*${k}*\n${v}` })) },
      ...(alert.evidence[0] ? [{ type: "context", elements: [{ type: "mrkdwn", text: `Evidence: ${text(alert.evidence[0].reason, 300)} — \`${text(alert.evidence[0].excerpt, 300).replace(/`/g, "'")}\`` }] }] : []),
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open in Geiger" }, url: link, style: "danger" }] },
    ],
  };
}

export function slackOutput(cfg: SlackConfig): Output {
  return {
    name: cfg.name, type: "slack", timeoutMs: cfg.timeout_ms,
    request: (alert, action, ctx) => { const m = toSlackMessage(alert, action, ctx); return m ? json(cfg.webhook_url, m) : null; },
  };
}
