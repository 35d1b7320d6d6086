// `geiger api [--config FILE]`: the distributed alert API + dashboard over Elasticsearch and Kafka, until
// SIGINT/SIGTERM. Prints the generated admin token once when GEIGER_ADMIN_TOKEN is unset.
import { parseArgs, stringFlag } from "../cli/args.js";
import { loadGeigerConfig } from "../cli/config.js";
import { makeBus, makeStore } from "../runtime/adapters.js";
import { runUntilSignal } from "../runtime/lifecycle.js";
import { createApi } from "./server.js";

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const file = stringFlag(args, "config");
  const envPort = process.env.GEIGER_PORT;
  if (envPort !== undefined && !/^\d{1,5}$/.test(envPort)) { process.stderr.write(`geiger api: GEIGER_PORT must be a port number, got '${envPort}'\n`); return 2; }
  const cfg = loadGeigerConfig({ ...(file ? { file } : {}), overrides: envPort ? { api: { port: Number(envPort) } } : {} });
  const bus = makeBus(cfg, "distributed");
  const store = await makeStore(cfg, "distributed");
  const api = await createApi({ store, bus, config: cfg });
  const server = await api.listen(cfg.api.host, cfg.api.port);
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : cfg.api.port;
  const scheme = cfg.api.tls ? "https" : "http";
  process.stdout.write(`geiger api listening on ${scheme}://${cfg.api.host}:${port}\n`);
  if (!process.env.GEIGER_ADMIN_TOKEN) {
    process.stdout.write(`admin token (shown once; set GEIGER_ADMIN_TOKEN to choose your own): ${api.adminToken}\n`);
    process.stdout.write(`dashboard login: ${scheme}://${cfg.api.host}:${port}/login?ticket=${api.createLoginTicket()}\n`);
  }
  return runUntilSignal("api", async () => { await api.close(); await bus.close(); await store.close(); });
}
