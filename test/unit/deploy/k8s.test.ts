// The Kubernetes manifests (deploy/k8s) cannot be applied here: check their structure per kind, their references
// to each other, and that every command, env variable, port and config file matches what the code expects.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseArgs, stringFlag } from "../../../services/cli/args.js";
import { parseSinkUrl } from "../../../services/collector/sinks/sink.js";
import type { GeigerConfig } from "../../../services/cli/config.js";
import { DEFAULT_CHECK_TIMEOUT_MS } from "../../../services/runtime/ops-server.js";
import {
  byKind, cliCommands, containerEnv, envNamesReadByCode, K8S_DIR, labelsMatch, loadConfigText, loadK8s, OPS_SERVICES, opsListenOf, REPO, yamlDocs,
  type ConfigMapT, type ContainerT, type DeploymentT, type HpaT, type KustomizationT, type NetworkPolicyT, type PdbT,
  type ScaledObjectT, type SecretT, type ServiceT,
} from "./manifests.js";

const objs = loadK8s();
const deployments = byKind<DeploymentT>(objs, "apps/v1/Deployment");
const services = byKind<ServiceT>(objs, "v1/Service");
const configMaps = byKind<ConfigMapT>(objs, "v1/ConfigMap");
const secrets = byKind<SecretT>(objs, "v1/Secret");
const GEIGER_CONFIG_PATH = "/etc/geiger/geiger.yaml";

const deployment = (name: string): DeploymentT => {
  const d = deployments.find((x) => x.metadata.name === name);
  assert.ok(d, `Deployment ${name} exists`);
  return d;
};
const container = (d: DeploymentT, name: string): ContainerT => {
  const c = d.spec.template.spec.containers.find((x) => x.name === name);
  assert.ok(c, `container ${name} in ${d.metadata.name}`);
  return c;
};
const geigerContainers = (): { d: DeploymentT; c: ContainerT }[] =>
  deployments.flatMap((d) => d.spec.template.spec.containers.filter((c) => c.command === undefined).map((c) => ({ d, c })));

/** The config file a container reads: GEIGER_CONFIG resolved through its volume mounts to a ConfigMap or Secret key. */
function configTextOf(d: DeploymentT, c: ContainerT): string {
  const path = containerEnv(c).GEIGER_CONFIG;
  assert.equal(path, GEIGER_CONFIG_PATH, `${d.metadata.name}/${c.name} sets GEIGER_CONFIG`);
  const mount = (c.volumeMounts ?? []).find((m) => path.startsWith(m.mountPath.replace(/\/?$/, "/")));
  assert.ok(mount, `${d.metadata.name}/${c.name}: a volume is mounted above ${path}`);
  const rel = path.slice(mount.mountPath.replace(/\/?$/, "/").length);
  const vol = (d.spec.template.spec.volumes ?? []).find((v) => v.name === mount.name)!;
  if (vol.configMap) {
    const cm = configMaps.find((x) => x.metadata.name === vol.configMap!.name);
    assert.ok(cm, `ConfigMap ${vol.configMap.name} exists`);
    const key = vol.configMap.items?.find((i) => i.path === rel)?.key ?? rel;
    assert.ok(cm.data[key] !== undefined, `ConfigMap ${cm.metadata.name} has key ${key}`);
    return cm.data[key]!;
  }
  assert.ok(vol.secret, `${mount.name} is a ConfigMap or Secret volume`);
  const s = secrets.find((x) => x.metadata.name === vol.secret!.secretName);
  assert.ok(s, `Secret ${vol.secret.secretName} exists`);
  const key = vol.secret.items?.find((i) => i.path === rel)?.key ?? rel;
  assert.ok(s.stringData[key] !== undefined, `Secret ${s.metadata.name} has key ${key}`);
  return s.stringData[key]!;
}

const configOf = (d: DeploymentT, c: ContainerT): GeigerConfig => loadConfigText(configTextOf(d, c), containerEnv(c));

test("every manifest parses and matches its kind's schema", () => {
  assert.ok(objs.length >= 12, `found ${objs.length} objects`);
  for (const kind of ["apps/v1/Deployment", "v1/Service", "autoscaling/v2/HorizontalPodAutoscaler", "policy/v1/PodDisruptionBudget", "v1/ConfigMap", "v1/Secret", "v1/Namespace"] as const) {
    assert.ok(byKind(objs, kind).length > 0, `at least one ${kind}`);
  }
  for (const name of ["geiger-indexer", "geiger-detector", "geiger-notifier", "geiger-api", "mcp-everything"]) deployment(name);
});

test("kustomization lists every base manifest once, and its image override names the image the pods use", () => {
  const [k] = byKind<KustomizationT>(objs, "kustomize.config.k8s.io/v1beta1/Kustomization");
  assert.ok(k);
  const files = new Set(objs.filter((o) => !o.file.includes("/optional/") && !o.file.endsWith("kustomization.yaml") && !o.file.endsWith("secret.example.yaml")).map((o) => o.file.slice(K8S_DIR.length + 1)));
  assert.deepEqual(new Set(k.resources), files);
  const imageName = k.images[0]!.name;
  for (const d of deployments) for (const c of d.spec.template.spec.containers) assert.equal(c.image.split(":")[0], imageName, `${d.metadata.name}/${c.name} image`);
});

test("selectors: each Deployment selects its own pods; Services, PDBs, HPAs and policies point at real pods", () => {
  for (const d of deployments) assert.ok(labelsMatch(d.spec.selector.matchLabels, d.spec.template.metadata.labels), d.metadata.name);
  const podsMatching = (sel: Record<string, string>) => deployments.filter((d) => labelsMatch(sel, d.spec.template.metadata.labels));
  for (const s of services) {
    const [d, ...more] = podsMatching(s.spec.selector);
    assert.ok(d && more.length === 0, `Service ${s.metadata.name} selects exactly one Deployment`);
    const named = d.spec.template.spec.containers.flatMap((c) => c.ports ?? []);
    for (const p of s.spec.ports) {
      const hit = typeof p.targetPort === "number" ? named.some((x) => x.containerPort === p.targetPort) : named.some((x) => x.name === p.targetPort);
      assert.ok(hit, `Service ${s.metadata.name} targetPort ${p.targetPort} is a container port`);
    }
  }
  for (const p of byKind<PdbT>(objs, "policy/v1/PodDisruptionBudget")) assert.equal(podsMatching(p.spec.selector.matchLabels).length, 1, `PDB ${p.metadata.name}`);
  for (const n of byKind<NetworkPolicyT>(objs, "networking.k8s.io/v1/NetworkPolicy")) assert.equal(podsMatching(n.spec.podSelector.matchLabels).length, 1, `NetworkPolicy ${n.metadata.name}`);
  for (const h of byKind<HpaT>(objs, "autoscaling/v2/HorizontalPodAutoscaler")) deployment(h.spec.scaleTargetRef.name);
  for (const s of byKind<ScaledObjectT>(objs, "keda.sh/v1alpha1/ScaledObject")) deployment(s.spec.scaleTargetRef.name);
});

test("volumes, ConfigMap items and secret references all resolve", () => {
  for (const d of deployments) {
    const vols = new Map((d.spec.template.spec.volumes ?? []).map((v) => [v.name, v]));
    for (const c of d.spec.template.spec.containers) {
      for (const m of c.volumeMounts ?? []) assert.ok(vols.has(m.name), `${d.metadata.name}/${c.name} mounts declared volume ${m.name}`);
      for (const e of c.env ?? []) {
        if (!("valueFrom" in e)) continue;
        const ref = e.valueFrom.secretKeyRef;
        const s = secrets.find((x) => x.metadata.name === ref.name);
        assert.ok(s && s.stringData[ref.key] !== undefined, `${d.metadata.name}/${c.name} ${e.name} → secret ${ref.name}/${ref.key}`);
      }
    }
    for (const v of vols.values()) {
      if (v.configMap) for (const i of v.configMap.items ?? []) assert.ok(configMaps.find((cm) => cm.metadata.name === v.configMap!.name)?.data[i.key] !== undefined, `${d.metadata.name} volume ${v.name} key ${i.key}`);
      if (v.secret) for (const i of v.secret.items ?? []) assert.ok(secrets.find((s) => s.metadata.name === v.secret!.secretName)?.stringData[i.key] !== undefined, `${d.metadata.name} volume ${v.name} key ${i.key}`);
    }
  }
});

test("every Geiger container runs a registered CLI command and sets only env variables the code reads", () => {
  const commands = cliCommands();
  assert.ok(commands.has("detector") && commands.has("collect"), "usage() lists the commands");
  const known = envNamesReadByCode();
  const list = geigerContainers();
  assert.ok(list.length >= 5);
  for (const { d, c } of list) {
    assert.ok(c.args?.length, `${d.metadata.name}/${c.name} has args`);
    assert.ok(commands.has(c.args[0]!), `${d.metadata.name}/${c.name}: '${c.args[0]}' is a geiger command`);
    for (const name of Object.keys(containerEnv(c))) assert.ok(known.has(name), `${d.metadata.name}/${c.name}: env ${name} is read by the code`);
  }
  // A variable nobody reads must be caught: the check itself is not vacuous.
  assert.equal(known.has("GEIGER_NO_SUCH_VARIABLE"), false);
  assert.ok(known.has("GEIGER_ADMIN_TOKEN") && known.has("GEIGER_REDACTION_KEY") && known.has("GEIGER_CONFIG"));
});

test("every config file the pods read passes loadGeigerConfig validation; data_dir is writable", () => {
  for (const { d, c } of geigerContainers()) {
    const cfg = configOf(d, c);
    const mounts = c.volumeMounts ?? [];
    const writable = mounts.find((m) => cfg.data_dir === m.mountPath && !m.readOnly);
    assert.ok(writable, `${d.metadata.name}/${c.name}: data_dir ${cfg.data_dir} is a writable volume (root filesystem is read-only)`);
    assert.equal(cfg.tenant, "default");
  }
});

test("the notifier's config (from the Secret) is the ConfigMap's plus outputs and routes — no drift", () => {
  const notifier = deployment("geiger-notifier");
  const api = deployment("geiger-api");
  const fromSecret = configOf(notifier, container(notifier, "notifier"));
  const shared = configOf(api, container(api, "api"));
  const { notifier: n1, ...rest1 } = fromSecret;
  const { notifier: n2, ...rest2 } = shared;
  assert.deepEqual(rest1, rest2);
  assert.equal(n1.dashboard_url, n2.dashboard_url);
  assert.ok(n1.outputs.length > 0 && n1.routes.length > 0, "the Secret's copy carries outputs and routes");
  assert.equal(n2.outputs.length, 0, "no credentials in the ConfigMap");
});

test("API: listens on every interface on the container port; probes hit /healthz and /readyz on it", () => {
  const d = deployment("geiger-api");
  const c = container(d, "api");
  const env = containerEnv(c);
  // Same precedence as services/api/cli.ts: GEIGER_PORT wins over api.port.
  const cfg = loadConfigText(configTextOf(d, c), env);
  const port = env.GEIGER_PORT ? Number(env.GEIGER_PORT) : cfg.api.port;
  assert.equal(cfg.api.host, "0.0.0.0");
  const http = c.ports?.find((p) => p.name === "http");
  assert.equal(http?.containerPort, port);
  assert.equal(d.spec.template.metadata.annotations?.["prometheus.io/port"], String(port));
  assert.deepEqual(c.livenessProbe?.httpGet, { path: "/healthz", port: "http" });
  assert.deepEqual(c.readinessProbe?.httpGet, { path: "/readyz", port: "http" });
  const routes = readFileSync(join(REPO, "services/api/routes/health.ts"), "utf8");
  assert.match(routes, /path: "\/healthz"/);
  assert.match(routes, /path: "\/readyz"/);
  assert.ok(services.some((s) => s.metadata.name === "geiger-api"), "a Service exposes the API");
});

test("indexer, detector, notifier: ops endpoints on the configured port, probed and scraped there", () => {
  for (const name of OPS_SERVICES) {
    const d = deployment(`geiger-${name}`);
    const c = container(d, name);
    const where = `${d.metadata.name}/${c.name}`;
    const listen = opsListenOf(name, configOf(d, c), containerEnv(c));
    assert.ok(listen, `${where}: ops endpoints are on (GEIGER_OPS_LISTEN or ${name}.ops_listen)`);
    assert.equal(listen.host, "0.0.0.0", `${where}: the kubelet probes the pod IP, so not loopback`);
    const ops = c.ports?.find((p) => p.name === "ops");
    assert.equal(ops?.containerPort, listen.port, `${where}: container port 'ops' = the configured ops port`);
    assert.deepEqual(c.livenessProbe?.httpGet, { path: "/healthz", port: "ops" }, `${where} liveness`);
    assert.deepEqual(c.readinessProbe?.httpGet, { path: "/readyz", port: "ops" }, `${where} readiness`);
    const timeoutS = (c.readinessProbe as { timeoutSeconds?: number }).timeoutSeconds ?? 1; // Kubernetes' default
    assert.ok(timeoutS * 1000 > DEFAULT_CHECK_TIMEOUT_MS, `${where}: readiness timeout ${timeoutS}s exceeds the ${DEFAULT_CHECK_TIMEOUT_MS} ms check bound`);
    const ann = d.spec.template.metadata.annotations ?? {};
    assert.equal(ann["prometheus.io/scrape"], "true", `${where} scraped`);
    assert.equal(ann["prometheus.io/port"], String(listen.port), `${where}: scrape port = ops port`);
    assert.equal(ann["prometheus.io/path"], "/metrics");
  }
  // The check is not vacuous: a probe on another port than the configured one is caught.
  const d = deployment("geiger-detector");
  const c = container(d, "detector");
  assert.notEqual(opsListenOf("detector", configOf(d, c), { ...containerEnv(c), GEIGER_OPS_LISTEN: "0.0.0.0:9999" })?.port, c.ports?.find((p) => p.name === "ops")?.containerPort);
});

test("detector autoscaling: by the detector group's lag on the telemetry topic, never beyond the partition count", () => {
  const d = deployment("geiger-detector");
  const c = container(d, "detector");
  const cfg = configOf(d, c);
  const group = stringFlag(parseArgs(c.args!.slice(1)), "group") ?? "geiger-detector";
  // The default group id lives in the detector service; the HPA must name the same group.
  assert.match(readFileSync(join(REPO, "services/detector/service.ts"), "utf8"), /groupId \?\? "geiger-detector"/);
  const [hpa] = byKind<HpaT>(objs, "autoscaling/v2/HorizontalPodAutoscaler").filter((h) => h.spec.scaleTargetRef.name === d.metadata.name);
  assert.ok(hpa);
  assert.ok(hpa.spec.maxReplicas <= cfg.kafka.partitions, `maxReplicas ${hpa.spec.maxReplicas} ≤ partitions ${cfg.kafka.partitions}`);
  const ext = hpa.spec.metrics[0]!.external;
  assert.deepEqual(ext.metric.selector.matchLabels, { consumergroup: group, topic: cfg.topics.telemetry });
  const keda = byKind<ScaledObjectT>(objs, "keda.sh/v1alpha1/ScaledObject").find((s) => s.spec.scaleTargetRef.name === d.metadata.name);
  assert.ok(keda, "KEDA alternative present");
  const trig = keda.spec.triggers[0]!.metadata;
  assert.equal(trig.consumerGroup, group);
  assert.equal(trig.topic, cfg.topics.telemetry);
  assert.deepEqual(trig.bootstrapServers.split(","), cfg.kafka.brokers);
  assert.ok(keda.spec.maxReplicaCount <= cfg.kafka.partitions);
  assert.ok(byKind<PdbT>(objs, "policy/v1/PodDisruptionBudget").some((p) => labelsMatch(p.spec.selector.matchLabels, d.spec.template.metadata.labels)), "detector has a PDB");
});

test("collector sidecar: proxies the server in the same pod, listens on the exposed port, sinks to the telemetry topic", () => {
  const d = deployment("mcp-everything");
  const c = container(d, "collector");
  const server = container(d, "mcp-server");
  const args = parseArgs(c.args!.slice(2));
  assert.deepEqual(c.args!.slice(0, 2), ["collect", "http"]);
  assert.ok(stringFlag(args, "server"));
  const upstream = new URL(stringFlag(args, "upstream")!);
  assert.equal(upstream.hostname, "127.0.0.1", "sidecar talks to the server over the pod's loopback");
  assert.equal(upstream.port, containerEnv(server).PORT, "upstream port = the server's PORT");
  // server-everything reads PORT (the env check above covers Geiger's own containers only).
  assert.match(readFileSync(join(REPO, "node_modules/@modelcontextprotocol/server-everything/dist/transports/streamableHttp.js"), "utf8"), /process\.env\.PORT/);
  const listenPort = Number(stringFlag(args, "listen")!.split(":").pop());
  assert.equal(c.ports?.find((p) => p.name === "mcp")?.containerPort, listenPort);
  const [np] = byKind<NetworkPolicyT>(objs, "networking.k8s.io/v1/NetworkPolicy");
  assert.deepEqual(np!.spec.ingress?.flatMap((r) => r.ports.map((p) => p.port)), [listenPort], "only the collector's port is reachable");
  const cfg = configOf(d, c);
  const sink = parseSinkUrl(stringFlag(args, "sink") ?? cfg.collector.sink!);
  assert.equal(sink.type, "kafka");
  if (sink.type === "kafka") {
    assert.equal(sink.topic, cfg.topics.telemetry);
    assert.deepEqual(sink.brokers, cfg.kafka.brokers);
  }
  assert.ok((containerEnv(c).GEIGER_REDACTION_KEY ?? "").length >= 16, "a stable redaction key from the Secret");
});

test("the example Secret holds placeholders only, never something that looks like a real credential", () => {
  const docs = yamlDocs(join(K8S_DIR, "secret.example.yaml")) as SecretT[];
  for (const [k, v] of Object.entries(docs[0]!.stringData)) {
    if (k.endsWith(".yaml")) continue;
    assert.match(v, /^change-me/, `${k} is a placeholder`);
  }
});

test("the prometheus-adapter rule serves the External metric the detector HPA reads, with the labels it selects on", () => {
  const [values] = yamlDocs(join(K8S_DIR, "optional/prometheus-adapter.values.yaml")) as { rules: { external: { seriesQuery: string; name: { as: string }; metricsQuery: string }[] } }[];
  const [hpa] = byKind<HpaT>(objs, "autoscaling/v2/HorizontalPodAutoscaler");
  const metric = hpa!.spec.metrics[0]!.external.metric;
  const rule = values!.rules.external.find((r) => r.name.as === metric.name);
  assert.ok(rule, `a rule named ${metric.name}`);
  for (const label of Object.keys(metric.selector.matchLabels)) assert.match(rule.metricsQuery, new RegExp(`by \\([^)]*\\b${label}\\b`), `aggregation keeps ${label}`);
});
