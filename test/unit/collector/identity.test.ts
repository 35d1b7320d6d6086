// Agent identity: /proc stat parsing, skipping launchers to find the MCP client, env overrides, HTTP identity.
import assert from "node:assert/strict";
import { test } from "node:test";
import { findAgentProcess, httpIdentity, parseProcStat, stdioIdentity, type ProcStat } from "../../../services/collector/identity.js";

const stat = (pid: number, comm: string, ppid: number, start: number) =>
  `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 11 0 ${start} 1000 100 18446744073709551615`;

test("parseProcStat: fields after the last ')' even when comm has spaces and parens", () => {
  assert.deepEqual(parseProcStat(stat(42, "Claude Helper (Renderer)", 7, 123456)), { comm: "Claude Helper (Renderer)", ppid: 7, starttime: "123456" });
  assert.equal(parseProcStat("garbage"), null);
});

test("findAgentProcess skips sh/npx/npm exec launchers up to the real client", () => {
  const table: Record<number, ProcStat> = {
    100: { comm: "node", ppid: 90, starttime: "1" },       // the collector itself
    90: { comm: "sh", ppid: 80, starttime: "2" },
    80: { comm: "npm exec geige", ppid: 70, starttime: "3" },
    70: { comm: "Claude", ppid: 1, starttime: "4242" },
  };
  assert.deepEqual(findAgentProcess(100, (p) => table[p] ?? null), { pid: 70, starttime: "4242" });
  assert.equal(findAgentProcess(5, () => null), null);
});

test("stdioIdentity: servers of one client share the session id; env overrides win", () => {
  const table: Record<number, ProcStat> = { 11: { comm: "node", ppid: 70, starttime: "1" }, 12: { comm: "node", ppid: 70, starttime: "9" }, 70: { comm: "Cursor", ppid: 1, starttime: "555" } };
  const read = (p: number) => table[p] ?? null;
  const a = stdioIdentity({ env: {}, host: "h", pid: 11, read });
  const b = stdioIdentity({ env: {}, host: "h", pid: 12, read });
  assert.equal(a.session_id, b.session_id);
  assert.match(a.session_id, /^sess-[0-9a-f]{16}$/);
  assert.notEqual(stdioIdentity({ env: {}, host: "other", pid: 11, read }).session_id, a.session_id);
  const o = stdioIdentity({ env: { GEIGER_AGENT_ID: "A", GEIGER_SESSION_ID: "S", GEIGER_PRINCIPAL: "bob" }, host: "h", pid: 11, read });
  assert.deepEqual([o.id, o.session_id, o.principal], ["A", "S", "bob"]);
});

test("httpIdentity: principal beats address; Mcp-Session-Id separates sessions", () => {
  const a = httpIdentity({ clientAddress: "10.0.0.1", mcpSessionId: "x", host: "h" });
  assert.equal(a.id, "addr:10.0.0.1");
  const p = httpIdentity({ clientAddress: "10.0.0.1", principal: "alice", mcpSessionId: "x", host: "h" });
  assert.equal(p.id, "principal:alice");
  assert.notEqual(httpIdentity({ clientAddress: "10.0.0.1", mcpSessionId: "y", host: "h" }).session_id, a.session_id);
});
