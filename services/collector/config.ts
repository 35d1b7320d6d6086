// Config section `collector` of the geiger config file (validated at startup; see docs/configuration.md).
import { z } from "zod";

export const CollectorConfigSchema = z.strictObject({});
export type CollectorConfig = z.infer<typeof CollectorConfigSchema>;
