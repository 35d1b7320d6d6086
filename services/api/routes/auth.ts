// Browser authentication: exchange a token or one-time ticket for an HttpOnly SameSite=Strict session cookie
// plus a CSRF value, `GET /login?ticket=` for links printed by the CLI, who-am-I, logout, stream tickets.
import type { Request, Response } from "express";
import { z } from "zod";
import { looksLikeJwt, type Principal } from "../auth.js";
import type { ApiContext } from "../context.js";
import { ApiError } from "../errors.js";
import { resolvePrincipal, SESSION_COOKIE, readCookie } from "../route.js";

const SessionBodySchema = z.strictObject({
  token: z.string().min(1).max(16_384).optional(),
  ticket: z.string().min(1).max(100).optional(),
}).refine((b) => !(b.token && b.ticket), "send either token or ticket, not both");

export function register(ctx: ApiContext): void {
  const { registry, api, root, sessions, tokens, oidc } = ctx;
  const secure = ctx.config.api.tls !== undefined;

  const setCookie = (res: Response, id: string): void => {
    res.setHeader("Set-Cookie", `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${ctx.config.api.session_ttl_s}${secure ? "; Secure" : ""}`);
  };

  const open = async (p: Principal, req: Request, res: Response): Promise<{ role: string; tenant: string; actor: string; csrf: string; expires_at: string }> => {
    const { id, session } = sessions.createSession(p);
    setCookie(res, id);
    await ctx.audit(p, req, "auth.session", `principal:${p.id}`, p.tenant === "*" ? "*" : p.tenant);
    return { role: p.role, tenant: p.tenant, actor: p.id, csrf: session.csrf, expires_at: new Date(session.expiresAt).toISOString() };
  };

  const unauthenticated = (req: Request): never => {
    registry.recordFailure(req);
    throw new ApiError(401, "unauthenticated", "invalid, expired or already used credentials");
  };

  registry.define(api, "/api/v1", { method: "post", path: "/auth/session", access: "public", tag: "auth", summary: "Exchange a token or login ticket for a session cookie (returns the CSRF value)", body: SessionBodySchema }, async ({ body, req, res }) => {
    registry.guardIp(req);
    let p: Principal | null = null;
    if (body.ticket) p = sessions.redeemLoginTicket(body.ticket);
    else if (body.token) p = oidc && looksLikeJwt(body.token) ? await oidc.verify(body.token) : await tokens.verify(body.token);
    else if (req.headers.authorization) p = (await resolvePrincipal({ tokens, sessions, oidc, config: ctx.config.api }, { authorization: req.headers.authorization })).principal;
    else throw new ApiError(400, "bad_request", "send { token } or { ticket } (or an Authorization header)");
    if (!p) return unauthenticated(req);
    return open(p, req, res);
  });

  registry.define(root, "", { method: "get", path: "/login", access: "public", tag: "auth", summary: "Redeem a one-time login ticket: sets the session cookie and redirects to /", query: z.strictObject({ ticket: z.string().min(1).max(100) }) }, async ({ query, req, res }) => {
    registry.guardIp(req);
    const p = sessions.redeemLoginTicket(query.ticket);
    if (!p) return unauthenticated(req);
    await open(p, req, res);
    res.redirect(303, "/");
    return undefined;
  });

  registry.define(api, "/api/v1", { method: "get", path: "/auth/me", access: "any", tag: "auth", summary: "Who am I: role, tenant, and the CSRF value for cookie sessions" }, ({ principal }) => ({
    role: principal.role, tenant: principal.tenant, actor: principal.id, auth: principal.via, ...(principal.csrf ? { csrf: principal.csrf } : {}),
  }));

  registry.define(api, "/api/v1", { method: "post", path: "/auth/logout", access: "any", tag: "auth", summary: "End the browser session" }, ({ req, res }) => {
    const sid = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (sid) sessions.endSession(sid);
    res.setHeader("Set-Cookie", `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? "; Secure" : ""}`);
    return { logged_out: true };
  });

  registry.define(api, "/api/v1", { method: "post", path: "/stream/ticket", access: "viewer", tag: "stream", summary: "A one-use, short-lived ticket for the WebSocket stream (?ticket=)", status: 201 }, ({ principal }) => {
    const t = sessions.createStreamTicket(principal);
    return { ticket: t.ticket, expires_at: t.expiresAt };
  });
}
