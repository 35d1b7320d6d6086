// Shared zod pieces for query strings (lists, limits, cursors, times, free text) and the tenant scoping that
// every read goes through. User text only ever becomes structured filter values or plain free text.
import { z } from "zod";
import { tokenize } from "../../shared/store/collections.js";
import type { Filter } from "../../shared/store/port.js";
import type { Principal } from "./auth.js";
import { TENANT_RE } from "./auth.js";
import { badRequest, forbidden } from "./errors.js";

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A single filter value: bounded, no control characters. */
export const term = (max = 512) => z.string().min(1).max(max).refine((s) => !CONTROL.test(s), "control characters are not allowed");

/** `?k=a&k=b` or `?k=a,b` → a validated, de-duplicated array. */
export function listOf<T extends z.ZodType<unknown, string>>(item: T, maxItems = 50) {
  return z.union([z.string().max(8192), z.array(z.string().max(8192)).max(maxItems)])
    .transform((v) => [...new Set((Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(item).min(1).max(maxItems));
}

export const limitParam = (def: number, max = 1000) =>
  z.string().regex(/^\d{1,7}$/, "limit must be a whole number between 1 and " + max)
    .transform(Number).pipe(z.number().int().min(1, `limit must be between 1 and ${max}`).max(max, `limit must be between 1 and ${max}`)).optional()
    .transform((v) => v ?? def);

export const cursorParam = z.string().min(1).max(2048).regex(/^[A-Za-z0-9_-]+$/, "invalid cursor").optional();
export const orderParam = z.enum(["asc", "desc"]).optional();
export const timeParam = z.iso.datetime({ offset: true, message: "expected an ISO-8601 time with offset, e.g. 2025-01-01T00:00:00Z" });
/** Free text: plain words only; text with no word at all would silently match everything, so it is refused. */
export const textParam = term(512).refine((s) => tokenize(s).length > 0, "q has no searchable words (operators and wildcards are not supported)").optional();
export const tenantParam = z.string().regex(TENANT_RE, "invalid tenant").optional();
export const idParam = term(512);

/** The time window, free text, tenant and paging every list route takes. */
export const listPageShape = {
  since: timeParam.optional(),
  until: timeParam.optional(),
  q: textParam,
  tenant: tenantParam,
  limit: limitParam(50),
  cursor: cursorParam,
  order: orderParam,
};

/** Filters that keep a caller inside its tenant; a `*` caller may narrow with `?tenant=`. */
export function tenantFilters(p: Principal, field: string, requested?: string): Filter[] {
  if (p.tenant === "*") return requested && requested !== "*" ? [{ field, op: "eq", value: requested }] : [];
  if (requested && requested !== p.tenant) throw forbidden(`your token is bound to tenant '${p.tenant}'`);
  return [{ field, op: "eq", value: p.tenant }];
}

export const canSee = (p: Principal, tenant: unknown): boolean => p.tenant === "*" || tenant === p.tenant;

export function timeRange(field: string, since?: string, until?: string): Filter[] {
  if (since && until && Date.parse(since) > Date.parse(until)) throw badRequest("since must not be after until");
  return since || until ? [{ field, op: "range", ...(since ? { gte: since } : {}), ...(until ? { lte: until } : {}) }] : [];
}

export const eqIf = (field: string, value: string | undefined): Filter[] => (value === undefined ? [] : [{ field, op: "eq", value }]);
export const inIf = (field: string, values: string[] | undefined): Filter[] => (values === undefined ? [] : values.length === 1 ? [{ field, op: "eq", value: values[0]! }] : [{ field, op: "in", values }]);
