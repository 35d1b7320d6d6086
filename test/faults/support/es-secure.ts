// The opt-in secured Elasticsearch node of deploy/local/infra.sh (`up|down es-secure`: HTTPS with the local CA,
// a file-realm superuser, API keys) in the fault tests' private instance dir, on its own ports.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { FAULT_ENV, faultEnv, INFRA_SH, REPO } from "../../support/faults.js";

// Run from dist/ (tsc output), REPO points into dist/: the script stays in the source tree.
const infraSh = existsSync(INFRA_SH) ? INFRA_SH : resolve(REPO, "..", "deploy/local/infra.sh");

export const ES_SECURE_ENV: Record<string, string> = {
  ES_SECURE_PORT: process.env.GEIGER_FAULT_ES_SECURE_PORT ?? "19400",
  ES_SECURE_TRANSPORT_PORT: process.env.GEIGER_FAULT_ES_SECURE_TRANSPORT_PORT ?? "19401",
  ES_SECURE_USER: "geiger",
};

export interface SecureEs {
  /** https://127.0.0.1:<port> */
  url: string;
  caFile: string;
  username: string;
  password: string;
}

function secureInfra(cmd: "up" | "down"): Promise<string> {
  if (ES_SECURE_ENV.ES_SECURE_PORT === "9200") throw new Error("refusing to run the secured node on the shared 9200");
  return new Promise((res, rej) => {
    const c = spawn("bash", [infraSh, cmd, "es-secure"], { env: faultEnv(ES_SECURE_ENV), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    c.stdout.on("data", (d: Buffer) => { out += d.toString(); });
    c.stderr.on("data", (d: Buffer) => { out += d.toString(); });
    c.once("exit", (code) => (code === 0 ? res(out) : rej(new Error(`infra.sh ${cmd} es-secure failed (${code}):\n${out.slice(-3000)}`))));
  });
}

/** Starts (or reuses) the secured node; resolves once it answers an authenticated health check over HTTPS. */
export async function startSecureEs(): Promise<SecureEs> {
  await secureInfra("up");
  const tls = join(FAULT_ENV.GEIGER_INFRA_DIR!, "tls");
  return {
    url: `https://127.0.0.1:${ES_SECURE_ENV.ES_SECURE_PORT}`,
    caFile: join(tls, "ca.pem"),
    username: ES_SECURE_ENV.ES_SECURE_USER!,
    password: readFileSync(join(tls, "es-secure.password"), "utf8").trim(),
  };
}

/** Stops it (a third JVM beside the private Kafka + ES is too much to leave running on two cores). */
export async function stopSecureEs(): Promise<void> {
  if (process.env.GEIGER_FAULT_KEEP_INFRA === "1") return;
  await secureInfra("down");
}
