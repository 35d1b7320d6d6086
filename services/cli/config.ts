// The geiger config file: one strict schema composed of each service's own section, defaults in the schema,
// env overrides for the documented variables. Every problem is reported with its path, at once.
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { ElasticsearchConfigSchema, elasticsearchEnvOverrides, KafkaConfigSchema, TopicsConfigSchema } from "../../shared/config/infra.js";
import { readConfigFile, validateConfig, withOverrides } from "../../shared/config/load.js";
import { ApiConfigSchema } from "../api/config.js";
import { CollectorConfigSchema } from "../collector/config.js";
import { DetectorConfigSchema } from "../detector/config.js";
import { IndexerConfigSchema } from "../indexer/config.js";
import { NotifierConfigSchema } from "../notifier/config.js";

export const GeigerConfigSchema = z.strictObject({
  tenant: z.string().min(1).default("default"),
  data_dir: z.string().min(1).default(join(homedir(), ".geiger")),
  kafka: KafkaConfigSchema.prefault({}),
  elasticsearch: ElasticsearchConfigSchema.prefault({}),
  topics: TopicsConfigSchema.prefault({}),
  collector: CollectorConfigSchema.prefault({}),
  detector: DetectorConfigSchema.prefault({}),
  indexer: IndexerConfigSchema.prefault({}),
  api: ApiConfigSchema.prefault({}),
  notifier: NotifierConfigSchema.prefault({}),
});
export type GeigerConfig = z.infer<typeof GeigerConfigSchema>;

/** Env variables that override the file (documented in docs/configuration.md). */
export function envOverrides(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (env.GEIGER_DATA_DIR) o.data_dir = env.GEIGER_DATA_DIR;
  if (env.GEIGER_TENANT) o.tenant = env.GEIGER_TENANT;
  if (env.KAFKA_BROKERS) o.kafka = { brokers: env.KAFKA_BROKERS.split(",").map((s) => s.trim()).filter(Boolean) };
  const es = elasticsearchEnvOverrides(env);
  if (es) o.elasticsearch = es;
  return o;
}

export function loadGeigerConfig(opts: { file?: string; env?: NodeJS.ProcessEnv; overrides?: Record<string, unknown> } = {}): GeigerConfig {
  const env = opts.env ?? process.env;
  const file = opts.file ?? env.GEIGER_CONFIG;
  const raw = file ? readConfigFile(file) : {};
  const merged = withOverrides(withOverrides(raw, envOverrides(env)), opts.overrides ?? {});
  return validateConfig(GeigerConfigSchema, merged, file ?? "defaults + env");
}
