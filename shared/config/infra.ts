// Config sections for the infrastructure every distributed service shares: Kafka, Elasticsearch, topics.
import { z } from "zod";

const tlsSchema = z.strictObject({
  ca_file: z.string().optional(),
  cert_file: z.string().optional(),
  key_file: z.string().optional(),
  reject_unauthorized: z.boolean().default(true),
});

export const KafkaConfigSchema = z.strictObject({
  brokers: z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, "expected host:port")).min(1).default(["127.0.0.1:9092"]),
  client_id: z.string().default("geiger"),
  ssl: tlsSchema.optional(),
  sasl: z.strictObject({
    mechanism: z.enum(["plain", "scram-sha-256", "scram-sha-512"]),
    username: z.string().min(1),
    password: z.string().min(1),
  }).optional(),
  partitions: z.number().int().min(1).max(1024).default(6),
  replication_factor: z.number().int().min(1).max(16).default(1),
});
export type KafkaConfig = z.infer<typeof KafkaConfigSchema>;

export const ElasticsearchConfigSchema = z.strictObject({
  url: z.string().url().default("http://127.0.0.1:9200"),
  nodes: z.array(z.string().url()).optional(),
  /** The `encoded` value POST /_security/api_key returns (base64 of `id:api_key`), or `id:api_key` itself. */
  api_key: z.string().min(1).optional(),
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  /** For https:// nodes: `ca_file` to trust a private CA; `cert_file`/`key_file` for a client certificate. */
  tls: tlsSchema.optional(),
  /** Prefix of every index, template and alias Geiger creates (per-test isolation, several deployments on one cluster). */
  index_prefix: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "lowercase letters, digits, - and _").default("geiger-"),
  shards: z.number().int().min(1).max(64).default(1),
  replicas: z.number().int().min(0).max(8).default(0),
  /** Days of telemetry indices kept; older daily indices are deleted whole. */
  retention_days: z.number().int().min(1).max(3650).default(30),
}).superRefine((c, ctx) => {
  // Half a credential would silently connect anonymously: refuse it, and refuse two competing credentials.
  if (c.username !== undefined && c.password === undefined) ctx.addIssue({ code: "custom", path: ["password"], message: "username is set but password is not" });
  if (c.password !== undefined && c.username === undefined) ctx.addIssue({ code: "custom", path: ["username"], message: "password is set but username is not" });
  if (c.api_key !== undefined && c.username !== undefined) ctx.addIssue({ code: "custom", path: ["api_key"], message: "set api_key or username/password, not both" });
});
export type ElasticsearchConfig = z.infer<typeof ElasticsearchConfigSchema>;

/**
 * The `elasticsearch` keys the environment may override (credentials stay out of config files):
 * ELASTICSEARCH_URL, ELASTICSEARCH_USERNAME, ELASTICSEARCH_PASSWORD, ELASTICSEARCH_API_KEY, ELASTICSEARCH_CA_FILE.
 * Returns undefined when none is set.
 */
export function elasticsearchEnvOverrides(env: NodeJS.ProcessEnv): Record<string, unknown> | undefined {
  const o: Record<string, unknown> = {};
  if (env.ELASTICSEARCH_URL) o.url = env.ELASTICSEARCH_URL;
  if (env.ELASTICSEARCH_USERNAME) o.username = env.ELASTICSEARCH_USERNAME;
  if (env.ELASTICSEARCH_PASSWORD) o.password = env.ELASTICSEARCH_PASSWORD;
  if (env.ELASTICSEARCH_API_KEY) o.api_key = env.ELASTICSEARCH_API_KEY;
  if (env.ELASTICSEARCH_CA_FILE) o.tls = { ca_file: env.ELASTICSEARCH_CA_FILE };
  return Object.keys(o).length ? o : undefined;
}

export const TopicsConfigSchema = z.strictObject({
  telemetry: z.string().default("mcp.telemetry"),
  alerts: z.string().default("mcp.alerts"),
});
export type TopicsConfig = z.infer<typeof TopicsConfigSchema>;
