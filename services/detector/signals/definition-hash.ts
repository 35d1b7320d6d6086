// Canonical hash of an MCP tool/prompt definition: what the model is told about it (description, title,
// schemas, annotations), with object keys sorted so re-ordering by a server is not a "change".
import { createHash } from "node:crypto";
import { boundedMemo } from "./memo.js";

const MAX_DEPTH = 64;

/** JSON with sorted keys; depth-capped so a hostile schema cannot blow the stack. */
export function canonicalJson(v: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) return '"[too deep]"';
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJson(x, depth + 1)).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k], depth + 1)}`).join(",")}}`;
}

/** Hashes of recently seen definitions, by their plain JSON. */
const memo = boundedMemo<string, string>(1024);

export function definitionHash(def: Record<string, unknown>): string {
  const { description, title, inputSchema, outputSchema, annotations, arguments: args } = def;
  const parts = { description, title, inputSchema, outputSchema, annotations, arguments: args };
  // Every tools/list repeats the same definitions: native JSON.stringify (key order as sent) finds them again at a
  // fraction of the sorted canonical form's cost. The same definition re-ordered misses the memo, not the hash.
  const hash = (): string => createHash("sha256").update(canonicalJson(parts)).digest("hex").slice(0, 16);
  let plain: string;
  try { plain = JSON.stringify(parts); } catch { return hash(); } // too deep for the native serialiser
  return memo.get(plain, hash);
}
