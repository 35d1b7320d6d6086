// Who is calling: agent id and session id for the stdio proxy (host + the MCP client's pid + its start time,
// so every server one client spawns shares a session id) and for the HTTP proxy (principal or address +
// Mcp-Session-Id). Env overrides win.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";

export interface AgentIdentity {
  id: string;
  session_id: string;
  host: string;
  principal?: string;
}

export interface ProcStat {
  comm: string;
  ppid: number;
  /** Field 22: start time in clock ticks since boot; with the pid it names one process incarnation. */
  starttime: string;
}

/** Parses /proc/<pid>/stat; `comm` may itself contain spaces and parentheses, so fields are split after the last ')'. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open === -1 || close < open) return null;
  const rest = text.slice(close + 2).split(" ");
  const ppid = Number(rest[1]);
  const starttime = rest[19];
  if (!Number.isInteger(ppid) || !starttime || !/^\d+$/.test(starttime)) return null;
  return { comm: text.slice(open + 1, close), ppid, starttime };
}

export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null;
  }
}

/**
 * Processes that merely launch the collector (`npx geiger …`, a shell wrapper): skipped when looking for the
 * MCP client, otherwise each server would get its own launcher as "parent" and sessions would not correlate.
 */
const LAUNCHER = /^(?:sh|bash|dash|zsh|fish|ksh|env|timeout|nice|nohup|sudo|doas|tini|npm|npx|pnpm|yarn|bunx?|uvx?|npm exec.*|npm-cli.*|corepack)$/;

/** Walks up from `pid`'s parent past launchers (at most `maxDepth` hops) to the process taken as the agent. */
export function findAgentProcess(pid: number, read: (pid: number) => ProcStat | null = readProcStat, maxDepth = 6): { pid: number; starttime: string } | null {
  const self = read(pid);
  if (!self) return null;
  let cur = self.ppid;
  let best: { pid: number; starttime: string } | null = null;
  for (let i = 0; i < maxDepth && cur > 1; i++) {
    const st = read(cur);
    if (!st) break;
    best = { pid: cur, starttime: st.starttime };
    if (!LAUNCHER.test(st.comm)) break;
    cur = st.ppid;
  }
  return best;
}

const shortHash = (s: string): string => createHash("sha256").update(s).digest("hex").slice(0, 16);

export function stdioIdentity(opts: { env?: NodeJS.ProcessEnv; principal?: string; host?: string; pid?: number; read?: (pid: number) => ProcStat | null } = {}): AgentIdentity {
  const env = opts.env ?? process.env;
  const host = opts.host ?? hostname();
  const agentProc = findAgentProcess(opts.pid ?? process.pid, opts.read);
  // Without /proc (macOS, Windows) the parent pid alone still groups one client's servers for its lifetime.
  const basis = agentProc ? `${host}|${agentProc.pid}|${agentProc.starttime}` : `${host}|${process.ppid}`;
  const h = shortHash(basis);
  const principal = env.GEIGER_PRINCIPAL || opts.principal;
  return {
    id: env.GEIGER_AGENT_ID || `agent-${h}`,
    session_id: env.GEIGER_SESSION_ID || `sess-${h}`,
    host,
    ...(principal ? { principal } : {}),
  };
}

/** HTTP: the agent is the principal when one is known, else the client address; the session adds Mcp-Session-Id. */
export function httpIdentity(o: { principal?: string; clientAddress: string; mcpSessionId?: string; host?: string }): AgentIdentity {
  const id = o.principal ? `principal:${o.principal}` : `addr:${o.clientAddress}`;
  return {
    id,
    session_id: `sess-${shortHash(`${id}|${o.mcpSessionId ?? "stateless"}`)}`,
    host: o.host ?? hostname(),
    ...(o.principal ? { principal: o.principal } : {}),
  };
}
