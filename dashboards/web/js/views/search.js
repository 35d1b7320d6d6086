// Forensic search over all telemetry: structured filters plus free text, cursor paging, payloads expandable,
// and client-side export of the results as JSONL or CSV.
import { searchEvents } from "../api.js";
import { h, mount, safeText } from "../dom.js";
import { download, toCsv, toJsonl } from "../export.js";
import { clockTime, eventTarget } from "../model.js";
import { empty, errorBox, loading } from "../ui.js";
import { payloadBlock } from "./alert-detail.js";

const FIELDS = [
  ["q", "Text", "words in method, server, principal, params, results"],
  ["session", "Session", "agent session id"],
  ["principal", "Principal", ""],
  ["server", "Server", ""],
  ["tool", "Tool", ""],
  ["method", "Method", "tools/call, resources/read…"],
  ["since", "Since", "2025-01-01T00:00:00Z"],
  ["until", "Until", ""],
];
const PAGE = 100;
const EXPORT_MAX = 10_000;

export async function render(main, ctx, query) {
  const f = Object.fromEntries(FIELDS.map(([k]) => [k, query.get(k) ?? ""]));
  const inputs = {};
  const results = h("div", { class: "results" });
  const status = h("p", { class: "muted", role: "status" });
  const more = h("div", { class: "more" });
  const rows = [];
  let cursor = null;
  let controller = null;

  const params = () => Object.fromEntries(Object.entries(f).filter(([, v]) => v));
  const form = h("form", { class: "filters search-form", role: "search", onsubmit: (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k] of FIELDS) { const v = inputs[k].value.trim(); if (v) q.set(k, v); }
    ctx.navigate(`#/search${q.toString() ? `?${q}` : ""}`);
  } },
  FIELDS.map(([k, label, ph]) => {
    inputs[k] = h("input", { type: k === "q" ? "search" : "text", name: k, value: f[k], placeholder: ph, autocomplete: "off", spellcheck: "false" });
    return h("label", { class: `filter${k === "q" ? " grow" : ""}` }, label, inputs[k]);
  }),
  h("div", { class: "btn-row" }, h("button", { class: "btn btn-primary", type: "submit" }, "Search"),
    h("a", { class: "btn btn-ghost", href: "#/search" }, "Clear")));

  const exportBtn = (label, fmt, all) => h("button", { class: "btn btn-ghost", type: "button", "data-export": `${fmt}${all ? "-all" : ""}`, onclick: async (e) => {
    const btn = e.currentTarget;
    btn.disabled = true;
    try {
      let list = rows;
      if (all) {
        list = [];
        let c = null;
        do {
          const page = await searchEvents({ ...params(), limit: 1000, cursor: c });
          list.push(...(page.items ?? []));
          c = page.next_cursor ?? null;
        } while (c && list.length < EXPORT_MAX);
        list = list.slice(0, EXPORT_MAX);
      }
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      if (fmt === "jsonl") download(`geiger-events-${stamp}.jsonl`, toJsonl(list), "application/x-ndjson");
      else download(`geiger-events-${stamp}.csv`, toCsv(list), "text/csv");
      ctx.toast(`Exported ${list.length} event${list.length === 1 ? "" : "s"}`);
    } catch (err) {
      ctx.toast(`Export failed: ${err.message}`, "error");
    } finally { btn.disabled = false; }
  } }, label);

  const table = h("table", { class: "events-table" },
    h("thead", {}, h("tr", {}, ["Time", "Server", "Method", "Tool / resource", "Principal", "Session", ""].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}));
  const draw = () => {
    const body = table.querySelector("tbody");
    mount(body, rows.map((ev) => {
      const detail = h("tr", { class: "ev-detail", hidden: true }, h("td", { colspan: 7 },
        payloadBlock("params", ev.params, true), payloadBlock("result", ev.result, true), ev.error ? payloadBlock("error", ev.error, true) : null,
        h("p", { class: "muted small" }, "event ", safeText(ev.event_id, { max: 120 }))));
      const toggle = h("button", { class: "btn btn-small", type: "button", "aria-expanded": "false", onclick: () => {
        detail.hidden = !detail.hidden;
        toggle.setAttribute("aria-expanded", String(!detail.hidden));
        toggle.textContent = detail.hidden ? "Show" : "Hide";
      } }, "Show");
      const sid = ev.agent?.session_id;
      return [h("tr", { class: ev.error ? "has-error" : "" },
        h("td", {}, h("time", { datetime: String(ev.ts), title: String(ev.ts) }, `${new Date(ev.ts).toLocaleDateString()} ${clockTime(ev.ts)}`)),
        h("td", {}, safeText(ev.server?.name, { max: 80 })),
        h("td", {}, safeText(ev.method, { max: 80 })),
        h("td", { class: "cell-wrap" }, safeText(eventTarget(ev), { max: 160 })),
        h("td", {}, safeText(ev.agent?.principal ?? "", { max: 80 })),
        h("td", { class: "cell-wrap" }, sid ? h("a", { href: `#/sessions/${encodeURIComponent(sid)}` }, safeText(sid.length > 24 ? `${sid.slice(0, 23)}…` : sid)) : ""),
        h("td", {}, toggle)), detail];
    }));
    status.textContent = `${rows.length} event${rows.length === 1 ? "" : "s"} loaded${cursor ? " — more match" : ""}`;
    mount(more, cursor ? h("button", { class: "btn", type: "button", onclick: () => loadPage() }, "Load more") : null);
  };

  const loadPage = async () => {
    controller?.abort();
    controller = new AbortController();
    try {
      const page = await searchEvents({ ...params(), limit: PAGE, cursor }, controller.signal);
      rows.push(...(page.items ?? []));
      cursor = page.next_cursor ?? null;
      mount(results, rows.length ? table : empty("No events match", "Widen the time range or remove a filter."));
      draw();
    } catch (err) {
      if (err?.name === "AbortError") return;
      mount(results, errorBox("The search failed", err, () => ctx.navigate(location.hash)));
    }
  };

  mount(main,
    h("div", { class: "view-head" }, h("h1", {}, "Forensic search"),
      h("div", { class: "btn-row" }, exportBtn("Export JSONL", "jsonl", false), exportBtn("Export CSV", "csv", false),
        exportBtn("Export all (JSONL)", "jsonl", true))),
    form, status, results, more);
  mount(results, loading("Searching…"));
  await loadPage();
  return () => controller?.abort();
}
