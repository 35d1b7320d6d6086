// Output registry: one line per output type (config `type` → factory).
import type { OutputConfig } from "../config.js";
import type { Output } from "../output.js";
import { opsgenieOutput } from "./opsgenie.js";
import { pagerDutyOutput } from "./pagerduty.js";
import { slackOutput } from "./slack.js";
import { webhookOutput } from "./webhook.js";

const FACTORIES: { [K in OutputConfig["type"]]: (cfg: Extract<OutputConfig, { type: K }>) => Output } = {
  pagerduty: pagerDutyOutput,
  opsgenie: opsgenieOutput,
  slack: slackOutput,
  webhook: webhookOutput,
};

export function buildOutput(cfg: OutputConfig): Output {
  return (FACTORIES[cfg.type] as (c: OutputConfig) => Output)(cfg);
}
