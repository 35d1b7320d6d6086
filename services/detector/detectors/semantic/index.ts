// The semantic detectors, one line each (the engine's registry spreads this list).
import type { Detector } from "../../detector.js";
import { toolPoisoning } from "./tool-poisoning.js";
import { indirectInjection } from "./indirect-injection.js";
import { hiddenContent } from "./hidden-content.js";
import { secretExfiltration } from "./secret-exfiltration.js";
import { exfilUrl } from "./exfil-url.js";
import { firstSeenDomain } from "./first-seen-domain.js";
import { toolDrift } from "./tool-drift.js";
import { serverInventory } from "./server-inventory.js";
import { toolShadowing } from "./tool-shadowing.js";
import { scopeViolation } from "./scope-violation.js";

export const semanticDetectors: Detector[] = [
  toolPoisoning,
  indirectInjection,
  hiddenContent,
  secretExfiltration,
  exfilUrl,
  firstSeenDomain,
  toolDrift,
  serverInventory,
  toolShadowing,
  scopeViolation,
];
