// The output seam: each pager/chat/webhook output is one file with a PURE request builder behind this
// interface; `send.ts` is the one thin HTTP sender they share.
import type { Alert } from "../../shared/schema/alert.js";

/** What happened to the alert, from the pager's point of view. */
export type NotifyAction = "trigger" | "acknowledge" | "resolve";

export interface HttpRequest {
  method: "POST";
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface NotifyContext {
  /** Base URL of the SOC dashboard, for links back to the alert. */
  dashboardUrl: string;
  now: Date;
}

export interface Output {
  readonly name: string;
  readonly type: string;
  readonly timeoutMs: number;
  /** Pure: the vendor request for this alert and action, or null when the vendor has nothing to do for it. */
  request(alert: Alert, action: NotifyAction, ctx: NotifyContext): HttpRequest | null;
}

/** Where the dashboard shows one alert. */
export const alertLink = (dashboardUrl: string, alertId: string): string => `${dashboardUrl.replace(/\/+$/, "")}/#/alerts/${encodeURIComponent(alertId)}`;

export const truncate = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export const json = (url: string, body: unknown, headers: Record<string, string> = {}): HttpRequest => ({
  method: "POST", url, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body),
});
