// JSON-RPC 2.0 message classification for observation: request / notification / response, batches, and the
// best-effort `method`/`id` recovery from the head and tail of a message too large to parse.

export type RpcId = string | number;

export type RpcMessage =
  | { type: "request"; id: RpcId; method: string; params?: unknown }
  | { type: "notification"; method: string; params?: unknown }
  | { type: "response"; id: RpcId | null; result?: unknown; error?: { code: number; message: string; data?: unknown }; hasResult: boolean };

/** One observed message with the bytes it took on the wire (for a batch: its share, re-measured). */
export interface SizedMessage {
  msg: RpcMessage;
  bytes: number;
}

export type ParsedLine =
  | { ok: true; messages: SizedMessage[]; batch: boolean }
  | { ok: false; reason: "invalid_json" | "not_jsonrpc" };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is RpcId => typeof v === "string" || (typeof v === "number" && Number.isFinite(v));

export function classify(v: unknown): RpcMessage | null {
  if (!isObj(v)) return null;
  const method = v.method;
  if (typeof method === "string" && method.length > 0) {
    const params = v.params;
    if (isId(v.id)) return params === undefined ? { type: "request", id: v.id, method } : { type: "request", id: v.id, method, params };
    if (v.id === undefined) return params === undefined ? { type: "notification", method } : { type: "notification", method, params };
    return null;
  }
  if (!("result" in v) && !("error" in v)) return null;
  if (!isId(v.id) && v.id !== null) return null;
  const out: RpcMessage = { type: "response", id: v.id, hasResult: "result" in v };
  if ("result" in v) out.result = v.result;
  if (isObj(v.error)) {
    const e = v.error;
    out.error = {
      code: typeof e.code === "number" ? e.code : 0,
      message: typeof e.message === "string" ? e.message : String(e.message ?? ""),
      ...(e.data !== undefined ? { data: e.data } : {}),
    };
  }
  return out;
}

/** Parses one framed line. Never throws: garbage is a value the observer records. */
export function parseLine(text: string, lineBytes: number): ParsedLine {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, reason: "invalid_json" };
  }
  return parseValue(v, lineBytes);
}

export function parseValue(v: unknown, bytes: number): ParsedLine {
  if (Array.isArray(v)) {
    if (v.length === 0) return { ok: false, reason: "not_jsonrpc" };
    const messages: SizedMessage[] = [];
    for (const item of v) {
      const msg = classify(item);
      if (!msg) return { ok: false, reason: "not_jsonrpc" };
      messages.push({ msg, bytes: v.length === 1 ? bytes : Buffer.byteLength(JSON.stringify(item)) });
    }
    return { ok: true, messages, batch: true };
  }
  const msg = classify(v);
  return msg ? { ok: true, messages: [{ msg, bytes }], batch: false } : { ok: false, reason: "not_jsonrpc" };
}

/** Bounded, linear scans of a truncated message's head and tail for its method and id. */
export function sniffTruncated(head: string, tail: string): { method?: string; id?: RpcId; isResponse: boolean } {
  const m = /"method"\s{0,8}:\s{0,8}"([^"\\]{1,256})"/.exec(head);
  const idRe = /"id"\s{0,8}:\s{0,8}(-?\d{1,20}|"[^"\\]{0,256}")/;
  const idm = idRe.exec(head) ?? idRe.exec(tail);
  let id: RpcId | undefined;
  if (idm) id = idm[1]!.startsWith('"') ? idm[1]!.slice(1, -1) : Number(idm[1]);
  const isResponse = !m && /"(result|error)"\s{0,8}:/.test(head);
  return { ...(m ? { method: m[1]! } : {}), ...(id !== undefined ? { id } : {}), isResponse };
}
