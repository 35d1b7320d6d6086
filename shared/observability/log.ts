// Structured logging as named events: one call logs (JSON lines on stderr) and counts (Prometheus).
import pino from "pino";
import { counter } from "./metrics.js";

export type Level = "debug" | "info" | "warn" | "error";

const logger = pino(
  { level: process.env.GEIGER_LOG_LEVEL ?? "info", base: { svc: "geiger" } },
  pino.destination({ dest: 2, sync: true }),
);

/**
 * Logs a named event and increments `geiger_events_total{event=…}`. Callers must never pass secrets or raw
 * payloads here: fields are for identifiers, counts and error messages.
 */
export function logEvent(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  counter("geiger_log_events_total", "Named log events by name and level", ["event", "level"]).inc({ event, level });
  logger[level]({ event, ...fields });
}

export function setLogLevel(level: Level | "silent"): void {
  logger.level = level;
}
