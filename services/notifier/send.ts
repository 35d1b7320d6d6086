// The one thin HTTP sender every output shares: POST with a timeout, and a verdict on whether retrying can help.
import type { HttpRequest } from "./output.js";

export type SendResult = { ok: true; status: number } | { ok: false; retriable: boolean; reason: string };

export async function sendHttp(req: HttpRequest, timeoutMs: number): Promise<SendResult> {
  try {
    const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
    const text = (await res.text().catch(() => "")).slice(0, 300);
    if (res.ok) return { ok: true, status: res.status };
    // 408/429 and 5xx are the vendor saying "later"; other 4xx mean the request itself is wrong.
    const retriable = res.status === 408 || res.status === 429 || res.status >= 500;
    return { ok: false, retriable, reason: `HTTP ${res.status}${text ? `: ${text}` : ""}` };
  } catch (err) {
    return { ok: false, retriable: true, reason: `network: ${(err as Error).message.slice(0, 200)}` };
  }
}
