// The append-only audit log, queryable by admins (within their tenant).
import { z } from "zod";
import type { ApiContext } from "../context.js";
import { cursorParam, eqIf, limitParam, orderParam, tenantFilters, tenantParam, term, timeParam, timeRange } from "../query.js";

export const AuditQuerySchema = z.strictObject({
  actor: term(256).optional(),
  action: term(128).optional(),
  target: term(1024).optional(),
  since: timeParam.optional(),
  until: timeParam.optional(),
  tenant: tenantParam,
  limit: limitParam(50),
  cursor: cursorParam,
  order: orderParam,
});

export function register(ctx: ApiContext): void {
  ctx.registry.define(ctx.api, "/api/v1", { method: "get", path: "/audit", access: "admin", tag: "audit", summary: "Query the audit log", query: AuditQuerySchema }, async ({ query, principal }) => {
    const filters = [
      ...tenantFilters(principal, "tenant", query.tenant),
      ...eqIf("actor", query.actor), ...eqIf("action", query.action), ...eqIf("target", query.target),
      ...timeRange("ts", query.since, query.until),
    ];
    return ctx.store.search("audit", { filters, limit: query.limit, cursor: query.cursor ?? null, order: query.order ?? "desc" });
  });
}
