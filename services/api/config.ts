// Config section `api` of the geiger config file (validated at startup; see docs/configuration.md).
import { z } from "zod";

export const ApiConfigSchema = z.strictObject({});
export type ApiConfig = z.infer<typeof ApiConfigSchema>;
