// HTTP proxy pieces that need no server: --listen parsing and the legacy `endpoint` URL rewrite.
import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { test } from "node:test";
import { parseListen, rewriteEndpoint } from "../../../services/collector/http-proxy.js";

test("parseListen: host:port, [v6]:port, bare port; errors are clear", () => {
  assert.deepEqual(parseListen("127.0.0.1:8080"), { host: "127.0.0.1", port: 8080 });
  assert.deepEqual(parseListen("[::1]:9000"), { host: "::1", port: 9000 });
  assert.deepEqual(parseListen("7000"), { host: "127.0.0.1", port: 7000 });
  assert.throws(() => parseListen("localhost"), /HOST:PORT/);
  assert.throws(() => parseListen("h:70000"), /out of range/);
});

test("rewriteEndpoint: absolute upstream URLs move to the proxy; relative and foreign ones stay", () => {
  const req = { headers: { host: "127.0.0.1:7777" }, socket: { encrypted: false } } as unknown as IncomingMessage;
  const up = new URL("http://10.0.0.5:3001/sse");
  assert.equal(rewriteEndpoint("http://10.0.0.5:3001/message?sessionId=abc", up, req), "http://127.0.0.1:7777/message?sessionId=abc");
  assert.equal(rewriteEndpoint("/message?sessionId=abc", up, req), "/message?sessionId=abc");
  assert.equal(rewriteEndpoint("https://elsewhere.example/message", up, req), "https://elsewhere.example/message");
  const tlsReq = { headers: { host: "proxy:443" }, socket: { encrypted: true } } as unknown as IncomingMessage;
  assert.equal(rewriteEndpoint("http://10.0.0.5:3001/m?x=1", up, tlsReq), "https://proxy:443/m?x=1");
});
