// Config section `notifier` of the geiger config file (validated at startup; see docs/configuration.md).
import { z } from "zod";
import { SeveritySchema, TaxonomySchema } from "../../shared/schema/alert.js";
import { OpsListenSchema } from "../runtime/ops-server.js";

const name = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, _ . -");
const url = z.string().url().refine((u) => /^https?:\/\//.test(u), "http(s) URL");
const common = { name, timeout_ms: z.number().int().min(100).max(60_000).default(10_000) };

export const PagerDutyOutputSchema = z.strictObject({
  type: z.literal("pagerduty"), ...common,
  routing_key: z.string().min(1),
  url: url.default("https://events.pagerduty.com/v2/enqueue"),
});
export const OpsgenieOutputSchema = z.strictObject({
  type: z.literal("opsgenie"), ...common,
  api_key: z.string().min(1),
  /** EU accounts: https://api.eu.opsgenie.com/v2/alerts */
  url: url.default("https://api.opsgenie.com/v2/alerts"),
  responders: z.array(z.strictObject({ type: z.enum(["team", "user", "escalation", "schedule"]), name: z.string().min(1) })).default([]),
});
export const SlackOutputSchema = z.strictObject({
  type: z.literal("slack"), ...common,
  webhook_url: url,
});
export const WebhookOutputSchema = z.strictObject({
  type: z.literal("webhook"), ...common,
  url,
  /** HMAC-SHA256 key for X-Geiger-Signature. */
  secret: z.string().min(16, "use a secret of at least 16 characters"),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string()).default({}),
});
export const OutputConfigSchema = z.discriminatedUnion("type", [PagerDutyOutputSchema, OpsgenieOutputSchema, SlackOutputSchema, WebhookOutputSchema]);
export type OutputConfig = z.infer<typeof OutputConfigSchema>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM (24 h)");
const timezone = z.string().refine((tz) => { try { new Intl.DateTimeFormat("en-US", { timeZone: tz }); return true; } catch { return false; } }, "unknown IANA time zone");

export const RouteSchema = z.strictObject({
  name,
  outputs: z.array(name).min(1),
  min_severity: SeveritySchema.default("high"),
  /** Empty = any. */
  taxonomy: z.array(TaxonomySchema).default([]),
  tenants: z.array(z.string().min(1)).default([]),
  servers: z.array(z.string().min(1)).default([]),
  quiet_hours: z.strictObject({
    start: HHMM,
    end: HHMM,
    timezone: timezone.default("UTC"),
    /** During quiet hours only alerts at or above this severity page. */
    min_severity: SeveritySchema.default("critical"),
  }).optional(),
  rate_limit: z.strictObject({ max: z.number().int().min(1).max(100_000), per_seconds: z.number().int().min(1).max(86_400 * 7) }).optional(),
});
export type Route = z.infer<typeof RouteSchema>;

export const NotifierConfigSchema = z.strictObject({
  /** Base URL of the dashboard, for links in notifications. */
  dashboard_url: url.default("http://127.0.0.1:7070"),
  group_id: z.string().min(1).default("geiger-notifier"),
  outputs: z.array(OutputConfigSchema).default([]),
  routes: z.array(RouteSchema).default([]),
  retry: z.strictObject({
    max_attempts: z.number().int().min(1).max(20).default(5),
    base_ms: z.number().int().min(1).max(60_000).default(500),
    max_ms: z.number().int().min(1).max(600_000).default(30_000),
  }).prefault({}),
  /** `geiger notifier`: HOST:PORT of /healthz, /readyz, /metrics, or "off" (GEIGER_OPS_LISTEN wins). Unused by `geiger start`. */
  ops_listen: OpsListenSchema,
}).superRefine((n, ctx) => {
  const names = new Set<string>();
  n.outputs.forEach((o, i) => {
    if (names.has(o.name)) ctx.addIssue({ code: "custom", path: ["outputs", i, "name"], message: `duplicate output name '${o.name}'` });
    names.add(o.name);
  });
  n.routes.forEach((r, i) => r.outputs.forEach((o, j) => {
    if (!names.has(o)) ctx.addIssue({ code: "custom", path: ["routes", i, "outputs", j], message: `unknown output '${o}'` });
  }));
});
export type NotifierConfig = z.infer<typeof NotifierConfigSchema>;
