// Every built-in detector, one list: semantic (this folder's detectors/semantic) then behavioural and
// correlation (detectors/behavioural). YAML rules are added by the engine from the rule folders.
import type { Detector } from "./detector.js";
import { semanticDetectors } from "./detectors/semantic/index.js";
import { behaviouralDetectors } from "./detectors/behavioural/index.js";

export const registry: Detector[] = [...semanticDetectors, ...behaviouralDetectors];
