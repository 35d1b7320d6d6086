// What the behavioural models read from a TelemetryEvent: entity keys, tool, time, cost, error-ness, text leaves.
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";
import { regexOf, type BehaviourConfig } from "./config.js";
import { counter } from "../../../shared/observability/metrics.js";
import { logEvent } from "../../../shared/observability/log.js";

/** Event time in ms; an unparseable ts (schema-validated, so rare) falls back to the engine clock. */
export function eventTime(e: TelemetryEvent, now: number): number {
  const t = Date.parse(e.ts);
  return Number.isFinite(t) ? t : now;
}

/** The principal the models learn about; an agent without one is its own principal. */
export function principalOf(e: TelemetryEvent): string {
  return e.agent.principal || `agent:${e.agent.id}`;
}

/** The session, or null when the collector had none (an empty or placeholder id correlates nothing). */
export function sessionOf(e: TelemetryEvent): string | null {
  const s = e.agent.session_id;
  return s && s !== "unknown" && s !== "-" ? s : null;
}

/** `tools/call` → the tool name; other methods are their own "tool" (resources/read, prompts/get, …). */
export function toolOf(e: TelemetryEvent): string {
  if (e.method === "tools/call") {
    const name = (e.params as { name?: unknown } | undefined)?.name;
    if (typeof name === "string" && name) return name.slice(0, 200);
  }
  return e.method;
}

/** The arguments of a tool call (or the params of another request). */
export function argsOf(e: TelemetryEvent): unknown {
  const p = e.params as { arguments?: unknown } | undefined;
  return e.method === "tools/call" ? p?.arguments : p;
}

/** A client's call: the unit counted by rate, cost and sequence models. */
export function isCall(e: TelemetryEvent): boolean {
  return e.kind === "request" && e.direction === "client_to_server" && e.method !== "initialize" && e.method !== "ping";
}

export function isError(e: TelemetryEvent): boolean {
  return !!e.error || (e.result as { isError?: unknown } | undefined)?.isError === true;
}

/** Estimated cost: the collector's `cost.usd` when present, else the first matching price rule, else the defaults. */
export function costOf(e: TelemetryEvent, cfg: BehaviourConfig): number {
  if (typeof e.cost?.usd === "number") return e.cost.usd;
  const kb = (e.size.request_bytes + e.size.response_bytes) / 1024;
  const tool = toolOf(e);
  for (const r of cfg.pricing.rules) {
    if (r.server && !regexOf(r.server).test(e.server.name)) continue;
    if (r.tool && !regexOf(r.tool).test(tool)) continue;
    return r.usd_per_call + r.usd_per_kb * kb;
  }
  return cfg.pricing.default_usd_per_call + cfg.pricing.default_usd_per_kb * kb;
}

/** The W3C trace id when the call carries one: the best proxy for "one agent request". */
export function traceIdOf(e: TelemetryEvent): string | null {
  const tp = e.trace?.traceparent;
  const m = typeof tp === "string" ? /^[0-9a-f]{2}-([0-9a-f]{32})-/i.exec(tp) : null;
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * Concatenates the string leaves of a JSON value (depth- and size-bounded) with their paths, so a hostile
 * 100 MB result costs at most `maxChars` of work.
 */
export function textLeaves(v: unknown, maxChars: number, basePath = ""): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  let budget = maxChars;
  let nodes = 0;
  const walk = (x: unknown, path: string, depth: number): void => {
    if (budget <= 0 || depth > 12 || ++nodes > 10_000) return;
    if (typeof x === "string") {
      const t = x.length > budget ? x.slice(0, budget) : x;
      budget -= t.length;
      if (t) out.push({ path, text: t });
    } else if (Array.isArray(x)) {
      for (let i = 0; i < x.length && budget > 0; i++) walk(x[i], `${path}[${i}]`, depth + 1);
    } else if (x && typeof x === "object") {
      for (const [k, val] of Object.entries(x)) {
        if (budget <= 0) break;
        walk(val, path ? `${path}.${k}` : k, depth + 1);
      }
    }
  };
  walk(v, basePath, 0);
  return out;
}

/** Time window helper: events older than the key's newest by more than the lateness bound are dropped (and counted). */
export function tooLate(detector: string, t: number, newest: number, maxLatenessMs: number): boolean {
  if (t >= newest - maxLatenessMs) return false;
  lateEvents(detector);
  return true;
}

let lateLogged = 0;
function lateEvents(detector: string): void {
  counter("geiger_behaviour_late_events_total", "Events dropped by a windowed model for arriving past the lateness bound", ["detector"]).inc({ detector });
  // Log the first few and then every 10 000th so a skewed collector is visible without flooding the log.
  if (lateLogged++ < 5 || lateLogged % 10_000 === 0) logEvent("warn", "behaviour_late_event", { detector, dropped_so_far: lateLogged });
}

/** Short excerpt for evidence: never more than 160 chars and never a whole payload. */
export function excerpt(s: string, max = 160): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
