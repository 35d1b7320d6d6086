// ReDoS checks of every regex in the code that touches attacker-controlled text. Three sources: (1) every
// RegExp literal and `new RegExp("literal")` in services/ and shared/, found with the TypeScript parser (so a
// new regex is covered the day it is written); (2) the built-in rules' compiled patterns and exceptions;
// (3) the modules' exported matchers as they run (redaction finders, injection signals, with their real flags).
// Each is scanned over adversarial 100 kB inputs built from its own alphabet; the limit is 250 ms per input.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { FINDERS } from "../../../services/collector/secret-patterns.js";
import { adversarialInputs } from "../../../services/detector/rules/regex-safety.js";
import { builtinRulesDir, loadRules } from "../../../services/detector/rules/rule.js";
import { SIGNALS, findSignals } from "../../../services/detector/signals/injection.js";

const REPO = resolve(import.meta.dirname, "../../..");
const SIZE = 100_000;
const LIMIT_MS = Number(process.env.GEIGER_REDOS_LIMIT_MS ?? 250);

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (e.endsWith(".ts") && !e.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

interface Found { where: string; re: RegExp }

/** Every regex literal and `new RegExp(<string literal>[, <string literal>])` in the source tree. */
export function regexesInSource(dirs: string[]): Found[] {
  const found: Found[] = [];
  for (const file of dirs.flatMap((d) => tsFiles(join(REPO, d)))) {
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const at = (n: ts.Node) => `${relative(REPO, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (n: ts.Node): void => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = n.getText();
        const slash = text.lastIndexOf("/");
        try { found.push({ where: at(n), re: new RegExp(text.slice(1, slash), text.slice(slash + 1)) }); } catch { /* flags this runtime lacks */ }
      } else if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "RegExp" && n.arguments?.[0] && ts.isStringLiteralLike(n.arguments[0])) {
        const flags = n.arguments[1] && ts.isStringLiteralLike(n.arguments[1]) ? n.arguments[1].text : "";
        try { found.push({ where: at(n), re: new RegExp(n.arguments[0].text, flags) }); } catch { /* dynamic */ }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return found;
}

/** Adversarial strings from the regex's own alphabet: long runs of each literal character and of pairs. */
export function probesFor(re: RegExp, size = SIZE): string[] {
  const chars = new Set<string>();
  const src = re.source.replace(/\\[dDwWsSbBnrtfv]/g, "");
  for (const c of src) if (c.charCodeAt(0) < 128 && !"()[]{}|^$?*+\\".includes(c)) chars.add(c);
  for (const c of ["a", "A", "0", " ", "\t", "\n", "-", "_", ".", "/", "@", ":", "=", '"', "'", "<", "%"]) chars.add(c);
  const out = [...adversarialInputs(size)];
  const list = [...chars].slice(0, 40);
  for (const c of list) out.push(c.repeat(size), c.repeat(size - 1) + "\u0000");
  for (let i = 0; i + 1 < list.length; i += 2) out.push((list[i]! + list[i + 1]!).repeat(size / 2));
  // Literal words of the regex repeated (keyword-style patterns).
  for (const w of (src.match(/[A-Za-z]{3,}/g) ?? []).slice(0, 8)) out.push(`${w} `.repeat(Math.floor(size / (w.length + 1))));
  return out;
}

/** Worst time (ms) of a full global scan over any probe; zero-width matches advance, iterations capped. */
export function worstScanMs(re: RegExp, probes: string[]): { ms: number; probe: string } {
  const g = new RegExp(re.source, re.flags.replace(/[gy]/g, "") + "g");
  let worst = { ms: 0, probe: "" };
  for (const s of probes) {
    const t0 = performance.now();
    g.lastIndex = 0;
    for (let n = 0; n < 200_000; n++) {
      const m = g.exec(s);
      if (!m) break;
      if (m[0].length === 0) g.lastIndex++;
    }
    const ms = performance.now() - t0;
    if (ms > worst.ms) worst = { ms, probe: s.slice(0, 24) };
  }
  return worst;
}

/**
 * Regexes that are super-linear on unbounded input but only ever see bounded input, measured at that bound
 * instead (file, source, the bound and why). Keep this list short: a fix beats an entry.
 */
const BOUNDED: { file: string; source: string; maxInput: number; why: string }[] = [
  { file: "services/detector/detectors/correlation/campaign.ts", source: "[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+", maxInput: 240, why: "normalisePayload() gets at most PAYLOAD_CHARS (240) characters; quadratic on long word runs (5 s at 64 kB)" },
  { file: "services/notifier/output.ts", source: "\\/+$", maxInput: 2048, why: "trims the operator-configured dashboard_url, never event data" },
  { file: "services/notifier/outputs/opsgenie.ts", source: "\\/+$", maxInput: 2048, why: "trims the operator-configured Opsgenie URL, never event data" },
];

function check(list: Found[]): string[] {
  const slow: string[] = [];
  for (const { where, re } of list) {
    const bound = BOUNDED.find((b) => where.startsWith(`${b.file}:`) && re.source === b.source);
    const probes = probesFor(re, bound ? bound.maxInput : SIZE);
    let w = worstScanMs(re, probes);
    // A busy machine: measure again before blaming the regex (unless it is clearly catastrophic).
    if (w.ms > LIMIT_MS && w.ms < LIMIT_MS * 10) w = worstScanMs(re, probes);
    if (w.ms > LIMIT_MS) slow.push(`${where} /${re.source.slice(0, 100)}/${re.flags}: ${w.ms.toFixed(0)} ms on ${JSON.stringify(w.probe)}…`);
  }
  return slow;
}

test("every regex literal in services/ and shared/ scans 100 kB adversarial input in < 250 ms", () => {
  const found = regexesInSource(["services", "shared"]);
  assert.ok(found.length > 50, `found ${found.length} regexes`);
  for (const b of BOUNDED) assert.ok(found.some((f) => f.where.startsWith(`${b.file}:`) && f.re.source === b.source), `stale BOUNDED entry ${b.file} /${b.source}/`);
  const slow = check(found);
  assert.deepEqual(slow, [], `slow regexes:\n${slow.join("\n")}`);
});

test("built-in rule patterns and exceptions (as compiled by the loader) are linear on 100 kB", () => {
  const rules = loadRules([builtinRulesDir()]);
  const list = rules.flatMap((r) => [...r.matchers, ...r.exceptions].map((re, i) => ({ where: `${r.rule.id}#${i}`, re })));
  assert.ok(list.length >= rules.length);
  assert.deepEqual(check(list), []);
});

test("injection signals (sticky, as the detector runs them) and the combined scan stay fast on 100 kB", () => {
  assert.deepEqual(check(SIGNALS.map((s) => ({ where: `signal ${s.family}/${s.label}`, re: s.re }))), []);
  for (const s of [...adversarialInputs(SIZE), "ignore previous ".repeat(6000), "you must ".repeat(11_000), "<|im_start|>".repeat(8000)]) {
    const t0 = performance.now();
    findSignals(s.toLowerCase(), "content", []);
    findSignals(s.toLowerCase(), "description", []);
    assert.ok(performance.now() - t0 < LIMIT_MS * 2, `findSignals on ${JSON.stringify(s.slice(0, 20))}…: ${(performance.now() - t0).toFixed(0)} ms`);
  }
});

test("redaction finders (the collector's hot path) are linear on 100 kB adversarial input", () => {
  const probes = [
    ...adversarialInputs(SIZE), "AKIA".repeat(SIZE / 4), "ghp_".repeat(SIZE / 4), "eyJ".repeat(SIZE / 3), "eyJa.".repeat(SIZE / 5),
    "Bearer ".repeat(SIZE / 7), "password=".repeat(SIZE / 9), "a@".repeat(SIZE / 2), "a.".repeat(SIZE / 2), "1234 ".repeat(SIZE / 5),
    "x://a:".repeat(SIZE / 6), "-----BEGIN PRIVATE KEY-----".repeat(SIZE / 27), "sk-".repeat(SIZE / 3), "xoxb-".repeat(SIZE / 5),
  ];
  const slow: string[] = [];
  for (const f of FINDERS) {
    for (const s of probes) {
      const t0 = performance.now();
      f.find(s);
      const ms = performance.now() - t0;
      if (ms > LIMIT_MS) slow.push(`${f.kind}: ${ms.toFixed(0)} ms on ${JSON.stringify(s.slice(0, 16))}…`);
    }
  }
  assert.deepEqual(slow, []);
});
