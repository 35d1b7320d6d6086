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

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
  });
