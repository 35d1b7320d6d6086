// The headless services' ops endpoints over real HTTP on 127.0.0.1: liveness, readiness transitions with named
// failing checks, Prometheus text, refused methods and paths; plus the `ops_listen` config and env precedence.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import { ConfigError } from "../../../shared/config/load.js";
import { counter } from "../../../shared/observability/metrics.js";
import { loadGeigerConfig } from "../../../services/cli/config.js";
import { IndexerConfigSchema } from "../../../services/indexer/config.js";
import {
  consumerCheck, fail, parseOpsListen, pass, resolveOpsListen, startOpsServer, storeCheck, type CheckResult, type OpsServer,
} from "../../../services/runtime/ops-server.js";

const LOOPBACK = { host: "127.0.0.1", port: 0 };

async function withServer(fn: (s: OpsServer, base: string) => Promise<void>, opts: { checkTimeoutMs?: number } = {}): Promise<void> {
  const s = await startOpsServer({ service: "test", listen: LOOPBACK, ...opts });
  try { await fn(s, `http://127.0.0.1:${s.port}`); } finally { await s.close(); }
}

const getJson = async (url: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> => {
  const r = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) as Record<string, unknown> : {}, headers: r.headers };
};

describe("ops_listen config", () => {
  it("parses HOST:PORT, bracketed IPv6 and off; rejects everything else", () => {
    assert.deepEqual(parseOpsListen("127.0.0.1:9464"), { host: "127.0.0.1", port: 9464 });
    assert.deepEqual(parseOpsListen("0.0.0.0:0"), { host: "0.0.0.0", port: 0 });
    assert.deepEqual(parseOpsListen("[::1]:9464"), { host: "::1", port: 9464 });
    assert.deepEqual(parseOpsListen("localhost:9464"), { host: "localhost", port: 9464 });
    assert.equal(parseOpsListen("off"), null);
    for (const bad of ["9464", ":9464", "127.0.0.1", "127.0.0.1:65536", "127.0.0.1:-1", "http://127.0.0.1:9464", "", "on", "a b:1"]) {
      assert.throws(() => parseOpsListen(bad), /HOST:PORT/, bad);
    }
  });

  it("is off by default in every service section and fails config loading with its path when malformed", () => {
    const cfg = loadGeigerConfig({ env: {} });
    assert.equal(cfg.detector.ops_listen, "off");
    assert.equal(cfg.notifier.ops_listen, "off");
    assert.equal(IndexerConfigSchema.parse({}).ops_listen, "off");
    assert.equal(loadGeigerConfig({ env: {}, overrides: { detector: { ops_listen: "0.0.0.0:9464" } } }).detector.ops_listen, "0.0.0.0:9464");
    assert.throws(() => loadGeigerConfig({ env: {}, overrides: { detector: { ops_listen: "9464" }, notifier: { ops_listen: "x:99999" } } }),
      (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.startsWith("detector.ops_listen")) && e.problems.some((p) => p.startsWith("notifier.ops_listen")));
  });

  it("GEIGER_OPS_LISTEN wins over the section's key and is validated like it", () => {
    assert.equal(resolveOpsListen("off", {}), null);
    assert.deepEqual(resolveOpsListen("127.0.0.1:9464", {}), { host: "127.0.0.1", port: 9464 });
    assert.deepEqual(resolveOpsListen("127.0.0.1:9464", { GEIGER_OPS_LISTEN: "0.0.0.0:9500" }), { host: "0.0.0.0", port: 9500 });
    assert.equal(resolveOpsListen("127.0.0.1:9464", { GEIGER_OPS_LISTEN: "off" }), null);
    assert.deepEqual(resolveOpsListen("127.0.0.1:9464", { GEIGER_OPS_LISTEN: "  " }), { host: "127.0.0.1", port: 9464 }, "blank = unset");
    assert.throws(() => resolveOpsListen("off", { GEIGER_OPS_LISTEN: "9464" }), (e: unknown) => e instanceof ConfigError && e.problems[0]!.startsWith("GEIGER_OPS_LISTEN"));
  });
});

describe("readiness checks", () => {
  it("consumerCheck: starting, then member with its partitions, then stopped", () => {
    let status: { running: boolean; assigned: number[] } | undefined;
    const check = consumerCheck("g1", () => status);
    assert.deepEqual(check(), fail("starting: not yet a member of consumer group g1"));
    status = { running: true, assigned: [0, 2] };
    assert.deepEqual(check(), pass("member of g1; partitions [0,2]"));
    status = { running: true, assigned: [] };
    assert.equal((check() as CheckResult).ok, true, "an idle member (no partitions) is still ready");
    status = { running: false, assigned: [] };
    assert.deepEqual(check(), fail("consumer stopped"));
  });

  it("storeCheck: passes when the store answers, names the error when it does not", async () => {
    assert.deepEqual(await storeCheck({ count: async () => 3 })(), pass());
    const r = await storeCheck({ count: async () => { throw new Error("connect ECONNREFUSED 127.0.0.1:9200"); } })();
    assert.deepEqual(r, fail("store not reachable: connect ECONNREFUSED 127.0.0.1:9200"));
    const hung = await storeCheck({ count: () => new Promise<number>(() => undefined) }, 50)();
    assert.deepEqual(hung, fail("store not reachable: no answer within 50 ms"), "a store hanging in retries is named as the store");
  });
});

describe("ops server over HTTP", () => {
  it("binds 127.0.0.1 on a free port and answers /healthz with 200 JSON", async () => {
    await withServer(async (s, base) => {
      assert.equal(s.host, "127.0.0.1");
      assert.ok(s.port > 0);
      const r = await getJson(`${base}/healthz`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get("content-type") ?? "", /application\/json/);
      assert.equal(r.body.status, "ok");
      assert.equal(r.body.service, "test");
    });
  });

  it("/readyz: 503 listing each failing check by name and reason, 200 once they pass, 503 again when one fails", async () => {
    await withServer(async (s, base) => {
      let consumer: CheckResult = fail("starting: not yet a member of consumer group g");
      let storeUp = false;
      s.setCheck("consumer", () => consumer);
      s.setCheck("store", async () => (storeUp ? pass() : fail("store not reachable: ECONNREFUSED")));
      s.setCheck("state", () => pass());
      let r = await getJson(`${base}/readyz`);
      assert.equal(r.status, 503);
      assert.equal(r.body.status, "not_ready");
      assert.deepEqual(r.body.failing, [
        { check: "consumer", reason: "starting: not yet a member of consumer group g" },
        { check: "store", reason: "store not reachable: ECONNREFUSED" },
      ]);
      consumer = pass("member of g; partitions [0]");
      storeUp = true;
      r = await getJson(`${base}/readyz?verbose=1`);
      assert.equal(r.status, 200);
      assert.equal(r.body.status, "ready");
      assert.deepEqual(r.body.failing, []);
      assert.deepEqual((r.body.checks as Record<string, CheckResult>).consumer, { ok: true, detail: "member of g; partitions [0]" });
      storeUp = false;
      r = await getJson(`${base}/readyz`);
      assert.equal(r.status, 503, "store down → not ready again");
      assert.deepEqual(r.body.failing, [{ check: "store", reason: "store not reachable: ECONNREFUSED" }]);
    });
  });

  it("/readyz: a throwing check fails with its message; a hanging one times out instead of hanging the probe", async () => {
    await withServer(async (s, base) => {
      s.setCheck("boom", () => { throw new Error("kaput"); });
      s.setCheck("slow", () => new Promise<CheckResult>(() => undefined));
      const t0 = Date.now();
      const r = await getJson(`${base}/readyz`);
      const took = Date.now() - t0;
      assert.equal(r.status, 503);
      assert.deepEqual(r.body.failing, [{ check: "boom", reason: "kaput" }, { check: "slow", reason: "timed out after 150 ms" }]);
      assert.ok(took < 2000, `answered in ${took} ms`);
    }, { checkTimeoutMs: 150 });
  });

  it("/readyz: concurrent probes share one evaluation (one store round trip per burst)", async () => {
    await withServer(async (s, base) => {
      let calls = 0;
      s.setCheck("store", async () => { calls++; await new Promise((r) => setTimeout(r, 100)); return pass(); });
      const all = await Promise.all(Array.from({ length: 10 }, () => getJson(`${base}/readyz`)));
      assert.ok(all.every((r) => r.status === 200));
      assert.equal(calls, 1);
      await getJson(`${base}/readyz`);
      assert.equal(calls, 2, "a later probe evaluates afresh (no stale cache)");
    });
  });

  it("/readyz is 503 'stopping' once the service begins shutting down, whatever the checks say", async () => {
    await withServer(async (s, base) => {
      s.setCheck("store", () => pass());
      assert.equal((await getJson(`${base}/readyz`)).status, 200);
      s.stopping();
      const r = await getJson(`${base}/readyz`);
      assert.equal(r.status, 503);
      assert.deepEqual(r.body.failing, [{ check: "lifecycle", reason: "stopping" }]);
      assert.equal((await getJson(`${base}/healthz`)).status, 200, "still alive while draining");
    });
  });

  it("/metrics: Prometheus text with the shared registry's metrics and process metrics", async () => {
    const c = counter("geiger_ops_test_probe_total", "Test counter for the ops server", ["kind"]);
    c.inc({ kind: "unit" }, 3);
    await withServer(async (_s, base) => {
      const r = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5000) });
      assert.equal(r.status, 200);
      assert.match(r.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
      const text = await r.text();
      assert.match(text, /# HELP geiger_ops_test_probe_total Test counter for the ops server/);
      assert.match(text, /^geiger_ops_test_probe_total\{kind="unit"\} 3$/m);
      assert.match(text, /^process_resident_memory_bytes \d+/m);
      assert.match(text, /^nodejs_eventloop_lag_seconds /m);
    });
  });

  it("refuses other methods with 405 (Allow: GET) and other paths with 404", async () => {
    await withServer(async (_s, base) => {
      for (const path of ["/healthz", "/readyz", "/metrics"]) {
        for (const method of ["HEAD", "POST", "PUT", "DELETE"]) {
          const r = await fetch(`${base}${path}`, { method, ...(method === "POST" || method === "PUT" ? { body: "{}" } : {}), signal: AbortSignal.timeout(5000) });
          await r.arrayBuffer();
          assert.equal(r.status, 405, `${method} ${path}`);
          assert.equal(r.headers.get("allow"), "GET");
        }
      }
      for (const path of ["/", "/healthz/", "/api/v1/alerts", "/metrics.json", "/%2e%2e/etc/passwd"]) {
        const r = await getJson(`${base}${path}`);
        assert.equal(r.status, 404, path);
        assert.equal((r.body.error as { code: string }).code, "not_found");
      }
      assert.equal((await getJson(`${base}/nope`, { method: "POST", body: "x" })).status, 404);
    });
  });

  it("fails loudly when its address is taken, and stops listening on close", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await assert.rejects(startOpsServer({ service: "detector", listen: { host: "127.0.0.1", port } }), new RegExp(`detector: cannot serve ops endpoints on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
    } finally { await new Promise((r) => blocker.close(r)); }
    const s = await startOpsServer({ service: "test", listen: LOOPBACK });
    const base = `http://127.0.0.1:${s.port}`;
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    await s.close();
    await s.close(); // idempotent
    await assert.rejects(fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) }));
  });
});
