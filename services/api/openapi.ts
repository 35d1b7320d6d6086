// OpenAPI 3.1 document generated from the route declarations and their zod schemas (the same schemas that
// validate requests), so the document cannot drift from the implementation.
import { z } from "zod";
import { AlertSchema } from "../../shared/schema/alert.js";
import { TelemetryEventSchema } from "../../shared/schema/telemetry.js";
import { GEIGER_VERSION } from "../../shared/version.js";
import type { DocumentedRoute } from "./route.js";

type JsonSchema = Record<string, unknown>;

const toSchema = (s: z.ZodType): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
};

/** express `/alerts/:id` → OpenAPI `/alerts/{id}`. */
export const openApiPath = (expressPath: string): string => expressPath.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

function parameters(schema: z.ZodType | undefined, where: "path" | "query"): JsonSchema[] {
  if (!schema) return [];
  const js = toSchema(schema);
  const props = (js.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((js.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({ name, in: where, required: where === "path" || required.has(name), schema: s }));
}

const ERROR = { $ref: "#/components/responses/Error" };

export function buildOpenApi(routes: DocumentedRoute[]): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec, fullPath } of routes) {
    const p = (paths[openApiPath(fullPath)] ??= {});
    const body = spec.body && (spec.rawBody
      ? { required: true, content: Object.fromEntries(spec.rawBody.map((t) => [t, { schema: t === "application/json" ? toSchema(spec.body!) : { type: "string", description: "one JSON TelemetryEvent per line" } }])) }
      : { required: true, content: { "application/json": { schema: toSchema(spec.body) } } });
    p[spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      operationId: `${spec.method}_${fullPath.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "")}`,
      "x-geiger-role": spec.access,
      security: spec.access === "public" ? [] : [{ bearer: [] }, { session: [] }],
      parameters: [...parameters(spec.params, "path"), ...parameters(spec.query, "query")],
      ...(body ? { requestBody: body } : {}),
      responses: {
        [String(spec.status ?? 200)]: { description: "success", content: { "application/json": { schema: { type: "object" } } } },
        "400": ERROR, "401": ERROR, "403": ERROR, "404": ERROR, "429": ERROR, "503": ERROR,
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Geiger alert API", version: GEIGER_VERSION, description: "Alerts, forensic search, timelines, stats, rules, suppressions, ingest and audit for MCP security monitoring. See docs/api.md." },
    servers: [{ url: "/" }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "API token (geiger_<id>.<secret>) or OIDC JWT" },
        session: { type: "apiKey", in: "cookie", name: "geiger_session", description: "Browser session; mutating requests also need X-Geiger-CSRF" },
      },
      schemas: { Alert: toSchema(AlertSchema), TelemetryEvent: toSchema(TelemetryEventSchema) },
      responses: {
        Error: {
          description: "error",
          content: { "application/json": { schema: { type: "object", required: ["error"], properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, details: {} } } } } } },
        },
      },
    },
    "x-websocket": { "/api/v1/stream": "Live alerts; see docs/api.md" },
  };
}
