// The OpenAPI document and the express routes describe the same API: every route has a path+method in the
// document and every documented operation is served.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { openApiPath } from "../../../services/api/openapi.js";
import { startApi, type TestApi } from "./helpers.js";

interface Layer { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] }; match(path: string): boolean; name?: string }

function expressRoutes(app: { router: { stack: Layer[] } }): Set<string> {
  const out = new Set<string>();
  const walk = (stack: Layer[], prefix: string): void => {
    for (const l of stack) {
      if (l.route) for (const m of Object.keys(l.route.methods)) { if (m !== "_all") out.add(`${m} ${prefix}${l.route.path}`); }
      else if (l.handle?.stack) {
        const mount = l.match("/api/v1/zz-probe") && !l.match("/zz-probe") ? "/api/v1" : "";
        walk(l.handle.stack, prefix + mount);
      }
    }
  };
  walk(app.router.stack, "");
  return out;
}

describe("OpenAPI document", () => {
  let t: TestApi;
  before(async () => { t = await startApi(); });
  after(() => t.close());

  it("is OpenAPI 3.1 and matches the express routes exactly", async () => {
    const doc = (await t.call("/api/v1/openapi.json")).body;
    assert.equal(doc.openapi, "3.1.0");
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) for (const m of Object.keys(ops)) documented.add(`${m} ${path}`);
    const served = new Set([...expressRoutes(t.api.app as never)].map((r) => { const [m, p] = r.split(" "); return `${m} ${openApiPath(p!)}`; }));
    assert.ok(served.size >= 20, `found ${served.size} express routes`);
    assert.deepEqual([...served].filter((r) => !documented.has(r)), [], "routes missing from the document");
    assert.deepEqual([...documented].filter((r) => !served.has(r)), [], "documented operations not served");
    for (const r of ["get /api/v1/alerts", "patch /api/v1/alerts/{id}", "get /api/v1/sessions/{id}/timeline", "post /api/v1/ingest", "get /api/v1/openapi.json"]) assert.ok(documented.has(r), r);
  });

  it("documents query parameters and bodies from the validating schemas", async () => {
    const doc = (await t.call("/api/v1/openapi.json")).body;
    const list = doc.paths["/api/v1/alerts"].get;
    const names = list.parameters.map((p: any) => p.name);
    for (const n of ["status", "severity", "taxonomy", "rule", "server", "tool", "principal", "since", "until", "q", "limit", "cursor"]) assert.ok(names.includes(n), n);
    const patch = doc.paths["/api/v1/alerts/{id}"].patch.requestBody.content["application/json"].schema;
    assert.deepEqual(Object.keys(patch.properties).sort(), ["assignee", "note", "status"]);
    assert.equal(patch.additionalProperties, false);
    assert.equal(doc.paths["/api/v1/alerts/{id}"].patch["x-geiger-role"], "analyst");
    assert.ok(doc.paths["/api/v1/ingest"].post.requestBody.content["application/x-ndjson"]);
  });
});
