// Observation off the relay's path: the proxies relay each chunk first and queue its observation here. The queue
// runs in batches a few milliseconds later (not right after each chunk, when the MCP client is turning the answer
// into its next request and the relay must be free), in FIFO order (a request is observed before its response),
// in time slices so a burst of large messages never holds the event loop away from relaying. It is bounded in
// bytes: past the bound the oldest queued observation is dropped and counted — never the traffic.
import { performance } from "node:perf_hooks";
import { collectorMetrics } from "./metrics.js";

/** When a chunk or message arrived, for durations and timestamps computed later. */
export interface Arrival {
  /** Monotonic milliseconds (performance.now()). */
  mono: number;
  /** Wall clock, epoch milliseconds. */
  wall: number;
}

export const arrivalNow = (): Arrival => ({ mono: performance.now(), wall: Date.now() });

interface Task {
  bytes: number;
  /** Null once dropped by the bound. */
  run: (() => void) | null;
  /** Control tasks (close, abandon) are tiny and keep the observers' books straight: never dropped. */
  droppable: boolean;
}

/** Per-task bookkeeping counted against the bound, so that many empty tasks are bounded too. */
const TASK_OVERHEAD_BYTES = 64;

export interface ObservationQueueOptions {
  /** Bytes of queued chunks (plus a small per-task overhead) past which the oldest task is dropped. */
  maxBytes: number;
  /** Longest stretch the queue runs before yielding to I/O. */
  sliceMs?: number;
  /** How long queued work waits to be run as one batch (0: right after the current I/O callbacks). */
  batchMs?: number;
}

/**
 * Lifecycle: owned by one pipeline; `push` from any proxy; `drain()` runs everything queued synchronously (the
 * pipeline calls it before flushing or closing, so nothing observed is left behind). Tasks must not throw; one
 * that does is counted as an observation error and the rest still run.
 */
export class ObservationQueue {
  private tasks: Task[] = [];
  private head = 0;
  private bytes = 0;
  /** First index that may still hold a droppable task (drops go oldest first). */
  private dropFrom = 0;
  private scheduled: { timer: NodeJS.Timeout } | { immediate: NodeJS.Immediate } | null = null;
  private readonly sliceMs: number;
  dropped = 0;

  constructor(private readonly o: ObservationQueueOptions) {
    this.sliceMs = o.sliceMs ?? 2;
  }

  get length(): number {
    return this.tasks.length - this.head;
  }

  /** Queues `run`; `bytes` is what it keeps alive (the chunk). `droppable: false` for control tasks. */
  push(bytes: number, run: () => void, droppable = true): void {
    const cost = bytes + TASK_OVERHEAD_BYTES;
    this.tasks.push({ bytes: cost, run, droppable });
    this.bytes += cost;
    if (this.bytes > this.o.maxBytes) this.dropOldest();
    if (!this.scheduled) this.schedule(this.o.batchMs ?? 0);
  }

  /** Runs every queued task now, in order. */
  drain(): void {
    if (this.scheduled) {
      if ("timer" in this.scheduled) clearTimeout(this.scheduled.timer);
      else clearImmediate(this.scheduled.immediate);
      this.scheduled = null;
    }
    this.runUntil(Infinity);
  }

  private schedule(delayMs: number): void {
    if (delayMs > 0) {
      // Unref'd: telemetry must not keep a host process alive (owners drain on flush/close).
      const timer = setTimeout(this.tick, delayMs);
      timer.unref();
      this.scheduled = { timer };
    } else {
      this.scheduled = { immediate: setImmediate(this.tick) };
    }
  }

  private readonly tick = (): void => {
    this.scheduled = null;
    this.runUntil(performance.now() + this.sliceMs);
    // A backlog left by the slice continues right after the next I/O callbacks.
    if (this.length > 0) this.schedule(0);
  };

  private runUntil(deadline: number): void {
    while (this.head < this.tasks.length) {
      const t = this.tasks[this.head]!;
      this.tasks[this.head++] = undefined as unknown as Task; // let the chunk be collected
      if (!t.run) continue;
      this.bytes -= t.bytes;
      try {
        t.run();
      } catch {
        collectorMetrics.observationError();
      }
      if (deadline !== Infinity && performance.now() >= deadline) break;
    }
    this.compact();
  }

  private dropOldest(): void {
    let n = 0;
    let i = Math.max(this.head, this.dropFrom);
    // The newest task always stays: the bound sheds backlog, it does not refuse what just arrived.
    for (; this.bytes > this.o.maxBytes && i < this.tasks.length - 1; i++) {
      const t = this.tasks[i]!;
      if (!t.run || !t.droppable) continue;
      t.run = null;
      this.bytes -= t.bytes;
      n++;
    }
    this.dropFrom = i;
    if (n > 0) {
      this.dropped += n;
      collectorMetrics.observationDropped(n, this.o.maxBytes);
    }
  }

  private compact(): void {
    if (this.head === this.tasks.length) { this.tasks = []; this.head = 0; this.dropFrom = 0; }
    else if (this.head > 1024 && this.head * 2 > this.tasks.length) {
      this.tasks = this.tasks.slice(this.head);
      this.dropFrom = Math.max(0, this.dropFrom - this.head);
      this.head = 0;
    }
  }
}
