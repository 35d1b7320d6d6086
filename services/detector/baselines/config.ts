// Config of the behavioural and correlation detectors (`detector.behaviour`): every knob has a default, parsed once per config object.
import { z } from "zod";
import type { DetectContext } from "../detector.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A case-insensitive regular expression source matched against a tool name (or server name / argument text). */
const PatternSchema = z.string().min(1).max(512).refine((s) => {
  try { new RegExp(s, "i"); return true; } catch { return false; }
}, "not a valid regular expression");
const Patterns = z.array(PatternSchema).max(256);

const LearningSchema = z.strictObject({
  /** Closed buckets (or events, for per-event models) seen before the model may alert. */
  min_samples: z.number().int().nonnegative().default(30),
  /** Event-time span observed before the model may alert. */
  min_duration_ms: z.number().int().nonnegative().default(30 * MINUTE),
});

const ScopeSchema = z.enum(["principal", "server", "tool"]);

/** A per-bucket-sum spike model (rate, bytes, latency-seconds, cost): robust z-score over a sliding window plus a ratio guard. */
const spike = (d: { min_value: number; min_scale: number }) =>
  z.strictObject({
    enabled: z.boolean().default(true),
    bucket_ms: z.number().int().min(1000).max(DAY).default(MINUTE),
    window_buckets: z.number().int().min(8).max(1440).default(60),
    z_threshold: z.number().positive().default(6),
    /** The bucket must also exceed ratio × max(p95 of the window, EWMA level): steady heavy users stay quiet. */
    min_ratio: z.number().min(1).default(3),
    /** Absolute floor for the bucket value, below which nothing is worth an alert. */
    min_value: z.number().nonnegative().default(d.min_value),
    /** Floor of the robust scale (1.4826 × MAD), so a perfectly flat history does not make every wiggle infinite. */
    min_scale: z.number().positive().default(d.min_scale),
    ewma_alpha: z.number().gt(0).max(1).default(0.1),
    learning: LearningSchema.prefault({}),
    scopes: z.array(ScopeSchema).min(1).max(3).default(["principal", "tool"]),
  });

const PriceRuleSchema = z.strictObject({
  server: PatternSchema.optional(),
  tool: PatternSchema.optional(),
  usd_per_call: z.number().nonnegative().default(0),
  usd_per_kb: z.number().nonnegative().default(0),
});

const BurnWindowSchema = z.strictObject({
  long_ms: z.number().int().positive(),
  short_ms: z.number().int().positive(),
  factor: z.number().positive(),
  severity: z.enum(["low", "medium", "high", "critical"]),
});

export const BehaviourConfigSchema = z.strictObject({
  /** Events later than this behind a key's newest event are dropped by the windowed models (counted). */
  max_lateness_ms: z.number().int().nonnegative().default(5 * MINUTE),

  pricing: z
    .strictObject({
      /** First matching rule wins; used only when the event carries no `cost.usd`. */
      rules: z.array(PriceRuleSchema).max(1000).default([]),
      default_usd_per_call: z.number().nonnegative().default(0.0005),
      default_usd_per_kb: z.number().nonnegative().default(0.00002),
    })
    .prefault({}),

  rate_spike: spike({ min_value: 30, min_scale: 1 }).prefault({}),
  bytes_spike: spike({ min_value: 5_000_000, min_scale: 65_536 }).prefault({}),
  latency_spike: spike({ min_value: 120, min_scale: 2 }).prefault({}),
  cost_spike: spike({ min_value: 1, min_scale: 0.05 }).prefault({}),

  burn_rate: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Daily budgets in USD. A principal without its own entry gets the default; same for tenants. */
      default_daily_usd_per_principal: z.number().positive().default(50),
      default_daily_usd_per_tenant: z.number().positive().default(1000),
      principals: z.record(z.string(), z.number().positive()).default({}),
      tenants: z.record(z.string(), z.number().positive()).default({}),
      /** Google SRE workbook multi-window pairs: both windows must burn faster than `factor` × the budget rate. */
      windows: z
        .array(BurnWindowSchema)
        .min(1)
        .max(8)
        .default([
          { long_ms: HOUR, short_ms: 5 * MINUTE, factor: 14.4, severity: "critical" },
          { long_ms: 6 * HOUR, short_ms: 30 * MINUTE, factor: 6, severity: "high" },
        ]),
      fine_bucket_ms: z.number().int().min(1000).default(MINUTE),
      coarse_bucket_ms: z.number().int().min(1000).default(10 * MINUTE),
    })
    .prefault({}),

  /** What makes a call expensive, for amplification. */
  expensive: z
    .strictObject({
      usd: z.number().nonnegative().default(0.01),
      duration_ms: z.number().nonnegative().default(2000),
      response_bytes: z.number().int().nonnegative().default(256 * 1024),
    })
    .prefault({}),
  amplification: z
    .strictObject({
      enabled: z.boolean().default(true),
      window_ms: z.number().int().positive().default(MINUTE),
      min_calls: z.number().int().min(2).max(1000).default(15),
    })
    .prefault({}),
  repeated_input: z
    .strictObject({
      enabled: z.boolean().default(true),
      min_request_bytes: z.number().int().nonnegative().default(16 * 1024),
      window_ms: z.number().int().positive().default(10 * MINUTE),
      min_repeats: z.number().int().min(2).max(1000).default(5),
    })
    .prefault({}),
  error_storm: z
    .strictObject({
      enabled: z.boolean().default(true),
      window_ms: z.number().int().positive().default(MINUTE),
      min_errors: z.number().int().min(2).max(10_000).default(20),
      /** Errors over calls in the window; a busy healthy session with a few errors stays quiet. */
      min_error_ratio: z.number().min(0).max(1).default(0.5),
      retry_window_ms: z.number().int().positive().default(5 * MINUTE),
      min_retries: z.number().int().min(2).max(1000).default(5),
    })
    .prefault({}),

  first_seen_tool: z
    .strictObject({
      enabled: z.boolean().default(true),
      learning: LearningSchema.prefault({ min_samples: 100, min_duration_ms: DAY }),
      max_tools: z.number().int().positive().max(4096).default(256),
    })
    .prefault({}),
  unusual_hour: z
    .strictObject({
      enabled: z.boolean().default(true),
      learning: LearningSchema.prefault({ min_samples: 200, min_duration_ms: 3 * DAY }),
      /** Share of the principal's activity in this hour and its two neighbours below which the hour is unusual. */
      max_share: z.number().min(0).max(1).default(0.005),
      utc_offset_minutes: z.number().int().min(-14 * 60).max(14 * 60).default(0),
      /** Counts are halved past this total, so old habits fade. */
      decay_total: z.number().int().positive().default(10_000),
    })
    .prefault({}),
  rare_sequence: z
    .strictObject({
      enabled: z.boolean().default(true),
      learning: LearningSchema.prefault({ min_samples: 200, min_duration_ms: DAY }),
      /** Additive (Laplace) smoothing of transition counts. */
      alpha: z.number().positive().default(0.5),
      max_probability: z.number().gt(0).max(1).default(0.01),
      /** Transitions out of a tool are judged only once that tool was left this many times. */
      min_from_count: z.number().int().positive().default(50),
      max_transitions: z.number().int().positive().max(8192).default(128),
      session_gap_ms: z.number().int().positive().default(30 * MINUTE),
    })
    .prefault({}),

  /** Tool-name patterns (regex, case-insensitive) for the per-session attack chain. */
  attack_chain: z
    .strictObject({
      enabled: z.boolean().default(true),
      window_ms: z.number().int().positive().default(HOUR),
      recon_tools: Patterns.default(["list_?dir", "directory_tree", "search", "find", "glob", "^ls$", "list_files", "list_allowed", "tree"]),
      read_tools: Patterns.default(["read", "get_file", "cat", "open_file", "view", "download", "resources/read"]),
      /** Argument patterns that make a read a credential read. */
      credential_args: Patterns.default([
        "\\.env\\b", "id_rsa", "id_ed25519", "id_ecdsa", "credentials", "\\.aws/", "\\.ssh/", "\\.npmrc", "\\.pypirc",
        "\\.netrc", "\\.pgpass", "kubeconfig", "\\.kube/config", "secrets?\\.(json|ya?ml|txt)", "/etc/shadow", "\\.git-credentials",
        "token", "private[_-]?key",
      ]),
      exfil_tools: Patterns.default(["send", "post", "http", "request", "fetch", "upload", "email", "mail", "webhook", "slack", "curl", "publish", "tweet", "gist"]),
      /** Names that read rather than send even when they match an exfil pattern (read_email, get_webhook, …). */
      exfil_exclude: Patterns.default(["^(get|list|read|search|query|describe)_"]),
    })
    .prefault({}),

  toxic_flow: z
    .strictObject({
      enabled: z.boolean().default(true),
      window_ms: z.number().int().positive().default(30 * MINUTE),
      untrusted_tools: Patterns.default([
        "fetch", "browse", "web", "scrape", "crawl", "url", "read_email", "get_email", "list_emails", "search_emails", "inbox",
        "get_issue", "list_issues", "issue_read", "pull_request", "get_pr", "list_comments", "get_message", "read_message",
        // Web and hosted-content search, not a local file search (search_files is the agent's own data).
        "(web|internet|online|brave|google|bing|tavily|exa|serp)_?search", "search_(web|internet|online|news|issues|code|repositories|pull_requests)",
      ]),
      private_tools: Patterns.default([
        "read_file", "read_text_file", "read_multiple", "get_file", "query", "sql", "get_secret", "secret", "credential",
        "read_email", "get_email", "list_emails", "contacts", "calendar", "private_repo", "get_document", "drive", "database",
        "resources/read",
      ]),
      sink_tools: Patterns.default([
        "send", "post", "create_issue", "create_pull_request", "add_comment", "comment", "http", "request", "webhook", "upload",
        "publish", "tweet", "gist", "email", "slack", "share", "push",
      ]),
      /** Tool names that are never sinks even if they match a sink pattern (e.g. read-only HTTP). */
      sink_exclude: Patterns.default(["^get_", "^list_", "^read_", "^search", "fetch"]),
    })
    .prefault({}),

  data_flow: z
    .strictObject({
      enabled: z.boolean().default(true),
      window_ms: z.number().int().positive().default(HOUR),
      shingle_words: z.number().int().min(3).max(32).default(8),
      /** Bottom-k sketch size of result shingles kept per session. */
      sketch_size: z.number().int().min(16).max(4096).default(256),
      min_matches: z.number().int().positive().default(3),
      max_text_chars: z.number().int().positive().default(65_536),
      max_fingerprints: z.number().int().positive().max(1024).default(64),
    })
    .prefault({}),

  campaign: z
    .strictObject({
      enabled: z.boolean().default(true),
      window_ms: z.number().int().positive().default(DAY),
      min_servers: z.number().int().min(2).default(3),
      min_sessions: z.number().int().min(2).default(5),
      min_tenants: z.number().int().min(2).default(2),
      markers: Patterns.default([
        "ignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|prompts?|messages)",
        "disregard (all |any )?(the )?(previous|prior|above) ",
        "<\\s*important\\s*>",
        "do not (tell|inform|mention|reveal)[^.]{0,40}(user|human)",
        "(before|after) (using|calling) (this|any) tool",
        "you (must|should) (now )?(also )?(read|send|call|include|forward|exfiltrate)",
        "new (system )?instructions?:",
        "system prompt",
        "\\bas an ai (assistant|model)\\b[^.]{0,40}(must|should)",
      ]),
    })
    .prefault({}),
});

export type BehaviourConfig = z.infer<typeof BehaviourConfigSchema>;

/** Parses the raw `behaviour` section; throws a ZodError listing every problem with its path (config fails closed). */
export function parseBehaviourConfig(raw: unknown): BehaviourConfig {
  return BehaviourConfigSchema.parse(raw ?? {});
}

const cache = new WeakMap<object, BehaviourConfig>();
let defaults: BehaviourConfig | undefined;

/** The parsed behaviour config for a detect context, cached by the identity of the raw section. */
export function behaviourConfig(ctx: Pick<DetectContext, "config">): BehaviourConfig {
  const raw = ctx.config?.behaviour;
  if (raw === undefined || raw === null || typeof raw !== "object") return (defaults ??= parseBehaviourConfig({}));
  let parsed = cache.get(raw);
  if (!parsed) {
    parsed = parseBehaviourConfig(raw);
    cache.set(raw, parsed);
  }
  return parsed;
}

const regexCache = new WeakMap<readonly string[], RegExp>();
const verdictCache = new WeakMap<readonly string[], Map<string, boolean>>();

/**
 * `patternRegex(patterns).test(value)`, memoised per pattern list: tool names repeat endlessly, and a big
 * alternation per event per role was the hottest path of the correlation detectors. Bounded (cleared at 4096).
 */
export function matchesAny(patterns: readonly string[], value: string): boolean {
  let m = verdictCache.get(patterns);
  if (!m) verdictCache.set(patterns, (m = new Map()));
  let v = m.get(value);
  if (v === undefined) {
    v = patternRegex(patterns).test(value);
    if (m.size >= 4096) m.clear();
    m.set(value, v);
  }
  return v;
}
const singleCache = new Map<string, RegExp>();

/** A single config pattern compiled once (config patterns are a finite set, so the cache stays small). */
export function regexOf(src: string): RegExp {
  let re = singleCache.get(src);
  if (!re) {
    re = new RegExp(src, "i");
    if (singleCache.size < 10_000) singleCache.set(src, re);
  }
  return re;
}

/** One alternation regex for a pattern list, compiled once per (parsed, hence stable) array. */
export function patternRegex(patterns: readonly string[]): RegExp {
  let re = regexCache.get(patterns);
  if (!re) {
    re = patterns.length ? new RegExp(patterns.map((p) => `(?:${p})`).join("|"), "i") : /(?!)/;
    regexCache.set(patterns, re);
  }
  return re;
}
