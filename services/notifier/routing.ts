// Pager routing as a pure function: (alert, routes, now, rate state) → outputs to notify, with the reason each
// non-matching route was skipped. Quiet hours are evaluated in the route's time zone.
import { severityRank, type Alert, type Severity } from "../../shared/schema/alert.js";
import type { Route } from "./config.js";

/** Send times (ms) per route inside its rate-limit window. Plain data: the caller keeps it between calls. */
export type RateState = Readonly<Record<string, readonly number[]>>;

export interface RouteDecision {
  outputs: string[];
  matched: string[];
  skipped: { route: string; reason: string }[];
  /** The rate state after this decision; commit it only if something was actually sent. */
  state: RateState;
}

/** Minutes since local midnight in `timeZone`. */
export function localMinutes(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** [start, end) in local time; a window with start > end wraps midnight; start == end is empty. */
export function inQuietHours(now: Date, q: NonNullable<Route["quiet_hours"]>): boolean {
  const m = localMinutes(now, q.timezone), s = toMinutes(q.start), e = toMinutes(q.end);
  return s < e ? m >= s && m < e : s > e ? m >= s || m < e : false;
}

const atLeast = (sev: Severity, min: Severity): boolean => severityRank(sev) >= severityRank(min);

export function routeAlert(alert: Alert, routes: readonly Route[], now: Date, state: RateState = {}): RouteDecision {
  const outputs = new Set<string>();
  const matched: string[] = [];
  const skipped: { route: string; reason: string }[] = [];
  const next: Record<string, readonly number[]> = { ...state };
  const t = now.getTime();
  for (const r of routes) {
    const e = alert.entity;
    let reason: string | null = null;
    if (!atLeast(alert.severity, r.min_severity)) reason = `severity ${alert.severity} below ${r.min_severity}`;
    else if (r.tenants.length && !r.tenants.includes(e.tenant)) reason = "tenant not routed";
    else if (r.servers.length && !(e.server && r.servers.includes(e.server))) reason = "server not routed";
    else if (r.taxonomy.length && !alert.taxonomy.some((x) => r.taxonomy.includes(x))) reason = "taxonomy not routed";
    else if (r.quiet_hours && inQuietHours(now, r.quiet_hours) && !atLeast(alert.severity, r.quiet_hours.min_severity)) reason = "quiet hours";
    else if (r.rate_limit) {
      const windowStart = t - r.rate_limit.per_seconds * 1000;
      const recent = (next[r.name] ?? []).filter((x) => x > windowStart);
      if (recent.length >= r.rate_limit.max) reason = `rate limit ${r.rate_limit.max}/${r.rate_limit.per_seconds}s`;
      else next[r.name] = [...recent, t];
    }
    if (reason) { skipped.push({ route: r.name, reason }); continue; }
    matched.push(r.name);
    for (const o of r.outputs) outputs.add(o);
  }
  return { outputs: [...outputs], matched, skipped, state: next };
}
