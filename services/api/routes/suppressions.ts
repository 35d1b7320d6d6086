// Suppressions: create (optionally expiring), list, delete. Each is stored as a `suppression` doc in `config`
// whose `value` is exactly the detector's suppression record, so the detector applies it; deleting sets its
// `expires` to now (inactive under the detector's own rules) and marks the doc `deleted_at`.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Doc } from "../../../shared/store/port.js";
import { SuppressionSchema as DetectorSuppressionSchema } from "../../detector/config.js";
import type { ApiContext, DetectorSuppression, Suppression } from "../context.js";
import { badRequest, forbidden, notFound } from "../errors.js";
import { tenantParam, term, timeParam } from "../query.js";
import { configDocs } from "./rules.js";

const glob = term(1024);

export const SuppressionCreateSchema = z.strictObject({
  /** Rule id; `*` globs allowed (as in the detector's config). */
  rule: glob.optional(),
  server: glob.optional(),
  tool: glob.optional(),
  principal: glob.optional(),
  reason: z.string().min(1).max(2000),
  expires: timeParam.optional(),
  /** `*` admins only: the tenant it applies to (default: every tenant). */
  tenant: tenantParam,
}).refine((b) => b.rule || b.server || b.tool || b.principal, "give at least one of rule, server, tool, principal");

const active = (s: Suppression, now: number): boolean => !s.deleted_at && (!s.expires || Date.parse(s.expires) > now);

function view(d: Doc): Suppression | null {
  const r = DetectorSuppressionSchema.safeParse(d.value);
  if (!r.success) return null;
  return { ...r.data, created_at: String(d.created_at ?? d.updated_at ?? ""), ...(typeof d.deleted_at === "string" ? { deleted_at: d.deleted_at } : {}) };
}

/** A suppression without `tenant` applies to every tenant. */
const tenantOf = (s: DetectorSuppression): string => s.tenant ?? "*";

export function register(ctx: ApiContext): void {
  const { registry, api, store } = ctx;

  const visible = async (tenant: string): Promise<Suppression[]> =>
    (await configDocs(store, "suppression")).map(view).filter((s): s is Suppression => !!s)
      .filter((s) => tenant === "*" || tenantOf(s) === tenant || tenantOf(s) === "*");

  const write = async (s: DetectorSuppression, createdAt: string, deletedAt?: string): Promise<void> => {
    const id = `suppression:${s.id}`;
    await store.bulkWrite("config", [{ id, doc: { id, kind: "suppression", tenant: tenantOf(s), updated_at: new Date().toISOString(), created_at: createdAt, ...(deletedAt ? { deleted_at: deletedAt } : {}), value: s } }]);
    await store.refresh("config");
  };

  registry.define(api, "/api/v1", { method: "get", path: "/suppressions", access: "viewer", tag: "suppressions", summary: "List suppressions", query: z.strictObject({ include_expired: z.enum(["true", "false"]).optional() }) }, async ({ query, principal }) => {
    const now = Date.now();
    const all = await visible(principal.tenant);
    return { items: (query.include_expired === "true" ? all : all.filter((s) => active(s, now))).sort((a, b) => b.created_at.localeCompare(a.created_at)) };
  });

  registry.define(api, "/api/v1", { method: "post", path: "/suppressions", access: "analyst", tag: "suppressions", summary: "Create a suppression (audited)", body: SuppressionCreateSchema, status: 201 }, async ({ body, principal, req }) => {
    if (body.expires && Date.parse(body.expires) <= Date.now()) throw badRequest("expires must be in the future");
    if (principal.tenant !== "*" && body.tenant && body.tenant !== principal.tenant) throw forbidden(`your token is bound to tenant '${principal.tenant}'`);
    const tenant = principal.tenant === "*" ? body.tenant ?? "*" : principal.tenant;
    const s: DetectorSuppression = {
      id: randomUUID(), reason: body.reason, created_by: principal.id.slice(0, 200),
      ...(tenant !== "*" ? { tenant } : {}),
      ...(body.rule ? { rule: body.rule } : {}), ...(body.server ? { server: body.server } : {}),
      ...(body.tool ? { tool: body.tool } : {}), ...(body.principal ? { principal: body.principal } : {}),
      ...(body.expires ? { expires: new Date(body.expires).toISOString() } : {}),
    };
    const now = new Date().toISOString();
    await write(s, now);
    ctx.hooks.suppressions?.upsert(s);
    await ctx.audit(principal, req, "suppression.create", `suppression:${s.id}`, tenant, null, s);
    return { ...s, created_at: now };
  });

  registry.define(api, "/api/v1", { method: "delete", path: "/suppressions/:id", access: "analyst", tag: "suppressions", summary: "Delete a suppression (audited)", params: z.strictObject({ id: z.uuid() }) }, async ({ params, principal, req }) => {
    const doc = await store.get("config", `suppression:${params.id}`);
    const s = doc ? view(doc) : null;
    if (!s || s.deleted_at || !(principal.tenant === "*" || tenantOf(s) === principal.tenant || tenantOf(s) === "*")) throw notFound("suppression");
    if (principal.tenant !== "*" && tenantOf(s) !== principal.tenant) throw forbidden("a suppression for every tenant can only be deleted by a '*' admin");
    const now = new Date().toISOString();
    const { created_at, deleted_at: _d, ...record } = s;
    const after: DetectorSuppression = { ...record, expires: now };
    await write(after, created_at, now);
    ctx.hooks.suppressions?.remove(params.id);
    await ctx.audit(principal, req, "suppression.delete", `suppression:${params.id}`, tenantOf(s), record, after);
    return { deleted: true };
  });
}
