// Fault-injection support: a PRIVATE Kafka + Elasticsearch instance (own dir and ports, small heaps) that the
// fault tests may kill and stop, child services from the CLI, a local PagerDuty-like receiver, end-to-end
// counting, and the results file that scripts/reliability-table.ts renders into docs/reliability.md.
//
// Isolation: the shared 9092/9200 instance is never touched. The private one is started once per fault run
// (infra.sh up is idempotent) and stopped by a detached reaper once no fault-test process has been alive for
// GEIGER_FAULT_IDLE_S seconds (default 45), so consecutive test files reuse it and nothing outlives the run.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Client as EsClient } from "@elastic/elasticsearch";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const INFRA_SH = join(REPO, "deploy/local/infra.sh");
export const RESULTS_FILE = join(REPO, "test-artifacts/reliability-results.json");

/** The private instance's environment for infra.sh (overridable for a second concurrent run). */
export const FAULT_ENV: Record<string, string> = {
  GEIGER_INFRA_DIR: process.env.GEIGER_FAULT_INFRA_DIR ?? "/var/tmp/geiger-faults",
  KAFKA_PORT: process.env.GEIGER_FAULT_KAFKA_PORT ?? "19092",
  KAFKA_CONTROLLER_PORT: process.env.GEIGER_FAULT_KAFKA_CONTROLLER_PORT ?? "19093",
  ES_PORT: process.env.GEIGER_FAULT_ES_PORT ?? "19200",
  ES_TRANSPORT_PORT: process.env.GEIGER_FAULT_ES_TRANSPORT_PORT ?? "19300",
  // The SASL_SSL (SCRAM) listener infra.sh adds; used by transport-security.test.ts, harmless for the others.
  KAFKA_SASL_SSL_PORT: process.env.GEIGER_FAULT_KAFKA_SASL_SSL_PORT ?? "19094",
  KAFKA_HEAP: "-Xmx384m -Xms128m",
  ES_HEAP: "-Xms384m -Xmx384m",
  ES_NODES: "1",
  STOP_TIMEOUT: "20",
};

export interface FaultInfra {
  kafkaBrokers: string[];
  esUrl: string;
  dir: string;
}

export const kafkaBrokers = (): string[] => [`127.0.0.1:${FAULT_ENV.KAFKA_PORT}`];
export const esUrl = (): string => `http://127.0.0.1:${FAULT_ENV.ES_PORT}`;

/** Env for infra.sh and for child services pointed at the private instance (never the shared one). */
export function faultEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return {
    ...env, ...FAULT_ENV, KAFKA_BROKERS: kafkaBrokers().join(","), ELASTICSEARCH_URL: esUrl(),
    KAFKAJS_NO_PARTITIONER_WARNING: "1", GEIGER_LOG_LEVEL: process.env.GEIGER_LOG_LEVEL ?? "warn", ...extra,
  };
}

/** Runs `infra.sh CMD TARGET` against the private instance; throws with the output tail on failure. */
export function infra(cmd: "up" | "down" | "kill" | "status", target: "kafka" | "es" | "all"): string {
  if (FAULT_ENV.KAFKA_PORT === "9092" || FAULT_ENV.ES_PORT === "9200") throw new Error("fault tests refuse to touch the shared 9092/9200 instance");
  const r = spawnSync("bash", [INFRA_SH, cmd, target], { env: faultEnv(), encoding: "utf8", timeout: 300_000 });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (r.status !== 0 && cmd !== "status") throw new Error(`infra.sh ${cmd} ${target} failed (${r.status}):\n${out.slice(-3000)}`);
  return out;
}

/** Async variant for `up` while a test keeps streaming (spawnSync would freeze this process's event loop). */
export function infraAsync(cmd: "up" | "down" | "kill", target: "kafka" | "es" | "all"): Promise<string> {
  return new Promise((res, rej) => {
    const c = spawn("bash", [INFRA_SH, cmd, target], { env: faultEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    c.stdout.on("data", (d: Buffer) => { out += d.toString(); });
    c.stderr.on("data", (d: Buffer) => { out += d.toString(); });
    c.once("exit", (code) => (code === 0 ? res(out) : rej(new Error(`infra.sh ${cmd} ${target} failed (${code}):\n${out.slice(-3000)}`))));
  });
}

let started: Promise<FaultInfra> | null = null;

/** Starts (or reuses) the private Kafka + ES and registers this process with the reaper. */
export function startFaultInfra(): Promise<FaultInfra> {
  started ??= (async () => {
    const dir = FAULT_ENV.GEIGER_INFRA_DIR!;
    mkdirSync(join(dir, "leases"), { recursive: true });
    writeFileSync(join(dir, "leases", String(process.pid)), String(Date.now()));
    process.once("exit", () => rmSync(join(dir, "leases", String(process.pid)), { force: true }));
    await infraAsync("up", "all").catch(async () => {
      // A Kafka started before the SASL_SSL listener was configured: restart it once with the current config.
      await infraAsync("down", "kafka");
      await infraAsync("up", "all");
    });
    startReaper(dir);
    return { kafkaBrokers: kafkaBrokers(), esUrl: esUrl(), dir };
  })();
  return started;
}

/**
 * A detached shell loop (one per instance dir, guarded by a pid file) that runs `infra.sh down all` once no
 * leased test process has been alive for the idle period: the instance lives exactly as long as the fault run.
 */
function startReaper(dir: string): void {
  if (process.env.GEIGER_FAULT_KEEP_INFRA === "1") return;
  const pidFile = join(dir, "reaper.pid");
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    try { if (pid > 0) { process.kill(pid, 0); return; } } catch { /* stale: start a new one */ }
  }
  const idle = Number(process.env.GEIGER_FAULT_IDLE_S ?? 45);
  const script = `
    echo $$ > "${pidFile}"
    idle=0
    while [ $idle -lt ${idle} ]; do
      sleep 5
      live=0
      for f in "${dir}/leases"/*; do
        [ -e "$f" ] || continue
        p=\${f##*/}
        if kill -0 "$p" 2>/dev/null; then live=1; else rm -f "$f"; fi
      done
      if [ $live = 1 ]; then idle=0; else idle=$((idle+5)); fi
    done
    bash "${INFRA_SH}" down all >> "${dir}/reaper.log" 2>&1
    rm -f "${pidFile}"`;
  const c = spawn("bash", ["-c", script], { env: faultEnv(), detached: true, stdio: "ignore" });
  c.unref();
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function until<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, ms: number, what: string, every = 250): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `geiger-fault-${prefix}-`));

/** Lowercase unique run id, valid in topic and index names. */
export const runId = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;

// ------------------------------------------------------------------------------------------ sabotage switches
/**
 * Test-only switches that turn one protection off so a fault test can be shown to fail (GEIGER_FAULT_SABOTAGE,
 * comma-separated). They exist only in test code: the fault tests wrap the real store/sink/bus with them;
 * production code has no such switch.
 */
export const SABOTAGES = ["no-spool", "commit-before-handling", "random-ids", "no-page-records", "no-deadletter", "no-retry-backoff"] as const;
export type Sabotage = (typeof SABOTAGES)[number];
export function sabotaged(s: Sabotage): boolean {
  return (process.env.GEIGER_FAULT_SABOTAGE ?? "").split(",").map((x) => x.trim()).includes(s);
}

// ------------------------------------------------------------------------------------------ child services
export interface ChildService {
  readonly child: ChildProcess;
  /** stderr + stdout tail (for assertion messages). */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Spawns `node --import tsx <entry> ...args` from the repo root (entry default: the geiger CLI). */
export function spawnService(args: string[], o: { env?: Record<string, string>; entry?: string; stdin?: "pipe" | "ignore" } = {}): ChildService {
  const entry = o.entry ?? join(REPO, "services/cli/entry.ts");
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], { cwd: REPO, env: faultEnv(o.env), stdio: [o.stdin ?? "ignore", "pipe", "pipe"] });
  let tail = "";
  const keep = (d: Buffer) => { tail = (tail + d.toString()).slice(-20_000); };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((r) => child.once("exit", (code, sig) => r(code ?? (sig ? 128 : null))));
  return {
    child,
    output: () => tail,
    exited,
    async kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export function writeJson(file: string, value: unknown): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

// ------------------------------------------------------------------------------------------ counting in ES
/** Every document's `_source` (only `fields`) of an index pattern, via scroll (large result sets). */
export async function scanDocs(index: string, fields: string[], url = esUrl()): Promise<Record<string, unknown>[]> {
  const es = new EsClient({ node: url });
  const out: Record<string, unknown>[] = [];
  try {
    await es.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
    let res = await es.search<Record<string, unknown>>({ index, size: 5000, scroll: "30s", ignore_unavailable: true, allow_no_indices: true, _source: fields, query: { match_all: {} } });
    try {
      for (let page = 0; page < 10_000 && res.hits.hits.length > 0; page++) {
        for (const h of res.hits.hits) out.push({ _id: h._id, ...(h._source ?? {}) });
        if (!res._scroll_id) break;
        res = await es.scroll<Record<string, unknown>>({ scroll_id: res._scroll_id, scroll: "30s" });
      }
    } finally {
      if (res._scroll_id) await es.clearScroll({ scroll_id: res._scroll_id }).catch(() => undefined);
    }
    return out;
  } finally {
    await es.close();
  }
}

/** Every document of an index pattern as (id field value → number of documents carrying it). */
export async function countById(index: string, idField: string, url = esUrl()): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (const d of await scanDocs(index, [idField], url)) {
    const v = String(d[idField] ?? d._id);
    seen.set(v, (seen.get(v) ?? 0) + 1);
  }
  return seen;
}

/** All documents of an index (small result sets: alerts, dead letters). */
export async function allDocs(index: string, url = esUrl()): Promise<Record<string, unknown>[]> {
  const es = new EsClient({ node: url });
  try {
    await es.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
    const res = await es.search<Record<string, unknown>>({ index, size: 10_000, ignore_unavailable: true, allow_no_indices: true, query: { match_all: {} } });
    return res.hits.hits.map((h) => h._source ?? {});
  } finally {
    await es.close();
  }
}

export async function deleteIndices(pattern: string, url = esUrl()): Promise<void> {
  const es = new EsClient({ node: url });
  try {
    await es.indices.delete({ index: pattern, ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
    await es.indices.deleteIndexTemplate({ name: `${pattern}` }).catch(() => undefined);
  } finally {
    await es.close();
  }
}

/** Lost = expected ids never stored; duplicated = extra documents for ids stored more than once. */
export function tally(expected: Iterable<string>, stored: Map<string, number>): { sent: number; stored: number; lost: number; duplicated: number; missing: string[] } {
  let sent = 0, lost = 0;
  const missing: string[] = [];
  for (const id of expected) {
    sent++;
    if (!stored.has(id)) { lost++; if (missing.length < 10) missing.push(id); }
  }
  let duplicated = 0;
  for (const n of stored.values()) if (n > 1) duplicated += n - 1;
  return { sent, stored: stored.size, lost, duplicated, missing };
}

// ------------------------------------------------------------------------------------------ latency
export function latencySummary(ms: number[]): { n: number; p50: number; p99: number; max: number } {
  if (ms.length === 0) return { n: 0, p50: 0, p99: 0, max: 0 };
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { n: s.length, p50: Math.round(q(0.5) * 10) / 10, p99: Math.round(q(0.99) * 10) / 10, max: Math.round(s[s.length - 1]! * 10) / 10 };
}

// ------------------------------------------------------------------------------------------ pager receiver
export interface PageRecord { dedup_key: string; event_action: string; at: number; status: number }

/** What the receiver answers to the nth request: a status, or "hang" (never answers: a client timeout). */
export type PagerBehaviour = (n: number, body: Record<string, unknown>) => number | "hang";

/** A local PagerDuty Events v2 look-alike: records every request and answers per `behaviour` (default 202). */
export async function startPagerReceiver(behaviour: PagerBehaviour = () => 202): Promise<{
  url: string; requests: PageRecord[]; accepted(): PageRecord[]; setBehaviour(b: PagerBehaviour): void; close(): Promise<void>;
}> {
  let b = behaviour;
  const requests: PageRecord[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: Record<string, unknown> = {};
      try { body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>; } catch { /* recorded as empty */ }
      const verdict = b(requests.length, body);
      const rec: PageRecord = { dedup_key: String(body.dedup_key ?? ""), event_action: String(body.event_action ?? ""), at: Date.now(), status: verdict === "hang" ? 0 : verdict };
      requests.push(rec);
      if (verdict === "hang") { hanging.add(res); res.on("close", () => hanging.delete(res)); return; }
      res.writeHead(verdict, { "content-type": "application/json" });
      res.end(JSON.stringify(verdict < 300 ? { status: "success", message: "Event processed", dedup_key: rec.dedup_key } : { status: "error" }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v2/enqueue`,
    requests,
    accepted: () => requests.filter((r) => r.status >= 200 && r.status < 300),
    setBehaviour: (nb) => { b = nb; },
    close: () => new Promise<void>((r) => { for (const h of hanging) h.destroy(); server.close(() => r()); server.closeAllConnections(); }),
  };
}

// ------------------------------------------------------------------------------------------ results
export interface ResultRow {
  /** Stable key: one row per fault (a re-run replaces it). */
  fault: string;
  injected: string;
  sent: number;
  stored: number;
  alerted: number | null;
  /** Missing and NOT accounted for by a drop counter (silent loss). */
  lost: number;
  duplicated: number;
  /** Events dropped on purpose and counted (collector spool policy). */
  dropped?: number;
  /** Anything else measured (latencies, retries, dropped counters), rendered as a short note. */
  notes?: string;
  sabotage?: string;
  at?: string;
}

/** Adds or replaces this fault's row in test-artifacts/reliability-results.json (atomic rename). */
export function recordResult(row: ResultRow): void {
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  let rows: ResultRow[] = [];
  try { rows = JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as ResultRow[]; } catch { rows = []; }
  const sabotage = process.env.GEIGER_FAULT_SABOTAGE || (process.env.GEIGER_FAULT_COLLECTOR_MODE ? `what-if:${process.env.GEIGER_FAULT_COLLECTOR_MODE}` : "");
  // A sabotaged or what-if run is evidence, not a result: it goes to its own file so the table stays the real
  // measurement of the code as it is.
  if (sabotage) {
    const f = RESULTS_FILE.replace(/\.json$/, ".sabotaged.json");
    let s: ResultRow[] = [];
    try { s = JSON.parse(readFileSync(f, "utf8")) as ResultRow[]; } catch { s = []; }
    s = s.filter((r) => !(r.fault === row.fault && r.sabotage === sabotage));
    s.push({ ...row, sabotage, at: new Date().toISOString() });
    writeFileSync(`${f}.tmp`, JSON.stringify(s, null, 2));
    renameSync(`${f}.tmp`, f);
    return;
  }
  rows = rows.filter((r) => r.fault !== row.fault);
  rows.push({ ...row, at: new Date().toISOString() });
  writeFileSync(`${RESULTS_FILE}.tmp`, JSON.stringify(rows, null, 2));
  renameSync(`${RESULTS_FILE}.tmp`, RESULTS_FILE);
}

/** Outage length for the ES-stopped case: GEIGER_FAULT_ES_OUTAGE_S (npm run test:faults sets 60; CI default 20). */
export const esOutageSeconds = (): number => Math.max(5, Number(process.env.GEIGER_FAULT_ES_OUTAGE_S ?? 20));

export function listDir(dir: string): string[] {
  try { return readdirSync(dir); } catch { return []; }
}

// ------------------------------------------------------------------------------------------ sabotaged store
/**
 * Wraps a Store with the sabotage switches that concern it (test-only): `commit-before-handling` makes a failed
 * bulk write look successful (the batch commits without its data, as if offsets were committed before the
 * write); `random-ids` replaces every write's id with a fresh one (non-idempotent writes); `no-page-records`
 * hides the notifier's durable page records; `no-deadletter` drops dead-letter records.
 */
export function sabotageStore<S extends import("../../shared/store/port.js").Store>(store: S): S {
  const on = (x: Sabotage) => sabotaged(x);
  if (!SABOTAGES.some(on)) return store;
  return new Proxy(store, {
    get(target, prop, receiver) {
      const orig = Reflect.get(target, prop, receiver) as unknown;
      if (typeof orig !== "function") return orig;
      if (prop === "bulkWrite") {
        return async (collection: import("../../shared/store/port.js").CollectionName, ops: import("../../shared/store/port.js").WriteOp[]) => {
          if (on("no-deadletter") && collection === "deadletters") return { written: ops.length, failed: [] };
          const real = on("random-ids") && (collection === "telemetry" || collection === "alerts") ? ops.map((o) => ({ ...o, id: randomUUID() })) : ops;
          try {
            return await target.bulkWrite(collection, real);
          } catch (err) {
            if (on("commit-before-handling")) return { written: 0, failed: [] };
            throw err;
          }
        };
      }
      if (prop === "get" && on("no-page-records")) {
        return async (collection: import("../../shared/store/port.js").CollectionName, id: string) =>
          collection === "config" && id.startsWith("notify:") ? null : target.get(collection, id);
      }
      return (orig as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

/** Waits until a consumer group has joined (state Stable with a member): a `fromBeginning: false` group misses
 * everything published before that. */
export async function waitGroupStable(groupId: string, ms = 60_000): Promise<void> {
  const { Kafka, logLevel } = await import("kafkajs");
  const admin = new Kafka({ brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await until(async () => {
      const d = await admin.describeGroups([groupId]).catch(() => null);
      const g = d?.groups[0];
      return g && g.state === "Stable" && g.members.length > 0;
    }, ms, `consumer group ${groupId} stable`, 250);
  } finally {
    await admin.disconnect();
  }
}

/** Mounts a tmpfs of `size` at a new temp dir (root only); null when this machine does not allow it. */
export function mountTmpfs(size: string): { dir: string; unmount(): void } | null {
  const dir = tempDir("tmpfs");
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0755`, "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) { rmSync(dir, { recursive: true, force: true }); return null; }
  return { dir, unmount: () => { spawnSync("umount", ["-l", dir]); rmSync(dir, { recursive: true, force: true }); } };
}
