// Helpers to run several real `geiger detector` processes in one consumer group against Kafka + Elasticsearch, and
// to watch the group (membership, lag) from the outside. Used by the rebalance test and bench/e2e.ts.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { stringify } from "yaml";
import type { Store } from "../../../shared/store/port.js";
import type { Alert } from "../../../shared/schema/alert.js";
import { ensureInfra, uniqueName } from "../../support/infra.js";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export interface ClusterNames {
  brokers: string[];
  esUrl: string;
  indexPrefix: string;
  telemetryTopic: string;
  alertsTopic: string;
}

/** Fresh topic, index and group names for one test run on the shared infra (started if needed). */
export async function freshCluster(prefix: string): Promise<{ names: ClusterNames; group: string; kafkaBrokers: string[]; esUrl: string }> {
  const { kafkaBrokers, esUrl } = await ensureInfra();
  const names = { brokers: kafkaBrokers, esUrl, indexPrefix: `${uniqueName(prefix)}-`, telemetryTopic: uniqueName(`${prefix}-telemetry`), alertsTopic: uniqueName(`${prefix}-alerts`) };
  return { names, group: uniqueName(`${prefix}-detector`), kafkaBrokers, esUrl };
}

/** Writes a geiger config file for these names (plus a `detector` section) and returns its path. */
export function writeConfig(n: ClusterNames, detector: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "geiger-scale-"));
  const file = join(dir, "geiger.yaml");
  writeFileSync(file, stringify({
    data_dir: dir,
    kafka: { brokers: n.brokers, partitions: 6 },
    elasticsearch: { url: n.esUrl, index_prefix: n.indexPrefix },
    topics: { telemetry: n.telemetryTopic, alerts: n.alertsTopic },
    detector,
    ...extra,
  }));
  return file;
}

export interface DetectorProcess {
  readonly child: ChildProcess;
  /** stdout+stderr so far (bounded), for failure messages. */
  output(): string;
  /** SIGTERM, resolves with the exit code once the process has snapshotted and left the group. */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** Starts `geiger detector --config FILE --group GROUP [ARGS…]` from source (tsx), as a separate OS process. */
export function startDetector(o: { config: string; group: string; args?: string[]; env?: Record<string, string> }): DetectorProcess {
  const child = spawn(process.execPath, ["--import", "tsx", join(REPO, "services/cli/entry.ts"), "detector", "--config", o.config, "--group", o.group, ...(o.args ?? [])], {
    cwd: REPO,
    env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: "1", GEIGER_LOG_LEVEL: process.env.GEIGER_LOG_LEVEL ?? "warn", ...o.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (b: Buffer): void => { out = (out + b.toString()).slice(-20_000); };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return {
    child,
    output: () => out,
    async stop(timeoutMs = 30_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      try { return await exited; } finally { clearTimeout(t); }
    },
  };
}

export async function kafkaAdmin(brokers: string[]): Promise<Admin> {
  const admin = new Kafka({ clientId: "geiger-scale-test", brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  return admin;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until the group is Stable with exactly `members` members that together own every partition of `topic`. */
export async function waitForGroup(admin: Admin, group: string, members: number, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    const { groups } = await admin.describeGroups([group]);
    const g = groups[0];
    last = `${g?.state} with ${g?.members.length} members`;
    if (g && g.state === "Stable" && g.members.length === members && g.members.every((m) => m.memberAssignment.length > 0)) return;
    if (Date.now() > end) throw new Error(`group ${group} not Stable with ${members} members after ${timeoutMs} ms (last: ${last})`);
    await sleep(250);
  }
}

/** Total lag of the group on the topic (high watermark − committed offset, summed over partitions). */
export async function groupLag(admin: Admin, group: string, topic: string): Promise<number> {
  const [high, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId: group, topics: [topic] })]);
  const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  let lag = 0n;
  for (const p of high) {
    const c = done.get(p.partition) ?? -1n;
    lag += BigInt(p.high) - (c < 0n ? BigInt(p.low) : c);
  }
  return Number(lag);
}

/** Waits until the group has committed everything produced to the topic so far. */
export async function waitCaughtUp(admin: Admin, group: string, topic: string, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const lag = await groupLag(admin, group, topic);
    if (lag === 0) return;
    if (Date.now() > end) throw new Error(`group ${group} still ${lag} messages behind on ${topic} after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** Every alert in the store's alerts collection (paged). */
export async function readAllAlerts(store: Store): Promise<Alert[]> {
  await store.refresh("alerts");
  const out: Alert[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const page = await store.search("alerts", { limit: 500, cursor, order: "asc" });
    out.push(...(page.items as unknown as Alert[]));
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return out;
}

/**
 * Differences (missing, unexpected, count) of `actual` from `expected`, by dedup key; alerts of the `ignore` rules
 * (e.g. the machine-dependent time-budget alert) are not compared.
 */
export function alertDiff(expected: Alert[], actual: Alert[], ignore: ReadonlySet<string> = new Set()): string[] {
  const countsByKey = (alerts: Alert[]): Map<string, { rule: string; count: number }> =>
    new Map(alerts.filter((a) => !ignore.has(a.rule_id)).map((a) => [a.dedup_key, { rule: a.rule_id, count: a.count }]));
  const e = countsByKey(expected);
  const a = countsByKey(actual);
  const out: string[] = [];
  for (const [k, v] of e) {
    const got = a.get(k);
    if (!got) out.push(`missing ${v.rule} ${k} (count ${v.count})`);
    else if (got.count !== v.count) out.push(`count ${v.rule} ${k}: expected ${v.count}, got ${got.count}`);
  }
  for (const [k, v] of a) if (!e.has(k)) out.push(`unexpected ${v.rule} ${k} (count ${v.count})`);
  return out;
}
