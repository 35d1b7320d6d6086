// TelemetryEvent (contract 1): the wire format on mcp.telemetry, one object per JSON-RPC exchange.
import { z } from "zod";

export const TELEMETRY_SCHEMA = "geiger.telemetry/v1" as const;

const nonEmpty = z.string().min(1).max(1024);

export const AgentSchema = z.looseObject({
  id: nonEmpty,
  session_id: nonEmpty,
  principal: z.string().max(1024).optional(),
  client_name: z.string().max(1024).optional(),
  client_version: z.string().max(1024).optional(),
  host: z.string().max(1024).optional(),
});

export const ServerSchema = z.looseObject({
  name: nonEmpty,
  transport: z.enum(["stdio", "streamable-http", "sse"]),
  version: z.string().max(1024).optional(),
  endpoint: z.string().max(4096).optional(),
});

export const RpcErrorSchema = z.looseObject({
  code: z.number(),
  message: z.string(),
  data: z.unknown().optional(),
});

export const RedactionSchema = z.looseObject({
  path: z.string(),
  kind: z.string(),
  fingerprint: z.string(),
});

export const TelemetryEventSchema = z.looseObject({
  schema: z.literal(TELEMETRY_SCHEMA),
  event_id: nonEmpty,
  ts: z.iso.datetime({ offset: true }),
  duration_ms: z.number().nonnegative().optional(),
  tenant: nonEmpty,
  agent: AgentSchema,
  server: ServerSchema,
  collector: z.looseObject({ id: nonEmpty, version: z.string().max(256) }),
  direction: z.enum(["client_to_server", "server_to_client"]),
  kind: z.enum(["request", "notification"]),
  method: z.string().min(1).max(512),
  rpc_id: z.union([z.string(), z.number()]).optional(),
  params: z.unknown().optional(),
  result: z.unknown().optional(),
  error: RpcErrorSchema.optional(),
  size: z.looseObject({
    request_bytes: z.number().int().nonnegative(),
    response_bytes: z.number().int().nonnegative(),
  }),
  redactions: z.array(RedactionSchema).optional(),
  cost: z
    .looseObject({
      units: z.number().nonnegative().optional(),
      usd: z.number().nonnegative().optional(),
      source: z.enum(["price_table", "meta"]),
    })
    .optional(),
  trace: z.looseObject({ traceparent: z.string().max(512).optional() }).optional(),
});

export type TelemetryEvent = z.infer<typeof TelemetryEventSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Formats zod issues as one line per problem with its path, for dead-letter records and 4xx bodies. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 20)
    .map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`)
    .join("; ");
}

/** Parses raw bytes/text from a bus or HTTP body. Never throws: bad input is a value (dead-letter with reason). */
export function parseTelemetry(raw: string | Buffer | unknown): ParseResult<TelemetryEvent> {
  let value: unknown = raw;
  if (typeof raw === "string" || Buffer.isBuffer(raw)) {
    try {
      value = JSON.parse(raw.toString());
    } catch (err) {
      return { ok: false, reason: `invalid JSON: ${(err as Error).message.slice(0, 200)}` };
    }
  }
  const res = TelemetryEventSchema.safeParse(value);
  return res.success ? { ok: true, value: res.data } : { ok: false, reason: `schema: ${describeIssues(res.error)}` };
}
