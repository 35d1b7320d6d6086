// Ingest: TelemetryEvent batches (JSON array or JSONL) from HTTP sinks onto the telemetry topic. Each event
// is validated on its own; the answer says exactly which were rejected and why (partial success is explicit).
import { z } from "zod";
import { GeigerError } from "../../../shared/errors.js";
import { counter } from "../../../shared/observability/metrics.js";
import { parseTelemetry, type TelemetryEvent } from "../../../shared/schema/telemetry.js";
import type { ApiContext } from "../context.js";
import { ApiError, badRequest } from "../errors.js";

export const INGEST_TYPES = ["application/json", "application/x-ndjson", "application/jsonl", "application/jsonlines", "text/plain"];

export const IngestResultSchema = z.strictObject({
  accepted: z.number().int(),
  rejected: z.array(z.strictObject({ index: z.number().int(), reason: z.string() })),
});

/** Splits a body into raw records: a JSON array (or one object), else one JSON document per line. */
export function splitBatch(text: string, isJson: boolean, maxEvents: number): unknown[] {
  const trimmed = text.trim();
  if (!trimmed) throw badRequest("empty body: send a JSON array or JSON lines of TelemetryEvents");
  let records: unknown[];
  if (isJson || trimmed.startsWith("[")) {
    let v: unknown;
    try { v = JSON.parse(trimmed); } catch (err) {
      if (isJson || !trimmed.includes("\n")) throw badRequest(`malformed JSON body: ${(err as Error).message.slice(0, 200)}`);
      v = undefined;
    }
    if (v !== undefined) records = Array.isArray(v) ? v : [v];
    else records = trimmed.split(/\r?\n/).filter((l) => l.trim() !== "");
  } else {
    records = trimmed.split(/\r?\n/).filter((l) => l.trim() !== "");
  }
  if (records.length > maxEvents) throw new ApiError(413, "too_large", `too many events in one batch (${records.length} > ${maxEvents})`);
  return records;
}

export function register(ctx: ApiContext): void {
  const { registry, api } = ctx;
  const accepted = counter("geiger_api_ingest_events_total", "Events received on POST /ingest by outcome", ["outcome"]);
  const cfg = ctx.config.api;

  registry.define(api, "/api/v1", { method: "post", path: "/ingest", access: "ingest", tag: "ingest", summary: "Publish a batch of TelemetryEvents (JSON array or JSONL)", rawBody: INGEST_TYPES, body: z.array(z.unknown()) }, async ({ req, res, principal }) => {
    const type = (req.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!INGEST_TYPES.includes(type)) throw new ApiError(415, "unsupported_media_type", `send application/json (array) or application/x-ndjson, not '${type || "none"}'`);
    if (!Buffer.isBuffer(req.body)) throw badRequest("missing body");
    const records = splitBatch(req.body.toString("utf8"), type === "application/json", cfg.ingest_max_events);
    const good: TelemetryEvent[] = [];
    const rejected: { index: number; reason: string }[] = [];
    records.forEach((rec, index) => {
      const r = parseTelemetry(typeof rec === "string" ? rec : rec);
      if (!r.ok) rejected.push({ index, reason: r.reason.slice(0, 500) });
      else if (principal.tenant !== "*" && r.value.tenant !== principal.tenant) rejected.push({ index, reason: `tenant '${r.value.tenant.slice(0, 100)}' is outside your token's tenant '${principal.tenant}'` });
      else good.push(r.value);
    });
    try {
      for (let i = 0; i < good.length; i += 1000) {
        await ctx.bus.publish(ctx.config.topics.telemetry, good.slice(i, i + 1000).map((e) => ({ key: e.agent.session_id, value: JSON.stringify(e) })));
      }
    } catch (err) {
      throw new GeigerError(`ingest publish failed: ${(err as Error).message}`, { retriable: true, cause: err });
    }
    accepted.inc({ outcome: "accepted" }, good.length);
    accepted.inc({ outcome: "rejected" }, rejected.length);
    const out = { accepted: good.length, rejected };
    if (good.length === 0) {
      res.status(422).json({ error: { code: "all_rejected", message: `every event was rejected (${rejected.length})` }, ...out });
      return undefined;
    }
    res.status(rejected.length ? 207 : 200).json(out);
    return undefined;
  });
}
