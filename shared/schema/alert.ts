// Alert (contract 2): on mcp.alerts, in the alerts index, and from the API.
import { z } from "zod";

export const ALERT_SCHEMA = "geiger.alert/v1" as const;

export const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** MCP threat taxonomy: P1 prompt injection, P2 exfiltration/response shaping, P3 authz bypass, P4 resource
 * exhaustion, P5 cross-server contamination, P6 supply chain. */
export const TAXONOMY = ["P1", "P2", "P3", "P4", "P5", "P6"] as const;
export const TaxonomySchema = z.enum(TAXONOMY);
export type Taxonomy = z.infer<typeof TaxonomySchema>;

export const ALERT_STATUSES = ["open", "acknowledged", "resolved", "suppressed"] as const;
export const AlertStatusSchema = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

export const EvidenceSchema = z.looseObject({
  event_id: z.string(),
  path: z.string(),
  excerpt: z.string(),
  reason: z.string(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const AlertEntitySchema = z.looseObject({
  tenant: z.string().min(1),
  agent_id: z.string().optional(),
  session_id: z.string().optional(),
  principal: z.string().optional(),
  server: z.string().optional(),
  tool: z.string().optional(),
});
export type AlertEntity = z.infer<typeof AlertEntitySchema>;

export const AlertSchema = z.looseObject({
  schema: z.literal(ALERT_SCHEMA),
  alert_id: z.string().min(1),
  dedup_key: z.string().min(1),
  rule_id: z.string().min(1),
  rule_name: z.string(),
  severity: SeveritySchema,
  score: z.number().min(0).max(1),
  taxonomy: z.array(TaxonomySchema).min(1),
  title: z.string(),
  description: z.string(),
  entity: AlertEntitySchema,
  event_ids: z.array(z.string()),
  evidence: z.array(EvidenceSchema),
  first_seen: z.iso.datetime({ offset: true }),
  last_seen: z.iso.datetime({ offset: true }),
  count: z.number().int().positive(),
  status: AlertStatusSchema,
  assignee: z.string().optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);
