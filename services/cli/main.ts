// The geiger CLI: one program, many modes. Each command is one line in COMMANDS, loaded lazily so
// `geiger collect` never pays for the API's dependencies.
import { GEIGER_VERSION } from "../../shared/version.js";
import { ConfigError } from "../../shared/config/load.js";

export interface Command {
  /** Runs the command; resolves to the process exit code. Long-running services resolve when stopped. */
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  start: { summary: "embedded mode: every service in one process, dashboard on 127.0.0.1:7070 [--demo]", load: () => import("../start/cli.js") },
  collect: { summary: "collector: `collect stdio --server NAME [--sink URL] -- CMD…` | `collect http --server NAME --upstream URL --listen HOST:PORT`", load: () => import("../collector/cli.js") },
  detect: { summary: "offline retro-hunt: TelemetryEvent JSONL in (--input FILE|-), Alert JSONL out [--rules DIR]", load: () => import("../detector/detect-cli.js") },
  detector: { summary: "distributed detector service (Kafka → alerts)", load: () => import("../detector/cli.js") },
  indexer: { summary: "distributed indexer service (Kafka → Elasticsearch)", load: () => import("../indexer/cli.js") },
  notifier: { summary: "distributed notifier service (alerts → pagers)", load: () => import("../notifier/cli.js") },
  api: { summary: "distributed alert API + dashboard", load: () => import("../api/cli.js") },
  "check-config": { summary: "validate a config file (--config FILE) and print every problem", load: () => import("./check-config.js") },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [
    `geiger ${GEIGER_VERSION} — security monitoring for MCP deployments`,
    "",
    "usage: geiger <command> [options]",
    "",
    ...Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`),
    "",
    "env: GEIGER_PORT, GEIGER_DATA_DIR, GEIGER_ADMIN_TOKEN, KAFKA_BROKERS, ELASTICSEARCH_URL (and _USERNAME, _PASSWORD, _API_KEY, _CA_FILE)",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(usage() + "\n");
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "version") {
    process.stdout.write(`${GEIGER_VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`geiger: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await (await entry.load()).run(rest);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`geiger ${name}: ${err.message}\n`);
      return 78; // EX_CONFIG
    }
    process.stderr.write(`geiger ${name}: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
