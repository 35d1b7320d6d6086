// P4: server-seconds consumed per bucket far above the baseline (expensive queries, slow-loris style exhaustion).
import { makeSpikeDetector } from "../../baselines/spike.js";

export const latencySpike = makeSpikeDetector({
  meta: {
    id: "behaviour.latency_spike",
    name: "Latency-seconds spike",
    description: "Seconds of server time consumed per minute far above this entity's own baseline.",
    taxonomy: ["P4"],
    severity: "medium",
    owasp: ["LLM10"],
    atlas: ["AML.T0029"],
  },
  configKey: "latency_spike",
  unit: "latency-seconds",
  metric: (e) => (e.duration_ms ?? 0) / 1000,
});
