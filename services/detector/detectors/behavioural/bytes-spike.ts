// P4: request + response bytes per bucket far above the entity's baseline (bulk reads, oversized payloads).
import { makeSpikeDetector } from "../../baselines/spike.js";

export const bytesSpike = makeSpikeDetector({
  meta: {
    id: "behaviour.bytes_spike",
    name: "Payload volume spike",
    description: "Request and response bytes per minute far above this entity's own baseline.",
    taxonomy: ["P4"],
    severity: "medium",
    owasp: ["LLM10"],
    atlas: ["AML.T0029"],
  },
  configKey: "bytes_spike",
  unit: "bytes",
  metric: (e) => e.size.request_bytes + e.size.response_bytes,
});
