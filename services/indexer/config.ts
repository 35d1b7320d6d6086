// Config section `indexer` of the geiger config file (validated at startup; see docs/configuration.md).
import { z } from "zod";
import { OpsListenSchema } from "../runtime/ops-server.js";

export const IndexerConfigSchema = z.strictObject({
  /** `geiger indexer`: HOST:PORT of /healthz, /readyz, /metrics, or "off" (GEIGER_OPS_LISTEN wins). Unused by `geiger start`. */
  ops_listen: OpsListenSchema,
});
export type IndexerConfig = z.infer<typeof IndexerConfigSchema>;
