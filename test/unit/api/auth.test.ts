// Browser sessions (cookie + CSRF), one-time login tickets, OIDC/JWT bearer verification with a locally
// generated key pair, and rate limiting of failed authentication.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from "jose";
import { makeAlert, seed, startApi, type TestApi } from "./helpers.js";

describe("browser sessions", () => {
  let t: TestApi;
  before(async () => { t = await startApi(); await seed(t, [makeAlert({ alert_id: "c1" })]); });
  after(() => t.close());

  it("exchanges a token for an HttpOnly SameSite=Strict cookie and enforces CSRF on mutations", async () => {
    const analyst = await t.token("analyst", "default");
    const s = await t.call("/api/v1/auth/session", { token: null, method: "POST", body: { token: analyst } });
    assert.equal(s.status, 200);
    const setCookie = s.headers.get("set-cookie") ?? "";
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    const cookie = setCookie.split(";")[0]!;
    const me = await t.call("/api/v1/auth/me", { token: null, headers: { cookie } });
    assert.equal(me.body.role, "analyst");
    assert.equal(me.body.csrf, s.body.csrf);
    assert.equal((await t.call("/api/v1/alerts/c1", { token: null, headers: { cookie } })).status, 200);
    const noCsrf = await t.call("/api/v1/alerts/c1", { token: null, method: "PATCH", body: { status: "acknowledged" }, headers: { cookie } });
    assert.equal(noCsrf.status, 403);
    assert.equal(noCsrf.body.error.code, "csrf");
    const wrong = await t.call("/api/v1/alerts/c1", { token: null, method: "PATCH", body: { status: "acknowledged" }, headers: { cookie, "x-geiger-csrf": "x".repeat(32) } });
    assert.equal(wrong.status, 403);
    const ok = await t.call("/api/v1/alerts/c1", { token: null, method: "PATCH", body: { status: "acknowledged" }, headers: { cookie, "x-geiger-csrf": s.body.csrf } });
    assert.equal(ok.status, 200);
    await t.call("/api/v1/auth/logout", { token: null, method: "POST", headers: { cookie, "x-geiger-csrf": s.body.csrf } });
    assert.equal((await t.call("/api/v1/alerts", { token: null, headers: { cookie } })).status, 401);
  });

  it("redeems a one-time login ticket via GET /login and refuses reuse", async () => {
    const ticket = t.api.createLoginTicket();
    const r = await t.call(`/login?ticket=${ticket}`, { token: null });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get("location"), "/");
    const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0]!;
    assert.equal((await t.call("/api/v1/auth/me", { token: null, headers: { cookie } })).body.role, "admin");
    assert.equal((await t.call(`/login?ticket=${ticket}`, { token: null })).status, 401);
    assert.equal((await t.call("/api/v1/auth/session", { token: null, method: "POST", body: { ticket: "nope" } })).status, 401);
  });

  it("a session dies with the token it was made from", async () => {
    const c = await t.call("/api/v1/tokens", { method: "POST", body: { role: "viewer", tenant: "default" } });
    const s = await t.call("/api/v1/auth/session", { token: null, method: "POST", body: { token: c.body.token } });
    const cookie = (s.headers.get("set-cookie") ?? "").split(";")[0]!;
    assert.equal((await t.call("/api/v1/alerts", { token: null, headers: { cookie } })).status, 200);
    await t.call(`/api/v1/tokens/${c.body.id}`, { method: "DELETE" });
    assert.equal((await t.call("/api/v1/alerts", { token: null, headers: { cookie } })).status, 401);
  });
});

describe("OIDC bearer tokens", () => {
  it("verifies signature, issuer, audience and expiry with a PEM key and with a JWKS URL", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const other = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    const jwks = createServer((_req, res) => { res.setHeader("content-type", "application/json"); res.end(JSON.stringify({ keys: [jwk] })); });
    await new Promise<void>((r) => jwks.listen(0, "127.0.0.1", r));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`;
    const sign = (claims: Record<string, unknown>, o: { key?: CryptoKey; iss?: string; aud?: string; exp?: string } = {}) =>
      new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "k1" }).setSubject("alice@example.com").setIssuer(o.iss ?? "https://idp.test")
        .setAudience(o.aud ?? "geiger").setIssuedAt().setExpirationTime(o.exp ?? "5m").sign(o.key ?? privateKey);
    for (const oidc of [{ public_key_pem: await exportSPKI(publicKey) }, { jwks_url: jwksUrl }]) {
      const t = await startApi({ api: { oidc: { issuer: "https://idp.test", audience: "geiger", ...oidc } } });
      try {
        await seed(t, [makeAlert({ alert_id: "o1", tenant: "acme" }), makeAlert({ alert_id: "o2", tenant: "globex" })]);
        const good = await sign({ geiger_role: ["viewer", "analyst"], geiger_tenant: "acme" });
        const me = await t.call("/api/v1/auth/me", { token: good });
        assert.deepEqual([me.status, me.body.role, me.body.tenant, me.body.actor], [200, "analyst", "acme", "oidc:alice@example.com"]);
        assert.deepEqual((await t.call("/api/v1/alerts", { token: good })).body.items.map((a: any) => a.alert_id), ["o1"]);
        for (const bad of [
          await sign({ geiger_role: "viewer", geiger_tenant: "acme" }, { key: other.privateKey }),
          await sign({ geiger_role: "viewer", geiger_tenant: "acme" }, { iss: "https://evil.test" }),
          await sign({ geiger_role: "viewer", geiger_tenant: "acme" }, { aud: "other-app" }),
          await sign({ geiger_role: "viewer", geiger_tenant: "acme" }, { exp: "-10m" }),
          await sign({ geiger_role: "superuser", geiger_tenant: "acme" }),
          await sign({ geiger_role: "viewer", geiger_tenant: "*" }),
          await sign({ geiger_role: "viewer" }),
        ]) assert.equal((await t.call("/api/v1/alerts", { token: bad })).status, 401);
      } finally { await t.close(); }
    }
    jwks.close();
  });
});

describe("rate limiting", () => {
  it("answers 429 with Retry-After once an IP's failed-auth budget or a token's budget is spent", async () => {
    const t = await startApi({ api: { rate_limit: { enabled: true, per_ip: { capacity: 3, refill_per_sec: 0.01 }, per_token: { capacity: 1000, refill_per_sec: 1000 } } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await t.call("/api/v1/alerts", { token: `forged-${i}` })).status);
      assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
      const r = await t.call("/api/v1/alerts", { token: "forged" });
      assert.ok(Number(r.headers.get("retry-after")) >= 1);
      assert.equal(r.body.error.code, "rate_limited");
    } finally { await t.close(); }
    const t2 = await startApi({ api: { rate_limit: { enabled: true, per_token: { capacity: 5, refill_per_sec: 0.01 } } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await t2.call("/api/v1/alerts")).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    } finally { await t2.close(); }
  });
});
