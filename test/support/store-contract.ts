// One contract suite for every Store adapter (embedded twin and Elasticsearch), so the twin cannot drift.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Store } from "../../shared/store/port.js";
import { toStoredTelemetry } from "../../services/indexer/ecs.js";
import { makeEvent } from "./events.js";

export function runStoreContract(name: string, make: () => Promise<{ store: Store; reopen?: () => Promise<Store>; cleanup: () => Promise<void> }>): void {
  test(`${name}: store contract`, async (t) => {
    const { store, reopen, cleanup } = await make();
    t.after(cleanup);
    const base = Date.parse("2026-11-20T10:00:00.000Z");
    const events = Array.from({ length: 25 }, (_, i) => makeEvent({
      ts: new Date(base + i * 1000).toISOString(),
      session: i % 2 ? "sess-odd" : "sess-even",
      tool: i === 7 ? "send_email" : "read_file",
      text: i === 7 ? "quarterly invoice attached for review" : `plain output number ${i}`,
      params: i === 3 ? "a string, not an object" : { name: i === 7 ? "send_email" : "read_file", arguments: { n: i } },
    }));

    await t.test("bulk write is idempotent by id", async () => {
      const ops = events.map((e) => ({ id: e.event_id, doc: toStoredTelemetry(e) }));
      const r1 = await store.bulkWrite("telemetry", ops);
      assert.equal(r1.written, 25);
      assert.deepEqual(r1.failed, []);
      await store.bulkWrite("telemetry", ops.slice(0, 10));
      await store.refresh("telemetry");
      assert.equal(await store.count("telemetry", {}), 25);
    });

    await t.test("get by id returns the document or null", async () => {
      const got = await store.get("telemetry", events[5]!.event_id);
      assert.equal(got?.event_id, events[5]!.event_id);
      assert.equal((got?.agent as { session_id: string }).session_id, "sess-odd");
      assert.equal(await store.get("telemetry", "no-such-id"), null);
    });

    await t.test("filters: eq, in, range", async () => {
      assert.equal(await store.count("telemetry", { filters: [{ field: "agent.session_id", op: "eq", value: "sess-even" }] }), 13);
      assert.equal(await store.count("telemetry", { filters: [{ field: "tool", op: "in", values: ["send_email", "nope"] }] }), 1);
      const since = new Date(base + 20_000).toISOString();
      assert.equal(await store.count("telemetry", { filters: [{ field: "ts", op: "range", gte: since }] }), 5);
    });

    await t.test("free text matches words in payloads, never parsed as syntax", async () => {
      const p = await store.search("telemetry", { text: "invoice quarterly" });
      assert.deepEqual(p.items.map((d) => d.event_id), [events[7]!.event_id]);
      const hostile = await store.search("telemetry", { text: '") OR 1=1 -- *:* {"query":' });
      assert.equal(hostile.items.length, 0);
    });

    await t.test("cursor paging walks every document once, in time order", async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page = await store.search("telemetry", { limit: 7, order: "asc", cursor });
        seen.push(...page.items.map((d) => d.event_id as string));
        cursor = page.next_cursor;
        if (!cursor) break;
      }
      assert.deepEqual(seen, events.map((e) => e.event_id));
      await assert.rejects(store.search("telemetry", { cursor: "not-a-cursor!" }), /invalid cursor/);
    });

    await t.test("upsert merges into an existing doc and inserts when absent; update patches", async () => {
      const alert = { alert_id: "a1", dedup_key: "k1", last_seen: new Date(base).toISOString(), count: 1, status: "open", title: "t", entity: { tenant: "default" } };
      await store.bulkWrite("alerts", [{ id: "a1", doc: { count: 1 }, insert: alert }]);
      assert.equal((await store.get("alerts", "a1"))?.status, "open");
      await store.update("alerts", "a1", { status: "acknowledged", assignee: "bob" });
      await store.bulkWrite("alerts", [{ id: "a1", doc: { count: 2, last_seen: new Date(base + 5000).toISOString() }, insert: alert }]);
      const merged = await store.get("alerts", "a1");
      assert.equal(merged?.count, 2);
      assert.equal(merged?.status, "acknowledged", "detector upsert must not overwrite analyst status");
      assert.equal(merged?.assignee, "bob");
      assert.equal(await store.update("alerts", "missing", { status: "resolved" }), null);
    });

    await t.test("terms and histogram aggregate", async () => {
      await store.refresh("telemetry");
      const terms = await store.terms("telemetry", {}, "agent.session_id", 10, "size.response_bytes");
      assert.deepEqual(terms.map((b) => [b.key, b.count, b.sum]), [["sess-even", 13, 13 * 120], ["sess-odd", 12, 12 * 120]]);
      const hist = await store.histogram("telemetry", {}, { intervalMs: 10_000, by: "tool" });
      assert.deepEqual(hist.map((b) => b.count), [10, 10, 5]);
      assert.equal(hist[0]?.by?.send_email, 1);
      const bytes = await store.histogram("telemetry", {}, { intervalMs: 10_000, by: "agent.session_id", sumField: "size.response_bytes" });
      assert.deepEqual(bytes[2]?.by_sum, { "sess-even": 3 * 120, "sess-odd": 2 * 120 });
      assert.equal(bytes[2]?.sum, 5 * 120);
    });

    if (reopen) {
      await t.test("data survives a restart", async () => {
        const again = await reopen();
        assert.equal(await again.count("telemetry", {}), 25);
        assert.equal((await again.get("alerts", "a1"))?.status, "acknowledged");
        await again.close();
      });
    }
  });
}
