// Dashboard stats: alert counts by severity/taxonomy/server/status over time, top principals/servers/tools,
// calls and cost per server over time — all through the store's terms/histogram aggregations.
import { z } from "zod";
import type { ApiContext } from "../context.js";
import { badRequest } from "../errors.js";
import { tenantFilters, tenantParam, timeParam } from "../query.js";
import { EVENT_TOOL_FIELD } from "./events.js";

export const StatsQuerySchema = z.strictObject({
  since: timeParam.optional(),
  until: timeParam.optional(),
  /** Bucket size in seconds. */
  interval: z.string().regex(/^\d{1,9}$/, "interval is a whole number of seconds").transform(Number).pipe(z.number().int().min(1).max(31 * 86400)).optional(),
  tenant: tenantParam,
  top: z.string().regex(/^\d{1,3}$/).transform(Number).pipe(z.number().int().min(1).max(100)).optional(),
});

const NICE_MS = [1, 5, 10, 30, 60, 300, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400].map((s) => s * 1000);
const MAX_BUCKETS = 2000;

/** A round bucket size giving about 48 buckets over the window. */
export function autoInterval(windowMs: number): number {
  return NICE_MS.find((n) => windowMs / n <= 48) ?? NICE_MS[NICE_MS.length - 1]!;
}

export function register(ctx: ApiContext): void {
  const { registry, api, store } = ctx;
  registry.define(api, "/api/v1", { method: "get", path: "/stats", access: "viewer", tag: "stats", summary: "Counts over time for the dashboard", query: StatsQuerySchema }, async ({ query, principal }) => {
    const until = query.until ? Date.parse(query.until) : Date.now();
    const since = query.since ? Date.parse(query.since) : until - 86400_000;
    if (since >= until) throw badRequest("since must be before until");
    const intervalMs = query.interval ? query.interval * 1000 : autoInterval(until - since);
    if ((until - since) / intervalMs > MAX_BUCKETS) throw badRequest(`interval too small: at most ${MAX_BUCKETS} buckets per window`);
    const top = query.top ?? 10;
    const sinceIso = new Date(since).toISOString(), untilIso = new Date(until).toISOString();
    const aq = { filters: [...tenantFilters(principal, "entity.tenant", query.tenant), { field: "last_seen", op: "range" as const, gte: sinceIso, lte: untilIso }] };
    const eq = { filters: [...tenantFilters(principal, "tenant", query.tenant), { field: "ts", op: "range" as const, gte: sinceIso, lte: untilIso }] };
    const calls = { filters: [...eq.filters, { field: "method", op: "eq" as const, value: "tools/call" }] };
    const [aTotal, aOpen, bySev, byTax, byServer, byStatus, byRule, aOver, eTotal, topPrincipals, topServers, topTools, callsByServer, eOver, costOver] = await Promise.all([
      store.count("alerts", aq),
      store.count("alerts", { filters: [...aq.filters, { field: "status", op: "eq", value: "open" }] }),
      store.terms("alerts", aq, "severity", 10),
      store.terms("alerts", aq, "taxonomy", 10),
      store.terms("alerts", aq, "entity.server", top),
      store.terms("alerts", aq, "status", 10),
      store.terms("alerts", aq, "rule_id", top),
      store.histogram("alerts", aq, { intervalMs, by: "severity" }),
      store.count("telemetry", eq),
      store.terms("telemetry", eq, "agent.principal", top),
      store.terms("telemetry", eq, "server.name", top),
      store.terms("telemetry", calls, EVENT_TOOL_FIELD, top),
      store.terms("telemetry", calls, "server.name", top, "cost.usd"),
      store.histogram("telemetry", eq, { intervalMs, by: "server.name" }),
      store.histogram("telemetry", eq, { intervalMs, by: "server.name", sumField: "cost.usd" }),
    ]);
    return {
      window: { since: sinceIso, until: untilIso, interval_ms: intervalMs },
      alerts: { total: aTotal, open: aOpen, by_severity: bySev, by_taxonomy: byTax, by_server: byServer, by_status: byStatus, by_rule: byRule, over_time: aOver },
      events: { total: eTotal, top_principals: topPrincipals, top_servers: topServers, top_tools: topTools, calls_by_server: callsByServer, over_time: eOver, cost_over_time: costOver },
    };
  });
}
