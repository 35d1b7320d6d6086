// Redactor: every secret and PII kind, keyed fingerprints, copy-on-write, config switches, linear-time scans.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { RedactionConfigSchema } from "../../../services/collector/config.js";
import { loadRedactionKey, Redactor, type RedactionRecord } from "../../../services/collector/redaction.js";
import { luhnValid } from "../../../services/collector/secret-patterns.js";

const KEY = Buffer.from("unit-test-redaction-key-0123456789");
const make = (over: Record<string, unknown> = {}) => new Redactor(KEY, RedactionConfigSchema.parse(over));

// Built by concatenation so this file does not itself look like it holds live credentials.
const SAMPLES: Record<string, string> = {
  aws_access_key: "AKIA" + "IOSFODNN7EXAMPLE",
  github_token: "ghp_" + "a".repeat(20) + "B".repeat(16),
  slack_token: "xoxb-" + "123456789012-abcdefABCDEF",
  stripe_key: "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
  openai_api_key: "sk-proj-" + "abcdefghijklmnopqrstuvwxyz012345",
  anthropic_api_key: "sk-ant-api03-" + "abcdefghijklmnopqrstuvwxyz",
  google_api_key: "AIza" + "SyA-1234567890abcdefghijklmnopqrstu",
  jwt: "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0" + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
  email: "alice.smith@example.co.uk",
  credit_card: "4111 1111 1111 1111",
  us_ssn: "123-45-6789",
};

for (const [kind, secret] of Object.entries(SAMPLES)) {
  test(`redacts ${kind} inside surrounding text`, () => {
    const out: RedactionRecord[] = [];
    const r = make();
    const s = r.redactString(`before ${secret} after`, "params.q", out);
    assert.ok(!s.includes(secret), s);
    assert.match(s, new RegExp(`^before \\[REDACTED:${kind}:fp=[0-9a-f]{10}\\] after$`));
    assert.deepEqual(out, [{ path: "params.q", kind, fingerprint: r.fingerprint(secret) }]);
  });
}

test("PEM private key, whole block (and a truncated one with no footer)", () => {
  const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn\n-----END RSA PRIVATE KEY-----";
  const out: RedactionRecord[] = [];
  const s = make().redactString(`key: ${pem} done`, "result", out);
  assert.equal(s, `key: [REDACTED:private_key:fp=${out[0]!.fingerprint}] done`);
  const cut = make().redactString("x -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg", "r", []);
  assert.match(cut, /^x \[REDACTED:private_key:fp=[0-9a-f]{10}\]$/);
});

test("password in a URL, bearer header, key=value pairs: only the secret part is replaced", () => {
  const out: RedactionRecord[] = [];
  const r = make();
  assert.match(r.redactString("postgres://admin:s3cr3tPass@db:5432/x", "p", out), /^postgres:\/\/admin:\[REDACTED:url_password:fp=\w+\]@db:5432\/x$/);
  assert.match(r.redactString("Authorization: Bearer abc.def-ghi_jkl", "p", out), /^Authorization: Bearer \[REDACTED:bearer_token:fp=\w+\]$/);
  assert.match(r.redactString("login password=hunter22&user=bob", "p", out), /^login password=\[REDACTED:credential_pair:fp=\w+\]&user=bob$/);
  assert.match(r.redactString('{"api_key": "zzzzzzzz"}', "p", out), /^\{"api_key": "\[REDACTED:credential_pair:fp=\w+\]"\}$/);
  assert.equal(out.length, 4);
});

test("sensitive object keys are replaced whole; untouched subtrees are shared, not copied", () => {
  const shared = { keep: ["a", 1, null] };
  const input = { arguments: { password: "hunter2", note: "hi" }, shared };
  const out: RedactionRecord[] = [];
  const res = make().redact(input, "params", out) as typeof input;
  assert.notEqual(res, input);
  assert.equal(res.shared, shared);
  assert.match(res.arguments.password, /^\[REDACTED:credential_field:fp=\w+\]$/);
  assert.equal(input.arguments.password, "hunter2", "input is not mutated");
  assert.deepEqual(out.map((r) => r.path), ["params.arguments.password"]);
  const clean = { a: [{ b: "nothing to see" }] };
  assert.equal(make().redact(clean, "params", []), clean);
});

test("paths name array elements", () => {
  const out: RedactionRecord[] = [];
  make().redact({ content: [{ type: "text", text: "ok" }, { type: "text", text: `k=${SAMPLES.aws_access_key}` }] }, "result", out);
  assert.deepEqual(out.map((r) => [r.path, r.kind]), [["result.content[1].text", "aws_access_key"]]);
});

test("fingerprint: same secret → same fp (across redactor instances with one key), different key → different fp", () => {
  const a = make().fingerprint("AKIAIOSFODNN7EXAMPLE");
  assert.equal(make().fingerprint("AKIAIOSFODNN7EXAMPLE"), a);
  assert.notEqual(new Redactor(Buffer.from("another-key-another-key"), RedactionConfigSchema.parse({})).fingerprint("AKIAIOSFODNN7EXAMPLE"), a);
  assert.notEqual(make().fingerprint("AKIAIOSFODNN7EXAMPLF"), a);
});

test("PII kinds can be switched off one by one; redaction can be disabled", () => {
  const r = make({ pii: { email: false } });
  assert.equal(r.redactString("mail bob@example.com", "p", []), "mail bob@example.com");
  assert.match(r.redactString("ssn 123-45-6789", "p", []), /REDACTED:us_ssn/);
  const off = make({ enabled: false });
  const v = { password: "x", t: SAMPLES.aws_access_key };
  assert.equal(off.redact(v, "params", []), v);
});

test("no false positives on ordinary text, ids, uuids, dates, numbers failing Luhn", () => {
  const benign = [
    "The quick brown fox jumps over the lazy dog",
    "550e8400-e29b-41d4-a716-446655440000",
    "2024-06-01T12:00:00.000Z",
    "order 4111 1111 1111 1112",
    "call 000-12-3456 or 123-00-4567",
    "see https://example.com/path?x=1",
    "version 1.2.3, token count 42",
  ];
  const out: RedactionRecord[] = [];
  for (const b of benign) assert.equal(make().redactString(b, "p", out), b);
  assert.equal(out.length, 0);
  assert.equal(luhnValid("4111111111111111"), true);
  assert.equal(luhnValid("4111111111111112"), false);
});

test("property: a planted secret never survives, whatever the surrounding text", () => {
  const secrets = Object.entries(SAMPLES).filter(([k]) => !["email", "credit_card", "us_ssn"].includes(k)).map(([, v]) => v);
  const r = make();
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), fc.constantFrom(...secrets), fc.string({ maxLength: 40 }), (pre, secret, post) => {
      const s = r.redactString(`${pre} ${secret} ${post}`, "p", []);
      return !s.includes(secret);
    }),
    { numRuns: 300 },
  );
});

test("adversarial inputs scan in linear time (1 MB each, well under a second)", () => {
  const r = make();
  const MB = 1 << 20;
  const inputs = [
    "eyJ".repeat(MB / 3),
    "eyJa.".repeat(MB / 5),
    "a@".repeat(MB / 2),
    "x@" + "a.".repeat(120) + "!".repeat(10),
    "ab://".repeat(MB / 5),
    "a://b:c".repeat(MB / 7),
    "-----BEGIN RSA PRIVATE KEY-----".repeat(MB / 31),
    "1 ".repeat(MB / 2),
    "1111-".repeat(MB / 5),
    "password=".repeat(MB / 9),
    "Bearer ".repeat(MB / 7),
    "sk-".repeat(MB / 3),
    "AKIA".repeat(MB / 4),
    "A".repeat(MB),
  ];
  for (const s of inputs) {
    const t0 = performance.now();
    r.redactString(s, "p", []);
    const ms = performance.now() - t0;
    assert.ok(ms < 1500, `${JSON.stringify(s.slice(0, 12))}… took ${ms.toFixed(0)} ms`);
  }
});

test("loadRedactionKey: config, env, then a generated key persisted 0600 and reused", () => {
  const dir = mkdtempSync(join(tmpdir(), "geiger-key-"));
  const cfg = RedactionConfigSchema.parse({});
  assert.equal(loadRedactionKey(RedactionConfigSchema.parse({ key: "k".repeat(20) }), dir, {}).toString(), "k".repeat(20));
  assert.equal(loadRedactionKey(cfg, dir, { GEIGER_REDACTION_KEY: "e".repeat(20) }).toString(), "e".repeat(20));
  const k1 = loadRedactionKey(cfg, dir, {});
  const k2 = loadRedactionKey(cfg, dir, {});
  assert.equal(k1.toString(), k2.toString());
  assert.equal(k1.length, 64);
  assert.equal(readFileSync(join(dir, "redaction.key"), "utf8").trim(), k1.toString());
  assert.equal(statSync(join(dir, "redaction.key")).mode & 0o777, 0o600);
});
