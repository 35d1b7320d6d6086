// The stdio collector in front of real MCP servers, driven by the real SDK client: the client sees exactly what
// it sees directly, and the sink gets complete, correct, redacted events.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ProgressNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { TelemetryEventSchema, type TelemetryEvent } from "../../../shared/schema/telemetry.js";
import { collectorEnv, collectorStdioTransport, readEvents, serverScript, tempDir, waitFor } from "./helpers.js";

const clients: Client[] = [];
after(async () => { for (const c of clients) await c.close().catch(() => undefined); });

async function connect(transport: StdioClientTransport): Promise<Client> {
  const c = new Client({ name: "geiger-it", version: "1.2.3" }, { capabilities: {} });
  await c.connect(transport);
  clients.push(c);
  return c;
}

const flags = (e: TelemetryEvent) => (e as { flags?: string[] }).flags ?? [];

test("server-everything over stdio: identical answers, complete events", async () => {
  const dataDir = tempDir("stdio-everything");
  const sinkFile = join(dataDir, "out", "events.jsonl");
  const everything = [process.execPath, serverScript("server-everything"), "stdio"];
  const direct = await connect(new StdioClientTransport({ command: everything[0]!, args: everything.slice(1), env: collectorEnv(dataDir), stderr: "pipe" }));
  const proxied = await connect(collectorStdioTransport({ server: "everything", sink: `file://${sinkFile}`, cmd: everything, dataDir, env: { GEIGER_TENANT: "acme", GEIGER_PRINCIPAL: "alice" } }));

  assert.deepEqual(proxied.getServerVersion(), direct.getServerVersion());
  assert.deepEqual(proxied.getInstructions(), direct.getInstructions());
  const [tl1, tl2] = [await direct.listTools(), await proxied.listTools()];
  assert.deepEqual(tl2, tl1);
  const echo = { name: "echo", arguments: { message: "hello through geiger" } };
  assert.deepEqual(await proxied.callTool(echo), await direct.callTool(echo));
  const sum = { name: "get-sum", arguments: { a: 2, b: 40 } };
  assert.deepEqual(await proxied.callTool(sum), await direct.callTool(sum));
  // An unknown tool: the same error (result with isError or a JSON-RPC error, whichever the server picks).
  const bad = { name: "no-such-tool", arguments: {} };
  const outcome = async (c: Client) => c.callTool(bad).then((r) => ({ ok: r }), (e: Error) => ({ err: e.message }));
  assert.deepEqual(await outcome(proxied), await outcome(direct));
  // Progress notifications flow through and are recorded. Counted with our own notification handler: the SDK
  // client drops a progress notification that arrives in the same read as its response (it dispatches
  // notifications a microtask later, after the response has removed the progress handler), and an extra hop
  // makes such coalescing more likely — the bytes are the same either way.
  const progress: number[] = [];
  proxied.setNotificationHandler(ProgressNotificationSchema, (n) => { progress.push(n.params.progress); });
  const long = await proxied.callTool({ name: "trigger-long-running-operation", arguments: { duration: 0.3, steps: 3 } }, undefined, { onprogress: () => undefined });
  await waitFor(() => progress.length === 3, 2000, "3 progress notifications");
  assert.deepEqual(progress, [1, 2, 3]);
  assert.match(JSON.stringify(long), /Long running operation completed/);

  await proxied.close();
  const events = await waitFor(() => { const ev = readEvents(sinkFile); return ev.some((e) => e.method === "trigger-long-running-operation" || (e.method === "tools/call" && (e.params as { name?: string }).name === "trigger-long-running-operation")) && ev; }, 15_000, "events in sink");
  for (const e of events) assert.ok(TelemetryEventSchema.safeParse(e).success, JSON.stringify(e));

  const init = events.find((e) => e.method === "initialize")!;
  assert.ok(init, "initialize event");
  assert.equal(init.agent.client_name, "geiger-it");
  assert.equal(init.agent.client_version, "1.2.3");
  assert.equal(init.server.version, direct.getServerVersion()!.version);
  assert.equal((init.result as { instructions?: string }).instructions, direct.getInstructions());
  assert.equal(init.tenant, "acme");
  assert.equal(init.agent.principal, "alice");
  assert.equal(init.server.name, "everything");
  assert.equal(init.server.transport, "stdio");
  assert.match(init.agent.session_id, /^sess-[0-9a-f]{16}$/);

  const calls = events.filter((e) => e.method === "tools/call");
  const byTool = (n: string) => calls.find((e) => (e.params as { name: string }).name === n)!;
  const echoEv = byTool("echo");
  assert.deepEqual((echoEv.params as { arguments: unknown }).arguments, echo.arguments);
  assert.deepEqual(echoEv.result, await direct.callTool(echo));
  assert.equal(echoEv.direction, "client_to_server");
  assert.equal(echoEv.kind, "request");
  assert.ok(typeof echoEv.rpc_id === "number");
  assert.ok(echoEv.duration_ms !== undefined && echoEv.duration_ms >= 0 && echoEv.duration_ms < 5000);
  assert.ok(echoEv.size.request_bytes > 50 && echoEv.size.response_bytes > 20);
  assert.equal(echoEv.agent.client_name, "geiger-it");
  const badEv = byTool("no-such-tool");
  assert.ok(badEv.error || (badEv.result as { isError?: boolean }).isError);
  const longEv = byTool("trigger-long-running-operation");
  assert.ok(longEv.duration_ms! >= 250, `duration ${longEv.duration_ms}`);
  const prog = events.filter((e) => e.method === "notifications/progress");
  assert.equal(prog.length, 3);
  for (const p of prog) { assert.equal(p.kind, "notification"); assert.equal(p.direction, "server_to_client"); }
  assert.ok(events.some((e) => e.method === "notifications/initialized" && e.direction === "client_to_server"));
  assert.ok(events.some((e) => e.method === "tools/list" && Array.isArray((e.result as { tools: unknown[] }).tools)));
  // Every request got paired (no timeout/unpaired flags), event ids are unique.
  assert.equal(events.filter((e) => flags(e).some((f) => ["timeout", "unpaired_response"].includes(f))).length, 0);
  assert.equal(new Set(events.map((e) => e.event_id)).size, events.length);
});

test("a secret in tool arguments never reaches the sink in clear; same secret on two servers → same fingerprint", async () => {
  const dataDir = tempDir("stdio-secret");
  const sinkFile = join(dataDir, "events.jsonl");
  const secret = "AKIA" + "Z7GEIGERTEST0001";
  const password = "correct-horse-battery-staple";
  const memFile = join(dataDir, "memory.json");
  const a = await connect(collectorStdioTransport({ server: "everything", sink: `file://${sinkFile}`, cmd: [process.execPath, serverScript("server-everything"), "stdio"], dataDir }));
  const b = await connect(collectorStdioTransport({
    server: "memory", sink: `file://${sinkFile}`, cmd: [process.execPath, serverScript("server-memory")], dataDir, env: { MEMORY_FILE_PATH: memFile },
  }));
  const r = await a.callTool({ name: "echo", arguments: { message: `key=${secret} pw: https://bob:${password}@db.internal/x` } });
  assert.match(JSON.stringify(r), new RegExp(secret), "the client still sees the real value");
  await b.callTool({ name: "create_entities", arguments: { entities: [{ name: "creds", entityType: "note", observations: [`aws ${secret}`] }] } });
  await a.close();
  await b.close();
  await waitFor(() => readEvents(sinkFile).filter((e) => e.method === "tools/call").length >= 2 && readEvents(sinkFile).some((e) => e.server.name === "memory" && e.method === "tools/call"), 15_000, "both servers' events");
  const raw = readFileSync(sinkFile, "utf8");
  assert.ok(!raw.includes(secret), "AWS key in clear in the sink");
  assert.ok(!raw.includes(password), "URL password in clear in the sink");
  const events = readEvents(sinkFile).filter((e) => e.method === "tools/call");
  const fps = events.flatMap((e) => (e.redactions ?? []).filter((x) => x.kind === "aws_access_key").map((x) => [e.server.name, x.fingerprint, x.path]));
  assert.ok(fps.some(([s]) => s === "everything") && fps.some(([s]) => s === "memory"), JSON.stringify(fps));
  assert.equal(new Set(fps.map(([, fp]) => fp)).size, 1, "same secret → same fingerprint across servers");
  assert.ok(fps.some(([, , p]) => p === "result.content[0].text"), "the echoed secret in the result is redacted too");
  // Both servers were spawned by this process: the session id correlates them.
  assert.equal(new Set(events.map((e) => e.agent.session_id)).size, 1);
});

test("server-filesystem on a temp dir through the collector: reads, a denied path (error), listing", async () => {
  const dataDir = tempDir("stdio-fs");
  const root = tempDir("fs-root");
  writeFileSync(join(root, "hello.txt"), "hello from the filesystem server\n");
  const sinkFile = join(dataDir, "events.jsonl");
  const cmd = [process.execPath, serverScript("server-filesystem"), root];
  const direct = await connect(new StdioClientTransport({ command: cmd[0]!, args: cmd.slice(1), stderr: "pipe" }));
  const proxied = await connect(collectorStdioTransport({ server: "fs", sink: `file://${sinkFile}`, cmd, dataDir }));
  assert.deepEqual(await proxied.listTools(), await direct.listTools());
  const read = { name: "read_text_file", arguments: { path: join(root, "hello.txt") } };
  assert.deepEqual(await proxied.callTool(read), await direct.callTool(read));
  const denied = { name: "read_text_file", arguments: { path: "/etc/hostname" } };
  const outcome = async (c: Client) => c.callTool(denied).then((r) => ({ ok: r }), (e: Error) => ({ err: e.message }));
  assert.deepEqual(await outcome(proxied), await outcome(direct));
  await proxied.close();
  const events = await waitFor(() => { const ev = readEvents(sinkFile); return ev.filter((e) => e.method === "tools/call").length >= 2 && ev; }, 15_000, "fs events");
  const reads = events.filter((e) => e.method === "tools/call");
  assert.match(JSON.stringify(reads[0]!.result), /hello from the filesystem server/);
  assert.ok(reads[1]!.error || (reads[1]!.result as { isError?: boolean }).isError, "denied read recorded as an error");
});

test("the collector exits with the server's exit code and relays its stderr; a missing command is 127", async () => {
  const { spawn } = await import("node:child_process");
  const { REPO } = await import("./helpers.js");
  const dataDir = tempDir("stdio-exit");
  const runCollector = (cmd: string[]) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", "services/cli/entry.ts", "collect", "stdio", "--server", "x", "--sink", `file://${dataDir}/e.jsonl`, "--", ...cmd], { cwd: REPO, env: collectorEnv(dataDir) });
    let stderr = "";
    p.stderr.on("data", (c: Buffer) => { stderr += c.toString(); });
    p.stdin.end();
    p.on("close", (code) => resolve({ code, stderr }));
  });
  const r = await runCollector([process.execPath, "-e", "process.stderr.write('boom on stderr'); process.exit(7)"]);
  assert.equal(r.code, 7);
  assert.match(r.stderr, /boom on stderr/);
  const missing = await runCollector(["/nonexistent/mcp-server"]);
  assert.equal(missing.code, 127);
});

test("bad input: garbage, a huge line and a server dying mid-request are relayed byte for byte and recorded", async () => {
  const { spawn } = await import("node:child_process");
  const { REPO } = await import("./helpers.js");
  const dataDir = tempDir("stdio-bad");
  const sinkFile = join(dataDir, "events.jsonl");
  // A misbehaving "server": answers the first request, prints garbage and a 200 kB line, then dies on the second.
  const script = `
    const rl = require("node:readline").createInterface({ input: process.stdin });
    let n = 0;
    rl.on("line", (l) => {
      const m = JSON.parse(l);
      if (++n === 1) {
        process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: m.id, result: { ok: true } }) + "\\n");
        process.stdout.write(Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a]));
        process.stdout.write(JSON.stringify({ jsonrpc: "2.0", method: "notifications/message", params: { data: "x".repeat(200000) } }) + "\\n");
      } else process.exit(3);
    });`;
  const p = spawn(process.execPath, ["--import", "tsx", "services/cli/entry.ts", "collect", "stdio", "--server", "bad", "--sink", `file://${sinkFile}`, "--config", writeConfig(dataDir), "--", process.execPath, "-e", script], { cwd: REPO, env: collectorEnv(dataDir) });
  const out: Buffer[] = [];
  p.stdout.on("data", (c: Buffer) => out.push(c));
  const code = new Promise<number | null>((r) => p.on("close", (c) => r(c)));
  p.stdin.write('{"jsonrpc":"2.0","id":1,"method":"tools/list"}\n');
  await waitFor(() => Buffer.concat(out).length > 200_000, 10_000, "server output");
  p.stdin.write('{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"x"}}\n');
  assert.equal(await code, 3);
  const expected = Buffer.concat([
    Buffer.from(JSON.stringify({ jsonrpc: "2.0", id: 1, result: { ok: true } }) + "\n"),
    Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a]),
    Buffer.from(JSON.stringify({ jsonrpc: "2.0", method: "notifications/message", params: { data: "x".repeat(200000) } }) + "\n"),
  ]);
  assert.ok(Buffer.concat(out).equals(expected), "client got exactly the server's bytes");
  const events = readEvents(sinkFile);
  const f = (m: string) => events.find((e) => e.method === m);
  assert.deepEqual(f("tools/list")!.result, { ok: true });
  assert.deepEqual((f("geiger/invalid_message") as { flags?: string[] }).flags, ["invalid_json"]);
  const big = f("notifications/message") as TelemetryEvent & { truncated?: boolean };
  assert.equal(big.truncated, true);
  assert.equal(big.params, undefined);
  assert.ok(big.size.request_bytes > 200_000);
  assert.deepEqual((f("tools/call") as { flags?: string[] }).flags, ["no_response"]);
});

/** A config file with a small message limit so a 200 kB line counts as huge. */
function writeConfig(dir: string): string {
  const file = join(dir, "geiger.yaml");
  writeFileSync(file, "collector:\n  max_message_bytes: 65536\n");
  return file;
}
