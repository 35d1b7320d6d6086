// HTTP errors of the API: one JSON shape `{ error: { code, message, details? } }` for every failure, and the
// express error handler that maps validation, body-parser and store errors to 4xx/503 (never a 500 for bad input).
import type { ErrorRequestHandler, Response } from "express";
import { z } from "zod";
import { GeigerError } from "../../shared/errors.js";
import { logEvent } from "../../shared/observability/log.js";

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown, readonly headers?: Record<string, string>) {
    super(message);
    this.name = "ApiError";
  }
}

export const badRequest = (message: string, details?: unknown): ApiError => new ApiError(400, "bad_request", message, details);
export const notFound = (what: string): ApiError => new ApiError(404, "not_found", `${what} not found`);
export const forbidden = (message: string): ApiError => new ApiError(403, "forbidden", message);

export function sendError(res: Response, status: number, code: string, message: string, details?: unknown): void {
  if (res.headersSent) return;
  res.status(status).type("application/json").send(JSON.stringify({ error: { code, message, ...(details === undefined ? {} : { details }) } }));
}

/** zod issues as `[{ path, message }]`, capped, for 400 bodies. */
export function zodDetails(err: z.ZodError): { path: string; message: string }[] {
  return err.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/** Parses a request part; a failure is a 400 naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = zodDetails(r.error);
  throw badRequest(`invalid ${where}: ${details.map((d) => `${d.path || "(root)"}: ${d.message}`).join("; ")}`, details);
}

interface BodyParserError { type?: string; status?: number; expose?: boolean; message?: string }

export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers ?? {})) res.setHeader(k, v);
    return sendError(res, err.status, err.code, err.message, err.details);
  }
  if (err instanceof z.ZodError) return sendError(res, 400, "bad_request", "invalid input", zodDetails(err));
  const bp = err as BodyParserError;
  if (bp && typeof bp === "object" && typeof bp.type === "string") {
    if (bp.type === "entity.too.large") return sendError(res, 413, "too_large", "request body too large");
    if (bp.type === "entity.parse.failed") return sendError(res, 400, "bad_request", "malformed JSON body");
    if (bp.type === "encoding.unsupported" || bp.type === "charset.unsupported") return sendError(res, 415, "unsupported_media_type", "unsupported body encoding or charset");
    if (typeof bp.status === "number" && bp.status >= 400 && bp.status < 500) return sendError(res, bp.status, "bad_request", "malformed request body");
  }
  if (err instanceof GeigerError && !err.retriable) {
    // The store's only non-retriable query failures are caused by the request (a cursor it never issued, …).
    if (/cursor/i.test(err.message)) return sendError(res, 400, "bad_request", "invalid cursor");
    logEvent("warn", "api_request_failed", { path: req.path, method: req.method, error: err.message.slice(0, 300) });
    return sendError(res, 400, "bad_request", err.message.slice(0, 300));
  }
  if (err instanceof GeigerError) {
    logEvent("warn", "api_dependency_unavailable", { path: req.path, method: req.method, error: err.message.slice(0, 300) });
    res.setHeader("Retry-After", "5");
    return sendError(res, 503, "unavailable", "a backing service is unavailable; retry shortly");
  }
  if (bp && typeof bp === "object" && typeof bp.status === "number" && bp.status >= 400 && bp.status < 500) {
    return sendError(res, bp.status, "bad_request", "bad request");
  }
  logEvent("error", "api_internal_error", { path: req.path, method: req.method, error: (err as Error)?.stack?.slice(0, 1000) ?? String(err) });
  sendError(res, 500, "internal", "internal error");
};
