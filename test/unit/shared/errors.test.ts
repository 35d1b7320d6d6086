// Regression (issue 8, soak heap growth): sleep() left its abort listener on the signal when the timer won, so
// the shipper's `sleep(ms, AbortSignal.any([...]))` waits were pinned in Node's persistent-signal set forever
// (~1.7 kB each, 4 229 of them in 8 minutes of load). A wait must leave nothing behind, whichever way it ends.
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { sleep } from "../../../shared/errors.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapAfterGc = async (): Promise<number> => {
  await new Promise((r) => setImmediate(r));
  gc(); gc();
  return process.memoryUsage().heapUsed;
};

test("a wait whose timer fires removes its listener from a long-lived signal", async () => {
  const stop = new AbortController();
  for (let i = 0; i < 50; i++) await sleep(0, stop.signal);
  assert.equal(getEventListeners(stop.signal, "abort").length, 0);
});

test("a wait removes its listeners from every signal, whichever ends it", async () => {
  const stop = new AbortController(), wake = new AbortController();
  await sleep(0, [stop.signal, wake.signal]);
  assert.equal(getEventListeners(stop.signal, "abort").length + getEventListeners(wake.signal, "abort").length, 0);
  const waiting = sleep(60_000, [stop.signal, wake.signal]);
  const t0 = Date.now();
  wake.abort();
  await waiting;
  assert.ok(Date.now() - t0 < 1000, "aborting any one signal ends the wait at once");
  assert.equal(getEventListeners(stop.signal, "abort").length, 0, "the signal that did not fire is released too");
  const t1 = Date.now();
  await sleep(60_000, [stop.signal, wake.signal]);
  assert.ok(Date.now() - t1 < 1000, "an already-aborted signal ends the wait before it starts");
});

test("waits on AbortSignal.any() signals do not accumulate on the heap", async () => {
  const stop = new AbortController();
  const round = () => Promise.all(Array.from({ length: 5000 }, () => sleep(1, AbortSignal.any([stop.signal, new AbortController().signal]))));
  await round(); // warm-up: code, shapes, the persistent set's own growth
  const before = await heapAfterGc();
  await round();
  const grown = (await heapAfterGc()) - before;
  // Pinned, 5 000 waits keep ~8 MB; released, what is left is the WeakRef each any() leaves in `stop` (~0.3 MB).
  assert.ok(grown < 2 * 1048576, `heap grew ${(grown / 1048576).toFixed(1)} MB over 5 000 waits`);
});
