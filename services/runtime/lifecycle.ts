// Service lifetime: run until SIGINT/SIGTERM, then shut down gracefully once (a second signal forces exit).
import { logEvent } from "../../shared/observability/log.js";

export function runUntilSignal(service: string, shutdown: () => Promise<void>): Promise<number> {
  logEvent("info", "service_started", { service, pid: process.pid });
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) process.exit(130);
      stopping = true;
      logEvent("info", "service_stopping", { service, signal });
      shutdown().then(() => resolve(0), (err: unknown) => {
        logEvent("error", "service_shutdown_failed", { service, error: (err as Error).message });
        resolve(1);
      });
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
}
