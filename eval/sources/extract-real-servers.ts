// Regenerates eval/sources/real-servers.json: the real tool/prompt/resource definitions, server instructions
// and a few real tool outputs of the MCP servers installed in node_modules, fetched over stdio with the SDK
// client (`node --import tsx eval/sources/extract-real-servers.ts`). These are the benign baseline.
import { writeFileSync, mkdtempSync, copyFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

interface Dump { server: string; version?: string; instructions?: string; tools: unknown[]; prompts: unknown[]; resources: unknown[]; outputs: { tool: string; text: string }[] }

async function dump(server: string, args: string[], calls: { name: string; arguments: Record<string, unknown> }[], env: Record<string, string> = {}): Promise<Dump> {
  const transport = new StdioClientTransport({ command: process.execPath, args, env: { ...process.env, ...env } as Record<string, string>, stderr: "ignore" });
  const client = new Client({ name: "geiger-eval", version: "0" });
  await client.connect(transport);
  const caps = client.getServerCapabilities() ?? {};
  const out: Dump = { server, tools: [], prompts: [], resources: [], outputs: [] };
  const v = client.getServerVersion();
  if (v?.version) out.version = v.version;
  const instr = client.getInstructions();
  if (instr) out.instructions = instr;
  if (caps.tools) out.tools = (await client.listTools()).tools;
  if (caps.prompts) out.prompts = (await client.listPrompts()).prompts;
  if (caps.resources) out.resources = (await client.listResources()).resources.slice(0, 30);
  for (const c of calls) {
    try {
      const r = await client.callTool(c);
      for (const item of (r.content as { type: string; text?: string }[]) ?? []) if (item.type === "text" && item.text) out.outputs.push({ tool: c.name, text: item.text.slice(0, 20_000) });
    } catch (err) { out.outputs.push({ tool: c.name, text: `error: ${(err as Error).message}` }); }
  }
  await client.close();
  return out;
}

const dir = mkdtempSync(join(tmpdir(), "geiger-eval-fs-"));
// Real documents to read back through the filesystem server: README files of installed packages.
const docs = ["zod", "express", "kafkajs", "pino", "ws", "yaml", "prom-client", "simple-statistics", "fast-check", "typescript"];
for (const p of docs) { try { copyFileSync(join("node_modules", p, "README.md"), join(dir, `${p}-README.md`)); } catch { /* package without README */ } }
const nm = (p: string): string => join("node_modules", "@modelcontextprotocol", p, "dist", "index.js");
const results = [
  await dump("filesystem", [nm("server-filesystem"), dir], [
    { name: "list_allowed_directories", arguments: {} },
    { name: "list_directory", arguments: { path: dir } },
    ...readdirSync(dir).map((f) => ({ name: "read_text_file", arguments: { path: join(dir, f) } })),
  ]),
  await dump("memory", [nm("server-memory")], [
    { name: "create_entities", arguments: { entities: [{ name: "Alice", entityType: "person", observations: ["works on the billing team", "prefers email over chat"] }] } },
    { name: "read_graph", arguments: {} },
  ], { MEMORY_FILE_PATH: join(dir, "memory.jsonl") }),
  await dump("everything", [nm("server-everything"), "stdio"], [
    { name: "echo", arguments: { message: "hello from the evaluation" } },
    { name: "get-sum", arguments: { a: 2, b: 3 } },
  ]),
];
writeFileSync(join("eval", "sources", "real-servers.json"), JSON.stringify(results, null, 1) + "\n");
console.log(results.map((r) => `${r.server}: ${r.tools.length} tools, ${r.prompts.length} prompts, ${r.resources.length} resources, ${r.outputs.length} outputs`).join("\n"));
