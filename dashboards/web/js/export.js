// Client-side export of search results: JSONL (lossless) and CSV (flat columns for spreadsheets, with formula
// injection neutralised because attacker-written text ends up in analysts' spreadsheets).

export const CSV_COLUMNS = [
  ["ts", (e) => e.ts], ["event_id", (e) => e.event_id], ["tenant", (e) => e.tenant],
  ["session_id", (e) => e.agent?.session_id], ["agent_id", (e) => e.agent?.id], ["principal", (e) => e.agent?.principal],
  ["server", (e) => e.server?.name], ["transport", (e) => e.server?.transport], ["direction", (e) => e.direction],
  ["kind", (e) => e.kind], ["method", (e) => e.method], ["tool", (e) => e.params?.name ?? e.params?.uri],
  ["duration_ms", (e) => e.duration_ms], ["error", (e) => e.error?.message], ["cost_usd", (e) => e.cost?.usd],
  ["request_bytes", (e) => e.size?.request_bytes], ["response_bytes", (e) => e.size?.response_bytes],
  ["params", (e) => (e.params === undefined ? "" : JSON.stringify(e.params))],
  ["result", (e) => (e.result === undefined ? "" : JSON.stringify(e.result))],
];

/** One CSV cell: quoted when needed; a leading = + - @ TAB CR is prefixed with ' so spreadsheets never evaluate it. */
export function csvCell(v) {
  if (v === undefined || v === null) return "";
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(events) {
  const head = CSV_COLUMNS.map(([k]) => k).join(",");
  return [head, ...events.map((e) => CSV_COLUMNS.map(([, get]) => csvCell(get(e))).join(","))].join("\r\n") + "\r\n";
}

export function toJsonl(events) {
  return events.map((e) => JSON.stringify(e)).join("\n") + (events.length ? "\n" : "");
}

/** Starts a download of `text` (browser only). */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
