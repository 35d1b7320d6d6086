// `geiger start [--demo] [--port N] [--data-dir DIR] [--config FILE]`: the whole pipeline in one process on the
// embedded bus and store (data under GEIGER_DATA_DIR, default ~/.geiger), API + dashboard on 127.0.0.1.
// Composition root for embedded mode: the only place besides the distributed entries that wires adapters.
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { logEvent, setLogLevel } from "../../shared/observability/log.js";
import { createApi } from "../api/server.js";
import { parseArgs, stringFlag } from "../cli/args.js";
import { loadGeigerConfig } from "../cli/config.js";
import { demoConfigOverrides, startDemo, type Demo } from "../demo/demo.js";
import { startDetectorService } from "../detector/service.js";
import { startIndexer } from "../indexer/service.js";
import { startNotifier } from "../notifier/service.js";
import { makeBus, makeStore } from "../runtime/adapters.js";
import { runUntilSignal } from "../runtime/lifecycle.js";
import { dashboardDir } from "./dashboard-dir.js";

const USAGE = "usage: geiger start [--demo] [--port N] [--data-dir DIR] [--config FILE]";

function parsePort(v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port '${v}' (expected 0–65535)`);
  return n;
}

/** Mints a least-privilege collector token for the demo's collectors through the API itself. */
async function collectorToken(apiUrl: string, adminToken: string): Promise<string> {
  const res = await fetch(`${apiUrl}/api/v1/tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ role: "collector", tenant: "default", name: "demo-collectors" }),
  });
  if (!res.ok) throw new Error(`could not create a collector token: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["demo", "help"]);
  if (args.flags.has("help")) { process.stdout.write(`${USAGE}\n`); return 0; }
  const unknown = [...args.flags.keys()].filter((k) => !["demo", "port", "data-dir", "config", "help"].includes(k));
  if (unknown.length || args.positional.length) {
    process.stderr.write(`geiger start: unexpected ${unknown.length ? `--${unknown[0]}` : `'${args.positional[0]}'`}\n${USAGE}\n`);
    return 2;
  }
  // A newcomer's terminal shows the banner and problems, not every service's info events (GEIGER_LOG_LEVEL wins).
  if (!process.env.GEIGER_LOG_LEVEL) setLogLevel("warn");
  const dataDir = stringFlag(args, "data-dir");
  const file = stringFlag(args, "config");
  const overrides = {
    ...(args.flags.has("demo") ? demoConfigOverrides() : {}),
    ...(dataDir ? { data_dir: resolve(dataDir) } : {}),
  };
  const config = loadGeigerConfig({ ...(file ? { file } : {}), overrides });
  // One process runs every detector: a `session`/`tenant` stage from a shared config file would forward events to
  // a topic nothing reads here (or skip half the detections).
  if (config.detector.stage !== "all") {
    process.stderr.write(`geiger start: detector.stage '${config.detector.stage}' applies to distributed detectors only; using 'all'\n`);
    config.detector.stage = "all";
  }
  let port: number;
  try {
    port = parsePort(stringFlag(args, "port") ?? process.env.GEIGER_PORT, config.api.port);
  } catch (err) {
    process.stderr.write(`geiger start: ${(err as Error).message}\n`);
    return 2;
  }
  const host = "127.0.0.1";

  const bus = makeBus(config, "embedded");
  const store = await makeStore(config, "embedded");
  await bus.ensureTopics([{ name: config.topics.telemetry }, { name: config.topics.alerts }]);
  const indexer = await startIndexer({ bus, store, topic: config.topics.telemetry, groupId: "geiger-indexer" });
  const detector = await startDetectorService({ bus, store, config });
  const notifier = await startNotifier({ bus, store, config });
  // In one process the API drives the engine directly, so a rule toggle or a suppression takes effect at once.
  const engine = detector.engine;
  const api = await createApi({
    store, bus, config, staticDir: config.api.static_dir ?? dashboardDir(),
    rules: { list: () => engine.listRules().map((r) => ({ ...r })), setEnabled: (id, enabled) => { engine.setRuleEnabled(id, enabled); } },
    suppressions: {
      upsert: (s) => engine.setSuppressions([...engine.getSuppressions().filter((x) => x.id !== s.id), s]),
      remove: (id) => engine.setSuppressions(engine.getSuppressions().filter((x) => x.id !== id)),
    },
  });
  const server = await api.listen(host, port);
  const actualPort = (server.address() as AddressInfo).port;
  const base = `http://${host}:${actualPort}`;

  const out = (line: string): void => { process.stdout.write(`${line}\n`); };
  out(`Geiger is running — data in ${config.data_dir}`);
  out(`  Dashboard: ${base}/`);
  out(`  Sign in (one-time link, valid ${config.api.login_ticket_ttl_s} s): ${base}/login?ticket=${encodeURIComponent(api.createLoginTicket())}`);
  if (!process.env.GEIGER_ADMIN_TOKEN) out(`  Admin token (shown once; set GEIGER_ADMIN_TOKEN to choose your own): ${api.adminToken}`);
  logEvent("info", "start_listening", { host, port: actualPort, data_dir: config.data_dir, demo: args.flags.has("demo") });

  let demo: Demo | null = null;
  if (args.flags.has("demo")) {
    try {
      demo = await startDemo({ apiUrl: base, collectorToken: await collectorToken(base, api.adminToken), dataDir: config.data_dir, say: out });
      out(`  Demo: scripted agent session ${demo.sessionId} — alerts appear on the dashboard within a minute.`);
    } catch (err) {
      out(`  Demo could not start: ${(err as Error).message}`);
      logEvent("error", "demo_start_failed", { error: (err as Error).message });
    }
  }
  out("Press Ctrl+C to stop.");

  // Stop in reverse data-flow order: producers first, so every consumer drains what it was given.
  return runUntilSignal("start", async () => {
    await demo?.stop();
    await api.close();
    await notifier.stop();
    await detector.stop();
    await indexer.stop();
    await bus.close();
    await store.close();
  });
}
