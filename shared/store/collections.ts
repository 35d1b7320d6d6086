// What each stored collection is: its id and time fields, whether it is split into dated indices, which
// fields carry free text, and which hold arbitrary attacker-written JSON (stored, never mapped field by field).
import type { CollectionName, Doc } from "./port.js";

export interface CollectionSpec {
  idField: string;
  timeField: string;
  /** Daily indices behind an alias; retention deletes whole indices. */
  dated: boolean;
  /** Fields whose string leaves feed free-text search. */
  textFields: string[];
  /** Arbitrary JSON kept in _source but not indexed (no mapping explosion from hostile payloads). */
  opaqueFields: string[];
}

export const COLLECTIONS: Record<CollectionName, CollectionSpec> = {
  telemetry: {
    idField: "event_id",
    timeField: "ts",
    dated: true,
    textFields: ["method", "server.name", "agent.principal", "params", "result", "error"],
    opaqueFields: ["params", "result", "error.data"],
  },
  alerts: {
    idField: "alert_id",
    timeField: "last_seen",
    dated: false,
    textFields: ["title", "description", "rule_name", "rule_id", "evidence", "entity"],
    opaqueFields: [],
  },
  audit: { idField: "audit_id", timeField: "ts", dated: false, textFields: ["action", "actor", "target"], opaqueFields: ["before", "after"] },
  deadletters: { idField: "dlq_id", timeField: "ts", dated: false, textFields: ["reason", "stage"], opaqueFields: ["payload"] },
  config: { idField: "id", timeField: "updated_at", dated: false, textFields: ["kind"], opaqueFields: ["value"] },
};

/** Reads a dotted path ("agent.session_id") from a document. */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const MAX_TEXT = 32 * 1024;

/** The searchable text of a document: string leaves of its text fields, capped so a huge payload costs little. */
export function searchText(spec: CollectionSpec, doc: Doc): string {
  const parts: string[] = [];
  let size = 0;
  const walk = (v: unknown, depth: number): void => {
    if (size >= MAX_TEXT || depth > 32) return;
    if (typeof v === "string") { parts.push(v); size += v.length; }
    else if (typeof v === "number" || typeof v === "boolean") parts.push(String(v));
    else if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x, depth + 1);
  };
  for (const f of spec.textFields) walk(getPath(doc, f), 0);
  return parts.join(" ").slice(0, MAX_TEXT);
}

/** Words as a standard analyzer sees them, so embedded and Elasticsearch free text agree. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter((t) => t.length > 0);
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/** Returns null for anything that is not a cursor this store could have produced. */
export function decodeCursor(cursor: string): unknown[] | null {
  if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString());
    return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "string" || typeof x === "number") ? v : null;
  } catch {
    return null;
  }
}
