// JSON Schema documents of the wire contracts, generated from the zod schemas (docs/schemas/*.json is the
// published copy; a unit test keeps it in sync, `npm run gen:schemas` rewrites it).
import { z } from "zod";
import { AlertSchema } from "./alert.js";
import { TelemetryEventSchema } from "./telemetry.js";

export function contractJsonSchemas(): Record<string, unknown> {
  const gen = (schema: z.ZodType, id: string, title: string) => ({
    $id: `https://geiger.dev/schemas/${id}`,
    title,
    ...z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" }),
  });
  return {
    "telemetry-event.v1.json": gen(TelemetryEventSchema, "telemetry-event.v1.json", "Geiger TelemetryEvent (geiger.telemetry/v1)"),
    "alert.v1.json": gen(AlertSchema, "alert.v1.json", "Geiger Alert (geiger.alert/v1)"),
  };
}
