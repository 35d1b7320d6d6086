// Per-rule suppressions: an analyst silences a known false positive by rule, tenant, server, tool, principal
// and/or a text pattern, optionally until an expiry. Validated like config (every problem at once).
import { ConfigError } from "../../shared/config/load.js";
import type { Alert } from "../../shared/schema/alert.js";
import { SuppressionSchema, type Suppression } from "./config.js";
import { regexProblem } from "./rules/regex-safety.js";

interface Compiled {
  s: Suppression;
  rule?: RegExp;
  tenant?: RegExp;
  server?: RegExp;
  tool?: RegExp;
  principal?: RegExp;
  pattern?: RegExp;
  expires: number;
}

/** `*` is the only wildcard; everything else is literal and the whole value must match. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "s");
}

export class SuppressionSet {
  private compiled: Compiled[] = [];

  constructor(list: unknown[] = []) {
    this.replace(list);
  }

  /** Validates and replaces the whole list; throws ConfigError (nothing changes) if any entry is invalid. */
  replace(list: unknown[]): void {
    const problems: string[] = [];
    const next: Compiled[] = [];
    const ids = new Set<string>();
    list.forEach((raw, i) => {
      const r = SuppressionSchema.safeParse(raw);
      if (!r.success) { for (const is of r.error.issues) problems.push(`[${i}].${is.path.join(".")}: ${is.message}`); return; }
      const s = r.data;
      if (ids.has(s.id)) problems.push(`[${i}].id: duplicate id '${s.id}'`);
      ids.add(s.id);
      if (!s.rule && !s.server && !s.tool && !s.principal && !s.pattern && !s.tenant) problems.push(`[${i}]: a suppression needs at least one criterion`);
      if (s.pattern) { const p = regexProblem(s.pattern); if (p) problems.push(`[${i}].pattern: ${p}`); }
      const c: Compiled = { s, expires: s.expires ? Date.parse(s.expires) : Infinity };
      if (s.rule) c.rule = globToRegExp(s.rule);
      if (s.tenant) c.tenant = globToRegExp(s.tenant);
      if (s.server) c.server = globToRegExp(s.server);
      if (s.tool) c.tool = globToRegExp(s.tool);
      if (s.principal) c.principal = globToRegExp(s.principal);
      if (s.pattern && !regexProblem(s.pattern)) c.pattern = new RegExp(s.pattern, "i");
      next.push(c);
    });
    if (problems.length) throw new ConfigError(problems, "suppressions");
    this.compiled = next;
  }

  list(): Suppression[] {
    return this.compiled.map((c) => c.s);
  }

  /** The first suppression matching the alert at event time `now`, if any. */
  match(a: Alert, now: number): Suppression | undefined {
    for (const c of this.compiled) {
      if (now > c.expires) continue;
      if (c.rule && !c.rule.test(a.rule_id)) continue;
      if (c.tenant && !c.tenant.test(a.entity.tenant)) continue;
      if (c.server && !c.server.test(a.entity.server ?? "")) continue;
      if (c.tool && !c.tool.test(a.entity.tool ?? "")) continue;
      if (c.principal && !c.principal.test(a.entity.principal ?? "")) continue;
      if (c.pattern && !(c.pattern.test(a.title) || a.evidence.some((e) => c.pattern!.test(e.excerpt)))) continue;
      return c.s;
    }
    return undefined;
  }
}
