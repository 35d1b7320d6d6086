// Config section `detector` of the geiger config file: rules, suppressions, scope policy, budgets, state bounds.
import { z } from "zod";
import { OpsListenSchema } from "../runtime/ops-server.js";
import { BehaviourConfigSchema } from "./baselines/config.js";

/**
 * One analyst decision to silence a known false positive. Every given criterion must match (AND); `rule` and
 * the entity fields accept `*` globs. `pattern` is a case-insensitive regex tested against the alert's evidence
 * excerpts and title (checked for ReDoS shapes at load, like rule patterns).
 */
export const SuppressionSchema = z.strictObject({
  id: z.string().min(1).max(200),
  rule: z.string().min(1).max(200).optional(),
  tenant: z.string().min(1).max(1024).optional(),
  server: z.string().min(1).max(1024).optional(),
  tool: z.string().min(1).max(1024).optional(),
  principal: z.string().min(1).max(1024).optional(),
  pattern: z.string().min(1).max(2000).optional(),
  /** After this instant (event time) the suppression no longer applies. */
  expires: z.iso.datetime({ offset: true }).optional(),
  reason: z.string().max(2000).default(""),
  created_by: z.string().max(200).optional(),
});
export type Suppression = z.infer<typeof SuppressionSchema>;

export const BudgetConfigSchema = z.strictObject({
  /** Wall time one event may spend in all detectors before it is flagged with `engine.budget_exceeded`. */
  event_ms: z.number().positive().max(60_000).default(100),
  /** Characters of one string field that are scanned; the rest is skipped and the evidence says so. */
  max_field_chars: z.number().int().min(256).max(16 * 1024 * 1024).default(64 * 1024),
  /** Characters scanned per event over all fields. */
  max_event_chars: z.number().int().min(1024).max(64 * 1024 * 1024).default(256 * 1024),
  /** JSON nesting below this depth is not walked. */
  max_depth: z.number().int().min(4).max(1024).default(64),
  /** JSON nodes visited per event. */
  max_nodes: z.number().int().min(100).max(10_000_000).default(20_000),
});

export const ScopePolicySchema = z.strictObject({
  /**
   * principal → tools it may call. Entries are `tool` or `server/tool`, `*` globs allowed. A principal absent
   * from the map is unrestricted; `"*"` as a principal key applies to every principal without its own entry.
   */
  allow_lists: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
  /** Principals that must never call a destructive tool (annotation `destructiveHint`, or a write-verb name). */
  read_only_principals: z.array(z.string().min(1)).default([]),
  /** Extra tool names (globs) always treated as destructive. */
  destructive_tools: z.array(z.string().min(1)).default([]),
  /** Tool names (globs) never treated as destructive by name alone (annotations still count). */
  non_destructive_tools: z.array(z.string().min(1)).default([]),
});

export const DetectorConfigSchema = z.strictObject({
  /** Use the rules shipped in the package's `rules/` folder. */
  builtin_rules: z.boolean().default(true),
  /** Extra rule folders (YAML, one rule per file), loaded after the built-in ones; a duplicate id is an error. */
  rules_dirs: z.array(z.string().min(1)).default([]),
  /** Rule/detector ids disabled at start (runtime changes go through the API). */
  disabled_rules: z.array(z.string().min(1)).default([]),
  suppressions: z.array(SuppressionSchema).default([]),
  /** What a suppressed finding becomes: an alert with status "suppressed" (auditable) or nothing at all. */
  suppressed_action: z.enum(["mark", "drop"]).default("mark"),
  /** Findings scoring below this are not turned into alerts. */
  min_score: z.number().min(0).max(1).default(0.5),
  scope: ScopePolicySchema.prefault({}),
  /** Domains (and their subdomains) never reported as exfiltration targets or first-seen domains. */
  trusted_domains: z.array(z.string().min(1)).default([]),
  budgets: BudgetConfigSchema.prefault({}),
  /** Events older than the engine clock by more than this are still processed but counted as late. */
  max_lateness_ms: z.number().int().min(0).default(60 * 60_000),
  /** How far ahead of the wall clock an event time may move the engine clock (live service only). */
  max_future_skew_ms: z.number().int().min(0).default(5 * 60_000),
  dedup: z.strictObject({
    /** Open alerts remembered for dedup; the least recently updated are forgotten first. */
    max_alerts: z.number().int().min(100).default(50_000),
    max_event_ids: z.number().int().min(1).max(10_000).default(100),
    max_evidence: z.number().int().min(1).max(1000).default(20),
  }).prefault({}),
  /** Live service: how often rule overrides and suppressions written by the API (store `config` docs) are re-read. */
  config_sync_interval_ms: z.number().int().min(500).default(5000),
  /** Live service: how often the engine state is written to the store (also on stop). */
  snapshot_interval_ms: z.number().int().min(1000).default(30_000),
  /** How long a newly assigned partition waits for its previous owner's snapshot before resuming with a counted gap. */
  handover_wait_ms: z.number().int().min(0).max(120_000).default(5_000),
  /**
   * `geiger detector` only: which detections this instance runs (docs/scaling.md, "The re-keyed stage"). "all":
   * every detector on `topics.telemetry` (one instance, or N when per-principal/tenant detections may be
   * approximate). "session": the partition-local detectors on `topics.telemetry`, forwarding every valid event to
   * `rekey_topic` keyed by tenant. "tenant": every other detector, on `rekey_topic`, in group `<group>-tenant`.
   */
  stage: z.enum(["all", "session", "tenant"]).default("all"),
  /** Topic between stage "session" and stage "tenant" (key = tenant). */
  rekey_topic: z.string().min(1).max(249).regex(/^[A-Za-z0-9._-]+$/).default("mcp.telemetry.by-tenant"),
  /**
   * Stage "tenant": event ids remembered per partition to drop events forwarded twice (a stage-"session" batch
   * re-delivered after a crash or a failed write). Must exceed stage-session partitions × events per batch.
   */
  rekey_dedup_events: z.number().int().min(1000).max(1_000_000).default(50_000),
  /** Settings of the behavioural detectors (schema owned by those detectors). */
  behaviour: BehaviourConfigSchema.prefault({}),
  /** `geiger detector`: HOST:PORT of /healthz, /readyz, /metrics, or "off" (GEIGER_OPS_LISTEN wins). Unused by `geiger start`. */
  ops_listen: OpsListenSchema,
});
export type DetectorConfig = z.infer<typeof DetectorConfigSchema>;

/** The fully defaulted config, for tests and the offline CLI. */
export const defaultDetectorConfig = (): DetectorConfig => DetectorConfigSchema.parse({});
