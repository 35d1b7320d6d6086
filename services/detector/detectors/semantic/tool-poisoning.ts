// P1 tool poisoning: instructions to the model hidden in what a server says about itself — tool, prompt and
// resource descriptions, input/output-schema texts, and the `instructions` of its initialize result.
import type { Detector } from "../../detector.js";
import type { DetectorConfig } from "../../config.js";
import { severityForScore } from "../../alerts.js";
import { DESCRIPTION_SCOPES } from "../../text/fields.js";
import { analyseDescriptions, fieldsOf, groupByItem, signalSummary, withEventId } from "../../signals/analyse.js";

const DESCRIBING = new Set(["initialize", "tools/list", "prompts/list", "resources/list", "resources/templates/list"]);

export const toolPoisoning: Detector = {
  meta: {
    id: "semantic.tool_poisoning",
    name: "Tool poisoning: instructions hidden in server metadata",
    description: "A tool, prompt or resource description (or a server's initialize instructions) reads as instructions aimed at the model — overriding prior instructions, secrecy towards the user, references to other tools or sensitive files, exfiltration steps, fake role markers — possibly hidden with invisible Unicode or encodings. Such text is loaded into the model's context before any tool is called (\"line jumping\").",
    taxonomy: ["P1"],
    severity: "high",
    owasp: ["LLM01", "LLM03"],
    atlas: ["AML.T0051.001", "AML.T0010"],
  },
  detect(event, ctx) {
    if (!DESCRIBING.has(event.method) || event.result === undefined) return [];
    const cfg = ctx.config as unknown as DetectorConfig;
    const fields = fieldsOf(event, cfg).filter((f) => DESCRIPTION_SCOPES.has(f.scope));
    const findings = [];
    for (const [item, group] of groupByItem(fields)) {
      const a = analyseDescriptions(group, cfg.min_score);
      if (a.score < cfg.min_score) continue;
      const what = item ? `'${item}'` : "initialize instructions";
      const kind = group[0]!.scope.replace("_", " ");
      findings.push({
        title: `${kind[0]!.toUpperCase()}${kind.slice(1)} of ${what} on server '${event.server.name}' carries instructions to the model`,
        description: `The ${kind} of ${what} scores ${a.score.toFixed(2)} for injection shape: ${signalSummary(a.hits)}${a.hidden ? "; hidden Unicode present" : ""}.`,
        score: a.score,
        severity: severityForScore(a.score),
        evidence: withEventId(a.evidence, event.event_id),
        event_ids: [event.event_id],
        dedup: [event.method, item],
        // Definitions reach every session that lists them: one alert per server and item, not per session.
        entity: { session_id: null, agent_id: null, principal: null, ...(item && event.method === "tools/list" ? { tool: item } : {}) },
      });
    }
    return findings;
  },
};
