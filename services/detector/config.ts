// Config section `detector` of the geiger config file (validated at startup; see docs/configuration.md).
import { z } from "zod";

export const DetectorConfigSchema = z.strictObject({});
export type DetectorConfig = z.infer<typeof DetectorConfigSchema>;
