// Canonical hash of an MCP tool/prompt definition: what the model is told about it (description, title,
// schemas, annotations), with object keys sorted so re-ordering by a server is not a "change".
import { createHash } from "node:crypto";

const MAX_DEPTH = 64;

/** JSON with sorted keys; depth-capped so a hostile schema cannot blow the stack. */
export function canonicalJson(v: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) return '"[too deep]"';
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJson(x, depth + 1)).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k], depth + 1)}`).join(",")}}`;
}

export function definitionHash(def: Record<string, unknown>): string {
  const { description, title, inputSchema, outputSchema, annotations, arguments: args } = def;
  return createHash("sha256").update(canonicalJson({ description, title, inputSchema, outputSchema, annotations, arguments: args })).digest("hex").slice(0, 16);
}
