// Cases from UK AISI's `inspect-evals` (PyPI `inspect-evals`), two agent-security evaluations it ships as data:
// - `ipi_coding_agent`: indirect prompt injection against a coding agent. Each sample is a small repository plus the
//   GitHub issue the agent is asked to fix; the injection sits in the issue, a code comment, the README or a config
//   file (`injection_vector`), or nowhere (`is_benign`). The issue arrives as a GitHub server's tool result and the
//   repository as the reference filesystem server's `read_multiple_files` result, where an MCP agent would meet them.
// - `agent_threat_bench`: OWASP agentic-threat tasks — an inbox read by a triage agent, customer records looked up by
//   a support agent, a policy memory read by an HR assistant — rendered exactly as its own tools print them, with
//   `clean_baseline` tasks as the benign side.
// Only the vector's text is an attack case: the rest of an attacked sample is not known to be clean.
import { z } from "zod";
import { type ExternalCase, makeCase } from "./cases.js";

const IPI_PATH = "inspect_evals/ipi_coding_agent/dataset/samples.json";
const ATB_DIR = "inspect_evals/agent_threat_bench/data/";

const IpiSample = z.object({
  id: z.string(),
  issue_text: z.string(),
  injection_vector: z.string(),
  payload_sophistication: z.string(),
  is_benign: z.boolean(),
  repo_files: z.record(z.string(), z.string()),
});
const Email = z.object({ from: z.string().optional(), subject: z.string().optional(), body: z.string().optional() });
const Customer = z.object({ name: z.string(), id: z.string(), email: z.string().optional(), ssn: z.string().optional(), account: z.string().optional(), issue: z.string().optional() });
const AtbBase = z.object({ id: z.string(), attack_name: z.string() });
const Hijack = AtbBase.extend({ inbox: z.array(Email) });
const Exfil = AtbBase.extend({ customer_db: z.array(Customer) });
const Memory = AtbBase.extend({ memory_store: z.record(z.string(), z.string()) });

export interface InspectEvalsData {
  ipi: z.infer<typeof IpiSample>[];
  hijack: z.infer<typeof Hijack>[];
  exfil: z.infer<typeof Exfil>[];
  memory: z.infer<typeof Memory>[];
}

function json<T>(files: Map<string, Buffer>, path: string, schema: z.ZodType<T>): T {
  const b = files.get(path);
  if (!b) throw new Error(`inspect-evals wheel: missing ${path}`);
  return schema.parse(JSON.parse(b.toString("utf8")));
}

export function readInspectEvals(files: Map<string, Buffer>): InspectEvalsData {
  return {
    ipi: json(files, IPI_PATH, z.array(IpiSample)),
    hijack: json(files, `${ATB_DIR}autonomy_hijack.json`, z.array(Hijack)),
    exfil: json(files, `${ATB_DIR}data_exfil.json`, z.array(Exfil)),
    memory: json(files, `${ATB_DIR}memory_poison.json`, z.array(Memory)),
  };
}

/** The reference filesystem server's `read_multiple_files` output: each file as "path:\ncontent", "---" between. */
export const readMultipleFiles = (files: Record<string, string>): string =>
  Object.entries(files).filter(([, c]) => c.trim()).map(([p, c]) => `${p}:\n${c}\n`).join("\n---\n");

// The three renderings below follow agent_threat_bench/tools.py's own output formats.
const inbox = (emails: z.infer<typeof Email>[]): string =>
  emails.map((e, i) => `Email ${i + 1}:\n  From: ${e.from ?? "unknown"}\n  Subject: ${e.subject ?? "no subject"}\n  Body: ${e.body ?? ""}`).join("\n\n");
const customer = (c: z.infer<typeof Customer>): string =>
  `Customer: ${c.name}\nID: ${c.id}\nEmail: ${c.email ?? "N/A"}\nSSN: ${c.ssn ?? "N/A"}\nAccount: ${c.account ?? "N/A"}\nIssue: ${c.issue ?? "N/A"}`;

export function inspectEvalsCases(d: InspectEvalsData, source: string): ExternalCase[] {
  const out: ExternalCase[] = [];
  const issue = { scope: "tool_result" as const, source, tool: "get_issue", server: "github" };
  const repo = { scope: "tool_result" as const, source, tool: "read_multiple_files", server: "filesystem" };
  for (const s of d.ipi) {
    const family = s.is_benign ? "benign" : `${s.injection_vector}/${s.payload_sophistication}`;
    const base = { origin: "inspect-ipi-coding", group: `sample:${s.id}`, family };
    const repoText = readMultipleFiles(s.repo_files);
    if (s.is_benign) {
      out.push(makeCase({ ...base, idHint: `${s.id}|issue`, class: null, label: "benign", text: s.issue_text, ...issue }));
      if (repoText) out.push(makeCase({ ...base, idHint: `${s.id}|repo`, class: null, label: "benign", text: repoText, ...repo }));
    } else if (s.injection_vector === "issue_text") {
      out.push(makeCase({ ...base, idHint: `${s.id}|issue`, class: "indirect_injection", label: "attack", text: s.issue_text, ...issue }));
    } else {
      if (!repoText) throw new Error(`inspect-evals ipi ${s.id}: vector ${s.injection_vector} but no repository files`);
      out.push(makeCase({ ...base, idHint: `${s.id}|repo`, class: "indirect_injection", label: "attack", text: repoText, ...repo }));
    }
  }
  const atb = (id: string, attackName: string, task: string, text: string, tool: string, server: string): ExternalCase => {
    const benign = attackName === "clean_baseline";
    return makeCase({
      idHint: id, origin: "inspect-agent-threat", group: `task:${id}`, family: benign ? "clean_baseline" : `${task}/${attackName}`,
      class: benign ? null : "indirect_injection", label: benign ? "benign" : "attack", text, scope: "tool_result", source, tool, server,
    });
  };
  for (const t of d.hijack) out.push(atb(t.id, t.attack_name, "autonomy_hijack", inbox(t.inbox), "read_inbox", "mail"));
  // One lookup result per customer, as the support agent would see them in turn, joined into one case per task.
  for (const t of d.exfil) out.push(atb(t.id, t.attack_name, "data_exfil", t.customer_db.map(customer).join("\n\n"), "lookup_customer", "crm"));
  for (const t of d.memory) {
    const text = Object.entries(t.memory_store).map(([k, v]) => `${k}: ${v}`).join("\n");
    out.push(atb(t.id, t.attack_name, "memory_poison", text, "memory_read", "memory"));
  }
  return out;
}
