// Session timeline: every MCP call one agent session made, across servers, in order, with the session's alerts
// pinned where they fired; a swimlane strip shows the cross-server shape (a toxic flow hops lanes).
import { getTimeline } from "../api.js";
import { colorFor, SEVERITY_COLORS } from "../charts.js";
import { h, mount, safeText } from "../dom.js";
import { clockTime, eventTarget } from "../model.js";
import { errorBox, sevBadge, taxChips } from "../ui.js";
import { payloadBlock } from "./alert-detail.js";

function swimlane(items, servers) {
  const evs = items.filter((i) => i.type === "event");
  if (!evs.length) return null;
  const t0 = Date.parse(items[0].ts);
  const t1 = Math.max(t0 + 1, Date.parse(items[items.length - 1].ts));
  const W = 900, lane = 22, left = 150;
  const H = servers.length * lane + 16;
  const x = (ts) => left + ((W - left - 10) * (Date.parse(ts) - t0)) / (t1 - t0);
  const laneOf = new Map(servers.map((s, i) => [s, i]));
  const svg = h("svg", { viewBox: `0 0 ${W} ${H}`, class: "swimlane", role: "img", "aria-label": "Calls per server over the session" });
  servers.forEach((s, i) => {
    const y = 8 + i * lane + lane / 2;
    svg.append(h("line", { x1: left, x2: W - 10, y1: y, y2: y, class: "lane" }));
    svg.append(h("text", { x: left - 8, y: y + 4, "text-anchor": "end", class: "lane-label" }, s.length > 22 ? `${s.slice(0, 21)}…` : s));
  });
  for (const it of evs) {
    const s = it.event.server?.name ?? "?";
    const y = 8 + (laneOf.get(s) ?? 0) * lane + lane / 2;
    svg.append(h("circle", { cx: x(it.ts), cy: y, r: 4, fill: colorFor(s) },
      h("title", {}, `${clockTime(it.ts)} ${s} ${it.event.method} ${eventTarget(it.event)}`)));
  }
  for (const it of items.filter((i) => i.type === "alert")) {
    const X = x(it.ts);
    svg.append(h("path", { d: `M${X - 5},2 L${X + 5},2 L${X},10 Z`, fill: SEVERITY_COLORS[it.alert.severity] ?? "#fff" }, h("title", {}, `alert: ${it.alert.title}`)));
    svg.append(h("line", { x1: X, x2: X, y1: 10, y2: H, class: "alert-pin" }));
  }
  return svg;
}

export async function render(main, ctx, sessionId, query) {
  const focusAlert = query.get("alert");
  const items = [];
  let meta = { servers: [], principals: [] };
  let cursor = null;
  const listEl = h("ol", { class: "timeline", "aria-label": "Session calls in order" });
  const laneBox = h("div", { class: "panel lane-box" });
  const moreBox = h("div", { class: "more" });
  const headMeta = h("p", { class: "muted" });

  const load = async () => {
    const page = await getTimeline(sessionId, { limit: 500, cursor });
    if (!cursor) meta = { servers: page.servers ?? [], principals: page.principals ?? [] };
    items.push(...(page.items ?? []));
    cursor = page.next_cursor ?? null;
    ctx.ingest(items.filter((i) => i.type === "alert").map((i) => i.alert), "timeline");
  };

  const draw = () => {
    const nAlerts = items.filter((i) => i.type === "alert").length;
    const nEvents = items.length - nAlerts;
    headMeta.textContent = `${nEvents} call${nEvents === 1 ? "" : "s"}${cursor ? "+" : ""} across ${meta.servers.length} server${meta.servers.length === 1 ? "" : "s"} · ${nAlerts} alert${nAlerts === 1 ? "" : "s"}` +
      (meta.principals.length ? ` · principal ${meta.principals.join(", ")}` : "");
    const servers = meta.servers.length ? meta.servers : [...new Set(items.filter((i) => i.type === "event").map((i) => i.event.server?.name ?? "?"))];
    const lane = swimlane(items, servers);
    mount(laneBox, h("h2", {}, "Servers touched"), lane ?? h("p", { class: "muted" }, "No calls recorded."));
    mount(listEl, items.length ? groupRuns(items).map((g) => g.length > RUN_MIN ? runItem(g)
      : g.map((it) => it.type === "alert" ? alertPin(it, focusAlert) : eventItem(it)))
      : h("li", { class: "empty" }, "No calls recorded for this session."));
    mount(moreBox, cursor ? h("button", { class: "btn", type: "button", onclick: async (e) => {
      e.target.disabled = true;
      try { await load(); draw(); } catch (err) { mount(moreBox, errorBox("More calls could not be loaded", err)); }
    } }, "Load more calls") : null);
  };

  try {
    await load();
  } catch (err) {
    mount(main, errorBox("The session timeline could not be loaded", err, () => ctx.navigate(location.hash)));
    return undefined;
  }
  mount(main,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" },
      focusAlert ? h("a", { href: `#/alerts/${encodeURIComponent(focusAlert)}` }, "← Back to the alert") : h("a", { href: "#/alerts" }, "← Alerts")),
    h("div", { class: "view-head" }, h("h1", {}, "Session ", h("code", { class: "session-id" }, safeText(sessionId, { max: 200 }))),
      h("a", { class: "btn btn-ghost", href: `#/search?session=${encodeURIComponent(sessionId)}` }, "Search this session")),
    headMeta, laneBox, listEl, moreBox);
  draw();
  if (focusAlert) document.querySelector(`[data-pin="${CSS.escape(focusAlert)}"]`)?.scrollIntoView({ block: "center" });
  return undefined;
}

const RUN_MIN = 5;
const callKey = (it) => it.type === "event" ? `${it.event.server?.name}|${it.event.method}|${eventTarget(it.event)}` : null;

/** Consecutive identical calls (a burst, a retry loop) as one group, so 240 calls do not bury the story. */
function groupRuns(items) {
  const out = [];
  for (const it of items) {
    const last = out[out.length - 1];
    if (last && callKey(it) !== null && callKey(last[0]) === callKey(it)) last.push(it);
    else out.push([it]);
  }
  return out;
}

function runItem(group) {
  const first = group[0];
  const ev = first.event;
  const span = (Date.parse(group[group.length - 1].ts) - Date.parse(first.ts)) / 1000;
  const cost = group.reduce((s, it) => s + (Number(it.event.cost?.usd) || 0), 0);
  const inner = h("ol", { class: "timeline nested" }, group.map(eventItem));
  return h("li", { class: "tl-run" },
    h("time", { datetime: String(first.ts) }, clockTime(first.ts)),
    h("details", { class: "tl-body run" },
      h("summary", {}, h("b", {}, `${group.length}× `), safeText(ev.server?.name ?? "?", { max: 80 }), " ",
        h("span", { class: "ev-method" }, safeText(ev.method, { max: 80 })), " ",
        h("span", { class: "ev-tool" }, safeText(eventTarget(ev), { max: 120 })),
        h("span", { class: "muted small" }, ` in ${span.toFixed(1)} s${cost ? ` · $${cost.toFixed(3)}` : ""}`)),
      inner));
}

function alertPin(it, focusAlert) {
  const a = it.alert;
  return h("li", { class: `tl-alert sev-edge-${a.severity}${a.alert_id === focusAlert ? " focused" : ""}`, "data-pin": a.alert_id },
    h("time", { datetime: String(it.ts) }, clockTime(it.ts)),
    h("a", { href: `#/alerts/${encodeURIComponent(a.alert_id)}`, class: "tl-alert-link" },
      "⚑ ", sevBadge(a.severity), " ", taxChips(a.taxonomy), " ", h("span", { class: "alert-title" }, safeText(a.title, { max: 300 }))));
}

function eventItem(it) {
  const ev = it.event;
  const server = ev.server?.name ?? "?";
  const marker = h("svg", { width: 10, height: 10, "aria-hidden": "true", class: "srv-dot" }, h("circle", { cx: 5, cy: 5, r: 5, fill: colorFor(server) }));
  return h("li", { class: `tl-event${ev.error ? " has-error" : ""}` },
    h("time", { datetime: String(it.ts) }, clockTime(it.ts)),
    h("div", { class: "tl-body" },
      h("div", { class: "tl-line" }, marker,
        h("span", { class: "ev-server" }, safeText(server, { max: 80 })),
        h("span", { class: "ev-method" }, safeText(ev.method, { max: 80 })),
        eventTarget(ev) ? h("span", { class: "ev-tool" }, safeText(eventTarget(ev), { max: 160 })) : null,
        ev.direction === "server_to_client" ? h("span", { class: "muted small" }, "server → client") : null,
        ev.error ? h("span", { class: "ev-error" }, "error ", safeText(ev.error.message ?? "", { max: 120 })) : null,
        Number.isFinite(ev.duration_ms) ? h("span", { class: "muted small" }, `${Math.round(ev.duration_ms)} ms`) : null,
        ev.cost?.usd ? h("span", { class: "muted small" }, `$${Number(ev.cost.usd).toFixed(4)}`) : null),
      payloadBlock("params", ev.params),
      payloadBlock("result", ev.result),
      ev.error ? payloadBlock("error", ev.error) : null));
}
