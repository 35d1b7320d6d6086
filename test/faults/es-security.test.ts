// Elasticsearch transport security, tested on a real secured node (infra.sh's opt-in `es-secure`: security on,
// HTTPS with the local CA's certificate, a file-realm superuser): ElasticsearchStore round trips over HTTPS with
// basic auth and with an API key this test creates, and every way of getting it wrong is refused.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { stringify } from "yaml";
import { ElasticsearchConfigSchema, elasticsearchEnvOverrides } from "../../shared/config/infra.js";
import { GeigerError } from "../../shared/errors.js";
import { setLogLevel } from "../../shared/observability/log.js";
import { ElasticsearchStore } from "../../shared/store/elasticsearch.js";
import type { Doc } from "../../shared/store/port.js";
import { loadGeigerConfig } from "../../services/cli/config.js";
import { makeStore } from "../../services/runtime/adapters.js";
import { makeEvent } from "../support/events.js";
import { runId, tempDir } from "../support/faults.js";
import { startSecureEs, stopSecureEs, type SecureEs } from "./support/es-secure.js";

setLogLevel("silent");

let es: SecureEs;
const t0 = Date.now();
before(async () => { es = await startSecureEs(); }, { timeout: 300_000 });
after(async () => {
  await stopSecureEs();
  console.log(`es-security: ${Math.round((Date.now() - t0) / 1000)} s including the secured node's start and stop`);
}, { timeout: 120_000 });

/** ensure templates/indices, bulk write, full-text search, get, count: all over the given store's connection. */
async function roundTrip(store: ElasticsearchStore, marker: string): Promise<void> {
  await store.init();
  await store.init(); // idempotent on a secured cluster too
  const events = [1, 2, 3].map((i) => makeEvent({ session: `s-${marker}`, text: `${marker} payload ${i}` }));
  const res = await store.bulkWrite("telemetry", events.map((e) => ({ id: e.event_id, doc: e as unknown as Doc })));
  assert.deepEqual(res, { written: 3, failed: [] });
  await store.refresh("telemetry");
  const page = await store.search("telemetry", { text: marker, limit: 10 });
  assert.deepEqual(new Set(page.items.map((d) => d.event_id)), new Set(events.map((e) => e.event_id)));
  const got = await store.get("telemetry", events[1]!.event_id);
  assert.equal((got as { result?: { content: { text: string }[] } } | null)?.result?.content[0]?.text, `${marker} payload 2`);
  assert.equal(await store.count("telemetry", { filters: [{ op: "eq", field: "agent.session_id", value: `s-${marker}` }] }), 3);
}

/** The refusal a call produced, as the GeigerError the store classifies it into. */
async function refusal(p: Promise<unknown>): Promise<GeigerError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof GeigerError, `expected a GeigerError, got ${String(err)}`);
    return err;
  }
  assert.fail("the call was expected to be refused");
}

test("basic auth over HTTPS through the services' own config path (YAML file → makeStore): full round trip", { timeout: 120_000 }, async () => {
  const prefix = `${runId("esbasic")}-`;
  const file = join(tempDir("es-basic"), "geiger.yaml");
  writeFileSync(file, stringify({ elasticsearch: { url: es.url, username: es.username, password: es.password, tls: { ca_file: es.caFile }, index_prefix: prefix } }));
  const store = await makeStore(loadGeigerConfig({ file, env: {} }), "distributed") as ElasticsearchStore;
  try {
    await roundTrip(store, "basicmarker");
    const who = await store.client.security.authenticate();
    assert.equal(who.username, es.username);
    assert.equal(who.authentication_realm.type, "file");
    assert.equal(who.authentication_type, "realm");
  } finally {
    await store.destroy();
    await store.close();
  }
});

test("API key created by the test (scoped to the index prefix): round trip, both key forms, out-of-scope and revoked keys refused", { timeout: 120_000 }, async () => {
  const prefix = `${runId("eskey")}-`;
  const admin = new ElasticsearchStore(ElasticsearchConfigSchema.parse({ url: es.url, username: es.username, password: es.password, tls: { ca_file: es.caFile } }));
  try {
    // Least privilege for one Geiger deployment: its templates and the indices/aliases under its prefix.
    const key = await admin.client.security.createApiKey({
      name: `geiger-${prefix}`,
      expiration: "1h",
      role_descriptors: { geiger_store: { cluster: ["manage_index_templates", "monitor"], indices: [{ names: [`${prefix}*`], privileges: ["all"] }] } },
    });
    assert.ok(key.encoded && key.id && key.api_key);

    // through the documented env overrides (ELASTICSEARCH_URL / _API_KEY / _CA_FILE)
    const env = { ELASTICSEARCH_URL: es.url, ELASTICSEARCH_API_KEY: key.encoded, ELASTICSEARCH_CA_FILE: es.caFile };
    const store = new ElasticsearchStore(ElasticsearchConfigSchema.parse({ ...elasticsearchEnvOverrides(env), index_prefix: prefix }));
    const raw = new ElasticsearchStore(ElasticsearchConfigSchema.parse({ url: es.url, api_key: `${key.id}:${key.api_key}`, tls: { ca_file: es.caFile }, index_prefix: prefix }));
    const outside = new ElasticsearchStore(ElasticsearchConfigSchema.parse({ url: es.url, api_key: key.encoded, tls: { ca_file: es.caFile }, index_prefix: `${runId("esother")}-` }));
    try {
      await roundTrip(store, "apikeymarker");
      const who = await store.client.security.authenticate();
      assert.equal(who.authentication_type, "api_key");
      assert.equal(who.api_key?.id, key.id);
      assert.equal(await raw.count("telemetry", {}), 3, "the raw id:api_key form authenticates as the same key");

      const scoped = await refusal(outside.get("alerts", "x"));
      assert.match(scoped.message, /403 security_exception .*unauthorized for API key id \[/);
      assert.equal(scoped.retriable, false);

      await admin.client.security.invalidateApiKey({ ids: [key.id] });
      const revoked = await refusal(store.count("telemetry", {}));
      assert.match(revoked.message, /401 security_exception unable to authenticate/);
      assert.equal(revoked.retriable, false);
    } finally {
      await store.close();
      await raw.close();
      await outside.close();
    }
  } finally {
    await new ElasticsearchStore(ElasticsearchConfigSchema.parse({ url: es.url, username: es.username, password: es.password, tls: { ca_file: es.caFile }, index_prefix: prefix })).destroy();
    await admin.close();
  }
});

test("refused: wrong password, no credentials, plain http:// to the HTTPS port, a CA the client does not trust; half a credential is a config error", { timeout: 120_000 }, async () => {
  const base = { url: es.url, tls: { ca_file: es.caFile }, index_prefix: `${runId("esrefused")}-` };
  const open = (cfg: Record<string, unknown>): ElasticsearchStore => new ElasticsearchStore(ElasticsearchConfigSchema.parse(cfg));

  const cases: { name: string; cfg: Record<string, unknown>; expect: RegExp; retriable: boolean }[] = [
    { name: "wrong password", cfg: { ...base, username: es.username, password: "not-the-password" }, expect: /401 security_exception unable to authenticate user \[geiger\]/, retriable: false },
    { name: "no credentials", cfg: base, expect: /401 security_exception missing authentication credentials/, retriable: false },
    { name: "plain http to the HTTPS port", cfg: { ...base, url: es.url.replace("https:", "http:"), username: es.username, password: es.password }, expect: /socket hang up|ECONNRESET|closed|other side closed/i, retriable: true },
    { name: "CA not trusted", cfg: { ...base, tls: undefined, username: es.username, password: es.password }, expect: /certificate/i, retriable: true },
  ];
  for (const c of cases) {
    const store = open(c.cfg);
    try {
      const err = await refusal(store.init());
      assert.match(err.message, c.expect, `${c.name}: ${err.message}`);
      assert.equal(err.retriable, c.retriable, c.name);
    } finally {
      await store.close();
    }
  }

  // reject_unauthorized: false is wired (insecure; documented as such): the same untrusted server is accepted
  const insecure = open({ ...base, username: es.username, password: es.password, tls: { reject_unauthorized: false } });
  try {
    assert.equal((await insecure.client.security.authenticate()).username, es.username);
  } finally {
    await insecure.close();
  }

  // half a credential would silently connect anonymously: the config refuses it instead
  assert.throws(() => loadGeigerConfig({ env: {}, overrides: { elasticsearch: { username: "geiger" } } }), /elasticsearch\.password: username is set but password is not/);
  assert.throws(() => loadGeigerConfig({ env: {}, overrides: { elasticsearch: { api_key: "k", username: "u", password: "p" } } }), /elasticsearch\.api_key: set api_key or username\/password, not both/);
});
