// Overview: what is under attack right now. Headline counts, alerts by severity and P-class over time, calls
// and estimated cost per server over time (a denial-of-wallet burst is a visible spike), top principals /
// servers / tools, and the live alert feed beside them.
import { getStats } from "../api.js";
import { lines, rankedBars, SEVERITY_COLORS, stackedBars, TAXONOMY_COLORS, colorFor, formatNumber } from "../charts.js";
import { h, mount } from "../dom.js";
import { SEVERITIES } from "../model.js";
import { alertRow, empty, errorBox, loading } from "../ui.js";

const WINDOWS = [["15m", 15 * 60e3], ["1h", 3600e3], ["6h", 6 * 3600e3], ["24h", 24 * 3600e3], ["7d", 7 * 86400e3]];
let windowChoice = "1h";

/**
 * The API returns only non-empty buckets; charts need the whole window, so missing buckets become zeros (a quiet
 * minute must look quiet, not be skipped).
 */
function fillBuckets(points, window) {
  const step = Number(window?.interval_ms);
  const since = Date.parse(window?.since);
  const until = Date.parse(window?.until);
  if (!(step > 0) || Number.isNaN(since) || Number.isNaN(until) || (until - since) / step > 2000) return points;
  const at = new Map(points.map((p) => [Math.floor(Date.parse(p.ts) / step), p]));
  const out = [];
  for (let k = Math.floor(since / step); k * step <= until; k++) {
    out.push(at.get(k) ?? { ts: new Date(k * step).toISOString(), count: 0, sum: 0, by: {} });
  }
  return out;
}

const byKey = (list) => Object.fromEntries((Array.isArray(list) ? list : []).map((b) => [String(b.key), Number(b.count) || 0]));

/** P-class over time from the alerts the client holds, on the stats window's buckets (the API buckets severity). */
function taxonomyBuckets(stats, alerts) {
  const step = Number(stats.window?.interval_ms) || 60_000;
  const times = (stats.alerts?.over_time ?? []).map((b) => Date.parse(b.ts));
  const origin = times.length ? times[0] : Date.parse(stats.window?.since);
  if (Array.isArray(stats.alerts?.taxonomy_over_time)) {
    return stats.alerts.taxonomy_over_time.map((b) => ({ ts: Date.parse(b.ts), values: b.by ?? {} }));
  }
  const buckets = times.map((ts) => ({ ts, values: {} }));
  for (const a of alerts) {
    const t = Date.parse(a.last_seen);
    const i = Math.floor((t - origin) / step);
    if (i < 0 || i >= buckets.length) continue;
    for (const p of a.taxonomy ?? []) buckets[i].values[p] = (buckets[i].values[p] ?? 0) + 1;
  }
  return buckets;
}

function perServerSeries(points, field) {
  // Counts come per server in `by`; sums (cost) in `by_sum`.
  const groupOf = (b) => (field === "sum" ? b.by_sum : b.by) ?? {};
  const names = new Set();
  for (const b of points) for (const k of Object.keys(groupOf(b))) names.add(k);
  const times = points.map((b) => Date.parse(b.ts));
  if (names.size === 0) return { times, series: [{ name: "all servers", values: points.map((b) => Number(b[field]) || 0) }] };
  return { times, series: [...names].sort().slice(0, 8).map((n) => ({ name: n, values: points.map((b) => Number(groupOf(b)[n]) || 0) })) };
}

export async function render(main, ctx) {
  const feed = h("ol", { class: "feed", "aria-label": "Live alerts, newest first" });
  const charts = h("div", { class: "charts" }, loading("Loading charts…"));
  const kpis = h("div", { class: "kpis" });
  const winSelect = h("select", { "aria-label": "Time window", onchange: (e) => { windowChoice = e.target.value; refresh(); } },
    WINDOWS.map(([k]) => h("option", { value: k, selected: k === windowChoice }, `last ${k}`)));

  const renderFeed = (fresh = new Set()) => {
    const list = [...ctx.state.alerts.values()].sort((a, b) => Date.parse(b.last_seen) - Date.parse(a.last_seen)).slice(0, ctx.wall ? 14 : 40);
    mount(feed, list.length ? list.map((a) => alertRow(a, { isNew: fresh.has(a.alert_id) }))
      : h("li", {}, empty("No alerts yet", "Alerts appear here the moment the detector raises them.")));
  };

  let stats = null;
  const renderCharts = () => {
    if (!stats) return;
    const w = stats.window;
    const a = { ...(stats.alerts ?? {}), over_time: fillBuckets(stats.alerts?.over_time ?? [], w) };
    const e = { ...(stats.events ?? {}), over_time: fillBuckets(stats.events?.over_time ?? [], w), cost_over_time: fillBuckets(stats.events?.cost_over_time ?? [], w) };
    const sev = byKey(a.by_severity);
    const cost = (e.cost_over_time ?? []).reduce((s, b) => s + (Number(b.sum) || 0), 0);
    mount(kpis,
      kpi("Open alerts", formatNumber(Number(a.open) || 0), "open", "#/alerts?status=open"),
      kpi(`Critical · last ${windowChoice}`, formatNumber(sev.critical ?? 0), "critical", "#/alerts?severity=critical"),
      kpi(`High · last ${windowChoice}`, formatNumber(sev.high ?? 0), "high", "#/alerts?severity=high"),
      kpi(`MCP calls · last ${windowChoice}`, formatNumber(Number(e.total) || 0), "calls", "#/search"),
      kpi(`Est. cost · last ${windowChoice}`, formatNumber(cost, "usd"), "cost", null));
    const sevBuckets = (a.over_time ?? []).map((b) => ({ ts: Date.parse(b.ts), values: b.by ?? {} }));
    const calls = perServerSeries(e.over_time ?? [], "count");
    const costs = perServerSeries(e.cost_over_time ?? [], "sum");
    for (const name of [...(e.top_servers ?? []).map((x) => x.key)].sort()) colorFor(name);
    const sevKeys = SEVERITIES.filter((s) => sevBuckets.some((b) => b.values[s]));
    const taxB = taxonomyBuckets({ ...stats, alerts: a }, [...ctx.state.alerts.values()]);
    const taxKeys = ["P1", "P2", "P3", "P4", "P5", "P6"].filter((p) => taxB.some((b) => b.values[p]));
    const panel = (title, body, note) => h("section", { class: "panel" }, h("h2", {}, title), note ? h("p", { class: "muted small" }, note) : null, body);
    const hasAlerts = sevBuckets.some((b) => Object.keys(b.values).length);
    const hasCalls = calls.series.some((s) => s.values.some((v) => v > 0));
    mount(charts,
      panel("Alerts by severity", hasAlerts ? stackedBars({ buckets: sevBuckets, keys: sevKeys, colorOf: (k) => SEVERITY_COLORS[k] ?? "#888", label: "Alerts by severity over time" }) : empty("No alerts in this window")),
      panel("Alerts by threat class", taxKeys.length ? stackedBars({ buckets: taxB, keys: taxKeys, colorOf: (k) => TAXONOMY_COLORS[k] ?? "#888", label: "Alerts by P-class over time" }) : empty("No alerts in this window")),
      panel("Calls per server", hasCalls ? lines({ ...calls, colorOf: (k) => colorFor(k), label: "MCP calls per server over time" }) : empty("No MCP traffic in this window")),
      panel("Estimated cost per server", lines({ ...costs, colorOf: (k) => colorFor(k), unit: "usd", label: "Estimated cost per server over time" }), "From each event's cost (collector price table or server-reported _meta)."),
      h("div", { class: "tops" },
        panel("Top principals", rankedBars({ items: e.top_principals ?? [], label: "Top principals", hrefOf: (k) => `#/search?principal=${encodeURIComponent(k)}` })),
        panel("Top servers", rankedBars({ items: e.top_servers ?? [], label: "Top servers", hrefOf: (k) => `#/search?server=${encodeURIComponent(k)}` })),
        panel("Top tools", rankedBars({ items: e.top_tools ?? [], label: "Top tools", hrefOf: (k) => `#/search?tool=${encodeURIComponent(k)}` }))));
  };

  const controller = new AbortController();
  const refresh = async () => {
    const span = WINDOWS.find(([k]) => k === windowChoice)?.[1] ?? 3600e3;
    const now = Date.now();
    try {
      // ~60 buckets per window: a one-minute burst stays visible as a spike in the last hour.
      const interval = Math.max(10, Math.round(span / 1000 / 60));
      stats = await getStats({ since: new Date(now - span).toISOString(), until: new Date(now).toISOString(), interval }, controller.signal);
      renderCharts();
    } catch (err) {
      if (err?.name === "AbortError") return;
      if (!stats) mount(charts, errorBox("Statistics could not be loaded", err, refresh));
      else ctx.toast(`Statistics refresh failed: ${err.message}`, "error");
    }
  };

  mount(main,
    h("div", { class: "view-head" }, h("h1", {}, "Overview"), winSelect),
    kpis,
    h("div", { class: "overview" },
      charts,
      h("aside", { class: "panel feed-panel", "aria-labelledby": "feed-h" },
        h("h2", { id: "feed-h" }, "Live alerts ", h("a", { class: "small", href: "#/alerts" }, "all alerts →")),
        feed)));
  renderFeed();
  await refresh();

  // Live: the feed updates on every alert; charts re-read stats at most every 5 s while alerts flow, and every
  // 15 s regardless (telemetry charts have no push channel).
  let pending = null;
  const off = ctx.onAlerts((changed) => {
    renderFeed(new Set(changed.filter((c) => c.isNew).map((c) => c.alert.alert_id)));
    if (!pending) pending = setTimeout(() => { pending = null; refresh(); }, 5000);
  });
  const timer = setInterval(refresh, 15_000);
  return () => { off(); clearInterval(timer); clearTimeout(pending); controller.abort(); };
}

function kpi(label, value, kind, href) {
  const body = [h("span", { class: "kpi-value" }, value), h("span", { class: "kpi-label" }, label)];
  return href ? h("a", { class: `kpi kpi-${kind}`, href }, body) : h("div", { class: `kpi kpi-${kind}` }, body);
}
