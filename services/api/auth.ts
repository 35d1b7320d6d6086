// Who is calling: API tokens (only their SHA-256 stored, in the store `config` collection), the bootstrap admin
// token, optional OIDC/JWT, browser sessions (cookie + CSRF value) and one-time tickets. Roles and tenants.
import { createHash, createPublicKey, randomBytes, timingSafeEqual } from "node:crypto";
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import type { Store } from "../../shared/store/port.js";
import type { ApiConfig } from "./config.js";

export const ROLES = ["viewer", "analyst", "admin", "collector"] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;
/** What a route needs: a rank on viewer < analyst < admin, `ingest` (collector or admin), any valid credential, or nothing. */
export type Access = "public" | "any" | "viewer" | "analyst" | "admin" | "ingest";

const RANK: Record<Role, number> = { collector: 0, viewer: 1, analyst: 2, admin: 3 };

export function allows(role: Role, access: Access): boolean {
  if (access === "public" || access === "any") return true;
  if (access === "ingest") return role === "collector" || role === "admin";
  return RANK[role] >= RANK[access];
}

export interface Principal {
  /** Token id, `oidc:<sub>`, or `bootstrap`; recorded as the audit actor. */
  id: string;
  role: Role;
  /** `*` = every tenant (admins only). */
  tenant: string;
  via: "token" | "oidc" | "session" | "ticket";
  /** Set for cookie sessions: mutating requests must echo it in X-Geiger-CSRF. */
  csrf?: string;
  sessionId?: string;
}

export const TENANT_RE = /^(\*|[A-Za-z0-9][A-Za-z0-9._:-]{0,127})$/;
export const TenantSchema = z.string().regex(TENANT_RE, "tenant: letters, digits, . _ : - (max 128), or *");

export const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");
const randomToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex"), y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export const TokenRecordSchema = z.looseObject({
  token_id: z.string(),
  hash: z.string(),
  role: RoleSchema,
  tenant: z.string(),
  name: z.string().optional(),
  created_at: z.string(),
  created_by: z.string(),
  revoked_at: z.string().optional(),
});
export type TokenRecord = z.infer<typeof TokenRecordSchema>;

const TOKEN_RE = /^geiger_([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/;
const CACHE_MS = 5_000;

/** API tokens: `geiger_<id>.<secret>`; the id locates the record, the SHA-256 of the whole token proves it. */
export class TokenService {
  private readonly cache = new Map<string, { rec: TokenRecord | null; at: number }>();
  private readonly bootstrapHash: string;

  constructor(private readonly store: Store, bootstrapToken: string) {
    this.bootstrapHash = sha256(bootstrapToken);
  }

  private async record(id: string): Promise<TokenRecord | null> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.rec;
    const doc = await this.store.get("config", `token:${id}`);
    const parsed = doc ? TokenRecordSchema.safeParse(doc.value) : null;
    const rec = parsed?.success ? parsed.data : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(id, { rec, at: Date.now() });
    return rec;
  }

  async verify(token: string): Promise<Principal | null> {
    if (token.length > 4096) return null;
    const hash = sha256(token);
    if (sameHash(hash, this.bootstrapHash)) return { id: "bootstrap", role: "admin", tenant: "*", via: "token" };
    const m = TOKEN_RE.exec(token);
    if (!m) return null;
    const rec = await this.record(m[1]!);
    if (!rec || rec.revoked_at || !sameHash(hash, rec.hash)) return null;
    return { id: rec.token_id, role: rec.role, tenant: rec.tenant, via: "token" };
  }

  async isActive(id: string): Promise<boolean> {
    if (id === "bootstrap") return true;
    const rec = await this.record(id);
    return !!rec && !rec.revoked_at;
  }

  async create(o: { role: Role; tenant: string; name?: string; createdBy: string }): Promise<{ token: string; record: TokenRecord }> {
    const id = randomBytes(8).toString("hex");
    const token = `geiger_${id}.${randomToken(32)}`;
    const now = new Date().toISOString();
    const record: TokenRecord = { token_id: id, hash: sha256(token), role: o.role, tenant: o.tenant, ...(o.name ? { name: o.name } : {}), created_at: now, created_by: o.createdBy };
    await this.store.bulkWrite("config", [{ id: `token:${id}`, doc: { id: `token:${id}`, kind: "api_token", tenant: o.tenant, updated_at: now, value: record } }]);
    await this.store.refresh("config");
    this.cache.delete(id);
    return { token, record };
  }

  async get(id: string): Promise<TokenRecord | null> {
    if (!/^[0-9a-f]{16}$/.test(id)) return null;
    this.cache.delete(id);
    return this.record(id);
  }

  async list(tenant: string): Promise<TokenRecord[]> {
    const filters = [{ field: "kind", op: "eq" as const, value: "api_token" }, ...(tenant === "*" ? [] : [{ field: "tenant", op: "eq" as const, value: tenant }])];
    const out: TokenRecord[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res = await this.store.search("config", { filters, limit: 1000, cursor, order: "asc" });
      for (const d of res.items) { const r = TokenRecordSchema.safeParse(d.value); if (r.success) out.push(r.data); }
      cursor = res.next_cursor;
      if (!cursor) break;
    }
    return out;
  }

  async revoke(id: string): Promise<TokenRecord | null> {
    const rec = await this.get(id);
    if (!rec) return null;
    const now = new Date().toISOString();
    const updated: TokenRecord = { ...rec, revoked_at: rec.revoked_at ?? now };
    await this.store.bulkWrite("config", [{ id: `token:${id}`, doc: { id: `token:${id}`, kind: "api_token", tenant: rec.tenant, updated_at: now, value: updated } }]);
    await this.store.refresh("config");
    this.cache.set(id, { rec: updated, at: Date.now() });
    return updated;
  }
}

/** Short-lived, in-memory secrets: browser sessions, one-time login and stream tickets. */
class ExpiringMap<V> {
  private readonly m = new Map<string, { v: V; exp: number }>();
  constructor(private readonly max: number) {}
  set(k: string, v: V, ttlMs: number): void {
    if (this.m.size >= this.max) {
      const now = Date.now();
      for (const [key, e] of this.m) if (e.exp <= now) this.m.delete(key);
      if (this.m.size >= this.max) this.m.delete(this.m.keys().next().value!);
    }
    this.m.set(k, { v, exp: Date.now() + ttlMs });
  }
  get(k: string): V | null {
    const e = this.m.get(k);
    if (!e) return null;
    if (e.exp <= Date.now()) { this.m.delete(k); return null; }
    return e.v;
  }
  take(k: string): V | null {
    const v = this.get(k);
    this.m.delete(k);
    return v;
  }
  delete(k: string): void { this.m.delete(k); }
}

export interface Session { principal: Principal; csrf: string; expiresAt: number }

export class SessionService {
  private readonly sessions = new ExpiringMap<Session>(10_000);
  private readonly loginTickets = new ExpiringMap<Principal>(1_000);
  private readonly streamTickets = new ExpiringMap<Principal>(10_000);

  constructor(private readonly cfg: ApiConfig) {}

  createSession(p: Principal): { id: string; session: Session } {
    const id = randomToken(32);
    const base: Principal = { id: p.id, role: p.role, tenant: p.tenant, via: p.via };
    const session: Session = { principal: base, csrf: randomToken(24), expiresAt: Date.now() + this.cfg.session_ttl_s * 1000 };
    this.sessions.set(id, session, this.cfg.session_ttl_s * 1000);
    return { id, session };
  }
  getSession(id: string): Session | null { return id.length > 100 ? null : this.sessions.get(id); }
  endSession(id: string): void { this.sessions.delete(id); }

  createLoginTicket(p: Principal): string {
    const t = randomToken(24);
    this.loginTickets.set(t, p, this.cfg.login_ticket_ttl_s * 1000);
    return t;
  }
  redeemLoginTicket(t: string): Principal | null { return t.length > 100 ? null : this.loginTickets.take(t); }

  createStreamTicket(p: Principal): { ticket: string; expiresAt: string } {
    const t = randomToken(24);
    this.streamTickets.set(t, { id: p.id, role: p.role, tenant: p.tenant, via: "ticket" }, this.cfg.stream.ticket_ttl_s * 1000);
    return { ticket: t, expiresAt: new Date(Date.now() + this.cfg.stream.ticket_ttl_s * 1000).toISOString() };
  }
  redeemStreamTicket(t: string): Principal | null { return t.length > 100 ? null : this.streamTickets.take(t); }
}

const JWT_RE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
export const looksLikeJwt = (t: string): boolean => t.length < 16_384 && JWT_RE.test(t);

/** Verifies SSO bearer JWTs (signature, issuer, audience, expiry) and maps claims to a role and tenant. */
export class OidcVerifier {
  private readonly key: JWTVerifyGetKey | ReturnType<typeof createPublicKey>;
  constructor(private readonly cfg: NonNullable<ApiConfig["oidc"]>) {
    this.key = cfg.jwks_url ? createRemoteJWKSet(new URL(cfg.jwks_url)) : createPublicKey(cfg.public_key_pem!);
  }

  async verify(token: string): Promise<Principal | null> {
    try {
      const opts = { issuer: this.cfg.issuer, audience: this.cfg.audience, algorithms: this.cfg.algorithms, clockTolerance: this.cfg.clock_tolerance_s };
      const { payload } = typeof this.key === "function" ? await jwtVerify(token, this.key, opts) : await jwtVerify(token, this.key, opts);
      const rawRole = payload[this.cfg.role_claim];
      const roles = (Array.isArray(rawRole) ? rawRole : [rawRole]).filter((r): r is Role => typeof r === "string" && (ROLES as readonly string[]).includes(r));
      const role = roles.sort((a, b) => RANK[b] - RANK[a])[0];
      const rawTenant = payload[this.cfg.tenant_claim] ?? this.cfg.default_tenant;
      if (!role || typeof rawTenant !== "string" || !TENANT_RE.test(rawTenant)) return null;
      if (rawTenant === "*" && role !== "admin") return null;
      if (typeof payload.sub !== "string" || !payload.sub) return null;
      return { id: `oidc:${payload.sub.slice(0, 200)}`, role, tenant: rawTenant, via: "oidc" };
    } catch {
      return null;
    }
  }
}
