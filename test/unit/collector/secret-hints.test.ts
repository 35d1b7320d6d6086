// Redaction prefilter: every finder's hint is a necessary condition of its matches, so skipping strings without a
// hint never lets a secret through.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { RedactionConfigSchema } from "../../../services/collector/config.js";
import { Redactor } from "../../../services/collector/redaction.js";
import { FINDERS } from "../../../services/collector/secret-patterns.js";

/** Pieces that make finders fire, mixed with noise by the property below. */
const PIECES = [
  "AKIAIOSFODNN7EXAMPLE", "ghp_" + "a".repeat(36), "github_pat_" + "b".repeat(22), "xoxb-1234567890-abc", "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXX",
  "sk_live_abcdefghij", "rk_test_0123456789", "sk-ant-" + "c".repeat(20), "sk-proj-" + "d".repeat(20), "AIza" + "e".repeat(35),
  "eyJhbGciOi.eyJzdWIiOi.signature_abc", "postgres://user:hunter2@db", "Bearer abcdefgh123", "basic dXNlcjpwYXNz", "Password = s3cret",
  "API-KEY: k1", "client_secret=xyz", "a.b@example.com", "4111 1111 1111 1111", "4111111111111111", "123-45-6789",
  "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----", " ", "=", ":", "@", "-", "'", '"', "\n", "x", "9", "A",
];

test("every finder's hint holds wherever the finder finds something (property)", () => {
  const str = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 }), fc.stringMatching(/^[0-9 -]{0,20}$/)), { maxLength: 8 }).map((a) => a.join(""));
  fc.assert(fc.property(str, (s) => {
    for (const f of FINDERS) if (f.find(s).length > 0) assert.ok(f.hint.test(s), `${f.kind} found in ${JSON.stringify(s)} but its hint did not match`);
  }), { numRuns: 3000 });
});

test("each example piece is found by some finder and still redacted through the prefilter", () => {
  const r = new Redactor(Buffer.from("k".repeat(32)), RedactionConfigSchema.parse({}));
  for (const p of PIECES.filter((x) => x.length >= 8)) {
    const out: unknown[] = [];
    const red = r.redactString(`prefix ${p} suffix`, "params", out as never[]);
    assert.ok(out.length > 0 && red.includes("[REDACTED:"), `not redacted: ${p}`);
  }
});

test("hints are plain (non-global, non-sticky) tests, so test() keeps no state between strings", () => {
  for (const f of FINDERS) assert.ok(!f.hint.global && !f.hint.sticky, f.kind);
});
