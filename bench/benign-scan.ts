// `npm run eval:benign`: false alarms on real benign text this machine already has and nobody wrote for Geiger —
// every Markdown file (> 1 kB) under node_modules, the Python standard library's sources, man pages (English and
// other languages) and Debian's /usr/share/doc (READMEs, NEWS, changelogs, also gzipped) — cut into 3 kB chunks, and
// each chunk's short paragraphs (80-600 characters) on their own, scanned as tool results by every semantic
// detector. Text stays on the machine: flagged texts are printed (path, offset, rule, reason, excerpt), only the
// counts go into docs.
// Usage: node --import tsx bench/benign-scan.ts [--max-files N]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { setLogLevel } from "../shared/observability/log.js";
import { DetectionEngine } from "../services/detector/engine.js";
import { semanticDetectors } from "../services/detector/detectors/semantic/index.js";
import { eventForScope } from "../services/detector/rules/example-event.js";
import { fromGroff, localFiles, MAN_PAGES, shortParagraphs } from "./local-files.js";

const ROOT = join(import.meta.dirname, "..");
const CHUNK = 3000;
/** Per file: long changelogs repeat themselves; the first 60 kB are enough. */
const MAX_FILE_CHARS = 60_000;
/** The detectors that read content as instructions (the others look at URLs, secrets and inventories). */
const CONTENT_RULES = /injection|poisoning|hidden/;

interface Source { name: string; root: string; take: (file: string) => boolean; read?: (raw: string) => string; maxFiles?: number }

const SOURCES: Source[] = [
  { name: "node_modules Markdown", root: join(ROOT, "node_modules"), take: (f) => f.endsWith(".md") },
  // Source code is what a coding agent reads most: comments and docstrings talk about users, prompts and secrets.
  { name: "Python standard library", root: "/usr/lib/python3.11", take: (f) => f.endsWith(".py") && !f.includes("/test/") },
  // Manual pages in English and nine other languages: option descriptions say "ignore", "override", "do not ask".
  { name: "man pages", ...MAN_PAGES, read: fromGroff },
  { name: "/usr/share/doc", root: "/usr/share/doc", take: (f) => /(?:\.md|\.txt|^README[^/]*|^NEWS[^/]*|^changelog[^/]*\.gz|^copyright)$/i.test(f.split("/").pop()!) },
];

function text(file: string, read: (raw: string) => string = (t) => t): string {
  const buf = readFileSync(file);
  return read((file.endsWith(".gz") ? gunzipSync(buf) : buf).toString("utf8")).slice(0, MAX_FILE_CHARS);
}

function main(): void {
  setLogLevel("silent");
  const maxAt = process.argv.indexOf("--max-files");
  const max = maxAt > 0 ? Number(process.argv[maxAt + 1]) : 10_000;
  const t0 = performance.now();
  const rows: string[] = [];
  for (const src of SOURCES) {
    const list = localFiles(src.root, src.take, Math.min(max, src.maxFiles ?? max));
    let chunks = 0, flagged = 0, shorts = 0, shortFlagged = 0;
    /** Scans one text as a tool result; prints and counts an alert. */
    const scan = (f: string, where: string, t: string): boolean => {
      // A fresh engine per text: no dedup or first-seen state carried between unrelated documents.
      const engine = new DetectionEngine({ detectors: semanticDetectors, rules: [] });
      const alerts = engine.process(eventForScope("tool_result", t)).filter((a) => a.severity !== "info" && CONTENT_RULES.test(a.rule_id));
      if (alerts.length === 0) return false;
      const a = alerts[0]!;
      console.log(`ALERT ${f} ${where} ${a.rule_id} :: ${a.evidence[0]?.reason ?? ""} :: ${(a.evidence[0]?.excerpt ?? "").slice(0, 160).replace(/\s+/g, " ")}`);
      return true;
    };
    for (const f of list) {
      let t: string;
      try { t = text(f, src.read); } catch { continue; }
      for (let at = 0; at < t.length; at += CHUNK) {
        const chunk = t.slice(at, at + CHUNK);
        chunks++;
        if (scan(f, `@${at}`, chunk)) flagged++;
        // Each short paragraph of the chunk on its own too, as a short tool result (one-line mails, log lines).
        for (const [k, p] of shortParagraphs(chunk).entries()) {
          shorts++;
          if (scan(f, `@${at} paragraph ${k + 1}`, p)) shortFlagged++;
        }
      }
    }
    const rate = (n: number, d: number): string => (d ? `${((100 * n) / d).toFixed(2)} %` : "n/a");
    rows.push(`| ${src.name} | ${list.length} | ${chunks} | ${flagged} | ${rate(flagged, chunks)} | ${shorts} | ${shortFlagged} | ${rate(shortFlagged, shorts)} |`);
  }
  console.log(["", "| benign source | files | 3 kB chunks | flagged | rate | short paragraphs | flagged | rate |", "|---|---:|---:|---:|---:|---:|---:|---:|", ...rows, "", `scanned in ${((performance.now() - t0) / 1000).toFixed(1)} s`].join("\n"));
}

main();
