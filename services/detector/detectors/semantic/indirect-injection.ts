// P1 indirect prompt injection: tool results, resource contents, prompt messages, sampling and elicitation
// requests that carry instructions to the agent — scored after normalisation and decoding, so invisible
// characters, homoglyphs and base64/hex/URL/HTML encodings do not hide them.
import type { Detector, Finding } from "../../detector.js";
import type { DetectorConfig } from "../../config.js";
import { severityForScore } from "../../alerts.js";
import { CONTENT_SCOPES } from "../../text/fields.js";
import { analyseWithGloss, fieldsOf, signalSummary, withEventId, type Analysis } from "../../signals/analyse.js";

const CARRYING = new Set(["tools/call", "resources/read", "prompts/get", "sampling/createMessage", "elicitation/create", "completion/complete"]);

export const indirectInjection: Detector = {
  meta: {
    id: "semantic.indirect_injection",
    name: "Indirect prompt injection in content",
    description: "Content returned to the agent (tool results, resources, prompt messages) or sent to it by a server (sampling/elicitation requests) carries instructions: overrides of prior instructions, chat-template role markers, fake tool-call syntax, secrecy towards the user, requests to send data to an address or move money.",
    taxonomy: ["P1"],
    severity: "high",
    owasp: ["LLM01"],
    atlas: ["AML.T0051.001"],
  },
  detect(event, ctx) {
    if (!CARRYING.has(event.method) && !event.error) return [];
    const cfg = ctx.config as unknown as DetectorConfig;
    const fields = fieldsOf(event, cfg).filter((f) => CONTENT_SCOPES.has(f.scope));
    if (fields.length === 0) return [];
    // Each content block is scored on its own (a long transcript must not add up unrelated words), plus the
    // whole result together when it is short (a payload split across blocks).
    let best: { a: Analysis; path: string } | null = null;
    for (const f of fields) {
      const a = analyseWithGloss([f], "content", cfg.min_score);
      if (!best || a.score > best.a.score) best = { a, path: f.path };
    }
    if (fields.length > 1 && fields.length <= 16) {
      const a = analyseWithGloss(fields, "content", cfg.min_score);
      if (best && a.score > best.a.score) best = { a, path: "(several fields)" };
    }
    if (!best || best.a.score < cfg.min_score) return [];
    const { a } = best;
    const where = fields[0]!.scope.replace("_", " ");
    const item = fields[0]!.item;
    const f: Finding = {
      title: `Instructions to the agent in ${where}${item ? ` of '${item}'` : ""} from server '${event.server.name}'`,
      description: `The ${where} scores ${a.score.toFixed(2)} for injection shape: ${signalSummary(a.hits) || a.evidence[0]?.reason || "no signal named"}${a.hidden ? "; hidden Unicode present" : ""}.`,
      score: a.score,
      severity: severityForScore(a.score),
      evidence: withEventId(a.evidence, event.event_id),
      event_ids: [event.event_id],
      dedup: [event.method, item ?? ""],
    };
    return [f];
  },
};
