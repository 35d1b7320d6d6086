// Detection rules: list (from the in-process engine when there is one, else the catalogue the detector
// stored) with their enabled state, and enable/disable — persisted as `rule_override` docs in `config`.
import { z } from "zod";
import type { Doc, Store } from "../../../shared/store/port.js";
import { RuleInfoSchema, type ApiContext, type RuleInfo } from "../context.js";
import { forbidden, notFound } from "../errors.js";

const RuleIdSchema = z.string().min(1).max(256).regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, "rule ids are letters, digits and . _ : / -");

export const RuleOverrideSchema = z.looseObject({ rule_id: z.string(), enabled: z.boolean(), updated_by: z.string().optional() });

async function configDocs(store: Store, kind: string): Promise<Doc[]> {
  const out: Doc[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const res = await store.search("config", { filters: [{ field: "kind", op: "eq", value: kind }], limit: 1000, cursor, order: "asc" });
    out.push(...res.items);
    cursor = res.next_cursor;
    if (!cursor) break;
  }
  return out;
}

export { configDocs };

async function listRules(ctx: ApiContext): Promise<(RuleInfo & { updated_at?: string; updated_by?: string })[]> {
  const overrides = new Map<string, { enabled: boolean; updated_at?: string; updated_by?: string }>();
  for (const d of await configDocs(ctx.store, "rule_override")) {
    const r = RuleOverrideSchema.safeParse(d.value);
    if (r.success) overrides.set(r.data.rule_id, { enabled: r.data.enabled, updated_at: String(d.updated_at ?? ""), ...(r.data.updated_by ? { updated_by: r.data.updated_by } : {}) });
  }
  let catalogue: RuleInfo[];
  if (ctx.hooks.rules) catalogue = ctx.hooks.rules.list();
  else catalogue = (await configDocs(ctx.store, "rule_info")).map((d) => RuleInfoSchema.safeParse(d.value)).filter((r) => r.success).map((r) => r.data);
  const byId = new Map(catalogue.map((r) => [r.id, { ...r }]));
  for (const [id, o] of overrides) {
    const r = byId.get(id) ?? { id, name: id, enabled: o.enabled };
    byId.set(id, { ...r, enabled: o.enabled, ...(o.updated_at ? { updated_at: o.updated_at } : {}), ...(o.updated_by ? { updated_by: o.updated_by } : {}) });
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function register(ctx: ApiContext): void {
  const { registry, api, store } = ctx;

  registry.define(api, "/api/v1", { method: "get", path: "/rules", access: "viewer", tag: "rules", summary: "List detection rules and whether each is enabled" }, async () => ({ items: await listRules(ctx) }));

  registry.define(api, "/api/v1", { method: "put", path: "/rules/:id", access: "admin", tag: "rules", summary: "Enable or disable a rule (global, audited)", params: z.strictObject({ id: RuleIdSchema }), body: z.strictObject({ enabled: z.boolean() }) }, async ({ params, body, principal, req }) => {
    if (principal.tenant !== "*") throw forbidden("rules are shared by every tenant: changing one needs an admin token for tenant '*'");
    const rules = await listRules(ctx);
    const before = rules.find((r) => r.id === params.id);
    if (!before && (ctx.hooks.rules || rules.length > 0)) throw notFound("rule");
    const now = new Date().toISOString();
    const id = `rule:${params.id}`;
    await store.bulkWrite("config", [{ id, doc: { id, kind: "rule_override", tenant: "*", updated_at: now, value: { rule_id: params.id, enabled: body.enabled, updated_by: principal.id } } }]);
    await store.refresh("config");
    ctx.hooks.rules?.setEnabled(params.id, body.enabled);
    await ctx.audit(principal, req, "rule.update", id, "*", before ? { enabled: before.enabled } : null, { enabled: body.enabled });
    return { ...(before ?? { id: params.id, name: params.id }), enabled: body.enabled, updated_at: now, updated_by: principal.id };
  });
}
