// `geiger check-config --config FILE`: validates a config file and prints the effective configuration.
import { parseArgs, stringFlag } from "./args.js";
import { loadGeigerConfig } from "./config.js";

export async function run(argv: string[]): Promise<number> {
  const file = stringFlag(parseArgs(argv), "config");
  const cfg = loadGeigerConfig(file ? { file } : {});
  const redacted = JSON.stringify(cfg, (k, v: unknown) => (/password|token|secret|api_key|routing_key/i.test(k) && typeof v === "string" ? "***" : v), 2);
  process.stdout.write(`configuration OK (${file ?? "defaults + env"})\n${redacted}\n`);
  return 0;
}
