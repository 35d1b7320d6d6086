// Transport security, tested on the real things: KafkaBus over the SASL_SSL listener that infra.sh adds
// (KAFKA_SASL_SSL_PORT; SCRAM-SHA-256 and -512 users, certificates from a local CA made with openssl), and
// mutual TLS on the alert API and on the HTTP collector with a client certificate from the same CA.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { join } from "node:path";
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import { KafkaBus } from "../../shared/bus/kafka.js";
import { EmbeddedBus } from "../../shared/bus/embedded.js";
import { setLogLevel } from "../../shared/observability/log.js";
import { EmbeddedStore } from "../../shared/store/embedded.js";
import { createApi } from "../../services/api/server.js";
import { loadGeigerConfig } from "../../services/cli/config.js";
import { startHttpProxy } from "../../services/collector/http-proxy.js";
import { openPipeline } from "../../services/collector/pipeline.js";
import { MemorySink } from "../../services/collector/sinks/index.js";
import { FAULT_ENV, infra, runId, startFaultInfra, tempDir, until } from "../support/faults.js";

setLogLevel("silent");

const saslPort = (): string => FAULT_ENV.KAFKA_SASL_SSL_PORT!;

/** The private instance with its SASL_SSL listener (restarts Kafka once if it runs without it). */
async function saslKafka(): Promise<{ tls: string; password: string; brokers: string[] }> {
  await startFaultInfra();
  const out = infra("status", "kafka");
  const dir = FAULT_ENV.GEIGER_INFRA_DIR!;
  try { infra("up", "kafka"); } catch { infra("down", "kafka"); infra("up", "kafka"); }
  assert.ok(out.length > 0);
  const tls = join(dir, "tls");
  return { tls, password: readFileSync(join(tls, "kafka-sasl.password"), "utf8").trim(), brokers: [`127.0.0.1:${saslPort()}`] };
}

for (const mechanism of ["scram-sha-256", "scram-sha-512"] as const) {
  test(`KafkaBus over SASL_SSL with ${mechanism}: produce and consume; wrong password and plaintext refused`, { timeout: 180_000 }, async () => {
    const k = await saslKafka();
    const topic = `${runId("sasl")}.t`;
    const bus = new KafkaBus({ brokers: k.brokers, clientId: "geiger-sasl-test", ssl: { ca_file: join(k.tls, "ca.pem") }, sasl: { mechanism, username: "geiger", password: k.password } });
    try {
      await bus.ensureTopics([{ name: topic, partitions: 1 }]);
      await bus.publish(topic, [{ key: "k", value: "over TLS + SCRAM" }]);
      const got: string[] = [];
      const sub = await bus.subscribe({ groupId: `${topic}-g`, topics: [topic], handleBatch: async (b) => { got.push(...b.map((m) => m.value)); } });
      await until(() => got.length > 0 || undefined, 60_000, "message consumed over SASL_SSL");
      await sub.stop();
      assert.deepEqual(got, ["over TLS + SCRAM"]);
    } finally {
      await bus.close();
    }
    const wrong = new KafkaBus({ brokers: k.brokers, clientId: "geiger-sasl-wrong", publishRetries: 0, ssl: { ca_file: join(k.tls, "ca.pem") }, sasl: { mechanism, username: "geiger", password: "not-the-password" } });
    await assert.rejects(wrong.publish(topic, [{ key: "k", value: "x" }]), /SASL|authentication|Authentication/i);
    await wrong.close();
    const untrusted = new KafkaBus({ brokers: k.brokers, clientId: "geiger-sasl-untrusted", publishRetries: 0, ssl: {}, sasl: { mechanism, username: "geiger", password: k.password } });
    await assert.rejects(untrusted.publish(topic, [{ key: "k", value: "x" }]), "a server certificate from an unknown CA is refused");
    await untrusted.close();
    const plain = new KafkaBus({ brokers: k.brokers, clientId: "geiger-sasl-plain", publishRetries: 0 });
    await assert.rejects(Promise.race([plain.publish(topic, [{ key: "k", value: "x" }]), new Promise((_, rej) => setTimeout(() => rej(new Error("no plaintext answer")), 15_000))]));
    await plain.close();
  });
}

/** A client certificate from a CA the server does not trust. */
function foreignClientCert(dir: string): { cert: string; key: string } {
  const r = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=intruder", "-keyout", join(dir, "x.key"), "-out", join(dir, "x.pem")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return { cert: readFileSync(join(dir, "x.pem"), "utf8"), key: readFileSync(join(dir, "x.key"), "utf8") };
}

function get(url: string, o: { ca: string; cert?: string; key?: string; headers?: Record<string, string> }): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = httpsRequest(url, { ca: o.ca, ...(o.cert ? { cert: o.cert, key: o.key } : {}), headers: o.headers ?? {}, timeout: 10_000 }, (r) => {
      let body = "";
      r.on("data", (d: Buffer) => { body += d.toString(); });
      r.on("end", () => res({ status: r.statusCode ?? 0, body }));
    });
    req.on("error", rej);
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.end();
  });
}

test("mTLS on the API (api.tls.client_auth: require) and on the HTTP collector (--require-client-cert)", { timeout: 120_000 }, async () => {
  const k = await saslKafka(); // only for the CA, server and client certificates infra.sh generated
  const ca = readFileSync(join(k.tls, "ca.pem"), "utf8");
  const client = { cert: readFileSync(join(k.tls, "client.pem"), "utf8"), key: readFileSync(join(k.tls, "client.key"), "utf8") };
  const dir = tempDir("mtls");
  const intruder = foreignClientCert(dir);

  const config = loadGeigerConfig({ env: {}, overrides: { data_dir: dir, api: { rate_limit: { enabled: false }, tls: { cert_file: join(k.tls, "server.pem"), key_file: join(k.tls, "server.key"), ca_file: join(k.tls, "ca.pem"), client_auth: "require" } } } });
  const store = new EmbeddedStore();
  await store.init();
  const bus = new EmbeddedBus();
  const api = await createApi({ store, bus, config, staticDir: join(dir, "web"), adminToken: "mtls-admin-token-0123456789abcdef" });
  const server = await api.listen("127.0.0.1", 0);
  const base = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const ok = await get(`${base}/api/v1/alerts`, { ca, ...client, headers: { authorization: "Bearer mtls-admin-token-0123456789abcdef" } });
    assert.equal(ok.status, 200, ok.body);
    assert.equal((await get(`${base}/healthz`, { ca, ...client })).status, 200);
    await assert.rejects(get(`${base}/healthz`, { ca }), "no client certificate: handshake refused");
    await assert.rejects(get(`${base}/healthz`, { ca, ...intruder }), "client certificate from another CA: refused");
  } finally {
    await api.close();
    await bus.close();
    await store.close();
  }

  // The HTTP collector in front of a plain upstream that answers anything with 200.
  const { createServer } = await import("node:http");
  const upstream = createServer((_req, res) => { res.writeHead(200, { "content-type": "application/json" }).end('{"jsonrpc":"2.0","id":1,"result":{}}'); });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", () => r()));
  const pipeline = openPipeline({ dataDir: dir, collectorId: "mtls-test", sink: new MemorySink() });
  const proxy = await startHttpProxy({
    serverName: "up", upstream: `http://127.0.0.1:${(upstream.address() as { port: number }).port}/mcp`, host: "127.0.0.1", port: 0, pipeline,
    tls: { certFile: join(k.tls, "server.pem"), keyFile: join(k.tls, "server.key"), caFile: join(k.tls, "ca.pem"), requireClientCert: true },
  });
  try {
    const url = `https://127.0.0.1:${proxy.port}/mcp`;
    const ok = await get(url, { ca, ...client });
    assert.ok(ok.status > 0 && ok.status < 500, `with the client certificate the proxy answers (${ok.status})`);
    await assert.rejects(get(url, { ca }), "no client certificate: refused");
    await assert.rejects(get(url, { ca, ...intruder }), "foreign client certificate: refused");
  } finally {
    await proxy.close();
    await pipeline.close();
    await new Promise<void>((r) => upstream.close(() => r()));
  }
});
