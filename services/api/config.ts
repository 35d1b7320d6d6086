// Config section `api` of the geiger config file (validated at startup; see docs/configuration.md).
import { z } from "zod";

const TlsSchema = z.strictObject({
  cert_file: z.string().min(1),
  key_file: z.string().min(1),
  /** CA bundle used to verify client certificates (mTLS). */
  ca_file: z.string().min(1).optional(),
  /** "require" = mTLS: connections without a certificate signed by ca_file are refused. */
  client_auth: z.enum(["none", "request", "require"]).default("none"),
}).refine((t) => t.client_auth === "none" || t.ca_file !== undefined, { message: "client_auth needs ca_file", path: ["ca_file"] });

const OidcSchema = z.strictObject({
  issuer: z.string().min(1),
  audience: z.string().min(1),
  jwks_url: z.string().url().optional(),
  public_key_pem: z.string().min(1).optional(),
  algorithms: z.array(z.string().min(1)).min(1).default(["RS256", "ES256", "EdDSA"]),
  /** Claim carrying the Geiger role (a string or an array; the highest known role wins). */
  role_claim: z.string().min(1).default("geiger_role"),
  /** Claim carrying the tenant; when absent from a token, `default_tenant` applies (if set) else the token is refused. */
  tenant_claim: z.string().min(1).default("geiger_tenant"),
  default_tenant: z.string().min(1).optional(),
  clock_tolerance_s: z.number().int().min(0).max(300).default(30),
}).refine((o) => (o.jwks_url === undefined) !== (o.public_key_pem === undefined), { message: "set exactly one of jwks_url or public_key_pem" });

const BucketSchema = z.strictObject({
  /** Burst size. */
  capacity: z.number().int().min(1).max(1_000_000),
  /** Sustained requests per second. */
  refill_per_sec: z.number().positive().max(1_000_000),
});

export const ApiConfigSchema = z.strictObject({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.number().int().min(0).max(65535).default(7070),
  /** Directory of the dashboard's static files; default `<repo>/dashboards/web`. */
  static_dir: z.string().min(1).optional(),
  /** Largest JSON body for ordinary routes. */
  max_body_bytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
  /** Largest `POST /ingest` body and most events in one batch. */
  ingest_max_bytes: z.number().int().min(1024).max(256 * 1024 * 1024).default(10 * 1024 * 1024),
  ingest_max_events: z.number().int().min(1).max(100_000).default(10_000),
  rate_limit: z.strictObject({
    enabled: z.boolean().default(true),
    /** Per authenticated principal (token id, JWT subject). */
    per_token: BucketSchema.prefault({ capacity: 600, refill_per_sec: 100 }),
    /** Per client IP for requests that are not (yet) authenticated, failed logins included. */
    per_ip: BucketSchema.prefault({ capacity: 120, refill_per_sec: 10 }),
  }).prefault({}),
  session_ttl_s: z.number().int().min(60).max(30 * 24 * 3600).default(12 * 3600),
  login_ticket_ttl_s: z.number().int().min(5).max(3600).default(120),
  stream: z.strictObject({
    heartbeat_ms: z.number().int().min(100).max(300_000).default(15_000),
    max_clients: z.number().int().min(1).max(100_000).default(500),
    /** Most alerts replayed to one client on `resume`. */
    backfill_max: z.number().int().min(1).max(100_000).default(5_000),
    ticket_ttl_s: z.number().int().min(5).max(600).default(30),
  }).prefault({}),
  tls: TlsSchema.optional(),
  oidc: OidcSchema.optional(),
  /** Honour X-Forwarded-For (only behind a reverse proxy you control). */
  trust_proxy: z.boolean().default(false),
});
export type ApiConfig = z.infer<typeof ApiConfigSchema>;
