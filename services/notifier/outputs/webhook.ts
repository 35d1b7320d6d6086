// Generic JSON webhook, signed: X-Geiger-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)> —
// the receiver recomputes it and rejects stale timestamps (replay).
import { createHmac, timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import type { Alert } from "../../../shared/schema/alert.js";
import type { WebhookOutputSchema } from "../config.js";
import { alertLink, type HttpRequest, type NotifyAction, type NotifyContext, type Output } from "../output.js";

type WebhookConfig = z.infer<typeof WebhookOutputSchema>;

export const signWebhook = (secret: string, unix: number, body: string): string =>
  `t=${unix},v1=${createHmac("sha256", secret).update(`${unix}.${body}`).digest("hex")}`;

/** For receivers (and tests): true when the header signs `body` with `secret` within `toleranceS` of `nowS`. */
export function verifyWebhookSignature(secret: string, header: string, body: string, nowS: number, toleranceS = 300): boolean {
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowS - t) > toleranceS) return false;
  const want = Buffer.from(signWebhook(secret, t, body).split("v1=")[1]!, "hex");
  return timingSafeEqual(want, Buffer.from(m[2]!, "hex"));
}

export function toWebhookRequest(alert: Alert, action: NotifyAction, cfg: Pick<WebhookConfig, "url" | "secret" | "headers">, ctx: NotifyContext): HttpRequest {
  const body = JSON.stringify({ schema: "geiger.notification/v1", action, sent_at: ctx.now.toISOString(), link: alertLink(ctx.dashboardUrl, alert.alert_id), alert });
  const unix = Math.floor(ctx.now.getTime() / 1000);
  return {
    method: "POST", url: cfg.url, body,
    headers: { ...cfg.headers, "content-type": "application/json", "x-geiger-event": action, "x-geiger-signature": signWebhook(cfg.secret, unix, body) },
  };
}

export function webhookOutput(cfg: WebhookConfig): Output {
  return { name: cfg.name, type: "webhook", timeoutMs: cfg.timeout_ms, request: (alert, action, ctx) => toWebhookRequest(alert, action, cfg, ctx) };
}
