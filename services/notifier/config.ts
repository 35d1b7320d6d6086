// Config section `notifier` of the geiger config file (validated at startup; see docs/configuration.md).
import { z } from "zod";

export const NotifierConfigSchema = z.strictObject({});
export type NotifierConfig = z.infer<typeof NotifierConfigSchema>;
