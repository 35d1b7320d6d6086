// Fault: the collector's spool fills up while its sink is down — (a) the configured size cap is reached, (b) the
// disk itself is full (a 1 MiB tmpfs, root only). MCP traffic through the stdio proxy must be unaffected; events
// are dropped with a counter (the loud `collector_spool_full_dropped_oldest` event / the
// geiger_collector_spool_dropped_total metric), oldest first; what is kept is delivered once the sink returns.
// Protection under test: services/collector/spool.ts enforceCap() and the never-blocking append().
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { TelemetryEvent } from "../../shared/schema/telemetry.js";
import { serverScript } from "../integration/collector/helpers.js";
import { REPO, faultEnv, latencySummary, mountTmpfs, recordResult, sleep, tempDir, until, writeJson } from "../support/faults.js";

/** A collector's HTTP ingest target that can be down (503) or up, recording every event it accepts. */
async function ingestReceiver() {
  let up = false;
  const events: TelemetryEvent[] = [];
  const answered = { down: 0, up: 0, received: 0, unfinished: 0 };
  const server = createServer((req, res) => {
    // Requests that arrive and those whose body never completes tell a stalled sender from a stalled upload.
    answered.received++;
    req.on("close", () => { if (!req.complete) answered.unfinished++; });
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (!up) { answered.down++; res.writeHead(503).end("down"); return; }
      answered.up++;
      events.push(...(JSON.parse(Buffer.concat(chunks).toString("utf8")) as TelemetryEvent[]));
      res.writeHead(202, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/ingest`,
    events,
    answered,
    setUp: (v: boolean) => { up = v; },
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}

async function spoolScenario(o: { name: string; dataDir: string; spool: Record<string, number>; calls: number; payloadBytes: number }) {
  const receiver = await ingestReceiver();
  const config = writeJson(join(o.dataDir, "..", `${o.name}-geiger.json`), { data_dir: o.dataDir, collector: { spool: { retry_base_ms: 50, retry_max_ms: 500, send_timeout_ms: 5000, ...o.spool } } });
  const everything = [process.execPath, serverScript("server-everything"), "stdio"];
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["--import", "tsx", join(REPO, "services/cli/entry.ts"), "collect", "stdio", "--server", "everything", "--sink", receiver.url, "--config", config, "--", ...everything],
    cwd: REPO, env: faultEnv({ GEIGER_LOG_LEVEL: "info", GEIGER_TOKEN: "collector-token", GEIGER_REDACTION_KEY: "fault-test-key-0123456789abcdef" }), stderr: "pipe",
  });
  let log = "";
  transport.stderr?.on("data", (d: Buffer) => { log += d.toString(); });
  const client = new Client({ name: "geiger-fault", version: "1.0.0" }, { capabilities: {} });
  await client.connect(transport);
  const pad = "x".repeat(o.payloadBytes);
  const lat: number[] = [];
  let failed = 0;
  for (let seq = 0; seq < o.calls; seq++) {
    const t0 = performance.now();
    const ok = await client.callTool({ name: "echo", arguments: { message: `#${seq}# ${pad}` } }).then((r) => JSON.stringify(r).includes(`#${seq}#`), () => false);
    lat.push(performance.now() - t0);
    if (!ok) failed++;
  }
  await sleep(500);
  receiver.setUp(true);
  const delivered = () => receiver.events.filter((e) => e.method === "tools/call").map((e) => Number(/#(\d+)#/.exec(JSON.stringify(e.params))?.[1]));
  // Drained when the delivered set stops growing.
  let last = -1;
  await until(async () => { const n = delivered().length; const stable = n === last && n > 0; last = n; return stable; }, 60_000, "spool drained", 1500).catch(() => undefined);
  await client.close();
  await receiver.close();
  const dropped = log.split("\n").filter((l) => l.includes("collector_spool_full_dropped_oldest")).reduce((s, l) => {
    try { return s + Number((JSON.parse(l) as { dropped?: number }).dropped ?? 0); } catch { return s; }
  }, 0);
  const seqs = delivered().sort((a, b) => a - b);
  // What a failure needs to be diagnosed from a CI log alone.
  const a = receiver.answered;
  const trace = `receiver got ${a.received} requests (${a.unfinished} never finished uploading), answered ${a.down}×503, ${a.up}×202 (${receiver.events.length} events); collector log without its ${log.split("\n").filter((l) => l.includes("spool_full_dropped")).length} drop lines:\n${log.split("\n").filter((l) => !l.includes("spool_full_dropped")).slice(-40).join("\n").slice(-4000)}`;
  return { seqs, dropped, failed, latency: latencySummary(lat), log, trace };
}

const CALLS = 400;

test("spool size cap reached while the sink is down: MCP unaffected, oldest dropped with a counter", { timeout: 180_000 }, async () => {
  const dir = tempDir("spoolcap");
  const r = await spoolScenario({ name: "cap", dataDir: join(dir, "data"), spool: { max_bytes: 64 * 1024, segment_bytes: 4096 }, calls: CALLS, payloadBytes: 600 });
  const firstKept = r.seqs[0] ?? CALLS;
  const contiguous = r.seqs.every((s, i) => s === firstKept + i);
  const uniq = new Set(r.seqs).size;
  recordResult({
    fault: "Collector spool full (size cap, sink down)",
    injected: `spool max_bytes 64 KiB, HTTP sink answering 503 during ${CALLS} tools/call of ~1.3 kB, then back up`,
    sent: CALLS,
    stored: uniq,
    alerted: null,
    dropped: r.dropped,
    lost: Math.max(0, CALLS - uniq - r.dropped),
    duplicated: r.seqs.length - uniq,
    notes: `drop-oldest by design; kept = newest ${uniq} calls (#${firstKept}…#${CALLS - 1}, contiguous: ${contiguous}); MCP calls failed ${r.failed}, latency p50/p99/max ${r.latency.p50}/${r.latency.p99}/${r.latency.max} ms`,
  });
  assert.equal(r.failed, 0, "every MCP call succeeded");
  assert.ok(r.latency.p99 < 500, `MCP latency unaffected (p99 ${r.latency.p99} ms)`);
  assert.ok(r.dropped > 0, "drops were counted (collector_spool_full_dropped_oldest)");
  assert.ok(uniq > 0 && uniq < CALLS, `some but not all events kept (${uniq}); ${r.trace}`);
  assert.ok(contiguous && r.seqs.at(-1) === CALLS - 1, "what is kept is the newest events: the oldest were dropped");
  assert.ok(r.dropped >= firstKept, `every missing call is counted as dropped (${r.dropped} ≥ ${firstKept})`);
  assert.equal(r.seqs.length, uniq, "nothing delivered twice");
});

test("disk full under the spool (1 MiB tmpfs): MCP unaffected, drops counted", { timeout: 180_000 }, async (t) => {
  const fs = mountTmpfs("1m");
  if (!fs) { t.skip("cannot mount a tmpfs here (needs root); the size-cap case above covers the drop path"); return; }
  t.after(() => fs.unmount());
  // The cap (256 MiB default) is far above the 1 MiB disk: only ENOSPC stops the spool.
  const r = await spoolScenario({ name: "enospc", dataDir: join(fs.dir, "data"), spool: {}, calls: CALLS, payloadBytes: 6000 });
  const uniq = new Set(r.seqs).size;
  const firstKept = r.seqs[0] ?? CALLS;
  const newestKept = r.seqs.includes(CALLS - 1);
  recordResult({
    fault: "Collector spool disk full (1 MiB tmpfs, ENOSPC)",
    injected: `spool dir on a 1 MiB tmpfs, HTTP sink 503 during ${CALLS} tools/call of ~12 kB, then back up`,
    sent: CALLS,
    stored: uniq,
    alerted: null,
    dropped: r.dropped,
    lost: Math.max(0, CALLS - uniq - r.dropped),
    duplicated: r.seqs.length - uniq,
    notes: `kept #${firstKept}…#${r.seqs.at(-1)} (newest kept: ${newestKept}); MCP calls failed ${r.failed}, latency p50/p99/max ${r.latency.p50}/${r.latency.p99}/${r.latency.max} ms`,
  });
  assert.equal(r.failed, 0, "every MCP call succeeded on a full disk");
  assert.ok(r.latency.p99 < 500, `MCP latency unaffected (p99 ${r.latency.p99} ms)`);
  assert.ok(r.dropped > 0, "drops on ENOSPC were counted");
  assert.equal(r.seqs.length, uniq, "nothing delivered twice");
  assert.ok(newestKept, `drop-oldest: the newest events survive a full disk (kept #${firstKept}…#${r.seqs.at(-1)}); ${r.trace}`);
  assert.ok(uniq + r.dropped >= CALLS, `every call is either delivered or counted as dropped (${uniq} + ${r.dropped})`);
});
