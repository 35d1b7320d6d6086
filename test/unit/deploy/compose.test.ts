// deploy/compose/docker-compose.yml cannot run here (no container engine): check its structure and that every
// Geiger service runs a real command with env, ports and config the code accepts.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { z } from "zod";
import { parseArgs, stringFlag } from "../../../services/cli/args.js";
import { parseSinkUrl } from "../../../services/collector/sinks/sink.js";
import { cliCommands, COMPOSE_DIR, envNamesReadByCode, loadConfigText, OPS_SERVICES, opsListenOf, REPO, yamlDocs } from "./manifests.js";

const ComposeService = z.looseObject({
  image: z.string().min(1),
  command: z.array(z.string()).optional(),
  entrypoint: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  ports: z.array(z.string().regex(/^127\.0\.0\.1:\d+:\d+$/, "published on loopback only: 127.0.0.1:HOST:CONTAINER")).optional(),
  volumes: z.array(z.string()).optional(),
  depends_on: z.record(z.string(), z.strictObject({ condition: z.enum(["service_started", "service_healthy", "service_completed_successfully"]) })).optional(),
  profiles: z.array(z.string()).optional(),
  healthcheck: z.looseObject({ test: z.array(z.string()).min(2) }).optional(),
});
const Compose = z.looseObject({ name: z.string(), services: z.record(z.string(), ComposeService), volumes: z.record(z.string(), z.null()).optional() });
type Service = z.infer<typeof ComposeService>;

const compose = Compose.parse(yamlDocs(join(COMPOSE_DIR, "docker-compose.yml"))[0]);
const services = compose.services;
const GEIGER = ["indexer", "detector", "notifier", "api", "collector"];

/** `.env.example` values, as compose would substitute them. */
const dotenv = Object.fromEntries(readFileSync(join(COMPOSE_DIR, ".env.example"), "utf8").split("\n")
  .filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));

/** Compose variable substitution: ${VAR}, ${VAR:-default}, ${VAR:?error}. */
function interpolate(s: string, vars: Record<string, string>): string {
  return s.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    const v = vars[name];
    if (v !== undefined && v !== "") return v;
    if (op === "?") throw new Error(`compose would refuse to start: ${arg}`);
    return op === "-" ? arg ?? "" : "";
  });
}

const envOf = (s: Service): Record<string, string> => Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, interpolate(v, dotenv)]));
const svc = (name: string): Service => { const s = services[name]; assert.ok(s, `service ${name}`); return s; };
const hostPath = (s: Service, target: string): string | undefined => s.volumes?.map((v) => v.split(":")).find(([, t]) => t === target)?.[0];
const configFor = (name: string) => {
  const s = svc(name);
  const env = envOf(s);
  const src = hostPath(s, env.GEIGER_CONFIG!);
  assert.ok(src, `${name} mounts its GEIGER_CONFIG (${env.GEIGER_CONFIG})`);
  return loadConfigText(readFileSync(join(COMPOSE_DIR, src), "utf8"), env);
};

test("compose file parses; engines are pinned to the versions the code is tested against", () => {
  assert.equal(interpolate(svc("kafka").image, dotenv), "apache/kafka:3.9.1");
  const pom = readFileSync(join(REPO, "deploy/local/kafka/pom.xml"), "utf8");
  assert.match(pom, /3\.9\.1/, "same Kafka version as deploy/local");
  const es = /elasticsearch:(\d+)\.(\d+)\.\d+$/.exec(svc("elasticsearch").image);
  const client = /\^?(\d+)\.(\d+)/.exec((JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies["@elastic/elasticsearch"]!);
  assert.ok(es && client);
  assert.deepEqual([es[1], es[2]], [client[1], client[2]], "ES server major.minor = client's (a 9.x client fails on 8.x)");
  assert.equal(svc("elasticsearch").environment?.["xpack.security.enabled"], "false");
  assert.equal(svc("elasticsearch").environment?.["discovery.type"], "single-node");
  assert.deepEqual(svc("kibana").profiles, ["kibana"], "Kibana is optional");
  assert.match(svc("kibana").image, /kibana:8\.19\./);
});

test("Kafka: KRaft single node with replication factor 1 for internal topics, no auto-created topics", () => {
  const env = svc("kafka").environment!;
  assert.equal(env.KAFKA_PROCESS_ROLES, "broker,controller");
  assert.equal(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR, "1");
  assert.equal(env.KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR, "1");
  assert.equal(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE, "false");
  assert.ok(env.KAFKA_CONTROLLER_QUORUM_VOTERS?.startsWith(`${env.KAFKA_NODE_ID}@kafka:`));
});

test("every Geiger service: the built image, a registered command, env the code reads, a valid config", () => {
  const commands = cliCommands();
  const known = envNamesReadByCode();
  for (const name of GEIGER) {
    const s = svc(name);
    assert.match(s.image, /^\$\{GEIGER_IMAGE:-geiger:[\w.-]+\}$/, `${name} uses the Geiger image`);
    assert.equal(s.entrypoint, undefined, `${name} keeps the image's ENTRYPOINT (node bin/geiger.js)`);
    assert.ok(commands.has(s.command![0]!), `${name}: '${s.command![0]}' is a geiger command`);
    for (const k of Object.keys(s.environment ?? {})) assert.ok(known.has(k), `${name}: env ${k} is read by the code`);
    const cfg = configFor(name);
    assert.deepEqual(cfg.kafka.brokers, ["kafka:9092"]);
    assert.equal(new URL(cfg.elasticsearch.url).host, "elasticsearch:9200");
    for (const dep of Object.keys(s.depends_on ?? {})) assert.ok(services[dep], `${name} depends on existing ${dep}`);
  }
  const advertised = svc("kafka").environment!.KAFKA_ADVERTISED_LISTENERS!.split(",").map((l) => l.replace(/^\w+:\/\//, ""));
  assert.ok(advertised.includes("kafka:9092"), "the brokers the services use are advertised by Kafka");
});

test("API: listens on every interface, published on the port the config and GEIGER_PORT give it, healthcheck on /readyz", () => {
  const s = svc("api");
  const env = envOf(s);
  const cfg = configFor("api");
  const port = env.GEIGER_PORT ? Number(env.GEIGER_PORT) : cfg.api.port;
  assert.equal(cfg.api.host, "0.0.0.0");
  assert.deepEqual(s.ports, [`127.0.0.1:${port}:${port}`]);
  assert.match(s.healthcheck!.test.join(" "), new RegExp(`127\\.0\\.0\\.1:${port}/readyz`));
  assert.equal(env.GEIGER_ADMIN_TOKEN, "", "unset in .env.example → generated and printed once");
});

test("indexer, detector, notifier: ops endpoints on the configured port, healthcheck on its /readyz, not published", () => {
  for (const name of OPS_SERVICES) {
    const s = svc(name);
    const listen = opsListenOf(name, configFor(name), envOf(s));
    assert.ok(listen, `${name}: ops endpoints are on`);
    assert.equal(listen.host, "0.0.0.0", `${name}: reachable by a Prometheus on the compose network`);
    assert.match(s.healthcheck?.test.join(" ") ?? "", new RegExp(`127\\.0\\.0\\.1:${listen.port}/readyz`), `${name}: healthcheck probes the ops port's /readyz`);
    assert.equal(s.ports, undefined, `${name}: not published (scaled services would clash on a host port)`);
  }
});

test("collector: proxies the demo MCP server on its PORT, listens on the published port, sinks to the telemetry topic", () => {
  const s = svc("collector");
  assert.deepEqual(s.command!.slice(0, 2), ["collect", "http"]);
  const args = parseArgs(s.command!.slice(2));
  assert.ok(stringFlag(args, "server"));
  const upstream = new URL(stringFlag(args, "upstream")!);
  const mcp = svc(upstream.hostname);
  assert.equal(upstream.port, mcp.environment?.PORT, "upstream port = the MCP server's PORT");
  assert.match(mcp.entrypoint!.join(" "), /server-everything\/dist\/index\.js/);
  assert.deepEqual(mcp.command, ["streamableHttp"]);
  assert.equal(mcp.ports, undefined, "the MCP server itself is not published: clients go through the collector");
  const listen = stringFlag(args, "listen")!;
  assert.match(listen, /^0\.0\.0\.0:\d+$/);
  const port = listen.split(":")[1];
  assert.deepEqual(s.ports, [`127.0.0.1:${port}:${port}`]);
  const cfg = configFor("collector");
  const sink = parseSinkUrl(stringFlag(args, "sink") ?? cfg.collector.sink!);
  assert.ok(sink.type === "kafka" && sink.topic === cfg.topics.telemetry && sink.brokers.join() === cfg.kafka.brokers.join());
  assert.ok(envOf(s).GEIGER_REDACTION_KEY!.length >= 16, "redaction key from .env");
  assert.ok(hostPath(s, cfg.data_dir), "the spool (data_dir) is on a volume");
  assert.throws(() => interpolate(s.environment!.GEIGER_REDACTION_KEY!, {}), /GEIGER_REDACTION_KEY/, "compose refuses to start without a key");
});
