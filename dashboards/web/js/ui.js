// Small UI components shared by the views: severity and status badges, P-class chips, alert rows, and the
// loading / empty / error states every view uses so none of them ever shows a blank page.
import { ApiError } from "./api.js";
import { h, safeText } from "./dom.js";
import { TAXONOMY, timeAgo } from "./model.js";

export function sevBadge(sev) {
  const s = String(sev ?? "info");
  return h("span", { class: `sev-badge sev-${/^[a-z]+$/.test(s) ? s : "info"}` }, s);
}

export function statusBadge(status) {
  const s = String(status ?? "open");
  return h("span", { class: `status status-${/^[a-z]+$/.test(s) ? s : "open"}` }, s);
}

export function taxChips(taxonomy) {
  return h("span", { class: "chips" }, (Array.isArray(taxonomy) ? taxonomy : []).map((p) => {
    const known = TAXONOMY[p];
    return h("span", { class: `chip chip-${known ? p : "unknown"}`, title: known ? known.name : "unknown class" }, String(p));
  }));
}

/** One alert as a row in a feed: the whole row is a link to its detail (Enter opens it). */
export function alertRow(a, { isNew = false } = {}) {
  const e = a.entity ?? {};
  return h("li", { class: `alert-row sev-edge-${a.severity}${isNew ? " is-new" : ""}`, "data-alert-id": a.alert_id },
    h("a", { href: `#/alerts/${encodeURIComponent(a.alert_id)}`, class: "alert-link" },
      h("span", { class: "row-top" }, sevBadge(a.severity), taxChips(a.taxonomy),
        h("span", { class: "alert-title" }, safeText(a.title, { max: 200 })),
        a.count > 1 ? h("span", { class: "count", title: "occurrences" }, `×${a.count}`) : null),
      h("span", { class: "row-meta" },
        statusBadge(a.status),
        e.server ? h("span", { class: "meta" }, "server ", h("b", {}, safeText(e.server, { max: 80 }))) : null,
        e.tool ? h("span", { class: "meta" }, "tool ", h("b", {}, safeText(e.tool, { max: 80 }))) : null,
        e.principal ? h("span", { class: "meta" }, "principal ", h("b", {}, safeText(e.principal, { max: 80 }))) : null,
        h("time", { class: "meta when", datetime: String(a.last_seen ?? ""), title: String(a.last_seen ?? "") }, timeAgo(a.last_seen)))));
}

export function loading(what = "Loading…") {
  return h("p", { class: "loading", role: "status" }, what);
}

export function empty(title, hint) {
  return h("div", { class: "empty" }, h("p", { class: "empty-title" }, title), hint ? h("p", { class: "muted" }, hint) : null);
}

export function errorBox(what, err, retry) {
  const detail = err instanceof ApiError ? `${err.status ? `HTTP ${err.status}: ` : ""}${err.message}` : String(err?.message ?? err);
  return h("div", { class: "error-box", role: "alert" },
    h("h1", {}, what),
    h("p", {}, safeText(detail, { max: 500 })),
    retry ? h("p", {}, h("button", { class: "btn", type: "button", onclick: retry }, "Retry")) : null);
}

/** A labelled definition list; values are attacker-controllable so they go through safeText. */
export function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== "").map(([k, v]) =>
    [h("dt", {}, k), h("dd", {}, v instanceof Node ? v : safeText(String(v), { max: 500 }))]));
}
