// The Elasticsearch store works unchanged against a 2-node cluster: the shared store contract with shards: 2,
// replicas: 1 and both nodes' URLs, then the shards and replicas are checked to really sit on both nodes, and a
// data node is stopped to show reads survive it. Starts its own cluster (deploy/local/infra.sh, ES_NODES=2) on
// ports of its own, never the shared 9200 instance, and stops it after.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, test } from "node:test";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ElasticsearchConfigSchema } from "../../../shared/config/infra.js";
import { ElasticsearchStore } from "../../../shared/store/elasticsearch.js";
import { uniqueName } from "../../support/infra.js";
import { runStoreContract } from "../../support/store-contract.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const ES_PORT = Number(process.env.GEIGER_ES2_PORT ?? 29200);
const INFRA_ENV = {
  GEIGER_INFRA_DIR: process.env.GEIGER_ES2_INFRA_DIR ?? "/var/tmp/geiger-es2",
  ES_PORT: String(ES_PORT),
  ES_TRANSPORT_PORT: String(Number(process.env.GEIGER_ES2_TRANSPORT_PORT ?? 29300)),
  ES_NODES: "2",
};
const NODES = [`http://127.0.0.1:${ES_PORT}`, `http://127.0.0.1:${ES_PORT + 1}`];

function infra(...args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn("bash", [join(REPO, "deploy/local/infra.sh"), ...args], { env: { ...process.env, ...INFRA_ENV }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => { out += b.toString(); });
    child.stderr.on("data", (b: Buffer) => { out += b.toString(); });
    child.on("exit", (code) => (code === 0 ? done() : fail(new Error(`infra.sh ${args.join(" ")} exited ${code}:\n${out.slice(-4000)}`))));
  });
}

async function es<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${NODES[0]}${path}`, { ...init, signal: AbortSignal.timeout(60_000) });
  const body = await res.text();
  assert.ok(res.ok, `${path}: ${res.status} ${body.slice(0, 300)}`);
  return JSON.parse(body) as T;
}

let started: Promise<void> | undefined;
const cluster = (): Promise<void> => (started ??= infra("up", "es"));
after(async () => { if (started) await infra("down", "es"); });

const cfgFor = (prefix: string) => ElasticsearchConfigSchema.parse({ url: NODES[0], nodes: NODES, index_prefix: prefix, shards: 2, replicas: 1 });

runStoreContract("elasticsearch 2-node cluster (shards 2, replicas 1)", async () => {
  await cluster();
  const cfg = cfgFor(`${uniqueName("c")}-`);
  const store = new ElasticsearchStore(cfg);
  await store.init();
  return {
    store,
    reopen: async () => { const s = new ElasticsearchStore(cfg); await s.init(); return s; },
    cleanup: async () => { await store.destroy(); await store.close(); },
  };
});

test("indices get the configured shards and replicas, spread over both nodes; reads survive losing the data node", async () => {
  await cluster();
  const prefix = `${uniqueName("d")}-`;
  const store = new ElasticsearchStore(cfgFor(prefix));
  try {
    await store.init();
    const nodes = await es<{ nodes: Record<string, { name: string }> }>("/_nodes/_all/none");
    assert.equal(Object.keys(nodes.nodes).length, 2, "a 2-node cluster");
    await store.bulkWrite("alerts", Array.from({ length: 20 }, (_, i) => ({ id: `a-${i}`, doc: { alert_id: `a-${i}`, status: "open", severity: "high", first_seen: "2026-01-01T00:00:00.000Z", last_seen: "2026-01-01T00:00:00.000Z", count: 1 } })));
    await store.refresh("alerts");
    // Every primary and replica assigned: green, which a single node can never be with replicas: 1.
    const health = await es<{ status: string; unassigned_shards: number }>(`/_cluster/health/${prefix}*?wait_for_status=green&timeout=60s`);
    assert.equal(health.status, "green");
    const settings = await es<Record<string, { settings: { index: { number_of_shards: string; number_of_replicas: string } } }>>(`/${prefix}*/_settings`);
    assert.ok(Object.keys(settings).length > 0);
    for (const [index, s] of Object.entries(settings)) {
      assert.equal(s.settings.index.number_of_shards, "2", `${index} shards`);
      assert.equal(s.settings.index.number_of_replicas, "1", `${index} replicas`);
    }
    const shards = await es<{ index: string; shard: string; prirep: string; state: string; node: string }[]>(`/_cat/shards/${prefix}*?format=json`);
    assert.ok(shards.every((s) => s.state === "STARTED"));
    assert.equal(new Set(shards.map((s) => s.node)).size, 2, "shards live on both nodes");
    // A primary and its replica are never on the same node.
    for (const key of new Set(shards.map((s) => `${s.index}/${s.shard}`))) {
      const copies = shards.filter((s) => `${s.index}/${s.shard}` === key);
      assert.equal(copies.length, 2);
      assert.notEqual(copies[0]!.node, copies[1]!.node, `${key} copies on distinct nodes`);
    }
    // Node 2 (data only) goes away: every shard still has a copy on node 1, so reads see all documents.
    await infra("down", "es2");
    assert.equal(await store.count("alerts", {}), 20);
    const page = await store.search("alerts", { filters: [{ field: "status", op: "eq", value: "open" }], limit: 50 });
    assert.equal(page.items.length, 20);
  } finally {
    await store.destroy().catch(() => undefined);
    await store.close();
  }
});
