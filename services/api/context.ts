// What every route module receives: the ports, the config, auth services, the route registry, optional
// detection-engine hooks, and the audit writer.
import { randomUUID } from "node:crypto";
import type { Request, Router } from "express";
import { z } from "zod";
import type { Bus } from "../../shared/bus/port.js";
import { SeveritySchema, TaxonomySchema } from "../../shared/schema/alert.js";
import type { Store } from "../../shared/store/port.js";
import type { GeigerConfig } from "../cli/config.js";
import { SuppressionSchema as DetectorSuppressionSchema } from "../detector/config.js";
import type { OidcVerifier, Principal, SessionService, TokenService } from "./auth.js";
import type { RouteRegistry } from "./route.js";

export const RuleInfoSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  severity: SeveritySchema.optional(),
  taxonomy: z.array(TaxonomySchema).optional(),
  enabled: z.boolean(),
});
export type RuleInfo = z.infer<typeof RuleInfoSchema>;

/**
 * A suppression as the API shows it: the detector's own suppression record (`services/detector/config.ts`, stored
 * verbatim as the config doc's `value` so the detector applies it) plus when it was created and deleted.
 */
export const SuppressionViewSchema = DetectorSuppressionSchema.extend({ created_at: z.string(), deleted_at: z.string().optional() });
export type Suppression = z.infer<typeof SuppressionViewSchema>;
export type DetectorSuppression = z.infer<typeof DetectorSuppressionSchema>;

/** Optional live hooks into an in-process detection engine (embedded mode); the store docs stay the source of truth. */
export interface ApiHooks {
  rules?: { list(): RuleInfo[]; setEnabled(id: string, enabled: boolean): void };
  suppressions?: { upsert(s: DetectorSuppression): void; remove(id: string): void };
}

export interface ApiContext {
  store: Store;
  bus: Bus;
  config: GeigerConfig;
  registry: RouteRegistry;
  tokens: TokenService;
  sessions: SessionService;
  oidc: OidcVerifier | null;
  hooks: ApiHooks;
  /** Router mounted at /api/v1. */
  api: Router;
  /** Router mounted at / (open routes, login). */
  root: Router;
  audit(p: Principal, req: Request, action: string, target: string, tenant: string, before?: unknown, after?: unknown): Promise<void>;
}

/** Appends one audit record (never updated: ids are random, writes are index-only). */
export async function writeAudit(store: Store, rec: { actor: string; role: string; tenant: string; action: string; target: string; before?: unknown; after?: unknown; ip?: string }): Promise<void> {
  const audit_id = randomUUID();
  await store.bulkWrite("audit", [{ id: audit_id, doc: { audit_id, ts: new Date().toISOString(), ...rec } }]);
}
