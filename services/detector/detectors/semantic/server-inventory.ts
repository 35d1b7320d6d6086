// P6 server inventory: the first time a tenant's agents talk to a server name, and every change of the
// version a server reports (unpinned servers that update themselves are a supply-chain risk).
import type { Detector, Finding } from "../../detector.js";

interface Seen { version?: string }

function reportedVersion(e: Parameters<Detector["detect"]>[0]): string | undefined {
  if (e.server.version) return e.server.version.slice(0, 100);
  if (e.method === "initialize" && e.result && typeof e.result === "object") {
    const info = (e.result as Record<string, unknown>).serverInfo;
    const v = info && typeof info === "object" ? (info as Record<string, unknown>).version : undefined;
    if (typeof v === "string") return v.slice(0, 100);
  }
  return undefined;
}

export const serverInventory: Detector = {
  meta: {
    id: "semantic.server_inventory",
    name: "First-seen MCP server or server version change",
    description: "A server name never seen before for this tenant (informational), or a server that reports a different version than before (an unpinned dependency that changed under the agents).",
    taxonomy: ["P6"],
    severity: "low",
    owasp: ["LLM03"],
    atlas: ["AML.T0010"],
    state: { maxKeys: 50_000, ttlMs: 365 * 86_400_000 },
  },
  detect(event, ctx) {
    const key = `${event.tenant}\u0000${event.server.name}`;
    const prev = ctx.state.get<Seen>(key);
    const version = reportedVersion(event);
    const base: Pick<Finding, "event_ids" | "entity"> = { event_ids: [event.event_id], entity: { session_id: null, agent_id: null, principal: null, tool: null } };
    if (!prev) {
      ctx.state.set<Seen>(key, version ? { version } : {});
      return [{
        ...base,
        title: `First-seen MCP server '${event.server.name}'${version ? ` ${version}` : ""}`,
        description: `Tenant '${event.tenant}' talks to server '${event.server.name}' (${event.server.transport}${event.server.endpoint ? ` ${event.server.endpoint}` : ""}) for the first time.`,
        score: 0.5,
        severity: "info",
        evidence: [{ event_id: event.event_id, path: "server", excerpt: `${event.server.name} ${version ?? "(no version)"} via ${event.server.transport}`, reason: "server not seen before" }],
        dedup: ["first_seen"],
      }];
    }
    if (version === undefined || version === prev.version) return [];
    ctx.state.set<Seen>(key, { version });
    if (prev.version === undefined) return [];
    return [{
      ...base,
      rule_id: "semantic.server_version_change",
      rule_name: "MCP server version changed",
      title: `Server '${event.server.name}' changed version ${prev.version} → ${version}`,
      description: `Server '${event.server.name}' now reports version ${version} (was ${prev.version}). If the server is not pinned, review what changed in its tools.`,
      score: 0.55,
      severity: "low",
      evidence: [{ event_id: event.event_id, path: "server.version", excerpt: `${prev.version} → ${version}`, reason: "reported version differs" }],
      dedup: ["version", version],
    }];
  },
};
