// LineFramer + JSON-RPC classification: partial lines, batches, oversize lines, garbage.
import assert from "node:assert/strict";
import { test } from "node:test";
import { LineFramer, type Frame, OVERSIZE_TAIL_BYTES } from "../../../services/collector/framing.js";
import { parseLine, sniffTruncated } from "../../../services/collector/jsonrpc.js";

function frames(max: number, chunks: (string | Buffer)[], end = false): Frame[] {
  const out: Frame[] = [];
  const f = new LineFramer(max, (fr) => out.push(fr));
  for (const c of chunks) f.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  if (end) f.end();
  return out;
}
const text = (fr: Frame) => (fr.type === "line" ? fr.bytes.toString() : `<oversize ${fr.size}>`);

test("joins partial lines across chunks and splits several lines in one chunk", () => {
  const out = frames(1024, ['{"a":', '1}\n{"b"', ':2}\n{"c":3}\n{"d"']);
  assert.deepEqual(out.map(text), ['{"a":1}', '{"b":2}', '{"c":3}']);
});

test("a trailing line without newline is emitted only at end()", () => {
  assert.deepEqual(frames(1024, ['{"a":1}']).map(text), []);
  assert.deepEqual(frames(1024, ['{"a":1}'], true).map(text), ['{"a":1}']);
});

test("blank lines and CRLF are tolerated", () => {
  assert.deepEqual(frames(1024, ['\n\r\n{"a":1}\r\n']).map(text), ['{"a":1}\r']);
});

test("a line past the limit becomes one oversize frame with its head and tail, and framing recovers after it", () => {
  const big = '{"jsonrpc":"2.0","method":"tools/call","params":{"x":"' + "A".repeat(5000) + '"},"id":42}';
  const out = frames(1024, [big.slice(0, 700), big.slice(700, 3000), big.slice(3000) + '\n{"ok":1}\n']);
  assert.equal(out.length, 2);
  const o = out[0]!;
  assert.equal(o.type, "oversize");
  if (o.type !== "oversize") return;
  assert.equal(o.size, Buffer.byteLength(big));
  assert.ok(o.head.toString().startsWith('{"jsonrpc":"2.0","method":"tools/call"'));
  assert.ok(o.tail.toString().endsWith('"id":42}'));
  assert.ok(o.tail.length <= OVERSIZE_TAIL_BYTES);
  assert.equal(text(out[1]!), '{"ok":1}');
  const s = sniffTruncated(o.head.toString(), o.tail.toString());
  assert.deepEqual(s, { method: "tools/call", id: 42, isResponse: false });
});

test("parseLine classifies requests, notifications, responses, batches and garbage", () => {
  const req = parseLine('{"jsonrpc":"2.0","id":1,"method":"tools/list"}', 10);
  assert.ok(req.ok && req.messages[0]!.msg.type === "request" && !req.batch);
  const note = parseLine('{"jsonrpc":"2.0","method":"notifications/initialized"}', 10);
  assert.ok(note.ok && note.messages[0]!.msg.type === "notification");
  const res = parseLine('{"jsonrpc":"2.0","id":"a","error":{"code":-32601,"message":"nope"}}', 10);
  assert.ok(res.ok && res.messages[0]!.msg.type === "response");
  const batch = parseLine('[{"jsonrpc":"2.0","id":1,"method":"a"},{"jsonrpc":"2.0","method":"b"}]', 60);
  assert.ok(batch.ok && batch.batch && batch.messages.length === 2);
  assert.deepEqual(parseLine("\u0000\u00ff garbage", 9), { ok: false, reason: "invalid_json" });
  assert.deepEqual(parseLine('{"hello":1}', 11), { ok: false, reason: "not_jsonrpc" });
  assert.deepEqual(parseLine("[]", 2), { ok: false, reason: "not_jsonrpc" });
});

test("binary garbage with embedded newlines never throws and yields frames", () => {
  const buf = Buffer.alloc(4096);
  for (let i = 0; i < buf.length; i++) buf[i] = (i * 7919) % 256;
  const out = frames(1024, [buf], true);
  assert.ok(out.length > 0);
  for (const fr of out) if (fr.type === "line") assert.equal(parseLine(fr.bytes.toString(), fr.bytes.length).ok, false);
});
