// Spool + shipper: durable across restarts, bounded with drop-oldest, drains after a sink outage without loss or duplicates.
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TELEMETRY_SCHEMA, type TelemetryEvent } from "../../../shared/schema/telemetry.js";
import { SpoolConfigSchema } from "../../../services/collector/config.js";
import { Shipper } from "../../../services/collector/shipper.js";
import { MemorySink } from "../../../services/collector/sinks/memory.js";
import { lockSpoolDir, Spool } from "../../../services/collector/spool.js";
import { setLogLevel } from "../../../shared/observability/log.js";

setLogLevel("silent");
const tmp = () => mkdtempSync(join(tmpdir(), "geiger-spool-"));
const cfg = (over: Record<string, unknown> = {}) => SpoolConfigSchema.parse({ poll_interval_ms: 10, retry_base_ms: 5, retry_max_ms: 40, write_interval_ms: 2, shutdown_drain_ms: 500, ...over });

let seq = 0;
function ev(pad = 0): TelemetryEvent {
  seq++;
  return {
    schema: TELEMETRY_SCHEMA, event_id: `e-${seq}`, ts: new Date().toISOString(), tenant: "t",
    agent: { id: "a", session_id: "s" }, server: { name: "srv", transport: "stdio" }, collector: { id: "c", version: "0" },
    direction: "client_to_server", kind: "request", method: "tools/call", params: { pad: "x".repeat(pad) },
    size: { request_bytes: 1, response_bytes: 1 },
  };
}

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
};

test("append → write → read → commit; a reopened spool resumes after the committed cursor", () => {
  const dir = tmp();
  const s1 = new Spool(dir, cfg());
  const sent = Array.from({ length: 5 }, () => ev());
  for (const e of sent) s1.append(e);
  s1.writeNow();
  const b1 = s1.readBatch(2)!;
  assert.deepEqual(b1.events.map((e) => e.event_id), sent.slice(0, 2).map((e) => e.event_id));
  b1.commit();
  const b2 = s1.readBatch(10)!; // read but not committed: must come again after a restart
  assert.equal(b2.events.length, 3);
  s1.close();
  const s2 = new Spool(dir, cfg());
  const b3 = s2.readBatch(10)!;
  assert.deepEqual(b3.events.map((e) => e.event_id), sent.slice(2).map((e) => e.event_id));
  b3.commit();
  assert.equal(s2.readBatch(10), null);
  assert.ok(s2.isEmpty);
  s2.close();
});

test("segments rotate and fully read ones are deleted", () => {
  const dir = tmp();
  const s = new Spool(dir, cfg({ segment_bytes: 4096, max_bytes: 1024 * 1024 }));
  for (let i = 0; i < 50; i++) { s.append(ev(500)); if (i % 5 === 4) s.writeNow(); }
  assert.ok(readdirSync(dir).filter((f) => f.startsWith("seg-")).length > 3);
  let n = 0;
  for (let b = s.readBatch(7); b; b = s.readBatch(7)) { n += b.events.length; b.commit(); }
  assert.equal(n, 50);
  assert.ok(readdirSync(dir).filter((f) => f.startsWith("seg-")).length <= 1);
  s.close();
});

test("over the size cap the oldest segments are dropped and counted; newest events survive", () => {
  const dir = tmp();
  const s = new Spool(dir, cfg({ segment_bytes: 4096, max_bytes: 64 * 1024 }));
  const all: TelemetryEvent[] = [];
  for (let i = 0; i < 400; i++) { const e = ev(800); all.push(e); s.append(e); if (i % 10 === 9) s.writeNow(); }
  s.writeNow();
  assert.ok(s.stats.droppedDisk > 0);
  assert.ok(s.stats.diskBytes <= 64 * 1024 + 8 * 1024, `disk ${s.stats.diskBytes}`);
  const got: string[] = [];
  for (let b = s.readBatch(100); b; b = s.readBatch(100)) { got.push(...b.events.map((e) => e.event_id)); b.commit(); }
  assert.equal(got.length + s.stats.droppedDisk, 400, "every event is either delivered or counted as dropped");
  assert.equal(got.at(-1), all.at(-1)!.event_id);
  assert.deepEqual(got, all.slice(400 - got.length).map((e) => e.event_id), "the dropped ones are the oldest");
  s.close();
});

test("a burst larger than the size cap written at once keeps its newest events (split at segment boundaries)", () => {
  const dir = tmp();
  const s = new Spool(dir, cfg({ segment_bytes: 4096, max_bytes: 64 * 1024, write_interval_ms: 10_000 }));
  const all: TelemetryEvent[] = [];
  // ~100 kB buffered, then one write: the shape of a descheduled write timer under load.
  for (let i = 0; i < 100; i++) { const e = ev(800); all.push(e); s.append(e); }
  s.writeNow();
  const got: string[] = [];
  for (let b = s.readBatch(100); b; b = s.readBatch(100)) { got.push(...b.events.map((e) => e.event_id)); b.commit(); }
  assert.ok(got.length >= 40, `most of a cap's worth of the newest events kept (${got.length})`);
  assert.equal(got.length + s.stats.droppedDisk, 100, "every event is either kept or counted as dropped");
  assert.deepEqual(got, all.slice(100 - got.length).map((e) => e.event_id), "the kept ones are the newest");
  assert.ok(s.stats.diskBytes <= 64 * 1024 + 8 * 1024, `disk ${s.stats.diskBytes}`);
  s.close();
});

test("the in-memory buffer is bounded too (drop-oldest, counted)", () => {
  const s = new Spool(tmp(), cfg({ max_buffered_events: 10, write_interval_ms: 10_000 }));
  for (let i = 0; i < 25; i++) s.append(ev());
  assert.equal(s.stats.droppedMemory, 15);
  s.writeNow();
  assert.equal(s.readBatch(100)!.events.length, 10);
  s.close();
});

test("a segment cut mid-line by a crash: whole lines are kept, the partial one skipped", () => {
  const dir = tmp();
  const s1 = new Spool(dir, cfg());
  s1.append(ev()); s1.append(ev());
  s1.writeNow();
  const seg = readdirSync(dir).find((f) => f.startsWith("seg-"))!;
  appendFileSync(join(dir, seg), '{"schema":"geiger.tele');
  s1.close();
  const s2 = new Spool(dir, cfg());
  s2.append(ev());
  s2.writeNow();
  const ids: string[] = [];
  for (let b = s2.readBatch(100); b; b = s2.readBatch(100)) { ids.push(...b.events.map((e) => e.event_id)); b.commit(); }
  assert.equal(ids.length, 3);
  assert.equal(s2.stats.corruptLines, 1);
  s2.close();
});

test("lockSpoolDir: a live holder forces a sibling dir; a stale lock is taken over", () => {
  const base = tmp();
  const a = lockSpoolDir(base, "host/stdio/srv");
  assert.equal(a, join(base, "host_stdio_srv"));
  assert.equal(lockSpoolDir(base, "host/stdio/srv"), join(base, "host_stdio_srv.1"));
  writeFileSync(join(base, "host_stdio_srv.1", "lock"), "999999999");
  assert.equal(lockSpoolDir(base, "host/stdio/srv"), join(base, "host_stdio_srv.1"));
});

test("shipper: sink down → events kept on disk → sink up → all drained once, in order", async () => {
  const spool = new Spool(tmp(), cfg());
  const sink = new MemorySink();
  sink.down = "broker unreachable";
  const shipper = new Shipper(spool, sink, cfg());
  shipper.start();
  const sent = Array.from({ length: 120 }, () => ev());
  for (const e of sent) spool.append(e);
  await waitFor(() => sink.sends >= 3);
  assert.equal(sink.events.length, 0);
  assert.ok(!spool.isEmpty);
  sink.down = null;
  await waitFor(() => sink.events.length >= 120);
  assert.equal(await shipper.flush(1000), true);
  assert.deepEqual(sink.events.map((e) => e.event_id), sent.map((e) => e.event_id));
  await shipper.close();
  spool.close();
});

test("shipper across a restart: close with the sink down keeps the backlog, the next process drains it", async () => {
  const dir = tmp();
  const down = new MemorySink();
  down.down = "503";
  const s1 = new Spool(dir, cfg());
  const sh1 = new Shipper(s1, down, cfg({ shutdown_drain_ms: 100 }));
  sh1.start();
  const sent = Array.from({ length: 30 }, () => ev());
  for (const e of sent) s1.append(e);
  await sh1.close();
  s1.close();
  const up = new MemorySink();
  const s2 = new Spool(dir, cfg());
  const sh2 = new Shipper(s2, up, cfg());
  sh2.start();
  assert.equal(await sh2.flush(3000), true);
  assert.deepEqual(up.events.map((e) => e.event_id), sent.map((e) => e.event_id));
  await sh2.close();
  s2.close();
});

test("shipper: a batch the sink refuses (non-retriable) is dropped and counted, the rest flows", async () => {
  const spool = new Spool(tmp(), cfg({ batch_max_events: 1 }));
  const sink = new MemorySink();
  let first = true;
  const refusing = {
    label: "refusing",
    send: async (events: TelemetryEvent[]) => {
      if (first) { first = false; const { GeigerError } = await import("../../../shared/errors.js"); throw new GeigerError("400 bad", { retriable: false }); }
      await sink.send(events);
    },
    flush: async () => {}, close: async () => {},
  };
  const shipper = new Shipper(spool, refusing, cfg({ batch_max_events: 1 }));
  shipper.start();
  spool.append(ev()); spool.append(ev());
  assert.equal(await shipper.flush(2000), true);
  assert.equal(shipper.rejected, 1);
  assert.equal(sink.events.length, 1);
  await shipper.close();
  spool.close();
});

test("shipper: a send that never settles is abandoned at send_timeout_ms and retried; the batch is delivered", async () => {
  const spool = new Spool(tmp(), cfg({ send_timeout_ms: 100 }));
  const sink = new MemorySink();
  let calls = 0;
  const hangsOnce = {
    label: "hangs-once",
    send: (events: TelemetryEvent[]) => (++calls === 1 ? new Promise<void>(() => undefined) : sink.send(events)),
    flush: async () => {}, close: async () => {},
  };
  const shipper = new Shipper(spool, hangsOnce, cfg({ send_timeout_ms: 100 }));
  shipper.start();
  const sent = [ev(), ev(), ev()];
  for (const e of sent) spool.append(e);
  assert.equal(await shipper.flush(3000), true, "drained despite the hung first send");
  assert.ok(calls >= 2, `the batch was sent again (${calls} sends)`);
  assert.deepEqual(sink.events.map((e) => e.event_id), sent.map((e) => e.event_id));
  await shipper.close();
  spool.close();
});

test("shipper: a sink rejecting with a non-Error value (no message) neither kills the loop nor loses the batch", async () => {
  const spool = new Spool(tmp(), cfg());
  const sink = new MemorySink();
  let calls = 0;
  const odd = {
    label: "odd",
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the point of the test
    send: async (events: TelemetryEvent[]) => { if (++calls <= 2) throw calls === 1 ? undefined : { code: 7 }; await sink.send(events); },
    flush: async () => {}, close: async () => {},
  };
  const shipper = new Shipper(spool, odd, cfg());
  shipper.start();
  const e = ev();
  spool.append(e);
  assert.equal(await shipper.flush(3000), true);
  assert.deepEqual(sink.events.map((x) => x.event_id), [e.event_id]);
  await shipper.close();
  spool.close();
});
