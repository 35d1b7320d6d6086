import { test } from "node:test";
import assert from "node:assert/strict";
import { boundedMemo } from "../../../services/detector/signals/memo.js";

test("a bounded memo computes once per kept key and drops the oldest key past its size", () => {
  const memo = boundedMemo<string, number>(3);
  let calls = 0;
  const get = (k: string): number => memo.get(k, () => { calls++; return k.length; });
  assert.equal(get("a"), 1);
  assert.equal(get("a"), 1);
  assert.equal(calls, 1, "a hit does not recompute");
  get("bb"); get("ccc"); get("dddd"); // "a" is the oldest and goes
  assert.equal(calls, 4);
  get("bb");
  assert.equal(calls, 4, "a kept key is still a hit");
  get("a");
  assert.equal(calls, 5, "the dropped key is computed again");
});
