// The drain loop: spool → sink in batches, with backoff while the sink is down, and a bounded flush on shutdown.
import { backoffMs, GeigerError, isRetriable, sleep } from "../../shared/errors.js";
import { logEvent } from "../../shared/observability/log.js";
import type { SpoolConfig } from "./config.js";
import { collectorMetrics } from "./metrics.js";
import type { Sink } from "./sinks/sink.js";
import type { Spool, SpoolBatch } from "./spool.js";

/**
 * Owns the loop that drains one spool into one sink. Lifecycle: `start()` once; `flush(ms)` drains what is
 * spooled now (resolves true when empty, false at the deadline, leaving the rest on disk); `close()` flushes
 * with `shutdown_drain_ms`, stops the loop and closes the sink (the spool is closed by its owner).
 */
export class Shipper {
  private stopping = false;
  private readonly stop = new AbortController();
  /** Aborted when new events arrive (wakes an idle loop, not one backing off from a failing sink). */
  private dataWake = new AbortController();
  /** Aborted by flush()/close(): wakes the loop in any state. */
  private flushWake = new AbortController();
  private loop: Promise<void> | null = null;
  private attempt = 0;
  sent = 0;
  rejected = 0;

  constructor(private readonly spool: Spool, private readonly sink: Sink, private readonly cfg: SpoolConfig) {
    spool.onData(() => this.dataWake.abort());
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Drains until the spool is empty or `timeoutMs` passes; true when everything was delivered. */
  async flush(timeoutMs: number): Promise<boolean> {
    this.spool.writeNow();
    const deadline = Date.now() + timeoutMs;
    this.attempt = 0;
    this.flushWake.abort();
    while (!this.spool.isEmpty && Date.now() < deadline && this.loop) {
      await sleep(Math.min(10, Math.max(1, deadline - Date.now())));
      this.spool.writeNow();
    }
    await this.sink.flush().catch(() => undefined);
    return this.spool.isEmpty;
  }

  async close(): Promise<void> {
    if (this.stopping) return;
    const drained = await this.flush(this.cfg.shutdown_drain_ms);
    this.stopping = true;
    this.stop.abort();
    // An in-flight send may hang on a dead broker: give it the same deadline, then leave it (events stay spooled).
    await Promise.race([this.loop, sleep(this.cfg.shutdown_drain_ms)]);
    await Promise.race([this.sink.close().catch(() => undefined), sleep(1000)]);
    if (!drained) logEvent("warn", "collector_shutdown_with_backlog", { sink: this.sink.label, backlog_bytes: this.spool.backlogBytes, spool: this.spool.dir });
  }

  /**
   * Sends one batch: as the spooled JSON lines when the sink takes them (no parse/serialise round trip on the
   * collector's only thread), else as parsed events. A refusal of the raw lines is retried once as parsed
   * events, so a line damaged on disk costs only itself (the parse leaves it out, counted), not its batch.
   */
  private async deliver(batch: SpoolBatch): Promise<void> {
    // A send that never settles would park the loop forever with the spool growing behind it: give up on it at
    // the deadline and retry (a late success only means a duplicate, which the consumers drop by event id).
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new GeigerError(`send did not settle within ${this.cfg.send_timeout_ms} ms`, { retriable: true })), this.cfg.send_timeout_ms);
    });
    try {
      await Promise.race([this.send(batch), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async send(batch: SpoolBatch): Promise<void> {
    if (!this.sink.sendLines) return this.sink.send(batch.events);
    try {
      await this.sink.sendLines(batch.lines);
    } catch (err) {
      if (isRetriable(err) || batch.events.length === batch.lines.length) throw err;
      await this.sink.send(batch.events);
    }
  }

  /** The loop must outlive any bug in one iteration: a dead loop means a silently growing spool. */
  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.step();
      } catch (err) {
        logEvent("error", "collector_shipper_error", { sink: this.sink.label, error: String((err as Error | undefined)?.stack ?? err).slice(0, 1000) });
        await sleep(this.cfg.retry_max_ms, this.stop.signal);
      }
    }
  }

  /** One turn of the loop: read a batch, deliver it, or wait (for data, a retry, or the linger). */
  private async step(): Promise<void> {
    let batch;
    try {
      batch = this.spool.readBatch(this.cfg.batch_max_events);
    } catch (err) {
      logEvent("error", "collector_spool_read_failed", { error: errorText(err).slice(0, 200) });
      await sleep(this.cfg.retry_max_ms, this.stop.signal);
      return;
    }
    if (!batch) {
      if (this.flushWake.signal.aborted) this.flushWake = new AbortController();
      this.dataWake = new AbortController();
      await sleep(this.cfg.poll_interval_ms, [this.stop.signal, this.dataWake.signal, this.flushWake.signal]);
      return;
    }
    const n = batch.lines.length;
    if (n === 0) { batch.commit(); return; }
    try {
      await this.deliver(batch);
      batch.commit();
      this.sent += n;
      collectorMetrics.sinkSent(this.sink.label, n);
      if (this.attempt > 0) collectorMetrics.sinkRecovered(this.sink.label, this.attempt);
      this.attempt = 0;
      // A partial batch means we are caught up: linger so the next send carries more than a handful of events
      // (each send costs syscalls and a cursor write, competing with the relay for CPU).
      if (n < this.cfg.batch_max_events && this.cfg.linger_ms > 0 && !this.flushWake.signal.aborted) {
        await sleep(this.cfg.linger_ms, [this.stop.signal, this.flushWake.signal]);
      }
    } catch (err) {
      if (!isRetriable(err)) {
        batch.commit();
        this.rejected += n;
        collectorMetrics.sinkRejected(this.sink.label, n, errorText(err));
        return;
      }
      const wait = backoffMs(this.attempt, this.cfg.retry_base_ms, this.cfg.retry_max_ms);
      collectorMetrics.sinkError(this.sink.label, errorText(err), this.attempt, wait);
      this.attempt++;
      if (this.flushWake.signal.aborted) this.flushWake = new AbortController();
      await sleep(wait, [this.stop.signal, this.flushWake.signal]);
    }
  }
}

/** A sink may reject with anything (a string, an object without `message`): never let the log line throw. */
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String((err as { message?: unknown } | null)?.message ?? err));
