// docs/configuration.md's complete example must stay a valid config: it is loaded through loadGeigerConfig.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ConfigError } from "../../../shared/config/load.js";
import { loadGeigerConfig } from "../../../services/cli/config.js";

const doc = readFileSync(new URL("../../../docs/configuration.md", import.meta.url), "utf8");

function example(): string {
  const section = doc.slice(doc.indexOf("## Complete example"));
  const m = /```yaml\n([\s\S]*?)```/.exec(section);
  assert.ok(m, "the doc has a yaml example");
  return m[1]!;
}

describe("docs/configuration.md", () => {
  it("its complete example loads and sets every section", () => {
    const file = join(mkdtempSync(join(tmpdir(), "geiger-cfg-")), "geiger.yaml");
    writeFileSync(file, example());
    const cfg = loadGeigerConfig({ file, env: {} });
    assert.equal(cfg.api.oidc?.audience, "geiger");
    assert.equal(cfg.notifier.outputs.length, 4);
    assert.equal(cfg.notifier.routes[0]!.quiet_hours?.timezone, "Europe/Paris");
    assert.equal(cfg.detector.suppressions[0]!.id, "ci-scanner");
    assert.equal(cfg.collector.redaction.enabled, true);
    assert.equal(cfg.elasticsearch.index_prefix, "geiger-");
  });

  it("a bad key fails with its exact path", () => {
    const file = join(mkdtempSync(join(tmpdir(), "geiger-cfg-")), "geiger.yaml");
    writeFileSync(file, example().replace("min_severity: high", "min_severity: urgent").replace("max_clients: 500", "max_clients: 500\n    bogus_key: 1"));
    assert.throws(() => loadGeigerConfig({ file, env: {} }), (e: unknown) => e instanceof ConfigError
      && e.problems.some((p) => p.startsWith("notifier.routes.0.min_severity"))
      && e.problems.some((p) => p.includes("api.stream") && p.includes("bogus_key")));
  });

  it("documents every env variable the config loader and the API read", () => {
    for (const v of ["GEIGER_DATA_DIR", "GEIGER_TENANT", "KAFKA_BROKERS", "ELASTICSEARCH_URL", "GEIGER_PORT", "GEIGER_ADMIN_TOKEN", "GEIGER_CONFIG", "GEIGER_OPS_LISTEN"]) assert.ok(doc.includes(v), v);
  });
});
