#!/usr/bin/env node
// `npm test`: type-checks and builds, starts the real Kafka + Elasticsearch in the background while the unit
// tests run, then runs the integration, fault-injection and browser layers against them. One node:test run
// per layer; the process exits non-zero if any layer fails.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const ALL = ["unit", "integration", "faults", "e2e"];
const NEEDS_INFRA = new Set(["integration", "faults", "e2e"]);
const layers = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
for (const l of layers) if (!ALL.includes(l)) { console.error(`unknown test layer '${l}' (expected ${ALL.join(", ")})`); process.exit(2); }

const env = {
  ...process.env,
  KAFKAJS_NO_PARTITIONER_WARNING: "1",
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? "9092"}`,
  ELASTICSEARCH_URL: process.env.ELASTICSEARCH_URL ?? `http://127.0.0.1:${process.env.ES_PORT ?? "9200"}`,
  GEIGER_LOG_LEVEL: process.env.GEIGER_LOG_LEVEL ?? "warn",
};

function files(dir) {
  let out = [];
  let entries = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(files(p));
    else if (e.endsWith(".test.ts")) out.push(p);
  }
  return out.sort();
}

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", env });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const t0 = Date.now();
console.log("» type-check and build (tsc)");
if (spawnSync("npx", ["tsc", "-p", "tsconfig.json"], { stdio: "inherit", env }).status !== 0) process.exit(1);

let infra = null;
if (layers.some((l) => NEEDS_INFRA.has(l)) && process.env.GEIGER_SKIP_INFRA_UP !== "1") {
  console.log("» starting Kafka + Elasticsearch in the background (deploy/local/infra.sh up all)");
  infra = run("bash", ["deploy/local/infra.sh", "up", "all"]);
}

let failed = [];
for (const layer of layers) {
  const list = files(join("test", layer));
  if (list.length === 0) { console.log(`» ${layer}: no test files`); continue; }
  if (NEEDS_INFRA.has(layer) && infra) {
    const code = await infra;
    if (code !== 0) { console.error("infra.sh up failed: Kafka/Elasticsearch are not available"); process.exit(1); }
    infra = Promise.resolve(0);
  }
  console.log(`» ${layer}: ${list.length} test files`);
  const concurrency = layer === "unit" ? "2" : "1";
  const code = await run(process.execPath, ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-timeout=600000", ...list]);
  if (code !== 0) failed.push(layer);
  // The fault tests record their counts; the results table in docs/reliability.md is rendered from them.
  if (layer === "faults") await run(process.execPath, ["--import", "tsx", "scripts/reliability-table.ts"]);
}
console.log(`» test layers done in ${Math.round((Date.now() - t0) / 1000)} s${failed.length ? `; FAILED: ${failed.join(", ")}` : ""}`);
process.exit(failed.length ? 1 : 0);
