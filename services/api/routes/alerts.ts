// Alerts: list with filters and cursor paging, get, and the analyst's PATCH (status, assignee, note), audited
// and re-published on the alerts topic so live streams and pagers (resolve) see the change.
import { z } from "zod";
import { AlertStatusSchema, SEVERITIES, SeveritySchema, TaxonomySchema, severityRank, type Severity } from "../../../shared/schema/alert.js";
import type { Doc, Filter } from "../../../shared/store/port.js";
import { logEvent } from "../../../shared/observability/log.js";
import type { ApiContext } from "../context.js";
import { badRequest, notFound } from "../errors.js";
import { canSee, eqIf, idParam, inIf, listOf, listPageShape, tenantFilters, term, timeRange } from "../query.js";

export const AlertsQuerySchema = z.strictObject({
  status: listOf(AlertStatusSchema).optional(),
  severity: listOf(SeveritySchema).optional(),
  severity_min: SeveritySchema.optional(),
  taxonomy: listOf(TaxonomySchema).optional(),
  rule: listOf(term(256)).optional(),
  server: listOf(term(1024)).optional(),
  tool: listOf(term(1024)).optional(),
  principal: listOf(term(1024)).optional(),
  session: term(1024).optional(),
  assignee: term(256).optional(),
  ...listPageShape,
});

export const AlertPatchSchema = z.strictObject({
  status: AlertStatusSchema.optional(),
  assignee: z.union([term(256), z.null()]).optional(),
  note: z.string().min(1).max(4000).optional(),
}).refine((b) => b.status !== undefined || b.assignee !== undefined || b.note !== undefined, "send at least one of status, assignee, note");

const IdParams = z.strictObject({ id: idParam });

export function severitiesAtLeast(min: Severity): Severity[] {
  return SEVERITIES.filter((s) => severityRank(s) >= severityRank(min));
}

export function alertFilters(q: z.infer<typeof AlertsQuerySchema>): Filter[] {
  let severities = q.severity;
  if (q.severity_min) {
    const atLeast = severitiesAtLeast(q.severity_min);
    severities = severities ? severities.filter((s) => atLeast.includes(s)) : atLeast;
    if (severities.length === 0) throw badRequest("severity and severity_min exclude every severity");
  }
  return [
    ...inIf("status", q.status), ...inIf("severity", severities), ...inIf("taxonomy", q.taxonomy),
    ...inIf("rule_id", q.rule), ...inIf("entity.server", q.server), ...inIf("entity.tool", q.tool),
    ...inIf("entity.principal", q.principal), ...eqIf("entity.session_id", q.session), ...eqIf("assignee", q.assignee),
    ...timeRange("last_seen", q.since, q.until),
  ];
}

export function register(ctx: ApiContext): void {
  const { registry, api, store } = ctx;

  registry.define(api, "/api/v1", { method: "get", path: "/alerts", access: "viewer", tag: "alerts", summary: "List alerts (filters, free text, cursor paging)", query: AlertsQuerySchema }, async ({ query, principal }) => {
    const filters = [...tenantFilters(principal, "entity.tenant", query.tenant), ...alertFilters(query)];
    return store.search("alerts", { filters, ...(query.q ? { text: query.q } : {}), limit: query.limit, cursor: query.cursor ?? null, order: query.order ?? "desc" });
  });

  const load = async (principal: Parameters<typeof canSee>[0], id: string): Promise<Doc> => {
    const doc = await store.get("alerts", id);
    // Another tenant's alert is indistinguishable from a missing one.
    if (!doc || !canSee(principal, (doc.entity as { tenant?: unknown } | undefined)?.tenant)) throw notFound("alert");
    return doc;
  };

  registry.define(api, "/api/v1", { method: "get", path: "/alerts/:id", access: "viewer", tag: "alerts", summary: "Get one alert", params: IdParams }, async ({ params, principal }) => load(principal, params.id));

  registry.define(api, "/api/v1", { method: "patch", path: "/alerts/:id", access: "analyst", tag: "alerts", summary: "Change status/assignee or add a note (audited)", params: IdParams, body: AlertPatchSchema }, async ({ params, body, principal, req }) => {
    const before = await load(principal, params.id);
    const patch: Doc = {};
    if (body.status !== undefined) patch.status = body.status;
    if (body.assignee !== undefined) patch.assignee = body.assignee;
    if (body.note !== undefined) {
      const notes = Array.isArray(before.notes) ? before.notes : [];
      patch.notes = [...notes, { by: principal.id, at: new Date().toISOString(), text: body.note }].slice(-500);
    }
    const after = await store.update("alerts", params.id, patch);
    if (!after) throw notFound("alert");
    await store.refresh("alerts");
    const tenant = String((before.entity as { tenant?: unknown }).tenant ?? "");
    const pick = (d: Doc): Doc => ({ status: d.status, assignee: d.assignee ?? null, notes: Array.isArray(d.notes) ? d.notes.length : 0 });
    await ctx.audit(principal, req, "alert.update", `alert:${params.id}`, tenant, pick(before), { ...pick(after), ...(body.note ? { note: body.note } : {}) });
    try {
      await ctx.bus.publish(ctx.config.topics.alerts, [{ key: String(after.dedup_key ?? params.id), value: JSON.stringify(after), headers: { "geiger-source": "api" } }]);
    } catch (err) {
      // The change is stored and audited; only its fan-out (stream, pager resolve) is late or lost.
      logEvent("warn", "api_alert_publish_failed", { alert_id: params.id, error: (err as Error).message.slice(0, 300) });
    }
    return after;
  });
}
