// Detection rules as data: the schema of one `rules/*.yaml` file (one rule per file), loading a folder with
// every problem reported by file and path at once, and compiling patterns after the ReDoS guard.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ConfigError } from "../../../shared/config/load.js";
import { shippedPath } from "../../../shared/config/shipped.js";
import { parseYamlBounded } from "../../../shared/config/yaml.js";
import { SeveritySchema, TaxonomySchema } from "../../../shared/schema/alert.js";
import { SCOPES, CONTENT_SCOPES, DESCRIPTION_SCOPES, OUTBOUND_SCOPES, type Scope } from "../text/fields.js";
import { regexProblem, timeOnAdversarialInputs } from "./regex-safety.js";
import { requiredLiterals } from "../signals/required-literals.js";
import { LiteralScanner } from "./literal-scan.js";

/** Scope groups a rule can name instead of listing scopes one by one. */
export const SCOPE_GROUPS: Record<string, readonly Scope[]> = {
  descriptions: [...DESCRIPTION_SCOPES],
  content: [...CONTENT_SCOPES],
  outbound: [...OUTBOUND_SCOPES],
  any: SCOPES,
};

const ScopeNameSchema = z.enum([...SCOPES, "descriptions", "content", "outbound", "any"] as [string, ...string[]]);

const ExampleSchema = z.union([
  z.string().min(1),
  z.strictObject({ text: z.string().min(1), scope: z.enum(SCOPES) }),
]);
export type RuleExample = z.infer<typeof ExampleSchema>;

export const RuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,99}$/, "lowercase letters, digits, '.', '_' and '-' (3–100 chars)"),
  name: z.string().min(1).max(200),
  description: z.string().min(1).max(4000),
  taxonomy: z.array(TaxonomySchema).min(1),
  severity: SeveritySchema,
  /** Score of a match in [0,1]; defaults from the severity. */
  score: z.number().min(0).max(1).optional(),
  owasp: z.array(z.string().regex(/^LLM\d{2}(?::\d{4})?$/, "an OWASP LLM Top 10 id such as LLM01")).default([]),
  atlas: z.array(z.string().regex(/^AML\.T\d{4}(?:\.\d{3})?$/, "a MITRE ATLAS technique id such as AML.T0051")).default([]),
  kind: z.enum(["pattern", "keyword"]),
  /** Where the rule looks (scopes or groups: descriptions, content, outbound, any). */
  scopes: z.array(ScopeNameSchema).min(1),
  /** kind=pattern: regexes (bounded quantifiers only, see docs/rules.md). */
  patterns: z.array(z.string().min(1).max(4000)).default([]),
  /** kind=keyword: words or phrases matched on word boundaries. */
  keywords: z.array(z.string().min(1).max(200)).default([]),
  /** A text matching any of these regexes is not reported by this rule. */
  exceptions: z.array(z.string().min(1).max(4000)).default([]),
  case_sensitive: z.boolean().default(false),
  /** `normalised` (default) scans text after Unicode/encoding normalisation, decoded runs included. */
  match_on: z.enum(["normalised", "raw"]).default("normalised"),
  /** Alert granularity: one per session, or one per server+item (definitions seen by every session). */
  dedup_by: z.enum(["session", "server"]).default("session"),
  enabled: z.boolean().default(true),
  references: z.array(z.string().max(500)).default([]),
  examples: z.strictObject({
    must_match: z.array(ExampleSchema).min(1),
    must_not_match: z.array(ExampleSchema).min(1),
  }),
}).superRefine((r, ctx) => {
  if (r.kind === "pattern" && r.patterns.length === 0) ctx.addIssue({ code: "custom", path: ["patterns"], message: "kind pattern needs at least one pattern" });
  if (r.kind === "keyword" && r.keywords.length === 0) ctx.addIssue({ code: "custom", path: ["keywords"], message: "kind keyword needs at least one keyword" });
  for (const [field, list] of [["patterns", r.patterns], ["exceptions", r.exceptions]] as const) {
    list.forEach((p, i) => {
      const problem = regexProblem(p);
      if (problem) ctx.addIssue({ code: "custom", path: [field, i], message: problem });
    });
  }
});
export type Rule = z.infer<typeof RuleSchema>;

export interface CompiledRule {
  rule: Rule;
  /** File it came from (for messages and `GET /rules`). */
  source: string;
  scopes: ReadonlySet<Scope>;
  matchers: RegExp[];
  exceptions: RegExp[];
  /**
   * Per matcher, the literals its matches must contain (clauses of alternatives, derived from the pattern; see
   * required-literals.ts), lower-cased unless the rule is case-sensitive, as ids in RULE_LITERALS. A text
   * missing every literal of one clause cannot match.
   */
  required: number[][][];
}

/** Every rule's literals in one automaton: a text is scanned once for all rules (see literal-scan.ts). */
const RULE_LITERALS = new LiteralScanner();
/** Under the `u` flag `ſ` folds to `s` but does not lower-case to it: texts holding it are not pre-filtered. */
const LONG_S = RULE_LITERALS.id("\u017f");

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function compileRule(rule: Rule, source: string): CompiledRule {
  const flags = rule.case_sensitive ? "g" : "gi";
  const scopes = new Set<Scope>();
  for (const s of rule.scopes) for (const x of SCOPE_GROUPS[s] ?? [s as Scope]) scopes.add(x);
  const matchers = rule.kind === "pattern"
    ? rule.patterns.map((p) => new RegExp(p, flags))
    : [new RegExp(`(?<![\\p{L}\\p{N}_])(?:${rule.keywords.map((k) => escapeRe(k).replace(/\s+/g, "\\s{1,3}")).join("|")})(?![\\p{L}\\p{N}_])`, flags + "u")];
  const required = matchers.map((re) => requiredLiterals(re).map((clause) => [...new Set(clause.map((l) => RULE_LITERALS.id(l.text)))]));
  return { rule, source, scopes, matchers, exceptions: rule.exceptions.map((p) => new RegExp(p, rule.case_sensitive ? "" : "i")), required };
}

/** Can matcher `i` match `text`? `lower` is the text lower-cased (what case-insensitive literals are compared with). */
export function mayMatch(cr: CompiledRule, i: number, text: string, lower: string): boolean {
  const req = cr.required[i]!;
  if (req.length === 0) return true;
  const present = RULE_LITERALS.present(cr.rule.case_sensitive ? text : lower);
  if (!cr.rule.case_sensitive && present[LONG_S] === 1) return true;
  for (const clause of req) {
    let ok = false;
    for (const id of clause) if (present[id] === 1) { ok = true; break; }
    if (!ok) return false;
  }
  return true;
}

/**
 * Match of a compiled rule in one text, or null (exceptions win). `lower` (the text lower-cased, when the
 * caller has it) enables the literal pre-filter: patterns whose required literals are absent are not run.
 */
export function matchRule(cr: CompiledRule, text: string, lower?: string): { at: number; len: number; pattern: number } | null {
  for (let i = 0; i < cr.matchers.length; i++) {
    if (lower !== undefined && !mayMatch(cr, i, text, lower)) continue;
    const re = cr.matchers[i]!;
    re.lastIndex = 0;
    const m = re.exec(text);
    if (m) {
      if (cr.exceptions.some((e) => e.test(text))) return null;
      return { at: m.index, len: m[0].length, pattern: i };
    }
  }
  return null;
}

/** Where the rules shipped with Geiger live (works from source and from dist/). */
export function builtinRulesDir(): string {
  return shippedPath("rules");
}

/** Time (ms) a pattern may take on one adversarial 8k input at load; slower patterns are refused. */
const LOAD_TIME_LIMIT_MS = 250;

/**
 * Loads every `*.yaml`/`*.yml` of the folders, in file-name order. Throws one ConfigError listing every
 * problem (file: path: message), so a SOC sees all mistakes at once; a duplicate id is a problem too.
 */
export function loadRules(dirs: string[]): CompiledRule[] {
  const problems: string[] = [];
  const out: CompiledRule[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
    } catch (err) {
      problems.push(`${dir}: cannot read rules folder: ${(err as Error).message}`);
      continue;
    }
    for (const f of files) {
      const file = join(dir, f);
      let raw: unknown;
      try {
        raw = parseYamlBounded(readFileSync(file, "utf8"), 50);
      } catch (err) {
        problems.push(`${file}: cannot parse YAML: ${(err as Error).message.split("\n")[0]}`);
        continue;
      }
      const res = RuleSchema.safeParse(raw);
      if (!res.success) {
        for (const i of res.error.issues) problems.push(`${file}: ${i.path.join(".") || "(root)"}: ${i.message}`);
        continue;
      }
      const prev = seen.get(res.data.id);
      if (prev) { problems.push(`${file}: id '${res.data.id}' already defined in ${prev}`); continue; }
      seen.set(res.data.id, file);
      const compiled = compileRule(res.data, file);
      for (const re of [...compiled.matchers, ...compiled.exceptions]) {
        const ms = timeOnAdversarialInputs(re, 8192);
        if (ms > LOAD_TIME_LIMIT_MS) problems.push(`${file}: pattern /${re.source.slice(0, 80)}/ took ${ms.toFixed(0)} ms on adversarial input`);
      }
      out.push(compiled);
    }
  }
  if (problems.length) throw new ConfigError(problems, dirs.join(", "));
  return out;
}
