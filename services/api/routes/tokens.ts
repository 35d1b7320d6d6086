// API token management for admins: create (the secret is shown once), list, revoke. Audited.
import { z } from "zod";
import { RoleSchema, TenantSchema, type TokenRecord } from "../auth.js";
import type { ApiContext } from "../context.js";
import { badRequest, forbidden, notFound } from "../errors.js";

export const TokenCreateSchema = z.strictObject({
  role: RoleSchema,
  tenant: TenantSchema,
  name: z.string().min(1).max(200).regex(/^[^\u0000-\u001f\u007f]*$/, "control characters are not allowed").optional(),
});

const publicView = (r: TokenRecord): Omit<TokenRecord, "hash"> => {
  const { hash: _hash, ...rest } = r;
  return rest;
};

export function register(ctx: ApiContext): void {
  const { registry, api, tokens } = ctx;

  registry.define(api, "/api/v1", { method: "post", path: "/tokens", access: "admin", tag: "tokens", summary: "Create an API token (its secret is returned once)", body: TokenCreateSchema, status: 201 }, async ({ body, principal, req }) => {
    if (body.tenant === "*" && body.role !== "admin") throw badRequest("only admin tokens may span every tenant ('*')");
    if (principal.tenant !== "*" && body.tenant !== principal.tenant) throw forbidden(`your token is bound to tenant '${principal.tenant}'`);
    const { token, record } = await tokens.create({ role: body.role, tenant: body.tenant, ...(body.name ? { name: body.name } : {}), createdBy: principal.id });
    await ctx.audit(principal, req, "token.create", `token:${record.token_id}`, record.tenant, null, publicView(record));
    return { id: record.token_id, token, role: record.role, tenant: record.tenant, name: record.name ?? null, created_at: record.created_at };
  });

  registry.define(api, "/api/v1", { method: "get", path: "/tokens", access: "admin", tag: "tokens", summary: "List API tokens (never their secrets)" }, async ({ principal }) => ({
    items: (await tokens.list(principal.tenant)).map((r) => ({ id: r.token_id, ...publicView(r) })),
  }));

  registry.define(api, "/api/v1", { method: "delete", path: "/tokens/:id", access: "admin", tag: "tokens", summary: "Revoke an API token", params: z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, "token ids are 16 hex characters") }) }, async ({ params, principal, req }) => {
    const rec = await tokens.get(params.id);
    if (!rec || (principal.tenant !== "*" && rec.tenant !== principal.tenant)) throw notFound("token");
    const after = await tokens.revoke(params.id);
    await ctx.audit(principal, req, "token.delete", `token:${params.id}`, rec.tenant, publicView(rec), after ? publicView(after) : null);
    return { deleted: true };
  });
}
