// Dashboard entry: session check, the shell (top bar, live status, severity counts), hash routing and the one
// live alert stream every view shares. Views are modules exporting render(ctx) and may return a cleanup.
import { ApiError, getMe, listAlerts, logout, setCsrf, setUnauthorizedHandler } from "./api.js";
import { focusFirst, h, mount } from "./dom.js";
import { SEVERITIES } from "./model.js";
import { errorBox } from "./ui.js";
import { openAlertStream } from "./stream.js";
import * as alertDetail from "./views/alert-detail.js";
import * as alertsView from "./views/alerts.js";
import * as loginView from "./views/login.js";
import * as overview from "./views/overview.js";
import * as search from "./views/search.js";
import * as session from "./views/session.js";

const root = document.getElementById("app");
const params = new URLSearchParams(location.search);
const wall = params.get("wall") === "1";
if (wall) document.body.classList.add("wall");

/** Shared client state: who is signed in, every alert seen (live or fetched), and listeners for changes. */
const state = {
  me: null,
  alerts: new Map(),
  listeners: new Set(),
  stream: null,
  streamStatus: "connecting",
  loginMessage: "",
};

export function canAct() {
  return state.me && ["analyst", "admin"].includes(state.me.role);
}

/** Merges alerts into the shared map and tells listeners which ones are new or changed. */
function ingest(alerts, source) {
  const changed = [];
  for (const a of alerts) {
    if (!a || typeof a !== "object" || typeof a.alert_id !== "string") continue;
    const prev = state.alerts.get(a.alert_id);
    if (prev && prev.last_seen === a.last_seen && prev.status === a.status && prev.count === a.count && prev.assignee === a.assignee) continue;
    state.alerts.set(a.alert_id, { ...prev, ...a });
    changed.push({ alert: state.alerts.get(a.alert_id), isNew: !prev });
  }
  // Bound client memory on a wall screen left open for days: keep the newest 2,000.
  if (state.alerts.size > 2000) {
    const sorted = [...state.alerts.values()].sort((x, y) => Date.parse(y.last_seen) - Date.parse(x.last_seen));
    for (const a of sorted.slice(2000)) state.alerts.delete(a.alert_id);
  }
  if (changed.length) for (const fn of state.listeners) fn(changed, source);
  renderCounts();
}

function newestSeen() {
  let best = null;
  for (const a of state.alerts.values()) if (!best || Date.parse(a.last_seen) > Date.parse(best)) best = a.last_seen;
  return best;
}

async function backfill() {
  try {
    const page = await listAlerts({ limit: 200 });
    ingest(page?.items ?? [], "backfill");
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) toast(`Could not load alerts: ${err.message}`, "error");
  }
}

const ctx = {
  state,
  wall,
  canAct,
  ingest,
  /** Subscribe to alert changes; returns an unsubscribe function for the view's cleanup. */
  onAlerts(fn) { state.listeners.add(fn); return () => state.listeners.delete(fn); },
  navigate(hash) { if (location.hash === hash) route(); else location.hash = hash; },
  toast,
  kickStream() { state.stream?.kick(); },
};
window.__geiger = { kickStream: () => ctx.kickStream(), state: () => ({ alerts: state.alerts.size, stream: state.streamStatus }) };

function toast(message, kind = "info") {
  let box = document.getElementById("toasts");
  if (!box) { box = h("div", { id: "toasts", role: "status", "aria-live": "polite" }); document.body.append(box); }
  const t = h("div", { class: `toast toast-${kind}` }, message);
  box.append(t);
  setTimeout(() => t.remove(), kind === "error" ? 8000 : 4000);
}

// ---- shell -------------------------------------------------------------------------------------------------
let main = null;
let countsEl = null;
let liveEl = null;

function shell() {
  const nav = [["#/", "Overview"], ["#/alerts", "Alerts"], ["#/search", "Search"]];
  countsEl = h("div", { class: "sev-counts", "aria-label": "Open alerts by severity" });
  liveEl = h("span", { class: "live", role: "status" });
  const user = state.me
    ? h("div", { class: "user" },
        h("span", { class: "user-name" }, String(state.me.actor ?? "signed in")),
        h("span", { class: `role role-${state.me.role}` }, String(state.me.role)),
        h("button", { class: "btn btn-ghost", type: "button", onclick: async () => { await logout(); state.me = null; state.stream?.stop(); state.stream = null; start(); } }, "Sign out"))
    : null;
  const header = h("header", { class: "topbar" },
    h("a", { class: "brand", href: "#/" }, h("span", { class: "brand-dot", "aria-hidden": "true" }), "Geiger"),
    h("nav", { "aria-label": "Main" }, nav.map(([href, label]) => h("a", { href, class: "nav-link", "data-route": href }, label))),
    countsEl, liveEl, user);
  main = h("main", { id: "main", tabindex: "-1" });
  mount(root, header, main);
  renderCounts();
  renderLive();
}

function renderCounts() {
  if (!countsEl) return;
  const open = [...state.alerts.values()].filter((a) => a.status === "open");
  mount(countsEl, SEVERITIES.filter((s) => s !== "info").map((s) => {
    const n = open.filter((a) => a.severity === s).length;
    return h("a", { class: `sev-count sev-${s}${n ? "" : " zero"}`, href: `#/alerts?severity=${s}&status=open`, title: `${n} open ${s} alerts`, "data-sev": s },
      h("span", { class: "n" }, String(n)), h("span", { class: "l" }, s));
  }));
}

function renderLive() {
  if (!liveEl) return;
  const s = state.streamStatus;
  liveEl.className = `live live-${s}`;
  liveEl.textContent = s === "live" ? "● Live" : s === "connecting" ? "○ Connecting…" : s === "offline" ? "○ Offline — retrying" : "○ Reconnecting…";
}

// ---- routing -----------------------------------------------------------------------------------------------
let cleanup = null;
let routeSeq = 0;

function parseHash() {
  const raw = location.hash.startsWith("#/") ? location.hash.slice(1) : "/";
  const [path, query] = raw.split("?");
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query ?? "") };
}

async function route() {
  if (location.hash && !location.hash.startsWith("#/")) return; // in-page anchors (skip link) are not routes
  const seq = ++routeSeq;
  if (typeof cleanup === "function") { try { cleanup(); } catch { /* view already gone */ } }
  cleanup = null;
  if (!state.me) return;
  const { parts, query } = parseHash();
  for (const a of root.querySelectorAll(".nav-link")) {
    const r = a.getAttribute("data-route");
    const active = r === "#/" ? parts.length === 0 : parts[0] === r.slice(2);
    a.classList.toggle("active", active);
    if (active) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  const view = parts[0] === "alerts" && parts[1] ? () => alertDetail.render(main, ctx, parts[1])
    : parts[0] === "alerts" ? () => alertsView.render(main, ctx, query)
    : parts[0] === "sessions" && parts[1] ? () => session.render(main, ctx, parts[1], query)
    : parts[0] === "search" ? () => search.render(main, ctx, query)
    : () => overview.render(main, ctx);
  mount(main, h("p", { class: "loading" }, "Loading…"));
  try {
    const c = await view();
    if (seq !== routeSeq) { if (typeof c === "function") c(); return; }
    cleanup = c;
    focusFirst(main);
  } catch (err) {
    if (seq !== routeSeq) return;
    if (err instanceof ApiError && err.status === 401) return; // the unauthorized handler took over
    mount(main, errorBox("This view could not be loaded", err, () => route()));
  }
}

// ---- session -----------------------------------------------------------------------------------------------
setUnauthorizedHandler((msg) => {
  if (!state.me) return;
  state.me = null;
  state.stream?.stop();
  state.stream = null;
  state.loginMessage = `Your session has ended (${msg}). Sign in again to continue.`;
  start();
});

async function start() {
  let me = null;
  try {
    me = await getMe();
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 401 && err.status !== 403)) {
      mount(root, h("main", { id: "main" }, errorBox("Geiger's API is not answering", err, () => start())));
      return;
    }
  }
  if (!me) {
    cleanup = null;
    loginView.render(root, {
      message: state.loginMessage,
      onSignedIn: (who) => { state.me = who; state.loginMessage = ""; start(); },
    });
    return;
  }
  state.me = me;
  setCsrf(me.csrf);
  shell();
  if (!state.stream) {
    state.stream = openAlertStream({
      onAlert: (a, replayed) => ingest([a], replayed ? "backfill" : "live"),
      since: () => newestSeen(),
      onStatus: (s) => { state.streamStatus = s; renderLive(); },
      onGap: () => backfill(),
      onUnauthorized: () => getMe().catch(() => null).then((m) => { if (!m) { state.me = null; state.loginMessage = "Your session has expired. Sign in again."; start(); } }),
    });
  }
  await backfill();
  await route();
}

window.addEventListener("hashchange", () => route());
document.addEventListener("keydown", (e) => {
  if (e.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName ?? "")) {
    e.preventDefault();
    ctx.navigate("#/search");
  }
});
if (wall) setInterval(() => { if (state.me && parseHash().parts.length === 0) route(); }, 60_000);
start();
