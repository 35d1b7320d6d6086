// Live alerts over the WebSocket /api/v1/stream: reconnects with capped backoff, resumes from the newest alert
// we hold, and asks the app to backfill over REST after any gap so nothing is missed.

/**
 * Protocol (docs/api.md): after open we send `{type:"resume", since}` with the newest last_seen we hold; the
 * server replays every alert newer than that (`backfill: true`), then `resumed`, then live alerts.
 * @param {{ onAlert(alert: object, backfill: boolean): void, onStatus(s: "connecting"|"live"|"reconnecting"|"offline", detail?: string): void,
 *           onGap(): void, onUnauthorized(): void, since(): string | null }} handlers
 */
export function openAlertStream(handlers) {
  let ws = null;
  let attempt = 0;
  let stopped = false;
  let timer = null;
  let watchdog = null;
  let everConnected = false;

  const url = () => {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    return `${proto}//${location.host}/api/v1/stream`;
  };

  // A silent socket (no heartbeat or alert for a while) is treated as dead: proxies can hold a corpse open.
  const armWatchdog = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => { try { ws?.close(); } catch { /* already closed */ } }, 75_000);
  };

  const connect = () => {
    if (stopped) return;
    handlers.onStatus(attempt === 0 && !everConnected ? "connecting" : "reconnecting");
    try { ws = new WebSocket(url()); } catch { schedule(); return; }
    ws.addEventListener("open", () => {
      attempt = 0;
      handlers.onStatus("live");
      armWatchdog();
      const since = handlers.since();
      if (since) ws.send(JSON.stringify({ type: "resume", since }));
      // Also re-read the REST list after a gap: it carries status changes the resume replay may not.
      if (everConnected) handlers.onGap();
      everConnected = true;
    });
    ws.addEventListener("message", (ev) => {
      armWatchdog();
      let msg;
      try { msg = JSON.parse(String(ev.data)); } catch { return; }
      if (!msg || typeof msg !== "object") return;
      if (msg.type === "alert" && msg.alert && typeof msg.alert === "object" && typeof msg.alert.alert_id === "string") {
        handlers.onAlert(msg.alert, msg.backfill === true);
      } else if (msg.type === "error" && msg.error?.code === "unauthenticated") {
        handlers.onUnauthorized();
      }
    });
    ws.addEventListener("close", (ev) => {
      clearTimeout(watchdog);
      if (stopped) return;
      if (ev.code === 4401 || ev.code === 1008) { handlers.onUnauthorized(); return; }
      schedule();
    });
    ws.addEventListener("error", () => { /* close follows; reconnect is scheduled there */ });
  };

  const schedule = () => {
    if (stopped) return;
    const delay = Math.min(15_000, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
    attempt++;
    handlers.onStatus(attempt > 6 ? "offline" : "reconnecting", `retrying in ${Math.round(delay / 1000)} s`);
    timer = setTimeout(connect, delay);
  };

  connect();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(watchdog);
      try { ws?.close(); } catch { /* ignore */ }
    },
    /** Drops the socket now (tests, "reconnect" button); the normal path reconnects and backfills. */
    kick() { try { ws?.close(); } catch { /* ignore */ } },
  };
}
