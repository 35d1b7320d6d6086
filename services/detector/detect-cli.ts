// `geiger detect [--input FILE|-] [--rules DIR] [--config FILE]`: offline retro-hunt with the live engine.
// TelemetryEvent JSONL in (bad lines reported on stderr with their line number and skipped), events scanned
// in timestamp order, the final Alert of each dedup key as JSONL on stdout, a summary on stderr.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs, stringFlag } from "../cli/args.js";
import { loadGeigerConfig } from "../cli/config.js";
import { setLogLevel } from "../../shared/observability/log.js";
import { parseTelemetry, type TelemetryEvent } from "../../shared/schema/telemetry.js";
import { detectOffline } from "./engine.js";
import { builtinRulesDir } from "./rules/rule.js";

const MAX_LINE = 16 * 1024 * 1024;
const MAX_REPORTED_BAD = 100;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.flags.has("help")) {
    process.stdout.write("usage: geiger detect [--input FILE|-] [--rules DIR]... [--config FILE]\n");
    return 0;
  }
  const input = stringFlag(args, "input") ?? "-";
  const file = stringFlag(args, "config");
  const cfg = loadGeigerConfig(file ? { file } : {});
  // `--rules DIR` may repeat (the parser keeps the last; `DIR1,DIR2` also works); it replaces the built-in folder.
  const rulesFlag = stringFlag(args, "rules");
  const rulesDirs = rulesFlag ? rulesFlag.split(",").filter(Boolean) : undefined;
  setLogLevel("warn");

  const stream = input === "-" ? process.stdin : createReadStream(input);
  const opened = await new Promise<Error | null>((resolve) => {
    if (input === "-") return resolve(null);
    stream.once("open", () => resolve(null));
    stream.once("error", (err: Error) => resolve(err));
  });
  if (opened) {
    process.stderr.write(`geiger detect: cannot read ${input}: ${opened.message}\n`);
    return 66; // EX_NOINPUT
  }
  const events: TelemetryEvent[] = [];
  let lineNo = 0;
  let invalid = 0;
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === "") continue;
    const r = line.length > MAX_LINE ? { ok: false as const, reason: `line longer than ${MAX_LINE} characters` } : parseTelemetry(line);
    if (r.ok) events.push(r.value);
    else {
      invalid++;
      if (invalid <= MAX_REPORTED_BAD) process.stderr.write(`geiger detect: line ${lineNo}: ${r.reason.slice(0, 500)}\n`);
      else if (invalid === MAX_REPORTED_BAD + 1) process.stderr.write("geiger detect: more invalid lines (not reported one by one)\n");
    }
  }
  const t0 = performance.now();
  const alerts = detectOffline(events, { config: cfg.detector, ...(rulesDirs ? { rulesDirs } : {}) });
  const ms = performance.now() - t0;
  const out: string[] = [];
  const byRule = new Map<string, number>();
  for (const a of alerts) {
    out.push(JSON.stringify(a));
    byRule.set(a.rule_id, (byRule.get(a.rule_id) ?? 0) + 1);
  }
  if (out.length) await new Promise<void>((resolve) => process.stdout.write(out.join("\n") + "\n", () => resolve()));
  const summary = [
    `geiger detect: ${events.length} event(s) scanned, ${invalid} invalid line(s) skipped, ${alerts.length} alert(s) in ${ms.toFixed(0)} ms (rules: ${rulesDirs ? rulesDirs.join(", ") : builtinRulesDir()})`,
    ...[...byRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([rule, n]) => `  ${String(n).padStart(6)}  ${rule}`),
  ];
  process.stderr.write(summary.join("\n") + "\n");
  return 0;
}
