// Alert detail: what fired and why (rule, P-class, OWASP / ATLAS), on what (entity), the evidence with the
// matched span highlighted, every contributing event with its payload, and the analyst's actions. One click
// from here to the whole session timeline.
import { ApiError, createSuppression, getAlert, getEvent, patchAlert } from "../api.js";
import { h, highlightedText, mount, safeText } from "../dom.js";
import { frameworkIds, fullTime, TAXONOMY, clockTime, eventTarget } from "../model.js";
import { prettyJson, quotedNeedles } from "../text.js";
import { errorBox, facts, sevBadge, statusBadge, taxChips } from "../ui.js";

const MAX_EVENTS = 50;

/** The matched span of an evidence item: an explicit span if the detector gave one, else quoted words of its reason. */
function evidenceHighlight(ev) {
  const span = Array.isArray(ev.span) ? ev.span
    : Number.isInteger(ev.match_start) && Number.isInteger(ev.match_end) ? [ev.match_start, ev.match_end] : null;
  const needles = typeof ev.match === "string" ? [ev.match] : Array.isArray(ev.matches) ? ev.matches.map(String) : quotedNeedles(ev.reason);
  return { span, needles };
}

export function payloadBlock(label, value, open = false) {
  if (value === undefined) return null;
  return h("details", { class: "payload", open },
    h("summary", {}, label),
    h("pre", { class: "payload-body" }, safeText(prettyJson(value), { max: 50_000 })));
}

export function eventCard(ev, { anchor = false } = {}) {
  return h("article", { class: "event-card", id: anchor ? `ev-${ev.event_id}` : undefined },
    h("header", {},
      h("time", { datetime: String(ev.ts) }, clockTime(ev.ts)),
      h("span", { class: "ev-server" }, safeText(ev.server?.name ?? "?", { max: 80 })),
      h("span", { class: "ev-method" }, safeText(ev.method, { max: 80 })),
      eventTarget(ev) ? h("span", { class: "ev-tool" }, safeText(eventTarget(ev), { max: 120 })) : null,
      ev.error ? h("span", { class: "ev-error" }, `error ${Number(ev.error.code)}`) : null,
      h("span", { class: "muted small ev-id" }, safeText(ev.event_id, { max: 80 }))),
    payloadBlock("params", ev.params),
    payloadBlock("result", ev.result),
    ev.error ? payloadBlock("error", ev.error) : null,
    Array.isArray(ev.redactions) && ev.redactions.length
      ? h("p", { class: "muted small" }, `${ev.redactions.length} value(s) redacted by the collector: `,
        safeText(ev.redactions.map((r) => `${r.kind} at ${r.path}`).join(", "), { max: 400 }))
      : null);
}

export async function render(main, ctx, id) {
  let alert;
  try {
    alert = await getAlert(id);
  } catch (err) {
    mount(main, errorBox(err instanceof ApiError && err.status === 404 ? "Alert not found" : "The alert could not be loaded", err,
      () => ctx.navigate(location.hash)));
    return undefined;
  }
  ctx.ingest([alert], "detail");
  const actionsBox = h("section", { class: "panel actions", "aria-label": "Actions" });
  const eventsBox = h("div", { class: "events" }, h("p", { class: "loading" }, "Loading contributing events…"));

  const draw = () => {
    const e = alert.entity ?? {};
    const fw = frameworkIds(alert);
    const sessionLink = e.session_id
      ? h("a", { class: "btn btn-primary", href: `#/sessions/${encodeURIComponent(e.session_id)}?alert=${encodeURIComponent(alert.alert_id)}` }, "Open session timeline →")
      : null;
    mount(main,
      h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/alerts" }, "← Alerts")),
      h("header", { class: `detail-head sev-edge-${alert.severity}` },
        h("div", { class: "row-top" }, sevBadge(alert.severity), taxChips(alert.taxonomy), statusBadge(alert.status),
          alert.assignee ? h("span", { class: "meta" }, "assigned to ", h("b", {}, safeText(alert.assignee, { max: 80 }))) : null),
        h("h1", { class: "detail-title" }, safeText(alert.title, { max: 500 })),
        h("p", { class: "muted" }, `Seen ${alert.count} time${alert.count === 1 ? "" : "s"} · first ${fullTime(alert.first_seen)} · last ${fullTime(alert.last_seen)} · score ${Number(alert.score).toFixed(2)}`),
        sessionLink),
      h("div", { class: "detail-grid" },
        h("div", { class: "detail-main" },
          h("section", { class: "panel" }, h("h2", {}, "What happened"),
            h("p", { class: "description" }, safeText(alert.description, { max: 5000 }))),
          h("section", { class: "panel" }, h("h2", {}, `Evidence (${(alert.evidence ?? []).length})`),
            (alert.evidence ?? []).length ? h("ol", { class: "evidence" }, alert.evidence.map((ev) => {
              const hl = evidenceHighlight(ev);
              return h("li", {},
                h("p", { class: "ev-reason" }, safeText(ev.reason, { max: 1000 })),
                h("p", { class: "muted small" }, "at ", h("code", {}, safeText(ev.path, { max: 200 })), " in event ",
                  h("a", { href: `#/alerts/${encodeURIComponent(alert.alert_id)}`, "data-event": ev.event_id, onclick: (e2) => {
                    e2.preventDefault();
                    document.getElementById(`ev-${ev.event_id}`)?.scrollIntoView({ behavior: "smooth", block: "start" });
                  } }, safeText(ev.event_id, { max: 80 }))),
                h("pre", { class: "excerpt" }, highlightedText(ev.excerpt, hl.span, hl.needles)));
            })) : h("p", { class: "muted" }, "This detector recorded no excerpts.")),
          h("section", { class: "panel" }, h("h2", {}, `Contributing events (${(alert.event_ids ?? []).length})`), eventsBox)),
        h("aside", { class: "detail-side" },
          actionsBox,
          h("section", { class: "panel" }, h("h2", {}, "Detection"),
            facts([
              ["Rule", h("span", {}, safeText(alert.rule_name, { max: 200 }), " ", h("code", { class: "muted" }, safeText(alert.rule_id, { max: 200 })))],
              ["Classes", h("ul", { class: "plain" }, (alert.taxonomy ?? []).map((p) => h("li", {}, h("b", {}, p), " ", TAXONOMY[p]?.name ?? "")))],
              ["OWASP", fw.owasp.join(", ")],
              ["MITRE ATLAS", fw.atlas.join(", ")],
              ["Dedup key", alert.dedup_key],
            ]),
            fw.derived ? h("p", { class: "muted small" }, "Framework ids derived from the P-class (the detector gave none).") : null),
          h("section", { class: "panel" }, h("h2", {}, "Entity"),
            facts([["Tenant", e.tenant], ["Server", e.server], ["Tool", e.tool], ["Principal", e.principal], ["Agent", e.agent_id],
              ["Session", e.session_id ? h("a", { href: `#/sessions/${encodeURIComponent(e.session_id)}` }, safeText(e.session_id, { max: 120 })) : null]])),
          Array.isArray(alert.notes) && alert.notes.length ? h("section", { class: "panel" }, h("h2", {}, "Notes"),
            h("ol", { class: "notes" }, alert.notes.map((n) => h("li", {},
              h("p", {}, safeText(n.text, { max: 4000 })),
              h("p", { class: "muted small" }, safeText(`${n.by ?? "?"} · ${fullTime(n.at)}`, { max: 200 })))))) : null)));
    drawActions();
  };

  const act = async (body, okMsg) => {
    try {
      alert = await patchAlert(alert.alert_id, body);
      ctx.ingest([alert], "detail");
      ctx.toast(okMsg);
      const focusKey = document.activeElement?.getAttribute?.("data-action");
      draw();
      loadEvents();
      if (focusKey) actionsBox.querySelector(`[data-action="${focusKey}"]`)?.focus();
    } catch (err) {
      ctx.toast(`Action failed: ${err.message}`, "error");
    }
  };

  const drawActions = () => {
    if (!ctx.canAct()) {
      mount(actionsBox, h("h2", {}, "Actions"), h("p", { class: "muted" }, `Your role (${ctx.state.me?.role ?? "viewer"}) can read alerts but not change them.`));
      return;
    }
    const btn = (label, key, body, msg, primary = false) => h("button", {
      class: `btn${primary ? " btn-primary" : ""}`, type: "button", "data-action": key, onclick: () => act(body, msg),
    }, label);
    const assignee = h("input", { type: "text", name: "assignee", value: alert.assignee ?? "", placeholder: "analyst name", "aria-label": "Assignee" });
    const note = h("textarea", { name: "note", rows: 3, placeholder: "What you found, what you did…", "aria-label": "Note" });
    const reason = h("input", { type: "text", name: "reason", placeholder: "why this is a known false positive", "aria-label": "Suppression reason" });
    const scope = h("select", { name: "scope", "aria-label": "Suppress alerts that match" },
      h("option", { value: "rule_server_tool" }, "this rule on this server + tool"),
      h("option", { value: "rule_principal" }, "this rule for this principal"),
      h("option", { value: "dedup" }, "exactly this alert (dedup key)"));
    const ttl = h("select", { name: "ttl", "aria-label": "Suppression expires" },
      h("option", { value: "86400" }, "for 24 hours"), h("option", { value: "604800" }, "for 7 days"), h("option", { value: "" }, "until removed"));
    const e = alert.entity ?? {};
    mount(actionsBox, h("h2", {}, "Actions"),
      h("div", { class: "btn-row" },
        alert.status !== "acknowledged" ? btn("Acknowledge", "ack", { status: "acknowledged" }, "Alert acknowledged", true) : null,
        alert.status !== "resolved" ? btn("Resolve", "resolve", { status: "resolved" }, "Alert resolved") : null,
        alert.status !== "open" ? btn("Reopen", "reopen", { status: "open" }, "Alert reopened") : null),
      h("form", { class: "inline-form", onsubmit: (ev) => { ev.preventDefault(); act({ assignee: assignee.value.trim() || null }, "Assignee saved"); } },
        h("label", {}, "Assign", assignee), h("button", { class: "btn", type: "submit", "data-action": "assign" }, "Assign")),
      h("form", { class: "stack-form", onsubmit: (ev) => { ev.preventDefault(); if (note.value.trim()) act({ note: note.value.trim() }, "Note added"); } },
        h("label", {}, "Note", note), h("button", { class: "btn", type: "submit", "data-action": "note" }, "Add note")),
      h("details", { class: "suppress" }, h("summary", {}, "Suppress similar alerts…"),
        h("form", { class: "stack-form", onsubmit: async (ev) => {
          ev.preventDefault();
          const match = scope.value === "dedup" ? { dedup_key: alert.dedup_key }
            : scope.value === "rule_principal" ? { rule_id: alert.rule_id, ...(e.principal ? { principal: e.principal } : {}) }
            : { rule_id: alert.rule_id, ...(e.server ? { server: e.server } : {}), ...(e.tool ? { tool: e.tool } : {}) };
          const body = { match, reason: reason.value.trim() || "suppressed from the dashboard",
            ...(ttl.value ? { expires_at: new Date(Date.now() + Number(ttl.value) * 1000).toISOString() } : {}) };
          try {
            await createSuppression(body);
            ctx.toast("Suppression created: matching alerts will be silenced");
            await act({ status: "suppressed" }, "Alert suppressed");
          } catch (err) { ctx.toast(`Suppression failed: ${err.message}`, "error"); }
        } }, h("label", {}, "Match", scope), h("label", {}, "Reason", reason), h("label", {}, "Expires", ttl),
        h("button", { class: "btn", type: "submit", "data-action": "suppress" }, "Create suppression"))));
  };

  const loadEvents = async () => {
    const ids = (alert.event_ids ?? []).slice(0, MAX_EVENTS);
    if (!ids.length) { mount(eventsBox, h("p", { class: "muted" }, "No events recorded.")); return; }
    const results = await Promise.allSettled(ids.map((x) => getEvent(x)));
    mount(eventsBox,
      results.map((r, i) => r.status === "fulfilled" && r.value ? eventCard(r.value, { anchor: true })
        : h("p", { class: "muted small", id: `ev-${ids[i]}` }, "Event ", safeText(ids[i], { max: 80 }), " is not in the store (yet, or expired): ",
          safeText(r.reason?.message ?? "missing", { max: 200 }))),
      alert.event_ids.length > MAX_EVENTS ? h("p", { class: "muted" }, `${alert.event_ids.length - MAX_EVENTS} more events not shown; see the session timeline.`) : null);
  };

  draw();
  await loadEvents();
  const onKey = (e) => {
    if (e.key === "Escape" && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName ?? "")) ctx.navigate("#/alerts");
  };
  document.addEventListener("keydown", onKey);
  const off = ctx.onAlerts((changed) => {
    const mine = changed.find((c) => c.alert.alert_id === alert.alert_id);
    if (mine && (mine.alert.count !== alert.count || mine.alert.status !== alert.status)) { alert = { ...alert, ...mine.alert }; draw(); loadEvents(); }
  });
  return () => { document.removeEventListener("keydown", onKey); off(); };
}
