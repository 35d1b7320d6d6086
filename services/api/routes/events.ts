// Forensic event search over stored telemetry: session, principal, server, tool, method, time, free text.
import { z } from "zod";
import type { ApiContext } from "../context.js";
import { notFound } from "../errors.js";
import { canSee, eqIf, idParam, inIf, listOf, listPageShape, tenantFilters, term, timeRange } from "../query.js";

/** Stored telemetry carries the called tool at top level (`tool`, added by the indexer for tools/call). */
export const EVENT_TOOL_FIELD = "tool";

export const EventsQuerySchema = z.strictObject({
  session: term(1024).optional(),
  principal: listOf(term(1024)).optional(),
  server: listOf(term(1024)).optional(),
  tool: listOf(term(1024)).optional(),
  method: listOf(term(512)).optional(),
  kind: z.enum(["request", "notification"]).optional(),
  ...listPageShape,
});

export function register(ctx: ApiContext): void {
  const { registry, api, store } = ctx;

  registry.define(api, "/api/v1", { method: "get", path: "/events", access: "viewer", tag: "events", summary: "Forensic search over telemetry events", query: EventsQuerySchema }, async ({ query, principal }) => {
    const filters = [
      ...tenantFilters(principal, "tenant", query.tenant),
      ...eqIf("agent.session_id", query.session), ...inIf("agent.principal", query.principal), ...inIf("server.name", query.server),
      ...inIf(EVENT_TOOL_FIELD, query.tool), ...inIf("method", query.method), ...eqIf("kind", query.kind),
      ...timeRange("ts", query.since, query.until),
    ];
    return store.search("telemetry", { filters, ...(query.q ? { text: query.q } : {}), limit: query.limit, cursor: query.cursor ?? null, order: query.order ?? "desc" });
  });

  registry.define(api, "/api/v1", { method: "get", path: "/events/:id", access: "viewer", tag: "events", summary: "Get one telemetry event", params: z.strictObject({ id: idParam }) }, async ({ params, principal }) => {
    const doc = await store.get("telemetry", params.id);
    if (!doc || !canSee(principal, doc.tenant)) throw notFound("event");
    return doc;
  });
}
