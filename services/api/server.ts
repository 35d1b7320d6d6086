// The alert API: express 5 app with one router module per resource under /api/v1, the dashboard's static
// files at /, security headers, auth/RBAC/tenancy, audit, rate limits, and the WebSocket live stream.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import type { Bus } from "../../shared/bus/port.js";
import { logEvent } from "../../shared/observability/log.js";
import type { Store } from "../../shared/store/port.js";
import type { GeigerConfig } from "../cli/config.js";
import { OidcVerifier, SessionService, TokenService, type Principal } from "./auth.js";
import { writeAudit, type ApiContext, type ApiHooks } from "./context.js";
import { errorHandler, sendError } from "./errors.js";
import { buildOpenApi } from "./openapi.js";
import { RouteRegistry } from "./route.js";
import { AlertStream } from "./stream.js";
import * as alerts from "./routes/alerts.js";
import * as audit from "./routes/audit.js";
import * as auth from "./routes/auth.js";
import * as events from "./routes/events.js";
import * as health from "./routes/health.js";
import * as ingest from "./routes/ingest.js";
import * as rules from "./routes/rules.js";
import * as sessions from "./routes/sessions.js";
import * as stats from "./routes/stats.js";
import * as suppressions from "./routes/suppressions.js";
import * as tokens from "./routes/tokens.js";

/** One line per resource module; each registers its routes (and so its OpenAPI paths). */
const ROUTE_MODULES = [health, auth, alerts, events, sessions, stats, rules, suppressions, ingest, audit, tokens] as const;

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export interface CreateApiOptions extends ApiHooks {
  store: Store;
  bus: Bus;
  config: GeigerConfig;
  staticDir?: string;
  /** Bootstrap admin token; default `GEIGER_ADMIN_TOKEN`, else a generated one (returned as `adminToken`). */
  adminToken?: string;
}

export interface Api {
  app: Express;
  listen(host: string, port: number): Promise<Server>;
  close(): Promise<void>;
  adminToken: string;
  createLoginTicket(): string;
}

function defaultStaticDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Source (services/api) and compiled (dist/services/api) layouts.
  const candidates = [resolve(here, "../../dashboards/web"), resolve(here, "../../../dashboards/web")];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

function securityHeaders(tls: boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader("Content-Security-Policy", CSP);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    if (tls) res.setHeader("Strict-Transport-Security", "max-age=31536000");
    if (req.path.startsWith("/api/")) res.setHeader("Cache-Control", "no-store");
    next();
  };
}

export async function createApi(o: CreateApiOptions): Promise<Api> {
  const { store, bus, config } = o;
  const cfg = config.api;
  const adminToken = o.adminToken ?? process.env.GEIGER_ADMIN_TOKEN ?? `geiger_${randomBytes(8).toString("hex")}.${randomBytes(32).toString("base64url")}`;
  const tokenService = new TokenService(store, adminToken);
  const sessionService = new SessionService(cfg);
  const oidc = cfg.oidc ? new OidcVerifier(cfg.oidc) : null;
  const authDeps = { tokens: tokenService, sessions: sessionService, oidc, config: cfg };
  const registry = new RouteRegistry(authDeps);

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", cfg.trust_proxy);
  app.set("query parser", "simple"); // strings and string arrays only: no nested objects from `a[b]=c`
  app.use(securityHeaders(cfg.tls !== undefined));

  // Ingest authenticates before reading its (large, raw) body; the handler reuses the principal.
  app.use("/api/v1/ingest", (req, res, next) => {
    if (req.method !== "POST") return next();
    registry.authenticate(req, "ingest").then((p) => { res.locals.principal = p; next(); }, next);
  }, express.raw({ type: () => true, limit: cfg.ingest_max_bytes }));
  app.use("/api/v1", express.json({ limit: cfg.max_body_bytes, strict: true, type: ["application/json", "application/*+json"] }));

  const api = express.Router();
  const root = express.Router();
  const ctx: ApiContext = {
    store, bus, config, registry, tokens: tokenService, sessions: sessionService, oidc, api, root,
    hooks: { ...(o.rules ? { rules: o.rules } : {}), ...(o.suppressions ? { suppressions: o.suppressions } : {}) },
    audit: (p: Principal, req: Request, action: string, target: string, tenant: string, before?: unknown, after?: unknown) =>
      writeAudit(store, { actor: p.id, role: p.role, tenant, action, target, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}), ...(req.ip ? { ip: req.ip } : {}) }),
  };
  for (const m of ROUTE_MODULES) m.register(ctx);
  let openapi: unknown = null;
  registry.define(api, "/api/v1", { method: "get", path: "/openapi.json", access: "viewer", tag: "meta", summary: "This OpenAPI 3.1 document" }, () => (openapi ??= buildOpenApi(registry.routes)));

  app.use(root);
  app.use("/api/v1", api);
  app.use("/api", (req, res) => sendError(res, 404, "not_found", `no route ${req.method} ${req.baseUrl}${req.path}`));
  app.use(express.static(o.staticDir ?? cfg.static_dir ?? defaultStaticDir(), { index: "index.html", dotfiles: "ignore", redirect: false }));
  app.use((req, res) => sendError(res, 404, "not_found", "not found"));
  app.use(errorHandler);

  const stream = new AlertStream({ bus, store, config, auth: authDeps, redeemTicket: (t) => sessionService.redeemStreamTicket(t) });
  await stream.start();

  const servers = new Set<Server>();
  return {
    app,
    adminToken,
    createLoginTicket: () => sessionService.createLoginTicket({ id: "bootstrap", role: "admin", tenant: "*", via: "ticket" }),
    async listen(host: string, port: number): Promise<Server> {
      const tls = cfg.tls;
      const server: Server = tls
        ? createHttpsServer({
          cert: readFileSync(tls.cert_file), key: readFileSync(tls.key_file),
          ...(tls.ca_file ? { ca: readFileSync(tls.ca_file) } : {}),
          requestCert: tls.client_auth !== "none", rejectUnauthorized: tls.client_auth === "require",
        }, app)
        : createHttpServer(app);
      server.headersTimeout = 30_000;
      server.requestTimeout = 120_000;
      server.on("upgrade", (req, socket, head) => stream.handleUpgrade(req, socket, head));
      await new Promise<void>((res, rej) => { server.once("error", rej); server.listen(port, host, () => { server.off("error", rej); res(); }); });
      servers.add(server);
      const addr = server.address();
      logEvent("info", "api_listening", { host, port: typeof addr === "object" && addr ? addr.port : port, tls: !!tls });
      return server;
    },
    async close(): Promise<void> {
      await stream.close();
      await Promise.all([...servers].map((s) => new Promise<void>((res) => { s.close(() => res()); s.closeAllConnections(); })));
      servers.clear();
    },
  };
}
