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
  api_key: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  tls: tlsSchema.optional(),
  /** Prefix of every index, template and alias Geiger creates (per-test isolation, several deployments on one cluster). */
  index_prefix: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "lowercase letters, digits, - and _").default("geiger-"),
  shards: z.number().int().min(1).max(64).default(1),
  replicas: z.number().int().min(0).max(8).default(0),
  /** Days of telemetry indices kept; older daily indices are deleted whole. */
  retention_days: z.number().int().min(1).max(3650).default(30),
});
export type ElasticsearchConfig = z.infer<typeof ElasticsearchConfigSchema>;

export const TopicsConfigSchema = z.strictObject({
  telemetry: z.string().default("mcp.telemetry"),
  alerts: z.string().default("mcp.alerts"),
});
export type TopicsConfig = z.infer<typeof TopicsConfigSchema>;
