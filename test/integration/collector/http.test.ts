// The HTTP collector in front of server-everything in streamableHttp and legacy SSE modes, driven by the real
// SDK clients: identical answers, streamed notifications, sessions, and complete events.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { after, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ProgressNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { TelemetryEventSchema, type TelemetryEvent } from "../../../shared/schema/telemetry.js";
import { setLogLevel } from "../../../shared/observability/log.js";
import { startHttpProxy, type HttpProxy } from "../../../services/collector/http-proxy.js";
import { openPipeline, type CollectorPipeline } from "../../../services/collector/pipeline.js";
import { collectorEnv, REPO, readEvents, startEverythingHttp, tempDir, waitFor } from "./helpers.js";

setLogLevel("warn");
const cleanups: (() => Promise<unknown>)[] = [];
after(async () => { for (const c of cleanups.reverse()) await c().catch(() => undefined); });

async function setupProxy(upstream: string, name: string): Promise<{ proxy: HttpProxy; pipeline: CollectorPipeline; sinkFile: string }> {
  const dataDir = tempDir(`http-${name}`);
  const sinkFile = join(dataDir, "events.jsonl");
  const pipeline = openPipeline({
    dataDir, collectorId: `it-${name}-${process.pid}`, sinkUrl: `file://${sinkFile}`, tenant: "acme",
    collector: { spool: { poll_interval_ms: 20, write_interval_ms: 5 } as never },
    env: { GEIGER_REDACTION_KEY: "integration-test-key-0123456789" },
  });
  const proxy = await startHttpProxy({ serverName: name, upstream, pipeline, principalHeader: "x-auth-user" });
  cleanups.push(() => pipeline.close(), () => proxy.close());
  return { proxy, pipeline, sinkFile };
}

async function exercise(c: Client): Promise<Record<string, unknown>> {
  const progress: number[] = [];
  c.setNotificationHandler(ProgressNotificationSchema, (n) => { progress.push(n.params.progress); });
  const out: Record<string, unknown> = {
    server: c.getServerVersion(),
    instructions: c.getInstructions(),
    tools: await c.listTools(),
    echo: await c.callTool({ name: "echo", arguments: { message: "over http" } }),
    sum: await c.callTool({ name: "get-sum", arguments: { a: 1, b: 2 } }),
    bad: await c.callTool({ name: "no-such-tool", arguments: {} }).then((r) => ({ ok: r }), (e: Error) => ({ err: e.message })),
    long: await c.callTool({ name: "trigger-long-running-operation", arguments: { duration: 0.2, steps: 2 } }, undefined, { onprogress: () => undefined }),
  };
  await waitFor(() => progress.length === 2, 3000, "progress");
  out.progress = progress;
  return out;
}

function checkEvents(events: TelemetryEvent[], transport: "streamable-http" | "sse", name: string): void {
  for (const e of events) assert.ok(TelemetryEventSchema.safeParse(e).success, JSON.stringify(e));
  const init = events.find((e) => e.method === "initialize");
  assert.ok(init, "initialize event");
  assert.equal(init.agent.client_name, "geiger-http-it");
  assert.ok(init.server.version);
  assert.equal(init.server.transport, transport);
  assert.equal(init.server.name, name);
  assert.equal(init.agent.principal, "alice", "principal from the operator-named header");
  const calls = events.filter((e) => e.method === "tools/call");
  const echo = calls.find((e) => (e.params as { name: string }).name === "echo")!;
  assert.match(JSON.stringify(echo.result), /Echo: over http/);
  assert.ok(echo.duration_ms !== undefined && echo.size.request_bytes > 0 && echo.size.response_bytes > 0);
  const bad = calls.find((e) => (e.params as { name: string }).name === "no-such-tool")!;
  assert.ok(bad.error || (bad.result as { isError?: boolean }).isError);
  assert.equal(events.filter((e) => e.method === "notifications/progress").length, 2);
  assert.ok(events.some((e) => e.method === "tools/list"));
  // All of one client's exchanges share one session id; nothing unpaired or timed out.
  const sessions = new Set(events.filter((e) => !e.method.startsWith("geiger/")).map((e) => e.agent.session_id));
  assert.equal(sessions.size, 1, JSON.stringify([...sessions]));
  assert.equal(events.filter((e) => ((e as { flags?: string[] }).flags ?? []).some((f) => f === "unpaired_response" || f === "timeout")).length, 0);
}

test("streamable HTTP: identical answers through the proxy, events complete, DELETE ends the session", async () => {
  const srv = await startEverythingHttp("streamableHttp");
  cleanups.push(() => srv.stop());
  const { proxy, sinkFile } = await setupProxy(`http://127.0.0.1:${srv.port}/mcp`, "everything-http");
  const direct = new Client({ name: "geiger-http-it", version: "1.0.0" });
  await direct.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${srv.port}/mcp`)));
  const viaT = new StreamableHTTPClientTransport(new URL(`${proxy.url}/mcp`), { requestInit: { headers: { "x-auth-user": "alice" } } });
  const via = new Client({ name: "geiger-http-it", version: "1.0.0" });
  await via.connect(viaT);
  assert.equal(proxy.sessionCount(), 1);
  const [a, b] = [await exercise(direct), await exercise(via)];
  assert.deepEqual(b, a);
  await viaT.terminateSession();
  await via.close();
  await direct.close();
  await waitFor(() => proxy.sessionCount() === 0, 3000, "session forgotten after DELETE");
  const events = await waitFor(() => { const ev = readEvents(sinkFile); return ev.filter((e) => e.method === "notifications/progress").length >= 2 && ev.some((e) => (e.params as { name?: string } | undefined)?.name === "trigger-long-running-operation") && ev; }, 10_000, "events");
  checkEvents(events, "streamable-http", "everything-http");
});

test("legacy HTTP+SSE: the endpoint event works through the proxy, answers identical, events complete", async () => {
  const srv = await startEverythingHttp("sse");
  cleanups.push(() => srv.stop());
  const { proxy, sinkFile } = await setupProxy(`http://127.0.0.1:${srv.port}/sse`, "everything-sse");
  const direct = new Client({ name: "geiger-http-it", version: "1.0.0" });
  await direct.connect(new SSEClientTransport(new URL(`http://127.0.0.1:${srv.port}/sse`)));
  const via = new Client({ name: "geiger-http-it", version: "1.0.0" });
  const headers = { "x-auth-user": "alice" };
  await via.connect(new SSEClientTransport(new URL(`${proxy.url}/sse`), { requestInit: { headers }, eventSourceInit: { fetch: (u, i) => fetch(u, { ...i, headers: { ...(i?.headers as Record<string, string>), ...headers } }) } }));
  const [a, b] = [await exercise(direct), await exercise(via)];
  assert.deepEqual(b, a);
  await via.close();
  await direct.close();
  const events = await waitFor(() => { const ev = readEvents(sinkFile); return ev.filter((e) => e.method === "notifications/progress").length >= 2 && ev.some((e) => (e.params as { name?: string } | undefined)?.name === "trigger-long-running-operation") && ev; }, 10_000, "events");
  checkEvents(events, "sse", "everything-sse");
});

test("upstream down: the client gets a 502 JSON-RPC error and the request is recorded as no_response", async () => {
  const { freePort } = await import("./helpers.js");
  const port = await freePort();
  const { proxy, sinkFile } = await setupProxy(`http://127.0.0.1:${port}/mcp`, "down");
  const res = await fetch(`${proxy.url}/mcp`, {
    method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "1" } } }),
  });
  assert.equal(res.status, 502);
  assert.equal(((await res.json()) as { error: { code: number } }).error.code, -32000);
  const ev = await waitFor(() => readEvents(sinkFile).find((e) => e.method === "initialize"), 5000, "initialize event");
  assert.deepEqual((ev as { flags?: string[] }).flags, ["no_response"]);
});

test("`geiger collect http` from the CLI binds 127.0.0.1 by default and proxies", async () => {
  const srv = await startEverythingHttp("streamableHttp");
  cleanups.push(() => srv.stop());
  const dataDir = tempDir("http-cli");
  const sinkFile = join(dataDir, "events.jsonl");
  const child = spawn(process.execPath, ["--import", "tsx", "services/cli/entry.ts", "collect", "http", "--server", "ev", "--upstream", `http://127.0.0.1:${srv.port}/mcp`, "--listen", "127.0.0.1:0", "--sink", `file://${sinkFile}`], { cwd: REPO, env: collectorEnv(dataDir), stdio: ["ignore", "ignore", "pipe"] });
  cleanups.push(async () => { child.kill("SIGTERM"); });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => { stderr += c.toString(); });
  const url = await waitFor(() => /(http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1], 20_000, "proxy url on stderr");
  const c = new Client({ name: "geiger-http-it", version: "1.0.0" });
  await c.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
  assert.match(JSON.stringify(await c.callTool({ name: "echo", arguments: { message: "cli" } })), /Echo: cli/);
  await c.close();
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  child.kill("SIGTERM");
  assert.equal(await exited, 0);
  const events = readEvents(sinkFile);
  assert.ok(events.some((e) => e.method === "tools/call"), "events flushed on SIGTERM");
});
