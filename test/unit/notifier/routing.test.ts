// Pure routing: severity, tenant, server, taxonomy, quiet hours in a time zone, per-route rate limits.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RouteSchema } from "../../../services/notifier/config.js";
import { inQuietHours, routeAlert } from "../../../services/notifier/routing.js";
import { ALERT } from "./fixtures.js";

const route = (o: Record<string, unknown>) => RouteSchema.parse({ name: "r", outputs: ["pd"], ...o });
const at = (iso: string) => new Date(iso);

describe("routeAlert", () => {
  it("routes by minimum severity, tenant, server and taxonomy", () => {
    const now = at("2025-01-01T12:00:00Z");
    assert.deepEqual(routeAlert(ALERT, [route({ min_severity: "high" })], now).outputs, ["pd"]);
    assert.deepEqual(routeAlert({ ...ALERT, severity: "medium" }, [route({ min_severity: "high" })], now).outputs, []);
    assert.deepEqual(routeAlert(ALERT, [route({ tenants: ["other"] })], now).skipped[0]!.reason, "tenant not routed");
    assert.deepEqual(routeAlert(ALERT, [route({ servers: ["memory"] })], now).outputs, []);
    assert.deepEqual(routeAlert(ALERT, [route({ taxonomy: ["P5"] })], now).outputs, ["pd"]);
    assert.deepEqual(routeAlert(ALERT, [route({ taxonomy: ["P4"] })], now).outputs, []);
    const two = routeAlert(ALERT, [route({ name: "a", outputs: ["pd", "slack"] }), route({ name: "b", outputs: ["slack", "hook"] })], now);
    assert.deepEqual(two.outputs, ["pd", "slack", "hook"]);
    assert.deepEqual(two.matched, ["a", "b"]);
  });

  it("holds back non-critical pages during quiet hours in the route's time zone", () => {
    const qh = { start: "22:00", end: "07:00", timezone: "Europe/Paris", min_severity: "critical" };
    const r = [route({ min_severity: "medium", quiet_hours: qh })];
    const high = { ...ALERT, severity: "high" as const };
    // 22:30 UTC = 23:30 in Paris (winter): quiet.
    assert.deepEqual(routeAlert(high, r, at("2025-01-01T22:30:00Z")).skipped[0]!.reason, "quiet hours");
    assert.deepEqual(routeAlert(ALERT, r, at("2025-01-01T22:30:00Z")).outputs, ["pd"], "critical still pages");
    // 06:30 UTC = 07:30 Paris: awake again; 05:30 UTC = 06:30 Paris: still quiet.
    assert.deepEqual(routeAlert(high, r, at("2025-01-01T06:30:00Z")).outputs, ["pd"]);
    assert.deepEqual(routeAlert(high, r, at("2025-01-01T05:30:00Z")).outputs, []);
    assert.equal(inQuietHours(at("2025-07-01T20:30:00Z"), RouteSchema.parse({ name: "x", outputs: ["o"], quiet_hours: qh }).quiet_hours!), true, "summer time: 22:30 in Paris");
    assert.equal(inQuietHours(at("2025-01-01T12:00:00Z"), { start: "09:00", end: "17:00", timezone: "UTC", min_severity: "critical" }), true);
    assert.equal(inQuietHours(at("2025-01-01T12:00:00Z"), { start: "09:00", end: "09:00", timezone: "UTC", min_severity: "critical" }), false);
  });

  it("rate-limits a route over a sliding window, as pure state", () => {
    const r = [route({ rate_limit: { max: 2, per_seconds: 60 } })];
    let state = {};
    const outs: number[] = [];
    for (const s of [0, 10, 20, 61, 75]) {
      const d = routeAlert(ALERT, r, new Date(Date.UTC(2025, 0, 1, 12, 0, s)), state);
      outs.push(d.outputs.length);
      state = d.state;
    }
    assert.deepEqual(outs, [1, 1, 0, 1, 1]);
    const frozen = Object.freeze({ r: Object.freeze([Date.UTC(2025, 0, 1)]) });
    routeAlert(ALERT, r, new Date(Date.UTC(2025, 0, 1, 0, 0, 1)), frozen); // must not mutate its input
    assert.equal(frozen.r.length, 1);
  });

  it("config rejects unknown severities, outputs and time zones with their path", async () => {
    const { NotifierConfigSchema } = await import("../../../services/notifier/config.js");
    const bad = NotifierConfigSchema.safeParse({ outputs: [{ type: "slack", name: "s", webhook_url: "http://127.0.0.1:1/x" }], routes: [{ name: "r", outputs: ["s", "nope"], min_severity: "urgent", quiet_hours: { start: "22:00", end: "7", timezone: "Mars/Olympus" } }] });
    assert.equal(bad.success, false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    for (const p of ["routes.0.min_severity", "routes.0.quiet_hours.end", "routes.0.quiet_hours.timezone"]) assert.ok(paths.includes(p), `${p} in ${paths.join(", ")}`);
  });
});
