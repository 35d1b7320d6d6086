// Loaders and zod schemas for the deployment artefacts (deploy/compose, deploy/k8s, Dockerfile), plus what the code
// expects of them: the CLI's commands, the env variables the source reads, config validation of embedded files.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { z } from "zod";
import { loadGeigerConfig, type GeigerConfig } from "../../../services/cli/config.js";
import { usage } from "../../../services/cli/main.js";
import { IndexerConfigSchema } from "../../../services/indexer/config.js";
import { resolveOpsListen } from "../../../services/runtime/ops-server.js";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const K8S_DIR = join(REPO, "deploy/k8s");
export const COMPOSE_DIR = join(REPO, "deploy/compose");

/** Every YAML document of a file, failing on any parse error or warning (a typo must not pass silently). `<<` merge
 * keys are resolved, as docker compose does. */
export function yamlDocs(file: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(file, "utf8"), { prettyErrors: true, merge: true });
  return docs.map((d, i) => {
    if (d.errors.length) throw new Error(`${file} doc ${i}: ${d.errors.map((e) => e.message).join("; ")}`);
    if (d.warnings.length) throw new Error(`${file} doc ${i}: ${d.warnings.map((e) => e.message).join("; ")}`);
    return d.toJS({ maxAliasCount: 100 });
  }).filter((d) => d !== null && d !== undefined);
}

export function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** Commands registered in the CLI (services/cli/main.ts COMMANDS), read from its usage text. */
export function cliCommands(): Set<string> {
  const lines = usage().split("\n");
  const start = lines.findIndex((l) => l.startsWith("usage:"));
  return new Set(lines.slice(start + 1).map((l) => /^ {2}(\S+) {2,}/.exec(l)?.[1]).filter((x): x is string => !!x));
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

/**
 * Env variable names Geiger's own code reads (`env.NAME`, `process.env.NAME`, `env["NAME"]` in services/ and
 * shared/), plus the few read by libraries and the runtime that the artefacts legitimately set.
 */
export function envNamesReadByCode(): Set<string> {
  const names = new Set<string>(["NODE_ENV", "KAFKAJS_NO_PARTITIONER_WARNING"]);
  const re = /\benv(?:\.([A-Z][A-Z0-9_]+)|\[["']([A-Z][A-Z0-9_]+)["']\])/g;
  for (const f of [...sourceFiles(join(REPO, "services")), ...sourceFiles(join(REPO, "shared"))]) {
    for (const m of readFileSync(f, "utf8").matchAll(re)) names.add((m[1] ?? m[2])!);
  }
  return names;
}

/** Validates a config file's text exactly as a Geiger process would (file + env overrides). */
export function loadConfigText(text: string, env: Record<string, string> = {}): GeigerConfig {
  const dir = mkdtempSync(join(tmpdir(), "geiger-deploy-"));
  try {
    const file = join(dir, "geiger.yaml");
    writeFileSync(file, text);
    return loadGeigerConfig({ file, env });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The headless services with ops endpoints (services/runtime/ops-server.ts). */
export const OPS_SERVICES = ["indexer", "detector", "notifier"] as const;

/**
 * Where a service's ops endpoints listen, resolved as its CLI does: GEIGER_OPS_LISTEN, else the section's
 * `ops_listen` (the indexer's section is read the same way its cli.ts reads it).
 */
export function opsListenOf(service: (typeof OPS_SERVICES)[number], cfg: GeigerConfig, env: Record<string, string>): { host: string; port: number } | null {
  const configured = service === "indexer" ? IndexerConfigSchema.parse("indexer" in cfg ? cfg.indexer : {}).ops_listen : cfg[service].ops_listen;
  return resolveOpsListen(configured, env);
}

// --- Kubernetes objects: the essential structure of each kind we ship (extra fields allowed, wrong shapes not) ---

const dns1123 = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "DNS-1123 name").max(63);
const labels = z.record(z.string(), z.string());
const Metadata = z.looseObject({ name: dns1123, namespace: z.literal("geiger").optional(), labels: labels.optional(), annotations: z.record(z.string(), z.string()).optional() });
const portRef = z.union([z.number().int().min(1).max(65535), dns1123.max(15)]);
const Probe = z.looseObject({
  httpGet: z.looseObject({ path: z.string().startsWith("/"), port: portRef }).optional(),
  tcpSocket: z.looseObject({ port: portRef }).optional(),
  exec: z.looseObject({ command: z.array(z.string()).min(1) }).optional(),
  periodSeconds: z.number().int().positive().optional(),
  failureThreshold: z.number().int().positive().optional(),
}).refine((p) => [p.httpGet, p.tcpSocket, p.exec].filter(Boolean).length === 1, "a probe needs exactly one handler");
const quantity = z.union([z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/), z.number().positive()]);
/** Env values must be strings in Kubernetes: `value: 7070` is rejected by the API server. */
export const EnvVar = z.union([
  z.strictObject({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), value: z.string() }),
  z.strictObject({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), valueFrom: z.strictObject({ secretKeyRef: z.strictObject({ name: dns1123, key: z.string().min(1) }) }) }),
]);
export const Container = z.looseObject({
  name: dns1123,
  image: z.string().min(1),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  env: z.array(EnvVar).optional(),
  ports: z.array(z.looseObject({ name: dns1123.max(15).optional(), containerPort: z.number().int().min(1).max(65535), protocol: z.enum(["TCP", "UDP"]).optional() })).optional(),
  resources: z.looseObject({ requests: z.record(z.string(), quantity), limits: z.record(z.string(), quantity).optional() }),
  volumeMounts: z.array(z.looseObject({ name: dns1123, mountPath: z.string().startsWith("/"), readOnly: z.boolean().optional() })).optional(),
  livenessProbe: Probe.optional(),
  readinessProbe: Probe.optional(),
  startupProbe: Probe.optional(),
  securityContext: z.looseObject({ allowPrivilegeEscalation: z.literal(false), readOnlyRootFilesystem: z.boolean(), capabilities: z.looseObject({ drop: z.array(z.string()) }) }),
});
export type ContainerT = z.infer<typeof Container>;
export const Volume = z.looseObject({
  name: dns1123,
  configMap: z.looseObject({ name: dns1123, items: z.array(z.strictObject({ key: z.string(), path: z.string() })).optional() }).optional(),
  secret: z.looseObject({ secretName: dns1123, items: z.array(z.strictObject({ key: z.string(), path: z.string() })).optional() }).optional(),
  emptyDir: z.looseObject({ sizeLimit: quantity.optional() }).optional(),
}).refine((v) => [v.configMap, v.secret, v.emptyDir].filter(Boolean).length === 1, "a volume needs exactly one source");
const PodSpec = z.looseObject({
  securityContext: z.looseObject({ runAsNonRoot: z.literal(true), runAsUser: z.number().int().min(1) }),
  containers: z.array(Container).min(1),
  volumes: z.array(Volume).optional(),
  terminationGracePeriodSeconds: z.number().int().min(0).optional(),
});
const Selector = z.looseObject({ matchLabels: labels });

const Deployment = z.looseObject({
  apiVersion: z.literal("apps/v1"), kind: z.literal("Deployment"), metadata: Metadata,
  spec: z.looseObject({
    replicas: z.number().int().min(1),
    selector: Selector,
    template: z.looseObject({ metadata: z.looseObject({ labels, annotations: z.record(z.string(), z.string()).optional() }), spec: PodSpec }),
  }),
});
const Service = z.looseObject({
  apiVersion: z.literal("v1"), kind: z.literal("Service"), metadata: Metadata,
  spec: z.looseObject({ selector: labels, ports: z.array(z.looseObject({ name: z.string().optional(), port: z.number().int().min(1).max(65535), targetPort: portRef })).min(1) }),
});
const Hpa = z.looseObject({
  apiVersion: z.literal("autoscaling/v2"), kind: z.literal("HorizontalPodAutoscaler"), metadata: Metadata,
  spec: z.looseObject({
    scaleTargetRef: z.strictObject({ apiVersion: z.literal("apps/v1"), kind: z.literal("Deployment"), name: dns1123 }),
    minReplicas: z.number().int().min(1),
    maxReplicas: z.number().int().min(1),
    metrics: z.array(z.looseObject({
      type: z.literal("External"),
      external: z.looseObject({
        metric: z.looseObject({ name: z.string().min(1), selector: Selector }),
        target: z.looseObject({ type: z.enum(["AverageValue", "Value"]), averageValue: z.string().optional(), value: z.string().optional() }),
      }),
    })).min(1),
  }).refine((s) => s.minReplicas <= s.maxReplicas, "minReplicas > maxReplicas"),
});
const Pdb = z.looseObject({
  apiVersion: z.literal("policy/v1"), kind: z.literal("PodDisruptionBudget"), metadata: Metadata,
  spec: z.looseObject({ selector: Selector, minAvailable: portRef.optional(), maxUnavailable: portRef.optional() })
    .refine((s) => (s.minAvailable === undefined) !== (s.maxUnavailable === undefined), "set exactly one of minAvailable/maxUnavailable"),
});
const ConfigMap = z.looseObject({ apiVersion: z.literal("v1"), kind: z.literal("ConfigMap"), metadata: Metadata, data: z.record(z.string(), z.string()) });
const Secret = z.looseObject({ apiVersion: z.literal("v1"), kind: z.literal("Secret"), metadata: Metadata, type: z.literal("Opaque"), stringData: z.record(z.string(), z.string()) });
const Namespace = z.looseObject({ apiVersion: z.literal("v1"), kind: z.literal("Namespace"), metadata: Metadata });
const NetworkPolicy = z.looseObject({
  apiVersion: z.literal("networking.k8s.io/v1"), kind: z.literal("NetworkPolicy"), metadata: Metadata,
  spec: z.looseObject({ podSelector: Selector, policyTypes: z.array(z.enum(["Ingress", "Egress"])), ingress: z.array(z.looseObject({ ports: z.array(z.looseObject({ port: portRef })) })).optional() }),
});
const Kustomization = z.looseObject({
  apiVersion: z.literal("kustomize.config.k8s.io/v1beta1"), kind: z.literal("Kustomization"),
  namespace: z.string(), resources: z.array(z.string()).min(1),
  images: z.array(z.strictObject({ name: z.string(), newName: z.string(), newTag: z.string() })),
});
const ScaledObject = z.looseObject({
  apiVersion: z.literal("keda.sh/v1alpha1"), kind: z.literal("ScaledObject"), metadata: Metadata,
  spec: z.looseObject({
    scaleTargetRef: z.looseObject({ name: dns1123 }), minReplicaCount: z.number().int().min(0), maxReplicaCount: z.number().int().min(1),
    triggers: z.array(z.looseObject({ type: z.literal("kafka"), metadata: z.looseObject({ bootstrapServers: z.string(), consumerGroup: z.string(), topic: z.string(), lagThreshold: z.string().regex(/^\d+$/) }) })).min(1),
  }),
});

export const K8S_KINDS = {
  "apps/v1/Deployment": Deployment,
  "v1/Service": Service,
  "autoscaling/v2/HorizontalPodAutoscaler": Hpa,
  "policy/v1/PodDisruptionBudget": Pdb,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Namespace": Namespace,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "kustomize.config.k8s.io/v1beta1/Kustomization": Kustomization,
  "keda.sh/v1alpha1/ScaledObject": ScaledObject,
} as const;
export type K8sKind = keyof typeof K8S_KINDS;
export type DeploymentT = z.infer<typeof Deployment>;
export type ServiceT = z.infer<typeof Service>;
export type HpaT = z.infer<typeof Hpa>;
export type PdbT = z.infer<typeof Pdb>;
export type ConfigMapT = z.infer<typeof ConfigMap>;
export type SecretT = z.infer<typeof Secret>;
export type KustomizationT = z.infer<typeof Kustomization>;
export type ScaledObjectT = z.infer<typeof ScaledObject>;
export type NetworkPolicyT = z.infer<typeof NetworkPolicy>;

export interface K8sObject { file: string; kindKey: K8sKind; obj: Record<string, unknown> }

/** Parses every manifest under deploy/k8s and validates each against its kind's schema; throws listing every problem. */
export function loadK8s(): K8sObject[] {
  const out: K8sObject[] = [];
  const problems: string[] = [];
  // Helm values files (`*.values.yaml`) are not Kubernetes objects; they are checked on their own.
  for (const file of yamlFiles(K8S_DIR).filter((f) => !f.endsWith(".values.yaml"))) {
    for (const doc of yamlDocs(file)) {
      const d = doc as { apiVersion?: string; kind?: string; metadata?: { name?: string } };
      const kindKey = `${d.apiVersion}/${d.kind}` as K8sKind;
      const schema = K8S_KINDS[kindKey];
      const where = `${file.slice(REPO.length + 1)} ${d.kind}/${d.metadata?.name ?? "?"}`;
      if (!schema) { problems.push(`${where}: unexpected kind ${kindKey}`); continue; }
      const r = schema.safeParse(doc);
      if (!r.success) problems.push(...r.error.issues.map((i) => `${where}: ${i.path.join(".")}: ${i.message}`));
      else out.push({ file, kindKey, obj: r.data as Record<string, unknown> });
    }
  }
  if (problems.length) throw new Error(`invalid manifests:\n  ${problems.join("\n  ")}`);
  return out;
}

export const byKind = <T>(objs: K8sObject[], kind: K8sKind): T[] => objs.filter((o) => o.kindKey === kind).map((o) => o.obj as T);

/** Literal env of a container; secret references become a placeholder value long enough for any key check. */
export function containerEnv(c: ContainerT): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of c.env ?? []) env[e.name] = "value" in e ? e.value : "secret-placeholder-0123456789abcdef";
  return env;
}

export const labelsMatch = (selector: Record<string, string>, podLabels: Record<string, string>): boolean =>
  Object.entries(selector).every(([k, v]) => podLabels[k] === v);
