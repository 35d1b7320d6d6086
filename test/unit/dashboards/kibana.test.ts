// The Kibana saved objects parse, every reference resolves inside the file, and every field they chart exists
// in Geiger's Elasticsearch mappings (a renamed field would otherwise break the dashboard silently).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { MAPPINGS } from "../../../shared/store/es-mappings.js";

interface SavedObject { id: string; type: string; attributes: Record<string, unknown>; references: { name: string; type: string; id: string }[] }

const objects: SavedObject[] = readFileSync(new URL("../../../dashboards/kibana/geiger.ndjson", import.meta.url), "utf8")
  .split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as SavedObject);

/** Dotted field paths an ES mapping defines, multi-fields (title.raw) included. */
function fieldsOf(mapping: Record<string, unknown>, prefix = ""): Set<string> {
  const out = new Set<string>();
  const props = (mapping.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [k, v] of Object.entries(props)) {
    const path = prefix + k;
    out.add(path);
    for (const f of fieldsOf(v, `${path}.`)) out.add(f);
    for (const sub of Object.keys((v.fields ?? {}) as object)) out.add(`${path}.${sub}`);
  }
  return out;
}

const byKey = new Map(objects.map((o) => [`${o.type}:${o.id}`, o]));
const indexPatternFields: Record<string, Set<string>> = {
  "geiger-telemetry": fieldsOf(MAPPINGS.telemetry),
  "geiger-alerts": fieldsOf(MAPPINGS.alerts),
};

test("the ndjson has unique ids, the two data views with their time fields, and a dashboard", () => {
  assert.equal(byKey.size, objects.length, "duplicate type:id");
  const tele = byKey.get("index-pattern:geiger-telemetry")!;
  assert.equal(tele.attributes.title, "geiger-telemetry-*");
  assert.equal(tele.attributes.timeFieldName, "@timestamp");
  const alerts = byKey.get("index-pattern:geiger-alerts")!;
  assert.equal(alerts.attributes.title, "geiger-alerts");
  assert.equal(alerts.attributes.timeFieldName, "last_seen");
  assert.ok(objects.some((o) => o.type === "dashboard"));
  for (const [ip, fields] of Object.entries(indexPatternFields)) {
    assert.ok(fields.has(String(byKey.get(`index-pattern:${ip}`)!.attributes.timeFieldName)), `${ip} time field is mapped`);
  }
});

test("every reference resolves to an object in the file, and every ref name is used", () => {
  for (const o of objects) {
    for (const r of o.references) assert.ok(byKey.has(`${r.type}:${r.id}`), `${o.id} → ${r.type}:${r.id} does not resolve`);
    const meta = o.attributes.kibanaSavedObjectMeta as { searchSourceJSON?: string } | undefined;
    const ss = meta?.searchSourceJSON ? (JSON.parse(meta.searchSourceJSON) as { indexRefName?: string }) : {};
    if (ss.indexRefName) assert.ok(o.references.some((r) => r.name === ss.indexRefName && r.type === "index-pattern"), `${o.id} indexRefName`);
    if (o.type === "dashboard") {
      const panels = JSON.parse(String(o.attributes.panelsJSON)) as { panelRefName: string; panelIndex: string }[];
      assert.ok(panels.length >= 4);
      assert.equal(new Set(panels.map((p) => p.panelIndex)).size, panels.length, "panelIndex unique");
      for (const p of panels) assert.ok(o.references.some((r) => r.name === p.panelRefName), `panel ${p.panelRefName} has a reference`);
      assert.equal(o.references.length, panels.length);
    }
  }
});

test("every field a visualization or saved search uses is mapped in its index", () => {
  let checked = 0;
  for (const o of objects.filter((x) => x.type === "visualization" || x.type === "search")) {
    const ip = o.references.find((r) => r.type === "index-pattern")!.id;
    const fields = indexPatternFields[ip]!;
    const used: string[] = [];
    if (o.type === "visualization") {
      const vis = JSON.parse(String(o.attributes.visState)) as { aggs: { params: { field?: string } }[] };
      for (const a of vis.aggs) if (a.params.field) used.push(a.params.field);
    } else {
      used.push(...(o.attributes.columns as string[]), ...(o.attributes.sort as [string, string][]).map(([f]) => f));
    }
    for (const f of used) { assert.ok(fields.has(f), `${o.id}: field '${f}' is not mapped in ${ip}`); checked++; }
  }
  assert.ok(checked >= 10, `only ${checked} fields checked`);
});
