// SseParser: events split across chunks, CRLF/CR line ends, comments, multi-line data, oversize data.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SseParser, type SseEvent } from "../../../services/collector/sse.js";

function parse(chunks: string[], max = 1 << 20): SseEvent[] {
  const out: SseEvent[] = [];
  const p = new SseParser(max, (e) => out.push(e));
  for (const c of chunks) p.push(Buffer.from(c));
  return out;
}

test("events across arbitrary chunk boundaries, with ids, types and comments", () => {
  const stream = ': keep-alive\n\nevent: endpoint\ndata: /message?sessionId=abc\n\nid: 7\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n';
  for (let cut = 1; cut < stream.length; cut += 3) {
    const out = parse([stream.slice(0, cut), stream.slice(cut)]);
    assert.deepEqual(out.map((e) => [e.type, "data" in e ? e.data : null, e.id ?? null]), [
      ["endpoint", "/message?sessionId=abc", null],
      ["message", '{"jsonrpc":"2.0","id":1,"result":{}}', "7"],
    ], `cut at ${cut}`);
  }
});

test("CRLF and CR line endings; multi-line data joined with \\n", () => {
  const out = parse(["data: a\r\ndata: b\r\n\r\ndata: c\r\rdata: d\n\n"]);
  assert.deepEqual(out.map((e) => ("data" in e ? e.data : null)), ["a\nb", "c", "d"]);
});

test("a CRLF split across chunks is one line end", () => {
  const out = parse(["data: x\r", "\n\r", "\n"]);
  assert.deepEqual(out.map((e) => ("data" in e ? e.data : null)), ["x"]);
});

test("data past the limit is reported as oversize with head and tail, and parsing recovers", () => {
  const big = '{"jsonrpc":"2.0","method":"notifications/message","params":{"x":"' + "z".repeat(10_000) + '"}}';
  const out = parse([`data: ${big.slice(0, 3000)}`, `${big.slice(3000)}\n\ndata: {"ok":1}\n\n`], 2048);
  assert.equal(out.length, 2);
  const o = out[0]!;
  assert.ok(o.oversize);
  assert.ok(o.oversize.head.startsWith('{"jsonrpc":"2.0","method":"notifications/message"'));
  assert.ok(o.oversize.tail.endsWith('"}}'));
  assert.equal("data" in out[1]! && out[1].data, '{"ok":1}');
});
