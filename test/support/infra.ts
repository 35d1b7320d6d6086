// Test support: make sure the local Kafka + Elasticsearch (deploy/local/infra.sh) are up, once per test run.
//
//   const { kafkaBrokers, esUrl } = await ensureInfra();
//   const topic = uniqueName("telemetry");
//
// Reuses engines that already answer (KAFKA_BROKERS / ELASTICSEARCH_URL if set, else 127.0.0.1:$KAFKA_PORT and
// http://127.0.0.1:$ES_PORT); otherwise runs `deploy/local/infra.sh up all` under a lock file in
// $GEIGER_INFRA_DIR so concurrent test files never start them twice. GEIGER_SKIP_INFRA=1 makes it throw.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";

export interface InfraEndpoints {
  kafkaBrokers: string[];
  esUrl: string;
}

const LOCK_WAIT_MS = 10 * 60_000;
const STALE_LOCK_MS = 15 * 60_000;

let pending: Promise<InfraEndpoints> | undefined;

function infraDir(): string {
  return process.env.GEIGER_INFRA_DIR ?? "/var/tmp/geiger-infra";
}

function endpoints(): InfraEndpoints {
  const kafkaPort = process.env.KAFKA_PORT ?? "9092";
  const esPort = process.env.ES_PORT ?? "9200";
  const brokers = (process.env.KAFKA_BROKERS ?? `127.0.0.1:${kafkaPort}`)
    .split(",")
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  const esUrl = (process.env.ELASTICSEARCH_URL ?? `http://127.0.0.1:${esPort}`).replace(/\/+$/, "");
  return { kafkaBrokers: brokers, esUrl };
}

function findScript(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, "deploy", "local", "infra.sh");
    if (existsSync(candidate)) return candidate;
    const parent = resolve(dir, "..");
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error("ensureInfra: cannot find deploy/local/infra.sh above " + fileURLToPath(import.meta.url));
}

function tcpOpen(hostPort: string, timeoutMs = 2000): Promise<boolean> {
  const idx = hostPort.lastIndexOf(":");
  const host = idx > 0 ? hostPort.slice(0, idx).replace(/^\[|\]$/g, "") : hostPort;
  const port = idx > 0 ? Number(hostPort.slice(idx + 1)) : 9092;
  return new Promise((done) => {
    const sock = connect({ host, port });
    const finish = (ok: boolean): void => {
      sock.removeAllListeners();
      sock.destroy();
      done(ok);
    };
    sock.setTimeout(timeoutMs, () => finish(false));
    sock.once("connect", () => finish(true));
    sock.once("error", () => finish(false));
  });
}

async function esHealthy(esUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${esUrl}/_cluster/health?wait_for_status=yellow&timeout=2s`, {
      signal: AbortSignal.timeout(5000),
    });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

async function allUp(ep: InfraEndpoints): Promise<boolean> {
  const [kafka, es] = await Promise.all([
    Promise.all(ep.kafkaBrokers.map((b) => tcpOpen(b))).then((r) => r.length > 0 && r.every(Boolean)),
    esHealthy(ep.esUrl),
  ]);
  return kafka && es;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Exclusive lock file (O_CREAT|O_EXCL) holding "pid timestamp"; stale locks (dead pid or too old) are broken. */
async function withLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, `${process.pid} ${Date.now()}\n`);
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let stale = false;
      try {
        const [pidStr, tsStr] = readFileSync(path, "utf8").trim().split(/\s+/);
        const pid = Number(pidStr);
        const ts = Number(tsStr);
        stale = !Number.isInteger(pid) || pid <= 0 || !pidAlive(pid) || Date.now() - ts > STALE_LOCK_MS;
      } catch {
        stale = false; // vanished or half-written: just retry
      }
      if (stale) {
        try {
          unlinkSync(path);
        } catch {
          /* someone else broke it first */
        }
        continue;
      }
      if (Date.now() > deadline) throw new Error(`ensureInfra: timed out waiting for lock ${path}`);
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    try {
      const owner = Number(readFileSync(path, "utf8").trim().split(/\s+/)[0]);
      if (owner === process.pid) unlinkSync(path);
    } catch {
      /* already gone */
    }
  }
}

function runInfraUp(script: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn("bash", [script, "up", "all"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: process.env,
    });
    let tail = "";
    const onData = (chunk: Buffer): void => {
      process.stderr.write(chunk); // stdout of a node:test file is the runner's channel; keep it clean
      tail = (tail + chunk.toString("utf8")).slice(-8000);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", (e) => fail(new Error(`ensureInfra: could not run ${script}: ${e.message}`)));
    child.once("exit", (code, signal) => {
      if (code === 0) done();
      else
        fail(
          new Error(
            `ensureInfra: '${script} up all' failed (${signal ? "signal " + signal : "exit " + String(code)}).\n${tail}`,
          ),
        );
    });
  });
}

async function ensureInfraOnce(): Promise<InfraEndpoints> {
  if (process.env.GEIGER_SKIP_INFRA === "1") {
    throw new Error(
      "GEIGER_SKIP_INFRA=1: this test needs Kafka and Elasticsearch; unset GEIGER_SKIP_INFRA " +
        "(or run 'bash deploy/local/infra.sh up all') to run it",
    );
  }
  const ep = endpoints();
  if (await allUp(ep)) return ep;
  const dir = infraDir();
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const script = findScript();
  await withLock(join(dir, "ensure-infra.lock"), async () => {
    if (await allUp(ep)) return; // another test process started them while we waited
    await runInfraUp(script);
  });
  if (!(await allUp(ep))) {
    throw new Error(
      `ensureInfra: infra.sh reported success but Kafka ${ep.kafkaBrokers.join(",")} / Elasticsearch ${ep.esUrl} ` +
        "do not answer (KAFKA_BROKERS/ELASTICSEARCH_URL pointing elsewhere?)",
    );
  }
  return ep;
}

/** Kafka brokers and Elasticsearch URL of a running local stack; starts it (once) if needed. */
export async function ensureInfra(): Promise<InfraEndpoints> {
  if (!pending) {
    pending = ensureInfraOnce().catch((e: unknown) => {
      pending = undefined; // let a later call retry
      throw e;
    });
  }
  const ep = await pending;
  return { kafkaBrokers: [...ep.kafkaBrokers], esUrl: ep.esUrl };
}

let counter = 0;

/** A lowercase name valid as both a Kafka topic and an Elasticsearch index, unique across processes. */
export function uniqueName(prefix: string): string {
  let p = prefix.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-+|-+$/g, "");
  if (!/^[a-z0-9]/.test(p)) p = `t${p}`;
  counter += 1;
  const suffix = [
    process.pid.toString(36),
    Date.now().toString(36),
    counter.toString(36),
    randomBytes(3).toString("hex"),
  ].join("-");
  return `${p.slice(0, 180)}-${suffix}`;
}
