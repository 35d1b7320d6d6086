// P4: calls per bucket far above the principal's / tool's own baseline (runaway agent loops, scripted abuse).
import { makeSpikeDetector } from "../../baselines/spike.js";

export const rateSpike = makeSpikeDetector({
  meta: {
    id: "behaviour.rate_spike",
    name: "Call rate spike",
    description: "Tool calls per minute far above this entity's own baseline.",
    taxonomy: ["P4"],
    severity: "medium",
    owasp: ["LLM10"],
    atlas: ["AML.T0029"],
  },
  configKey: "rate_spike",
  unit: "calls",
  metric: () => 1,
});
