// Session timeline: every event and alert of one agent session, across servers, in time order.
import { z } from "zod";
import type { Doc } from "../../../shared/store/port.js";
import type { ApiContext } from "../context.js";
import { cursorParam, idParam, limitParam, tenantFilters, tenantParam } from "../query.js";

export const TimelineQuerySchema = z.strictObject({ limit: limitParam(500), cursor: cursorParam, tenant: tenantParam });

type Item = { type: "event"; ts: string; event: Doc } | { type: "alert"; ts: string; alert: Doc };

export function register(ctx: ApiContext): void {
  const { registry, api, store } = ctx;
  registry.define(api, "/api/v1", { method: "get", path: "/sessions/:id/timeline", access: "viewer", tag: "sessions", summary: "Events and alerts of one agent session in time order", params: z.strictObject({ id: idParam }), query: TimelineQuerySchema }, async ({ params, query, principal }) => {
    const events = await store.search("telemetry", {
      filters: [...tenantFilters(principal, "tenant", query.tenant), { field: "agent.session_id", op: "eq", value: params.id }],
      order: "asc", limit: query.limit, cursor: query.cursor ?? null,
    });
    // Alerts are few per session: merged into the first page only, so paging through events never repeats them.
    const alerts = query.cursor ? [] : (await store.search("alerts", {
      filters: [...tenantFilters(principal, "entity.tenant", query.tenant), { field: "entity.session_id", op: "eq", value: params.id }],
      order: "asc", limit: 1000,
    })).items;
    const items: Item[] = [
      ...events.items.map((e): Item => ({ type: "event", ts: String(e.ts), event: e })),
      ...alerts.map((a): Item => ({ type: "alert", ts: String(a.first_seen), alert: a })),
    ].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts) || (a.type === b.type ? 0 : a.type === "event" ? -1 : 1));
    const servers = new Set<string>(), principals = new Set<string>();
    for (const e of events.items) {
      const s = (e.server as { name?: unknown } | undefined)?.name, p = (e.agent as { principal?: unknown } | undefined)?.principal;
      if (typeof s === "string") servers.add(s);
      if (typeof p === "string") principals.add(p);
    }
    return { session_id: params.id, servers: [...servers].sort(), principals: [...principals].sort(), items, next_cursor: events.next_cursor };
  });
}
