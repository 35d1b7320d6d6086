// P4 denial of wallet: estimated spend per bucket (collector cost or price table) far above the entity's baseline.
import { makeSpikeDetector } from "../../baselines/spike.js";
import { costOf } from "../../baselines/event-view.js";

export const costSpike = makeSpikeDetector({
  meta: {
    id: "behaviour.cost_spike",
    name: "Estimated cost spike",
    description: "Estimated USD spend per minute far above this entity's own baseline.",
    taxonomy: ["P4"],
    severity: "high",
    owasp: ["LLM10"],
    atlas: ["AML.T0034"],
  },
  configKey: "cost_spike",
  unit: "USD",
  metric: (e, cfg) => costOf(e, cfg),
});
