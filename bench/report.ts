// Renders docs/BENCHMARKS.md from the medians bench/run.ts gathered: command, machine, date, each figure against
// its target, the rules/sessions sweeps, and every run's raw numbers. Pure apart from reading the machine facts.
import { cpus, loadavg, totalmem } from "node:os";
import { readFileSync } from "node:fs";

export interface BenchOutcome {
  name: string;
  what: string;
  /** When the benchmark finished (a report merged with `--only` mixes dates). */
  at?: string;
  runs: number;
  medians: Record<string, number>;
  samples: Record<string, number>[];
  seconds: number;
  /** 1-minute load average at the start and the end of the benchmark: other work on the machine skews figures. */
  loadavg: [number, number];
  /** The command whose run produced these figures (a report merged with `--only` mixes commands). */
  command?: string;
  error?: string;
}

export interface SweepRow { x: number; label: string; values: Record<string, number> }

export interface ReportInput {
  command: string;
  started: Date;
  finished: Date;
  runs: number;
  quick: boolean;
  outcomes: BenchOutcome[];
  sweeps: { rules?: SweepRow[] | undefined; sessions?: SweepRow[] | undefined };
}

/** What the report's raw block holds, so a later `--only` run can keep the benchmarks it does not re-run. */
export interface RawResults { outcomes: BenchOutcome[]; sweeps: ReportInput["sweeps"] }

const RAW_MARK = "<!-- bench-raw: everything below is machine-read by bench/run.ts --only -->";

export function parseRaw(markdown: string): RawResults | null {
  const at = markdown.indexOf(RAW_MARK);
  if (at < 0) return null;
  const m = /```json\n([\s\S]*?)\n```/.exec(markdown.slice(at));
  return m ? (JSON.parse(m[1]!) as RawResults) : null;
}

export interface Machine { cores: number; cpuModel: string; ramGiB: number; node: string; os: string }

export function machine(): Machine {
  let model = cpus()[0]?.model ?? "unknown";
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) model = m[1]!.trim();
  } catch { /* not Linux: os.cpus() is enough */ }
  return { cores: cpus().length, cpuModel: model, ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10, node: process.version, os: `${process.platform} ${process.arch}` };
}

/** A target: which benchmark key, the comparison and the threshold, in the units the key uses. */
interface Target { label: string; bench: string; key: string; op: ">=" | "<=" | "<"; value: number; unit: string; note?: string }

export const TARGETS: Target[] = [
  { label: "Semantic detection, typical ~1.5 kB tool calls", bench: "detector", key: "detector.typical_1_5kB.events_per_s", op: ">=", value: 50_000, unit: "events/s/core" },
  { label: "Semantic detection, realistic size mix", bench: "detector", key: "detector.mix.events_per_s", op: ">=", value: 50_000, unit: "events/s/core", note: "the mix has 1–20 kB results; the target is stated for typical events" },
  { label: "End to end Kafka → detector + indexer → ES", bench: "e2e", key: "e2e.pipeline_events_per_s", op: ">=", value: 20_000, unit: "events/s on this machine" },
  { label: "MCP call → alert visible in the API, p99", bench: "latency", key: "latency.alert_visible_p99_ms", op: "<", value: 1_000, unit: "ms" },
  { label: "Collector added latency (stdio), p50", bench: "collector", key: "added_p50_ms", op: "<", value: 0.2, unit: "ms" },
  { label: "Collector added latency (stdio), p99", bench: "collector", key: "added_p99_ms", op: "<", value: 1, unit: "ms" },
  { label: "Collector throughput vs direct (stdio), one call at a time", bench: "collector", key: "throughput_ratio_sequential", op: ">=", value: 0.95, unit: "ratio", note: "a bare byte relay in the same run: bare_relay.throughput_ratio_sequential" },
  { label: "Collector throughput vs direct (stdio), 16 in flight", bench: "collector", key: "throughput_ratio", op: ">=", value: 0.95, unit: "ratio" },
  { label: "Collector added latency (Streamable HTTP), p50", bench: "collector", key: "http.added_p50_ms", op: "<", value: 0.2, unit: "ms", note: "a bare Node HTTP relay in the same run: http.bare_relay.added_p50_ms" },
  { label: "Collector added latency (Streamable HTTP), p99", bench: "collector", key: "http.added_p99_ms", op: "<", value: 1, unit: "ms" },
  { label: "Collector throughput vs direct (Streamable HTTP), 16 in flight", bench: "collector", key: "http.throughput_ratio", op: ">=", value: 0.95, unit: "ratio" },
  { label: "Behavioural state at 1M sessions", bench: "state", key: "state_heap_mb", op: "<=", value: 512, unit: "MB" },
];

const fmt = (v: number | undefined): string => {
  if (v === undefined || !Number.isFinite(v)) return "—";
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString("en-US");
  return String(Math.round(v * 1000) / 1000);
};

const la = (x: number | null | undefined): string => (typeof x === "number" && Number.isFinite(x) ? x.toFixed(1) : "?");

function verdict(t: Target, v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return "not measured";
  const ok = t.op === ">=" ? v >= t.value : t.op === "<=" ? v <= t.value : v < t.value;
  return ok ? "**met**" : "**not met**";
}

export function renderReport(r: ReportInput, m: Machine = machine()): string {
  const by = new Map(r.outcomes.map((o) => [o.name, o]));
  const L: string[] = [];
  L.push("# Geiger benchmarks", "");
  const kept = r.outcomes.some((o) => o.command !== r.command);
  L.push(`Generated by \`${r.command}\` (bench/run.ts → bench/report.ts). Every figure is the **median of ${r.runs} run${r.runs === 1 ? "" : "s"}**${r.quick ? " — **quick mode: reduced sizes, a smoke test of the suite, not publishable figures**" : ""}.${kept ? " Benchmarks that command did not re-run keep their earlier results: each section below gives its own date and, where recorded, the command that produced it." : ""}`, "");
  L.push("| | |", "|---|---|");
  L.push(`| date | ${r.started.toISOString()} → ${r.finished.toISOString()} |`);
  L.push(`| machine | ${m.cores} cores, ${m.cpuModel}, ${m.ramGiB} GiB RAM, ${m.os} |`);
  L.push(`| runtime | Node ${m.node}; Kafka 3.9.1 and Elasticsearch 8.19 (deploy/local, single node each, 512 MB heaps) on the same machine |`);
  L.push(`| load | 1-min load average per benchmark below (start → end); the machine is shared, so anything above ~${m.cores} means the figures are pessimistic |`);
  L.push("");

  L.push("## Against the targets", "", "| target | measured | goal | verdict |", "|---|---|---|---|");
  for (const t of TARGETS) {
    const o = by.get(t.bench);
    const v = o?.medians[t.key];
    const measured = o?.error && v === undefined ? o.error : `${fmt(v)} ${t.unit}`;
    L.push(`| ${t.label}${t.note ? ` (${t.note})` : ""} | ${measured} | ${t.op} ${fmt(t.value)} ${t.unit} | ${o?.error && v === undefined ? "not available" : verdict(t, v)} |`);
  }
  const d = by.get("detector")?.medians;
  if (d?.["detector.typical_1_5kB.json_parse_only_per_s"]) {
    L.push("", `For scale: \`JSON.parse\` alone of the same typical events runs at ${fmt(d["detector.typical_1_5kB.json_parse_only_per_s"])} events/s on one core (mix: ${fmt(d["detector.mix.json_parse_only_per_s"])}).`);
  }
  const c = by.get("ceiling")?.medians;
  if (c?.["ceiling.es_bulk_index_events_per_s"]) {
    const bound = Math.min(c["ceiling.es_bulk_index_events_per_s"], c["ceiling.kafka_consume_parse_events_per_s"] ?? Infinity, c["ceiling.kafka_produce_events_per_s"] ?? Infinity);
    L.push("", `Ceilings on this machine, no Geiger service in the path (bench/ceiling.ts): Kafka takes ${fmt(c["ceiling.kafka_produce_events_per_s"])} events/s from a producer and gives ${fmt(c["ceiling.kafka_consume_parse_events_per_s"])} events/s to a consumer that only parses them; Elasticsearch indexes ${fmt(c["ceiling.es_bulk_index_events_per_s"])} of Geiger's telemetry documents per second. Every event is produced, consumed and indexed, so the end-to-end figure cannot exceed ${fmt(bound)} events/s here, whatever the detector does.`);
  }
  L.push("");

  L.push("## Each benchmark", "");
  for (const o of r.outcomes) {
    L.push(`### ${o.name}`, "", o.what, "");
    L.push(`${o.runs} run(s)${o.at ? ` finished ${o.at}` : ""}${o.command ? ` by \`${o.command}\`` : ""}, ${fmt(o.seconds)} s in total, load average ${la(o.loadavg[0])} → ${la(o.loadavg[1])}.${o.error ? ` **${o.error}**` : ""}`, "");
    const keys = Object.keys(o.medians);
    if (keys.length) {
      L.push("| metric | median | runs |", "|---|---|---|");
      for (const k of keys) L.push(`| \`${k}\` | ${fmt(o.medians[k])} | ${o.samples.map((s) => fmt(s[k])).join(" · ")} |`);
      L.push("");
    }
  }

  L.push("## How it grows", "");
  if (r.sweeps.rules?.length) {
    L.push("### With the number of rules", "", "Semantic detectors plus N YAML pattern rules (the built-in rules cloned under new ids), typical tool calls, one core.", "");
    L.push("| rules | regex patterns | events/s |", "|---|---|---|");
    for (const row of r.sweeps.rules) L.push(`| ${row.x} | ${fmt(row.values.patterns)} | ${fmt(row.values.events_per_s)} |`);
    L.push("");
  }
  if (r.sweeps.sessions?.length) {
    L.push("### With the number of sessions", "", "The whole engine (every semantic, behavioural and correlation detector and every rule) over the realistic mix, events spread over N distinct sessions; heap = what the engine retains after the run (state + dedup table).", "");
    L.push("| sessions | events | events/s | engine heap (MB) | alerts kept |", "|---|---|---|---|---|");
    for (const row of r.sweeps.sessions) L.push(`| ${row.x.toLocaleString("en-US")} | ${fmt(row.values.events)} | ${fmt(row.values.events_per_s)} | ${fmt(row.values.engine_heap_mb)} | ${fmt(row.values.alerts)} |`);
    L.push("");
  }
  if (!r.sweeps.rules?.length && !r.sweeps.sessions?.length) L.push("Sweeps not run (`--only` without `sweep`).", "");

  const raw: RawResults = { outcomes: r.outcomes, sweeps: r.sweeps };
  L.push("## Raw", "", "Every run's numbers, for anyone recomputing the medians.", "", RAW_MARK, "", "```json", JSON.stringify(raw), "```", "");
  L.push(`_Load average at the end of the suite: ${loadavg().map((x) => x.toFixed(1)).join(", ")}._`, "");
  return L.join("\n");
}
