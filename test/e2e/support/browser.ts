// Debian chromium driven by playwright-core, with the flags this sandbox needs, plus a page wrapper that records
// console errors, page errors, CSP violations and dialogs so tests can assert that nothing hostile ran.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const ARTIFACTS = join(process.cwd(), "test-artifacts");

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

export interface Watched {
  page: Page;
  dialogs: string[];
  pageErrors: string[];
  consoleErrors: string[];
  /** Requests to anything but the app's own origin (a fetched markdown image would show up here). */
  foreignRequests: string[];
  shot(name: string): Promise<string>;
}

export async function watchedPage(browser: Browser, origin: string, viewport = { width: 1366, height: 768 }): Promise<Watched> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const w: Watched = {
    page, dialogs: [], pageErrors: [], consoleErrors: [], foreignRequests: [],
    async shot(name) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
  };
  page.on("dialog", (d) => { w.dialogs.push(d.message()); void d.dismiss(); });
  page.on("pageerror", (e) => w.pageErrors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") w.consoleErrors.push(m.text()); });
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) w.foreignRequests.push(u);
  });
  return w;
}
