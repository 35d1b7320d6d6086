// The HTTP proxy's TLS listener with client-certificate verification (mTLS): a client with a certificate from
// the configured CA gets through and becomes the principal (cn:…); one without is refused at the handshake.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, test } from "node:test";
import { setLogLevel } from "../../../shared/observability/log.js";
import { startHttpProxy } from "../../../services/collector/http-proxy.js";
import { openPipeline } from "../../../services/collector/pipeline.js";
import { readEvents, tempDir, waitFor } from "./helpers.js";

setLogLevel("error");
const cleanups: (() => Promise<unknown>)[] = [];
after(async () => { for (const c of cleanups.reverse()) await c().catch(() => undefined); });

function makePki(dir: string): void {
  const ossl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=geiger-test-ca");
  for (const [name, cn, ext] of [["server", "127.0.0.1", "subjectAltName=IP:127.0.0.1"], ["client", "agent-7", "extendedKeyUsage=clientAuth"]] as const) {
    ossl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
    execFileSync("bash", ["-c", `printf '%s\\n' '${ext}' > ${name}.ext && openssl x509 -req -in ${name}.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out ${name}.crt -days 1 -extfile ${name}.ext`], { cwd: dir, stdio: "ignore" });
  }
}

test("mTLS: verified client certificate → principal cn:<CN>; no certificate → refused", async () => {
  const pki = tempDir("pki");
  makePki(pki);
  const upstream = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => { body += c.toString(); });
    req.on("end", () => {
      const msg = JSON.parse(body) as { id: number };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id: msg.id, result: { tools: [] } }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  cleanups.push(() => new Promise((r) => upstream.close(r)));
  const dataDir = tempDir("tls");
  const sinkFile = join(dataDir, "events.jsonl");
  const pipeline = openPipeline({ dataDir, collectorId: `tls-${process.pid}`, sinkUrl: `file://${sinkFile}`, env: { GEIGER_REDACTION_KEY: "tls-test-key-0123456789" }, collector: { spool: { poll_interval_ms: 20, write_interval_ms: 5 } as never } });
  const proxy = await startHttpProxy({
    serverName: "tls-upstream", upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`, pipeline,
    tls: { certFile: join(pki, "server.crt"), keyFile: join(pki, "server.key"), caFile: join(pki, "ca.crt"), requireClientCert: true },
  });
  cleanups.push(() => pipeline.close(), () => proxy.close());
  assert.match(proxy.url, /^https:\/\/127\.0\.0\.1:\d+$/);

  const post = (withCert: boolean) => new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = https.request(`${proxy.url}/mcp`, {
      method: "POST", headers: { "content-type": "application/json" }, ca: readFileSync(join(pki, "ca.crt")),
      ...(withCert ? { cert: readFileSync(join(pki, "client.crt")), key: readFileSync(join(pki, "client.key")) } : {}),
    }, (res) => { let b = ""; res.on("data", (c: Buffer) => { b += c.toString(); }); res.on("end", () => resolve({ status: res.statusCode ?? 0, body: b })); });
    req.on("error", reject);
    req.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }));
  });
  const ok = await post(true);
  assert.equal(ok.status, 200);
  assert.deepEqual(JSON.parse(ok.body), { jsonrpc: "2.0", id: 1, result: { tools: [] } });
  await assert.rejects(post(false));
  const ev = await waitFor(() => readEvents(sinkFile).find((e) => e.method === "tools/list"), 5000, "tools/list event");
  assert.equal(ev.agent.principal, "cn:agent-7");
  assert.equal(ev.agent.id, "principal:cn:agent-7");
  assert.deepEqual(ev.result, { tools: [] });
});
