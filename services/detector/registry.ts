// Every built-in detector, one list: semantic (this folder's detectors/semantic) then behavioural and
// correlation (detectors/behavioural). YAML rules are added by the engine from the rule folders. Also where each
// detector runs when the detector is split in two stages (docs/scaling.md, "What is partition-local").
import type { Detector } from "./detector.js";
import { semanticDetectors } from "./detectors/semantic/index.js";
import { behaviouralDetectors } from "./detectors/behavioural/index.js";

export const registry: Detector[] = [...semanticDetectors, ...behaviouralDetectors];

/**
 * Detectors whose state and alert identity stay inside one agent session, so inside one partition of a topic
 * keyed by session id: they run in stage "session". Every other detector runs in stage "tenant", which sees all
 * of a tenant's traffic and so is exact for any key inside a tenant: a detector missing here is slower to scale,
 * never wrong. YAML pattern rules are stateless and behave like DESCRIPTION_SCANNERS.
 */
export const SESSION_LOCAL_DETECTORS: ReadonlySet<string> = new Set([
  "semantic.tool_poisoning", "semantic.indirect_injection", "semantic.hidden_content", "semantic.exfil_url",
  "semantic.secret_exfiltration", "semantic.tool_shadowing",
  "behaviour.amplification", "behaviour.error_storm", "behaviour.attack_chain",
  "correlation.toxic_flow", "correlation.data_flow",
]);

/**
 * Stateless scanners among the session-local detectors whose findings in server-level descriptions (tools/list,
 * prompts/list, resources/list, initialize instructions) carry no session: stage "tenant" counts those, on the
 * description events only; stage "session" keeps their per-session findings.
 */
export const DESCRIPTION_SCANNERS: ReadonlySet<string> = new Set([
  "semantic.tool_poisoning", "semantic.indirect_injection", "semantic.hidden_content", "semantic.exfil_url",
]);

/** Registry detectors that are not partition-local: stage "tenant"'s own detectors. */
export const CROSS_PARTITION_DETECTORS: readonly string[] = registry.map((d) => d.meta.id).filter((id) => !SESSION_LOCAL_DETECTORS.has(id));
