// Redaction before anything is queued: secrets and configured PII in params/result/error are replaced by typed
// placeholders `[REDACTED:<kind>:fp=<hmac>]`. The keyed fingerprint is stable for one key, so the same secret
// seen on two servers has the same fingerprint while the value itself never leaves the process.
import { createHmac, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { z } from "zod";
import type { RedactionSchema } from "../../shared/schema/telemetry.js";
import type { RedactionConfig } from "./config.js";
import { FINDERS, SENSITIVE_KEYS, type Finder, type Span } from "./secret-patterns.js";

/** One entry of an event's `redactions`: where, what kind, and the keyed fingerprint — never the value. */
export type RedactionRecord = z.infer<typeof RedactionSchema>;

/** Below this many characters no finder can match (the shortest secret pattern is longer). */
const MIN_CANDIDATE = 8;
/** Deeper structures are cut here: a hostile payload must not blow the stack of the observer. */
const MAX_DEPTH = 64;
export const FINGERPRINT_HEX = 10;

export class Redactor {
  private readonly finders: readonly Finder[];
  /** Any finder's hint (case-insensitive: a superset is fine for ruling strings out). */
  private readonly anyHint: RegExp;
  private readonly sensitiveKeys: ReadonlySet<string>;

  constructor(private readonly key: Buffer, private readonly cfg: RedactionConfig) {
    this.finders = FINDERS.filter((f) => f.category === "secret" || cfg.pii[f.kind as keyof RedactionConfig["pii"]] !== false);
    this.anyHint = new RegExp(this.finders.map((f) => `(?:${f.hint.source})`).join("|"), "i");
    this.sensitiveKeys = new Set([...SENSITIVE_KEYS, ...cfg.extra_sensitive_keys.map(normKey)]);
  }

  get enabled(): boolean {
    return this.cfg.enabled;
  }

  fingerprint(secret: string): string {
    return createHmac("sha256", this.key).update(secret).digest("hex").slice(0, FINGERPRINT_HEX);
  }

  /**
   * Returns `value` with every finding replaced (copy-on-write: untouched subtrees are shared, not cloned) and
   * appends one record per replacement to `out`.
   */
  redact(value: unknown, path: string, out: RedactionRecord[]): unknown {
    if (!this.cfg.enabled) return value;
    return this.walk(value, path, out, 0);
  }

  redactString(s: string, path: string, out: RedactionRecord[]): string {
    if (s.length < MIN_CANDIDATE || !this.anyHint.test(s)) return s;
    let spans: Span[] = [];
    for (const f of this.finders) {
      if (!f.hint.test(s)) continue;
      const found = f.find(s);
      if (found.length) spans = spans.concat(found);
    }
    if (spans.length === 0) return s;
    // Earliest first; on overlap the longer (more specific) span wins.
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    let res = "";
    let pos = 0;
    for (const sp of spans) {
      if (sp.start < pos) continue;
      const fp = this.fingerprint(s.slice(sp.start, sp.end));
      res += s.slice(pos, sp.start) + placeholder(sp.kind, fp);
      out.push({ path, kind: sp.kind, fingerprint: fp });
      pos = sp.end;
    }
    return res + s.slice(pos);
  }

  private walk(v: unknown, path: string, out: RedactionRecord[], depth: number): unknown {
    if (typeof v === "string") return this.redactString(v, path, out);
    if (v === null || typeof v !== "object") return v;
    if (depth >= MAX_DEPTH) return "[TRUNCATED:depth]";
    if (Array.isArray(v)) {
      let copy: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        const r = this.walk(v[i], `${path}[${i}]`, out, depth + 1);
        if (r !== v[i]) (copy ??= v.slice())[i] = r;
      }
      return copy ?? v;
    }
    let copy: Record<string, unknown> | null = null;
    const obj = v as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      const child = obj[k];
      const p = path ? `${path}.${k}` : k;
      let r: unknown;
      if (typeof child === "string" && child.length > 0 && this.sensitiveKeys.has(normKey(k)) && !child.startsWith("[REDACTED:")) {
        const fp = this.fingerprint(child);
        out.push({ path: p, kind: "credential_field", fingerprint: fp });
        r = placeholder("credential_field", fp);
      } else {
        r = this.walk(child, p, out, depth + 1);
      }
      if (r !== child) (copy ??= { ...obj })[k] = r;
    }
    return copy ?? v;
  }
}

export const placeholder = (kind: string, fp: string): string => `[REDACTED:${kind}:fp=${fp}]`;

const normKey = (k: string): string => k.toLowerCase().replace(/-/g, "_");

/**
 * The HMAC key: config, else env GEIGER_REDACTION_KEY, else `<dataDir>/redaction.key`, created once with
 * an atomic link() so concurrent collectors on one host agree on it (and so on fingerprints) and never read a
 * half-written file.
 */
export function loadRedactionKey(cfg: RedactionConfig, dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (cfg.key) return Buffer.from(cfg.key, "utf8");
  if (env.GEIGER_REDACTION_KEY && env.GEIGER_REDACTION_KEY.length >= 16) return Buffer.from(env.GEIGER_REDACTION_KEY, "utf8");
  const file = join(dataDir, "redaction.key");
  try {
    return Buffer.from(readFileSync(file, "utf8").trim(), "utf8");
  } catch {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    writeFileSync(tmp, randomBytes(32).toString("hex") + "\n", { mode: 0o600 });
    try {
      linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    } finally {
      unlinkSync(tmp);
    }
    return Buffer.from(readFileSync(file, "utf8").trim(), "utf8");
  }
}
