// `geiger start --demo`: spawns real MCP servers (three from npm, two in-repo hostile ones) each behind a real
// `geiger collect stdio` collector that ships to this process's /api/v1/ingest with a collector-role token, and
// drives them with one scripted SDK client session through benign work and attack scenarios. Loopback only.
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { sleep } from "../../shared/errors.js";
import { logEvent } from "../../shared/observability/log.js";
import { benignSteps, SCENARIOS, type Clients, type ServerName } from "./scenarios.js";
import { createWorkspace } from "./workspace.js";

export interface DemoOptions {
  /** Base URL of the running API, e.g. http://127.0.0.1:7070. */
  apiUrl: string;
  /** A collector-role token for POST /api/v1/ingest. */
  collectorToken: string;
  /** Where the collectors keep their spool and the demo its config (under the geiger data dir). */
  dataDir: string;
  /** Pause between benign steps once the scenarios have run (bounded rate). Default 4 s. */
  benignIntervalMs?: number;
  /** Pause between scenarios so the live feed shows alerts arriving one after another. Default 2.5 s. */
  scenarioGapMs?: number;
  /** Progress lines for the terminal. */
  say?: (line: string) => void;
}

export interface Demo {
  /** The agent session id every collector stamps on its events (one session across all servers). */
  sessionId: string;
  /** Resolves once every scenario has run once. */
  scenariosDone: Promise<void>;
  stop(): Promise<void>;
}

const here = fileURLToPath(import.meta.url);
const fromSource = here.endsWith(".ts");
const repoRoot = resolve(dirname(here), fromSource ? "../.." : "../../..");

/** Node arguments that run the geiger CLI the same way this process runs (tsx from source, or compiled). */
function geigerArgs(): string[] {
  return fromSource ? ["--import", "tsx", join(repoRoot, "services/cli/entry.ts")] : [join(repoRoot, "bin/geiger.js")];
}

function inRepoServer(name: string): string[] {
  return fromSource ? ["--import", "tsx", join(repoRoot, `services/demo/servers/${name}.ts`)] : [join(repoRoot, `dist/services/demo/servers/${name}.js`)];
}

function npmServer(pkg: string): string {
  try {
    const req = createRequire(import.meta.url);
    return join(dirname(req.resolve(`${pkg}/package.json`)), "dist/index.js");
  } catch {
    return join(repoRoot, "node_modules", pkg, "dist/index.js");
  }
}

/** The demo agent's principal and its daily budget: the burst burns it far faster than sustainable. */
export const DEMO_PRINCIPAL = "alice@demo.example";
const DEMO_DAILY_BUDGET_USD = 2;

/**
 * Config the demo needs in the detector of the same process: a small daily budget for the demo principal, so
 * the multi-window burn-rate detection sees the burst as denial of wallet (benign looping stays under it).
 */
export function demoConfigOverrides(): Record<string, unknown> {
  return { detector: { behaviour: { burn_rate: { principals: { [DEMO_PRINCIPAL]: DEMO_DAILY_BUDGET_USD } } } } };
}

/** Cost per call the collectors apply (config price_table): the denial-of-wallet burst shows as a cost spike. */
const PRICES = {
  everything: { "get-sum": { usd: 0.01, units: 1 }, "*": { usd: 0.0002, units: 1 } },
  filesystem: { "*": { usd: 0.0005, units: 1 } },
  memory: { "*": { usd: 0.0005, units: 1 } },
  web: { "*": { usd: 0.002, units: 1 } },
  toolbox: { "*": { usd: 0.001, units: 1 } },
};

export async function startDemo(o: DemoOptions): Promise<Demo> {
  const say = o.say ?? (() => {});
  const ws = createWorkspace();
  const dir = join(o.dataDir, "demo");
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, "collector.json");
  // Email PII redaction is off for the demo only: its addresses are fake, and an analyst should see where the
  // exfiltration went. Secrets stay redacted (fingerprinted), as in production.
  writeFileSync(configFile, JSON.stringify({
    data_dir: dir,
    collector: { price_table: PRICES, spool: { poll_interval_ms: 100 }, redaction: { pii: { email: false } } },
  }, null, 2));
  const sessionId = `demo-${randomUUID()}`;
  const sink = `${o.apiUrl}/api/v1/ingest`;
  // Only what the servers need: their env must not carry this process's secrets (server-everything has get-env).
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: ws.root,
    GEIGER_TOKEN: o.collectorToken,
    GEIGER_SESSION_ID: sessionId,
    GEIGER_AGENT_ID: "demo-agent-1",
    GEIGER_PRINCIPAL: DEMO_PRINCIPAL,
    GEIGER_CONFIG: configFile,
    // One redaction key for every collector, so a secret read via one server and sent via another has the same
    // fingerprint on both sides (the detector's cross-server data-flow check relies on that).
    GEIGER_REDACTION_KEY: randomBytes(24).toString("hex"),
    GEIGER_LOG_LEVEL: process.env.GEIGER_LOG_LEVEL ?? "warn",
    NODE_ENV: "production",
  };
  const servers: Record<ServerName, string[]> = {
    everything: [npmServer("@modelcontextprotocol/server-everything"), "stdio"],
    filesystem: [npmServer("@modelcontextprotocol/server-filesystem"), ws.root],
    memory: [npmServer("@modelcontextprotocol/server-memory")],
    web: inRepoServer("web-fetch"),
    toolbox: inRepoServer("toolbox"),
  };

  const clients: Partial<Clients> = {};
  let stopped = false;
  const stopAll = async (): Promise<void> => {
    stopped = true;
    await Promise.allSettled(Object.values(clients).map((c) => c.close()));
    rmSync(ws.root, { recursive: true, force: true });
  };

  try {
    await Promise.all((Object.keys(servers) as ServerName[]).map(async (name) => {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [...geigerArgs(), "collect", "stdio", "--server", name, "--sink", sink, "--", process.execPath, ...servers[name]],
        env: { ...env, ...(name === "memory" ? { MEMORY_FILE_PATH: join(dir, "memory.jsonl") } : {}) },
        cwd: repoRoot,
        stderr: "pipe",
      });
      transport.stderr?.on("data", () => { /* collectors and servers log to stderr; drained so a full pipe never blocks them */ });
      const client = new Client({ name: "geiger-demo-agent", version: "1.0.0" });
      await client.connect(transport);
      clients[name] = client;
    }));
  } catch (err) {
    await stopAll();
    throw new Error(`demo: could not start the MCP servers behind their collectors: ${(err as Error).message}`);
  }
  const c = clients as Clients;
  say(`demo: 5 MCP servers running behind geiger collectors (session ${sessionId})`);

  const gap = o.scenarioGapMs ?? 2500;
  const scenariosDone = (async () => {
    for (const s of SCENARIOS) {
      if (stopped) return;
      try {
        await s.run(c, ws);
        say(`demo: scenario done — ${s.name}`);
        logEvent("info", "demo_scenario_done", { scenario: s.name });
      } catch (err) {
        if (!stopped) logEvent("warn", "demo_scenario_failed", { scenario: s.name, error: (err as Error).message });
      }
      await sleep(gap);
    }
  })();

  const loop = (async () => {
    await scenariosDone;
    const steps = benignSteps(ws);
    for (let i = 0; !stopped; i++) {
      try { await steps[i % steps.length]!(c); } catch (err) {
        if (!stopped) logEvent("warn", "demo_step_failed", { error: (err as Error).message });
      }
      await sleep(o.benignIntervalMs ?? 4000);
    }
  })();

  return {
    sessionId,
    scenariosDone,
    async stop() {
      stopped = true;
      await stopAll();
      await Promise.race([loop, sleep(2000)]);
      if (existsSync(ws.root)) rmSync(ws.root, { recursive: true, force: true });
    },
  };
}
