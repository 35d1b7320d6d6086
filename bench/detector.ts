// Detector throughput: events/s on one core through every semantic detector and the YAML rules, on a realistic
// mix (mostly ~1.5 kB tool calls whose results are real README prose, some 1–20 kB results, resource reads,
// tools/list with real definitions, small notifications), beside JSON.parse alone of the same lines. Bounded
// in events and time. Run alone: node --import tsx bench/detector.ts
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { setLogLevel } from "../shared/observability/log.js";
import { TELEMETRY_SCHEMA, type TelemetryEvent } from "../shared/schema/telemetry.js";
import { DetectionEngine } from "../services/detector/engine.js";
import { semanticDetectors } from "../services/detector/detectors/semantic/index.js";
import { builtinRulesDir, loadRules } from "../services/detector/rules/rule.js";

const ROOT = join(import.meta.dirname, "..");

/** Deterministic PRNG so every run measures the same mix. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s ^ (s >>> 15), 1 | s) + 0x6d2b79f5) >>> 0; return ((s ^ (s >>> 14)) >>> 0) / 4294967296; };
}

function corpusText(): string {
  const nm = join(ROOT, "node_modules");
  let text = "";
  for (const p of ["zod", "express", "kafkajs", "pino", "ws", "yaml", "typescript", "prom-client", "fast-check", "simple-statistics"]) {
    const f = join(nm, p, "README.md");
    if (existsSync(f)) text += readFileSync(f, "utf8") + "\n\n";
  }
  return text.length > 10_000 ? text : "The quick brown fox jumps over the lazy dog. ".repeat(2000);
}

export function makeEvents(n: number): TelemetryEvent[] {
  const r = rng(42);
  const text = corpusText();
  const slice = (len: number): string => { const at = Math.floor(r() * (text.length - len)); return text.slice(at, at + len); };
  const real = JSON.parse(readFileSync(join(ROOT, "eval/sources/real-servers.json"), "utf8")) as { server: string; tools: unknown[] }[];
  const tools = ["read_file", "search", "query", "fetch", "list_issues", "send_message"];
  const out: TelemetryEvent[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    const session = `s-${Math.floor(r() * 200)}`;
    const base = {
      schema: TELEMETRY_SCHEMA, event_id: `bench-${i}`, ts: new Date(Date.UTC(2025, 0, 1) + i * 10).toISOString(), tenant: "default",
      agent: { id: `agent-${session}`, session_id: session, principal: `user-${Math.floor(r() * 50)}` },
      server: { name: `srv-${Math.floor(r() * 8)}`, transport: "stdio" as const, version: "1.0.0" },
      collector: { id: "bench", version: "0" }, direction: "client_to_server" as const, kind: "request" as const, duration_ms: 12,
    };
    let e: TelemetryEvent;
    if (x < 0.7) {
      const len = 900 + Math.floor(r() * 700); // typical: ~1.5 kB event
      e = { ...base, method: "tools/call", params: { name: tools[Math.floor(r() * tools.length)], arguments: { path: `/home/user/project/file-${i}.md`, query: slice(40) } }, result: { content: [{ type: "text", text: slice(len) }], isError: false } } as TelemetryEvent;
    } else if (x < 0.8) {
      const len = 1000 + Math.floor(r() * 19_000); // 1–20 kB results
      e = { ...base, method: "tools/call", params: { name: "fetch", arguments: { url: `https://docs.example.com/page/${i}?lang=en` } }, result: { content: [{ type: "text", text: slice(len) }] } } as TelemetryEvent;
    } else if (x < 0.88) {
      e = { ...base, method: "resources/read", params: { uri: `file:///docs/${i}.md` }, result: { contents: [{ uri: `file:///docs/${i}.md`, mimeType: "text/markdown", text: slice(1200) }] } } as TelemetryEvent;
    } else if (x < 0.92) {
      const s = real[Math.floor(r() * real.length)]!;
      e = { ...base, method: "tools/list", result: { tools: s.tools } } as TelemetryEvent;
    } else {
      e = { ...base, kind: "notification", method: "notifications/progress", params: { progressToken: i, progress: 50, total: 100 } } as TelemetryEvent;
    }
    const json = JSON.stringify(e);
    e.size = { request_bytes: JSON.stringify(e.params ?? null).length, response_bytes: json.length };
    out.push(e);
  }
  return out;
}

/** Runs for at most `maxMs` or `n` events; returns events per second per core and the mean event size. */
export async function benchDetector(opts: { events?: number; maxMs?: number } = {}): Promise<Record<string, number>> {
  setLogLevel("silent");
  const n = opts.events ?? 20_000;
  const maxMs = opts.maxMs ?? 8_000;
  const events = makeEvents(n);
  const lines = events.map((e) => JSON.stringify(e));
  const bytes = lines.reduce((s, l) => s + l.length, 0);
  const typical = lines.filter((_, i) => events[i]!.method === "tools/call" && lines[i]!.length < 2500);

  const parseRate = (ls: string[]): number => {
    const t0 = performance.now();
    let k = 0;
    for (const l of ls) { JSON.parse(l); k++; if ((k & 255) === 0 && performance.now() - t0 > maxMs / 4) break; }
    return k / ((performance.now() - t0) / 1000);
  };
  const rules = loadRules([builtinRulesDir()]);
  const detectRate = (ls: string[]): number => {
    const engine = new DetectionEngine({ detectors: semanticDetectors, rules });
    // Warm-up: JIT and regex compilation are not what a long-running detector pays per event.
    for (const l of ls.slice(0, 500)) engine.process(JSON.parse(l) as TelemetryEvent);
    const t0 = performance.now();
    let k = 0;
    for (const l of ls) { engine.process(JSON.parse(l) as TelemetryEvent); k++; if ((k & 255) === 0 && performance.now() - t0 > maxMs / 2) break; }
    return k / ((performance.now() - t0) / 1000);
  };
  const typicalBytes = typical.reduce((s, l) => s + l.length, 0) / Math.max(1, typical.length);
  return {
    "detector.mix.events_per_s": Math.round(detectRate(lines)),
    "detector.mix.json_parse_only_per_s": Math.round(parseRate(lines)),
    "detector.mix.mean_event_bytes": Math.round(bytes / lines.length),
    "detector.typical_1_5kB.events_per_s": Math.round(detectRate(typical)),
    "detector.typical_1_5kB.json_parse_only_per_s": Math.round(parseRate(typical)),
    "detector.typical_1_5kB.mean_event_bytes": Math.round(typicalBytes),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void benchDetector().then((r) => {
    for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(45)} ${v.toLocaleString("en-US")}`);
  });
}
