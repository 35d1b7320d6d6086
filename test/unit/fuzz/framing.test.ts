// Property tests of the collector's JSON-RPC framing and classification on hostile bytes: any chunking of any
// byte stream yields exactly the stream's non-blank lines (or an oversize record with the true size), and
// nothing that parses or sniffs a line ever throws.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { LineFramer, OVERSIZE_HEAD_BYTES, OVERSIZE_TAIL_BYTES, type Frame } from "../../../services/collector/framing.js";
import { classify, parseLine, parseValue, sniffTruncated } from "../../../services/collector/jsonrpc.js";

const isBlank = (b: Buffer) => [...b].every((c) => c === 0x20 || c === 0x09 || c === 0x0d);

/** Bytes biased towards newlines, JSON punctuation and multi-byte UTF-8 so lines and splits are interesting. */
const streamBytes = fc.array(fc.oneof(
  fc.constantFrom(10, 13, 32, 9, 0x7b, 0x7d, 0x22, 0x5c, 0x3a),
  fc.integer({ min: 0, max: 255 }),
), { maxLength: 3000 }).map((a) => Buffer.from(a));

function cutPoints(len: number) {
  return fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, len) }), { maxLength: 20 }).map((a) => a.sort((x, y) => x - y));
}

function frameAll(buf: Buffer, cuts: number[], max: number): Frame[] {
  const out: Frame[] = [];
  const f = new LineFramer(max, (fr) => out.push(fr));
  let prev = 0;
  for (const c of [...cuts, buf.length]) { f.push(buf.subarray(prev, c)); prev = c; }
  f.end();
  return out;
}

test("LineFramer: any chunking yields the stream's non-blank lines, oversize ones summarised exactly", () => {
  fc.assert(fc.property(streamBytes.chain((b) => fc.tuple(fc.constant(b), cutPoints(b.length), fc.integer({ min: 1, max: 400 }))), ([buf, cuts, max]) => {
    const frames = frameAll(buf, cuts, max);
    const lines: Buffer[] = [];
    let start = 0;
    for (let i = 0; i <= buf.length; i++) {
      if (i === buf.length || buf[i] === 10) { lines.push(buf.subarray(start, i)); start = i + 1; }
    }
    if (buf.length > 0 && buf[buf.length - 1] === 10) lines.pop(); // no trailing partial line after a final newline
    const expected = lines.filter((l) => l.length > 0 && !(l.length <= max && isBlank(l)));
    assert.equal(frames.length, expected.length);
    frames.forEach((fr, i) => {
      const want = expected[i]!;
      if (fr.type === "line") {
        assert.ok(want.length <= max);
        assert.ok(fr.bytes.equals(want));
      } else {
        assert.ok(want.length > max, "oversize only past the limit");
        assert.equal(fr.size, want.length);
        // The head is what had arrived when the limit was crossed (at least max+1 bytes), capped at 4 kB.
        assert.ok(fr.head.equals(want.subarray(0, fr.head.length)), "head is a prefix");
        assert.ok(fr.head.length <= OVERSIZE_HEAD_BYTES && fr.head.length >= Math.min(OVERSIZE_HEAD_BYTES, max + 1));
        assert.ok(fr.tail.equals(want.subarray(Math.max(0, want.length - OVERSIZE_TAIL_BYTES))));
      }
    });
  }), { numRuns: 300 });
});

test("LineFramer keeps bounded memory on one endless line", () => {
  let frames = 0;
  const f = new LineFramer(1024, () => frames++);
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  for (let i = 0; i < 200; i++) f.push(chunk); // 12.8 MB without a newline
  const held = (f as unknown as { parts: Buffer[] }).parts.reduce((s, p) => s + p.length, 0);
  assert.equal(held, 0, "nothing of the oversize line is buffered beyond head/tail");
  f.push(Buffer.from("\n"));
  assert.equal(frames, 1);
});

test("parseLine / parseValue / classify never throw on arbitrary text and JSON", () => {
  fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 500 }), fc.json({ maxDepth: 6 })), (s) => {
    const r = parseLine(s, Buffer.byteLength(s));
    if (r.ok) for (const m of r.messages) assert.ok(["request", "notification", "response"].includes(m.msg.type));
  }), { numRuns: 2000 });
  fc.assert(fc.property(fc.anything({ maxDepth: 4 }), (v) => {
    classify(v);
    parseValue(v, 10);
  }), { numRuns: 2000 });
});

test("classify agrees with JSON-RPC 2.0 on generated messages", () => {
  const id = fc.oneof(fc.string({ maxLength: 20 }), fc.integer());
  const msg = fc.oneof(
    fc.record({ jsonrpc: fc.constant("2.0"), id, method: fc.string({ minLength: 1, maxLength: 30 }), params: fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }) }, { requiredKeys: ["jsonrpc", "id", "method"] }).map((m) => ["request", m] as const),
    fc.record({ jsonrpc: fc.constant("2.0"), method: fc.string({ minLength: 1, maxLength: 30 }) }).map((m) => ["notification", m] as const),
    fc.record({ jsonrpc: fc.constant("2.0"), id, result: fc.jsonValue({ maxDepth: 3 }) }).map((m) => ["response", m] as const),
  );
  fc.assert(fc.property(msg, ([kind, m]) => {
    const text = JSON.stringify(m);
    const r = parseLine(text, Buffer.byteLength(text));
    assert.ok(r.ok);
    assert.equal(r.messages[0]!.msg.type, kind);
  }), { numRuns: 1000 });
});

test("sniffTruncated never throws and stays fast on hostile heads/tails (4 kB + 512 B, as the framer keeps)", () => {
  fc.assert(fc.property(fc.string({ maxLength: OVERSIZE_HEAD_BYTES }), fc.string({ maxLength: OVERSIZE_TAIL_BYTES }), (h, t) => {
    sniffTruncated(h, t);
  }), { numRuns: 500 });
  for (const h of ['"method"' + " ".repeat(4000), '"id":' + "1".repeat(4000), '"method":"' + "a".repeat(4000), ('"id" : ' + " ".repeat(8)).repeat(300)]) {
    const t0 = performance.now();
    sniffTruncated(h, h.slice(-OVERSIZE_TAIL_BYTES));
    assert.ok(performance.now() - t0 < 50, `sniff ${h.slice(0, 20)}…`);
  }
});
