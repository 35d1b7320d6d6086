// Sink URLs (zod-validated, clear errors) and the file and HTTP sinks against real local endpoints.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import { mkdtempSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TELEMETRY_SCHEMA, type TelemetryEvent } from "../../../shared/schema/telemetry.js";
import { isRetriable } from "../../../shared/errors.js";
import { createSink, parseSinkUrl, SinkUrlError } from "../../../services/collector/sinks/index.js";

const ev = (id: string): TelemetryEvent => ({
  schema: TELEMETRY_SCHEMA, event_id: id, ts: new Date().toISOString(), tenant: "t", agent: { id: "a", session_id: "s" },
  server: { name: "srv", transport: "stdio" }, collector: { id: "c", version: "0" }, direction: "client_to_server",
  kind: "notification", method: "x", size: { request_bytes: 1, response_bytes: 0 },
});

test("parseSinkUrl accepts the three documented forms", () => {
  assert.deepEqual(parseSinkUrl("kafka://127.0.0.1:9092,broker-2:9093/mcp.telemetry"), { type: "kafka", brokers: ["127.0.0.1:9092", "broker-2:9093"], topic: "mcp.telemetry" });
  assert.deepEqual(parseSinkUrl("https://geiger.example:7070/api/v1/ingest"), { type: "http", url: "https://geiger.example:7070/api/v1/ingest" });
  assert.deepEqual(parseSinkUrl("file:///var/lib/geiger/events.jsonl"), { type: "file", path: "/var/lib/geiger/events.jsonl" });
});

test("parseSinkUrl rejects bad URLs with a message naming the problem (and never echoing a password)", () => {
  const bad: [string, RegExp][] = [
    ["kafka://127.0.0.1/mcp", /broker must be host:port/],
    ["kafka://127.0.0.1:9092/", /topic/],
    ["kafka://127.0.0.1:9092", /needs brokers and a topic/],
    ["file://relative/path", /file|absolute/],
    ["ftp://x/y", /unsupported scheme 'ftp'/],
    ["nonsense", /unsupported scheme/],
    ["kafka://u:hunter2@h:1/t ", /invalid sink URL/],
  ];
  for (const [url, re] of bad) {
    assert.throws(() => parseSinkUrl(url), (err: unknown) => err instanceof SinkUrlError && re.test(err.message) && !err.message.includes("hunter2"), url);
  }
});

test("file sink appends JSON lines, creating parent directories", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "geiger-fsink-")), "deep", "events.jsonl");
  const sink = createSink(`file://${path}`);
  await sink.send([ev("1"), ev("2")]);
  await sink.send([ev("3")]);
  assert.deepEqual(readFileSync(path, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as TelemetryEvent).event_id), ["1", "2", "3"]);
});

test("http sink posts a JSON array with the bearer token; 5xx is retriable, 400 is not", async () => {
  const seen: { auth?: string; body: unknown }[] = [];
  let status = 202;
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = "";
    for await (const c of req) body += c;
    seen.push({ auth: req.headers.authorization, body: JSON.parse(body) });
    res.writeHead(status).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/ingest`;
  try {
    const sink = createSink(url, { env: { GEIGER_TOKEN: "tok-123" } });
    await sink.send([ev("1"), ev("2")]);
    assert.equal(seen[0]!.auth, "Bearer tok-123");
    assert.deepEqual((seen[0]!.body as TelemetryEvent[]).map((e) => e.event_id), ["1", "2"]);
    status = 503;
    await assert.rejects(sink.send([ev("3")]), (err: unknown) => isRetriable(err));
    status = 400;
    await assert.rejects(sink.send([ev("4")]), (err: unknown) => !isRetriable(err));
  } finally {
    server.close();
  }
  const down = createSink(url);
  await assert.rejects(down.send([ev("5")]), (err: unknown) => isRetriable(err));
});

test("http sink: a server that accepts the request but never answers is a retriable error at the sink's timeout", async () => {
  const server = createServer(() => { /* holds every request open */ });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { HttpSink } = await import("../../../services/collector/sinks/http.js");
  const sink = new HttpSink(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/ingest`, undefined, 200);
  try {
    await assert.rejects(sink.send([ev("hang-1")]), (err: unknown) => isRetriable(err) && /within 200 ms/.test(String(err)));
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
