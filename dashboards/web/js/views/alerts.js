// Alert queue: filters (status, severity, P-class, free text), newest first, live alerts merged in as they
// arrive when they match the filters, cursor paging with "Load more".
import { listAlerts } from "../api.js";
import { h, mount } from "../dom.js";
import { SEVERITIES, STATUSES, TAXONOMY } from "../model.js";
import { alertRow, empty, errorBox, loading } from "../ui.js";

const FILTERS = ["status", "severity", "taxonomy", "server", "principal", "session", "q"];

function matches(a, f) {
  if (f.status && a.status !== f.status) return false;
  if (f.severity && a.severity !== f.severity) return false;
  if (f.taxonomy && !(a.taxonomy ?? []).includes(f.taxonomy)) return false;
  if (f.server && a.entity?.server !== f.server) return false;
  if (f.principal && a.entity?.principal !== f.principal) return false;
  if (f.session && a.entity?.session_id !== f.session) return false;
  if (f.q) {
    const hay = `${a.title} ${a.description} ${a.rule_name} ${a.rule_id}`.toLowerCase();
    if (!f.q.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w))) return false;
  }
  return true;
}

export async function render(main, ctx, query) {
  const f = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? ""]));
  const list = h("ol", { class: "feed feed-wide", "aria-label": "Alerts, newest first" });
  const more = h("div", { class: "more" });
  const summary = h("p", { class: "muted", role: "status" });
  const rows = new Map();
  let cursor = null;

  const apply = () => {
    const q = new URLSearchParams();
    for (const k of FILTERS) if (f[k]) q.set(k, f[k]);
    ctx.navigate(`#/alerts${q.toString() ? `?${q}` : ""}`);
  };
  const select = (key, options, label) => h("label", { class: "filter" }, label,
    h("select", { onchange: (e) => { f[key] = e.target.value; apply(); }, name: key },
      h("option", { value: "" }, "any"), options.map(([v, t]) => h("option", { value: v, selected: f[key] === v }, t))));
  const qInput = h("input", { type: "search", name: "q", value: f.q, placeholder: "title, rule, description…", "aria-label": "Free text" });
  const form = h("form", { class: "filters", role: "search", onsubmit: (e) => { e.preventDefault(); f.q = qInput.value.trim(); apply(); } },
    select("status", STATUSES.map((s) => [s, s]), "Status"),
    select("severity", SEVERITIES.map((s) => [s, s]), "Severity"),
    select("taxonomy", Object.entries(TAXONOMY).map(([p, d]) => [p, `${p} ${d.name}`]), "Class"),
    h("label", { class: "filter grow" }, "Text", qInput),
    h("button", { class: "btn", type: "submit" }, "Filter"),
    FILTERS.some((k) => f[k]) ? h("a", { class: "btn btn-ghost", href: "#/alerts" }, "Clear") : null);

  const sorted = () => [...rows.values()].sort((a, b) => Date.parse(b.last_seen) - Date.parse(a.last_seen));
  const draw = (fresh = new Set()) => {
    const items = sorted();
    mount(list, items.length ? items.map((a) => alertRow(a, { isNew: fresh.has(a.alert_id) }))
      : h("li", {}, empty("No alerts match", FILTERS.some((k) => f[k]) ? "Try widening the filters." : "Nothing has been detected yet.")));
    summary.textContent = `${items.length} alert${items.length === 1 ? "" : "s"} shown${cursor ? " (more available)" : ""}`;
  };

  const load = async () => {
    const params = { limit: 100, cursor };
    for (const k of FILTERS) if (f[k]) params[k] = f[k];
    const page = await listAlerts(params);
    for (const a of page.items ?? []) rows.set(a.alert_id, a);
    ctx.ingest(page.items ?? [], "list");
    cursor = page.next_cursor ?? null;
    mount(more, cursor ? h("button", { class: "btn", type: "button", onclick: async (e) => {
      e.target.disabled = true;
      try { await load(); draw(); } catch (err) { mount(more, errorBox("More alerts could not be loaded", err)); }
    } }, "Load more") : null);
  };

  mount(main, h("div", { class: "view-head" }, h("h1", {}, "Alerts")), form, summary, list, more);
  mount(list, h("li", {}, loading()));
  try {
    await load();
    draw();
  } catch (err) {
    mount(list, h("li", {}, errorBox("Alerts could not be loaded", err, () => ctx.navigate(location.hash))));
  }
  const off = ctx.onAlerts((changed) => {
    let touched = false;
    for (const { alert } of changed) {
      if (matches(alert, f)) { rows.set(alert.alert_id, alert); touched = true; } else if (rows.delete(alert.alert_id)) touched = true;
    }
    if (touched) draw(new Set(changed.filter((c) => c.isNew).map((c) => c.alert.alert_id)));
  });
  return off;
}
