// Domain vocabulary the views share: severities, the P1–P6 threat classes with their OWASP / MITRE ATLAS
// mappings, statuses, and time formatting.

export const SEVERITIES = ["critical", "high", "medium", "low", "info"];
export const STATUSES = ["open", "acknowledged", "resolved", "suppressed"];

/** MCP threat classes (contract 2) with the framework ids a SOC maps them to when the alert carries none. */
export const TAXONOMY = {
  P1: { name: "Prompt injection / tool poisoning", owasp: ["LLM01:2025 Prompt Injection"], atlas: ["AML.T0051 LLM Prompt Injection"] },
  P2: { name: "Response shaping / data exfiltration", owasp: ["LLM02:2025 Sensitive Information Disclosure"], atlas: ["AML.T0057 LLM Data Leakage"] },
  P3: { name: "Authorization bypass / scope violation", owasp: ["LLM06:2025 Excessive Agency"], atlas: ["AML.T0053 LLM Plugin Compromise"] },
  P4: { name: "Resource exhaustion / denial of wallet", owasp: ["LLM10:2025 Unbounded Consumption"], atlas: ["AML.T0034 Cost Harvesting"] },
  P5: { name: "Cross-server contamination / toxic flow", owasp: ["LLM06:2025 Excessive Agency"], atlas: ["AML.T0053 LLM Plugin Compromise"] },
  P6: { name: "Supply chain / tool-definition drift", owasp: ["LLM03:2025 Supply Chain"], atlas: ["AML.T0010 ML Supply Chain Compromise"] },
};

export const sevRank = (s) => { const i = SEVERITIES.indexOf(s); return i < 0 ? SEVERITIES.length : i; };

/** OWASP / ATLAS ids of an alert: its own (set by the detector) when present, else those of its P-classes. */
export function frameworkIds(alert) {
  const own = (k) => (Array.isArray(alert[k]) ? alert[k].map(String) : Array.isArray(alert.mapping?.[k]) ? alert.mapping[k].map(String) : []);
  const fromTax = (k) => [...new Set((alert.taxonomy ?? []).flatMap((p) => TAXONOMY[p]?.[k] ?? []))];
  const owasp = own("owasp");
  const atlas = own("atlas");
  return { owasp: owasp.length ? owasp : fromTax("owasp"), atlas: atlas.length ? atlas : fromTax("atlas"), derived: !owasp.length && !atlas.length };
}

export function timeAgo(iso, now = Date.now()) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "—";
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

export function clockTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  const p = (n, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

export function fullTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "—" : d.toLocaleString();
}

/** The tool name of a telemetry event (tools/call), or the resource/prompt it touched. */
export function eventTarget(ev) {
  const p = ev?.params;
  if (!p || typeof p !== "object") return "";
  return String(p.name ?? p.uri ?? "");
}
