// The eval harness groups its splits by where their texts come from: a `_b` half shares its author with a read `_a`
// half, and only never-read waves measure recall on new authors (docs/detection.md, twelfth session).
import { test } from "node:test";
import assert from "node:assert/strict";
import { byProvenance, CLASSES, contentTrained, NEVER_READ, provenance, SPLITS } from "../../../bench/eval.js";

test("every split has one provenance: never read, an unread half, the own unread sets, or read", () => {
  assert.equal(provenance("wave18x_a"), "never read (new authors)");
  assert.equal(provenance("wave18y_b"), "never read (new authors)");
  assert.equal(provenance("wave17v_b"), "unread half (its author's other half read)");
  assert.equal(provenance("wave6_b"), "unread half (its author's other half read)");
  assert.equal(provenance("holdout"), "unread, own (holdout, wave 5)");
  assert.equal(provenance("wave17v_a"), "read or trained on");
  assert.equal(provenance("wave3_b"), "read or trained on"); // trained on whole
  assert.equal(provenance("tune"), "read or trained on");
  // The model trains on the returned content of every wave that left NEVER_READ: an unread half's injection counts
  // are then trained on, its tool-poisoning counts (descriptions, not trained on) stay unread; never-read stay never read.
  assert.equal(provenance("wave17v_b", "indirect_injection"), "read or trained on");
  assert.equal(provenance("wave17v_b", "tool_poisoning"), "unread half (its author's other half read)");
  assert.equal(provenance("wave18x_b", "indirect_injection"), "never read (new authors)");
  assert.equal(provenance("holdout", "indirect_injection"), "unread, own (holdout, wave 5)");
  assert.equal(provenance("wave5", "indirect_injection"), "unread, own (holdout, wave 5)");
  for (const s of NEVER_READ) assert.equal(contentTrained(s), false, s);
  // Every never-read split is a real split, and none of them is also counted as read.
  for (const s of NEVER_READ) assert.ok((SPLITS as readonly string[]).includes(s), s);
});

test("the provenance sums add up the splits' counts", () => {
  const zero = () => Object.fromEntries(CLASSES.map((c) => [c, { tp: 0, fn: 0, fp: 0, tn: 0, misses: [], falseAlarms: [] }]));
  const results = { wave18x_a: zero(), wave18y_b: zero(), wave7_b: zero() } as unknown as Parameters<typeof byProvenance>[0];
  results.wave18x_a!.indirect_injection.tp = 3;
  results.wave18y_b!.indirect_injection.tp = 2;
  results.wave18y_b!.indirect_injection.fp = 1;
  results.wave7_b!.indirect_injection.tp = 5;
  results.wave7_b!.tool_poisoning.tp = 4;
  const g = byProvenance(results);
  assert.equal(g.get("never read (new authors)")!.indirect_injection.tp, 5);
  assert.equal(g.get("never read (new authors)")!.indirect_injection.fp, 1);
  // wave7_b's injection counts come from content the model trained on; its tool-poisoning counts do not.
  assert.equal(g.get("read or trained on")!.indirect_injection.tp, 5);
  assert.equal(g.get("read or trained on")!.tool_poisoning.tp, 0);
  assert.equal(g.get("unread half (its author's other half read)")!.tool_poisoning.tp, 4);
  assert.equal(g.get("unread half (its author's other half read)")!.indirect_injection.tp, 0);
});
