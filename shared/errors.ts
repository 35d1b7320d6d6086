// Errors that say whether retrying can help (kafkajs-style), classified at the adapter edge.

export class GeigerError extends Error {
  readonly retriable: boolean;
  constructor(message: string, opts: { retriable: boolean; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "GeigerError";
    this.retriable = opts.retriable;
  }
}

export const isRetriable = (err: unknown): boolean =>
  err instanceof GeigerError ? err.retriable : true; // unknown failures (network, timeouts) are worth a retry

/** Exponential backoff with full jitter, capped; attempt starts at 0. */
export function backoffMs(attempt: number, baseMs = 200, capMs = 30_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.floor(Math.random() * ceiling);
}

/**
 * Waits `ms`, or less if any of the signals aborts. Every listener is removed when the wait ends either way:
 * a listener left on a long-lived signal piles up one per call, and on Node 20 an `AbortSignal.any()` signal
 * with an abort listener is pinned in a process-wide set until the listener goes, with its timer and closure
 * (the soak's heap leak, ~1.7 kB per shipper wait). Pass several signals as an array rather than
 * `AbortSignal.any([...])`: on Node 20 each `any()` call also leaves a WeakRef in every source signal.
 */
export const sleep = (ms: number, signal?: AbortSignal | readonly AbortSignal[]): Promise<void> =>
  new Promise((resolve) => {
    const signals: readonly AbortSignal[] = signal === undefined ? [] : "aborted" in signal ? [signal] : signal;
    if (signals.some((s) => s.aborted)) return resolve();
    const done = (): void => {
      clearTimeout(t);
      for (const s of signals) s.removeEventListener("abort", done);
      resolve();
    };
    const t = setTimeout(done, ms);
    for (const s of signals) s.addEventListener("abort", done, { once: true });
  });
