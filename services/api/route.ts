// One declaration per route: method, path, minimum role, zod schemas for params/query/body, summary. The same
// declaration registers the express handler (auth → validation → handler) and feeds the OpenAPI document.
import type { NextFunction, Request, RequestHandler, Response, Router } from "express";
import { timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { allows, looksLikeJwt, type Access, type OidcVerifier, type Principal, type SessionService, type TokenService } from "./auth.js";
import type { ApiConfig } from "./config.js";
import { ApiError, parseInput } from "./errors.js";
import { TokenBuckets } from "./rate-limit.js";

export type Method = "get" | "post" | "put" | "patch" | "delete";

export interface RouteSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: Method;
  /** Express path relative to the mount point, e.g. `/alerts/:id`. */
  path: string;
  access: Access;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Documented success status (default 200). */
  status?: number;
  /** Request body media types other than JSON (ingest). */
  rawBody?: string[];
}

export interface Input<P, Q, B> { params: P; query: Q; body: B; principal: Principal; req: Request; res: Response }

export interface DocumentedRoute { spec: RouteSpec; fullPath: string }

export const SESSION_COOKIE = "geiger_session";
export const CSRF_HEADER = "x-geiger-csrf";

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header || header.length > 8192) return null;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface AuthDeps { tokens: TokenService; sessions: SessionService; oidc: OidcVerifier | null; config: ApiConfig }

/** Resolves the caller from a bearer header or a session cookie; null = no or bad credentials. */
export async function resolvePrincipal(deps: AuthDeps, headers: { authorization?: string | undefined; cookie?: string | undefined }): Promise<{ principal: Principal | null; presented: boolean }> {
  const auth = headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!m) return { principal: null, presented: true };
    const tok = m[1]!;
    if (deps.oidc && looksLikeJwt(tok)) return { principal: await deps.oidc.verify(tok), presented: true };
    return { principal: await deps.tokens.verify(tok), presented: true };
  }
  const sid = readCookie(headers.cookie, SESSION_COOKIE);
  if (sid) {
    const s = deps.sessions.getSession(sid);
    if (!s) return { principal: null, presented: true };
    // A session minted from a token dies with it.
    if (s.principal.via === "token" && !(await deps.tokens.isActive(s.principal.id))) { deps.sessions.endSession(sid); return { principal: null, presented: true }; }
    return { principal: { ...s.principal, via: "session", csrf: s.csrf, sessionId: sid }, presented: true };
  }
  return { principal: null, presented: false };
}

export class RouteRegistry {
  readonly routes: DocumentedRoute[] = [];
  private readonly perToken: TokenBuckets;
  private readonly perIp: TokenBuckets;

  constructor(private readonly deps: AuthDeps) {
    const rl = deps.config.rate_limit;
    this.perToken = new TokenBuckets(rl.per_token.capacity, rl.per_token.refill_per_sec);
    this.perIp = new TokenBuckets(rl.per_ip.capacity, rl.per_ip.refill_per_sec);
  }

  private limited(buckets: TokenBuckets, key: string): void {
    if (!this.deps.config.rate_limit.enabled) return;
    const wait = buckets.take(key);
    if (wait > 0) throw new ApiError(429, "rate_limited", `too many requests; retry in ${wait}s`, undefined, { "Retry-After": String(wait) });
  }

  /** Refuses (429) a client IP whose failure budget is spent, before any credential work is done. */
  guardIp(req: Request): void {
    const key = `ip:${req.ip ?? "unknown"}`;
    if (this.deps.config.rate_limit.enabled && this.perIp.exhausted(key)) this.limited(this.perIp, key);
  }

  /** Spends one unit of the client IP's budget for a failed authentication (429 once exhausted). */
  recordFailure(req: Request): void {
    this.limited(this.perIp, `ip:${req.ip ?? "unknown"}`);
  }

  /** Authenticates and authorises a request for `access`; throws 401/403/429. */
  async authenticate(req: Request, access: Access): Promise<Principal> {
    this.guardIp(req);
    const { principal, presented } = await resolvePrincipal(this.deps, req.headers);
    if (!principal) {
      this.recordFailure(req);
      throw new ApiError(401, "unauthenticated", presented ? "invalid, expired or revoked credentials" : "missing credentials: send Authorization: Bearer <token>", undefined, { "WWW-Authenticate": 'Bearer realm="geiger"' });
    }
    this.limited(this.perToken, `p:${principal.id}`);
    if (principal.via === "session" && req.method !== "GET" && req.method !== "HEAD") {
      const sent = req.get(CSRF_HEADER);
      if (!sent || !principal.csrf || !sameString(sent, principal.csrf)) throw new ApiError(403, "csrf", `cookie-authenticated ${req.method} requests must send the X-Geiger-CSRF header from /api/v1/auth/session`);
    }
    if (!allows(principal.role, access)) throw new ApiError(403, "forbidden", `this route needs the ${access === "ingest" ? "collector" : access} role; your token has ${principal.role}`);
    return principal;
  }

  /** Registers a route on `router` (mounted at `mount`) and records it for the OpenAPI document. */
  define<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
    router: Router, mount: string, spec: RouteSpec<P, Q, B>,
    handler: (i: Input<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown> | unknown,
  ): void {
    this.routes.push({ spec: spec as unknown as RouteSpec, fullPath: mount + spec.path });
    const h: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
      try {
        const early = res.locals.principal as Principal | undefined; // authenticated before a large body was read (ingest)
        const principal = spec.access === "public" ? ({ id: "anonymous", role: "viewer", tenant: "", via: "token" } as Principal) : early ?? await this.authenticate(req, spec.access);
        const params = spec.params ? parseInput(spec.params, req.params, "path parameters") : {};
        const query = spec.query ? parseInput(spec.query, req.query ?? {}, "query") : {};
        if (!spec.query && req.query && Object.keys(req.query).length) throw new ApiError(400, "bad_request", `this route takes no query parameters (got ${Object.keys(req.query).slice(0, 5).join(", ")})`);
        let body: unknown = undefined;
        if (spec.body && !spec.rawBody) {
          if (req.body === undefined) {
            const hasBody = Number(req.get("content-length") ?? 0) > 0 || req.get("transfer-encoding") !== undefined;
            if (hasBody) throw new ApiError(415, "unsupported_media_type", "request body must be application/json");
            throw new ApiError(400, "bad_request", "missing JSON body");
          }
          body = parseInput(spec.body, req.body, "body");
        }
        const out = await handler({ params, query, body, principal, req, res } as Input<z.infer<P>, z.infer<Q>, z.infer<B>>);
        if (!res.headersSent && out !== undefined) res.status(spec.status ?? 200).json(out);
      } catch (err) {
        next(err);
      }
    };
    router[spec.method](spec.path, h);
  }
}
