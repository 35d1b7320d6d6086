// Which strings of an event the semantic detectors read, labelled by where the model meets them (a tool
// description, a tool result, outbound arguments …), capped in size and walked iteratively with a depth cap,
// extracted once per event and shared by every detector.
import type { TelemetryEvent } from "../../../shared/schema/telemetry.js";
import { normalise, type NormalisedText } from "./normalise.js";

export const SCOPES = [
  "tool_description", "prompt_description", "resource_description", "server_instructions",
  "tool_result", "resource_content", "prompt_content", "sampling", "elicitation", "error",
  "tool_arguments", "request_params",
] as const;
export type Scope = (typeof SCOPES)[number];

/** Metadata the model reads as guidance: where tool poisoning lives. */
export const DESCRIPTION_SCOPES: ReadonlySet<Scope> = new Set(["tool_description", "prompt_description", "resource_description", "server_instructions"]);
/** Content the model reads as data: where indirect injection lives. */
export const CONTENT_SCOPES: ReadonlySet<Scope> = new Set(["tool_result", "resource_content", "prompt_content", "sampling", "elicitation", "error"]);
/** What the agent sends out: where exfiltration shows. */
export const OUTBOUND_SCOPES: ReadonlySet<Scope> = new Set(["tool_arguments", "request_params"]);

export interface TextField {
  scope: Scope;
  /** JSON path in the event (`result.tools[2].description`). */
  path: string;
  /** The scanned part of the string (capped). */
  raw: string;
  /** Original length when the string was cut to the per-field cap. */
  truncatedFrom?: number;
  /** The tool / prompt / resource the text belongs to, when it belongs to one. */
  item?: string;
}

export interface Budgets {
  max_field_chars: number;
  max_event_chars: number;
  max_depth: number;
  max_nodes: number;
}

export interface EventTexts {
  fields: TextField[];
  /** Something was not scanned (a field cut, the event cap reached, depth or node cap hit). */
  truncated: { fieldsCut: number; eventCapHit: boolean; depthCapHit: boolean; nodeCapHit: boolean };
  /** Characters handed to the detectors. */
  scannedChars: number;
}

interface Walk { out: EventTexts; budgets: Budgets; nodes: number; chars: number }

const SCHEMA_TEXT_KEYS = new Set(["description", "title", "default", "examples", "enum", "const", "x-description"]);

function addString(w: Walk, scope: Scope, path: string, s: string, item?: string): void {
  if (s.length === 0) return;
  const room = w.budgets.max_event_chars - w.chars;
  if (room <= 0) { w.out.truncated.eventCapHit = true; return; }
  const cap = Math.min(w.budgets.max_field_chars, room);
  const field: TextField = { scope, path, raw: s.length > cap ? s.slice(0, cap) : s };
  if (s.length > cap) {
    field.truncatedFrom = s.length;
    w.out.truncated.fieldsCut++;
    if (cap === room) w.out.truncated.eventCapHit = true;
  }
  if (item !== undefined) field.item = item;
  w.chars += field.raw.length;
  w.out.fields.push(field);
}

/**
 * Collects string leaves under `root` iteratively (no recursion: hostile nesting cannot blow the stack).
 * `keys`, when given, keeps only strings found under one of those object keys (schema descriptions).
 */
function walkStrings(w: Walk, scope: Scope, root: unknown, base: string, item?: string, keys?: ReadonlySet<string>): void {
  const stack: { v: unknown; p: string; d: number; keep: boolean }[] = [{ v: root, p: base, d: 0, keep: !keys }];
  while (stack.length) {
    const { v, p, d, keep } = stack.pop()!;
    if (++w.nodes > w.budgets.max_nodes) { w.out.truncated.nodeCapHit = true; return; }
    // Under 8 characters nothing can be said or hidden ("text", "image/png", enum values): skip the cost.
    if (typeof v === "string") { if (keep && (v.length >= 8 || keys)) addString(w, scope, p, v, item); continue; }
    if (v === null || typeof v !== "object") continue;
    if (d >= w.budgets.max_depth) { w.out.truncated.depthCapHit = true; continue; }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], p: `${p}[${i}]`, d: d + 1, keep });
    } else {
      const entries = Object.keys(v as object);
      for (let i = entries.length - 1; i >= 0; i--) {
        const k = entries[i]!;
        stack.push({ v: (v as Record<string, unknown>)[k], p: `${p}.${k}`, d: d + 1, keep: keep || (keys?.has(k) ?? false) });
      }
    }
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function listDefinitions(w: Walk, scope: Scope, list: unknown[], base: string): void {
  for (let i = 0; i < list.length; i++) {
    const def = obj(list[i]);
    if (!def) continue;
    const name = str(def.name) ?? str(def.uri) ?? str(def.uriTemplate) ?? `#${i}`;
    const p = `${base}[${i}]`;
    for (const k of ["description", "title"]) { const s = str(def[k]); if (s) addString(w, scope, `${p}.${k}`, s, name); }
    const ann = obj(def.annotations);
    if (ann && str(ann.title)) addString(w, scope, `${p}.annotations.title`, ann.title as string, name);
    if (def.inputSchema !== undefined) walkStrings(w, scope, def.inputSchema, `${p}.inputSchema`, name, SCHEMA_TEXT_KEYS);
    if (def.outputSchema !== undefined) walkStrings(w, scope, def.outputSchema, `${p}.outputSchema`, name, SCHEMA_TEXT_KEYS);
    for (const [j, a] of arr(def.arguments).entries()) {
      const d = str(obj(a)?.description);
      if (d) addString(w, scope, `${p}.arguments[${j}].description`, d, name);
    }
  }
}

/** The tool named by a tools/call request, if any. */
export function toolName(event: TelemetryEvent): string | undefined {
  return event.method === "tools/call" ? str(obj(event.params)?.name) : undefined;
}

export function extractTexts(event: TelemetryEvent, budgets: Budgets): EventTexts {
  const out: EventTexts = { fields: [], truncated: { fieldsCut: 0, eventCapHit: false, depthCapHit: false, nodeCapHit: false }, scannedChars: 0 };
  const w: Walk = { out, budgets, nodes: 0, chars: 0 };
  const params = obj(event.params);
  const result = obj(event.result);
  switch (event.method) {
    case "initialize":
      if (result && str(result.instructions)) addString(w, "server_instructions", "result.instructions", result.instructions as string);
      break;
    case "tools/list":
      if (result) listDefinitions(w, "tool_description", arr(result.tools), "result.tools");
      break;
    case "prompts/list":
      if (result) listDefinitions(w, "prompt_description", arr(result.prompts), "result.prompts");
      break;
    case "resources/list":
      if (result) listDefinitions(w, "resource_description", arr(result.resources), "result.resources");
      break;
    case "resources/templates/list":
      if (result) listDefinitions(w, "resource_description", arr(result.resourceTemplates), "result.resourceTemplates");
      break;
    case "tools/call": {
      const tool = str(params?.name);
      if (params?.arguments !== undefined) walkStrings(w, "tool_arguments", params.arguments, "params.arguments", tool);
      if (event.result !== undefined) walkStrings(w, "tool_result", event.result, "result", tool);
      break;
    }
    case "resources/read":
      if (params) walkStrings(w, "request_params", params, "params");
      if (result) {
        for (const [i, c] of arr(result.contents).entries()) {
          const content = obj(c);
          if (!content) continue;
          const uri = str(content.uri);
          if (str(content.text)) addString(w, "resource_content", `result.contents[${i}].text`, content.text as string, uri);
          // Text resources are sometimes shipped as base64 blobs; decode the ones that claim a text type.
          const mime = str(content.mimeType) ?? "";
          if (str(content.blob) && /^(?:text\/|application\/(?:json|xml|javascript|x-yaml|yaml))/.test(mime)) {
            const blob = (content.blob as string).slice(0, Math.ceil(budgets.max_field_chars * 4 / 3));
            addString(w, "resource_content", `result.contents[${i}].blob`, Buffer.from(blob, "base64").toString("utf8"), uri);
          }
        }
      }
      break;
    case "prompts/get":
      if (params) walkStrings(w, "request_params", params, "params", str(params.name));
      if (event.result !== undefined) walkStrings(w, "prompt_content", event.result, "result", str(params?.name));
      break;
    case "sampling/createMessage":
      if (event.params !== undefined) walkStrings(w, "sampling", event.params, "params");
      break;
    case "elicitation/create":
      if (event.params !== undefined) walkStrings(w, "elicitation", event.params, "params");
      break;
    default:
      if (event.direction === "client_to_server" && event.kind === "request" && event.params !== undefined) walkStrings(w, "request_params", event.params, "params");
  }
  if (event.error) {
    addString(w, "error", "error.message", event.error.message);
    if (event.error.data !== undefined) walkStrings(w, "error", event.error.data, "error.data", toolName(event));
  }
  out.scannedChars = w.chars;
  return out;
}

/** A field with its normalised form, computed at most once per event however many detectors ask. */
export interface ScannedField extends TextField {
  norm(): NormalisedText;
}

const cache = new WeakMap<TelemetryEvent, { budgets: Budgets; texts: EventTexts & { fields: ScannedField[] } }>();

/** Memoised per event object: detectors share one extraction and one normalisation per field. */
export function textsOf(event: TelemetryEvent, budgets: Budgets): EventTexts & { fields: ScannedField[] } {
  const hit = cache.get(event);
  if (hit && hit.budgets === budgets) return hit.texts;
  const texts = extractTexts(event, budgets) as EventTexts & { fields: ScannedField[] };
  for (const f of texts.fields) {
    let n: NormalisedText | undefined;
    f.norm = () => (n ??= normalise(f.raw));
  }
  cache.set(event, { budgets, texts });
  return texts;
}

/** An excerpt with the matched part located in it: `span` is [start, end) within `excerpt`, `match` that part. */
export interface ExcerptSpan { excerpt: string; match: string; span: [number, number] }

const collapse = (x: string): string => x.replace(/\s+/g, " ");

/**
 * A short single-line excerpt of at most ~`width` characters around text[at, at+len), with the match's
 * position inside it (whitespace runs collapse to one space, so offsets are computed part by part).
 */
export function excerptSpan(text: string, at: number, len: number, width = 160): ExcerptSpan {
  const l = Math.max(0, Math.min(len, width, text.length - at));
  const start = Math.max(0, Math.min(at - Math.floor((width - l) / 2), text.length - width));
  const end = Math.min(text.length, Math.max(start + width, at + l));
  const prefix = start > 0 ? "…" : "";
  const pre = collapse(text.slice(start, at));
  const mid = collapse(text.slice(at, at + l));
  const post = collapse(text.slice(at + l, end));
  const excerpt = prefix + pre + mid + post + (end < text.length ? "…" : "");
  const s0 = prefix.length + pre.length;
  return { excerpt, match: mid, span: [s0, s0 + mid.length] };
}

/** A short excerpt around `at` in `text`, single-line, at most `width` characters. */
export function excerpt(text: string, at: number, len: number, width = 160): string {
  return excerptSpan(text, at, len, width).excerpt;
}
