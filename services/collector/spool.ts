// Bounded on-disk spool between the observer and the sink: events are appended to memory (never blocking the
// relay), written to segment files in small batches, and read back by the shipper with a persisted cursor, so
// a sink outage or a collector restart loses nothing. Over the size cap the oldest segment is dropped, counted
// and logged loudly. Single writer per directory, enforced by a pid lock file.
import {
  closeSync, existsSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync,
  writeFileSync, writeSync,
} from "node:fs";
import { join } from "node:path";
import type { TelemetryEvent } from "../../shared/schema/telemetry.js";
import { logEvent } from "../../shared/observability/log.js";
import type { SpoolConfig } from "./config.js";
import { collectorMetrics } from "./metrics.js";

const SEG_RE = /^seg-(\d{12})\.jsonl$/;
const segName = (n: number): string => `seg-${String(n).padStart(12, "0")}.jsonl`;
const MAX_LINE_READ = 256 * 1024 * 1024;
const CURSOR_WIDTH = 63;

/**
 * A batch read from the spool; `commit()` (after the sink accepted it) advances the persisted cursor. `lines` are
 * the events' JSON texts exactly as spooled, for sinks that forward them without a parse/serialise round trip;
 * `events` parses them on first access (a line that does not parse is counted as corrupt and left out).
 */
export interface SpoolBatch {
  readonly lines: readonly string[];
  readonly events: TelemetryEvent[];
  commit(): void;
}

export interface SpoolStats {
  appended: number;
  written: number;
  committed: number;
  droppedMemory: number;
  droppedDisk: number;
  corruptLines: number;
  diskBytes: number;
  buffered: number;
}

/** Picks `<base>/<id>` or, when another live process holds it, the first free `<id>.<n>`. */
export function lockSpoolDir(base: string, collectorId: string, maxInstances = 32): string {
  const safe = collectorId.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 120) || "collector";
  for (let i = 0; i < maxInstances; i++) {
    const dir = join(base, i === 0 ? safe : `${safe}.${i}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (tryLock(join(dir, "lock"))) return dir;
  }
  throw new Error(`spool: ${maxInstances} live collectors already hold ${join(base, safe)}*`);
}

function tryLock(file: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const pid = Number(readFileSafe(file));
    if (pid === process.pid) return false;
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) return false;
    // Stale lock from a collector that died: take it over.
    rmSync(file, { force: true });
  }
  return false;
}

const readFileSafe = (f: string): string => { try { return readFileSync(f, "utf8").trim(); } catch { return ""; } };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class Spool {
  private mem: string[] = [];
  private memBytes = 0;
  private writeTimer: NodeJS.Timeout | null = null;
  private segments: number[] = [];
  private segSizes = new Map<number, number>();
  private writeFd: number | null = null;
  private writeSeg = 0;
  private cursor = { seg: 0, offset: 0 };
  private closed = false;
  private cursorFd: number | null = null;
  private readonly segmentBytes: number;
  private readonly listeners = new Set<() => void>();
  readonly stats: SpoolStats = { appended: 0, written: 0, committed: 0, droppedMemory: 0, droppedDisk: 0, corruptLines: 0, diskBytes: 0, buffered: 0 };

  /** Opens (and locks) `dir`, resuming from its persisted cursor. The caller owns `close()`. */
  constructor(readonly dir: string, private readonly cfg: SpoolConfig) {
    this.segmentBytes = Math.max(4096, Math.min(cfg.segment_bytes, Math.floor(cfg.max_bytes / 4)));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const f of readdirSync(dir)) {
      const m = SEG_RE.exec(f);
      if (m) { const n = Number(m[1]); this.segments.push(n); this.segSizes.set(n, statSync(join(dir, f)).size); }
    }
    this.segments.sort((a, b) => a - b);
    try {
      const c = JSON.parse(readFileSync(join(dir, "cursor.json"), "utf8")) as { seg?: unknown; offset?: unknown };
      if (typeof c.seg === "number" && typeof c.offset === "number") this.cursor = { seg: c.seg, offset: c.offset };
    } catch { /* no cursor yet: start at the oldest segment */ }
    if (!this.segments.includes(this.cursor.seg)) this.cursor = { seg: this.segments.find((s) => s > this.cursor.seg) ?? this.segments[0] ?? 1, offset: 0 };
    // Always start a fresh segment: the last one may end in a half-written line from a crash.
    this.openSegment((this.segments.at(-1) ?? 0) + 1);
    if (!this.segments.includes(this.cursor.seg)) this.cursor = { seg: this.segments[0]!, offset: 0 };
    this.updateDiskBytes();
  }

  /** Events waiting (memory + unread on disk), approximately in bytes. */
  get backlogBytes(): number {
    let b = this.memBytes;
    for (const s of this.segments) if (s >= this.cursor.seg) b += (this.segSizes.get(s) ?? 0) - (s === this.cursor.seg ? this.cursor.offset : 0);
    return b;
  }

  get isEmpty(): boolean {
    return this.backlogBytes === 0;
  }

  /** Called when new events are available (the shipper waits on it). */
  onData(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Queues one event. Never throws and never waits on I/O: over the memory bound the oldest is dropped. */
  append(event: TelemetryEvent): void {
    if (this.closed) return;
    let line: string;
    try {
      line = JSON.stringify(event) + "\n";
    } catch {
      this.stats.droppedMemory++;
      return;
    }
    this.stats.appended++;
    this.mem.push(line);
    this.memBytes += line.length;
    if (this.mem.length > this.cfg.max_buffered_events) {
      const drop = this.mem.length - this.cfg.max_buffered_events;
      for (const l of this.mem.splice(0, drop)) this.memBytes -= l.length;
      this.stats.droppedMemory += drop;
      collectorMetrics.spoolDropped(drop, "memory", { dir: this.dir });
    }
    this.stats.buffered = this.mem.length;
    if (!this.writeTimer) {
      this.writeTimer = setTimeout(() => { this.writeTimer = null; this.writeNow(); }, this.cfg.write_interval_ms);
      this.writeTimer.unref();
    }
  }

  /**
   * Writes buffered events to disk (one write per segment touched) and enforces the size cap. A burst is split
   * at segment boundaries: written as one oversized segment, a burst larger than the cap would be dropped whole
   * by the cap — newest events included — which is what a CI run caught (a 61-event burst, 79 kB, under a 64 kB
   * cap: every event lost, nothing left to ship).
   */
  writeNow(): void {
    if (this.writeTimer) { clearTimeout(this.writeTimer); this.writeTimer = null; }
    if (this.mem.length === 0 || this.writeFd === null) return;
    const lines = this.mem;
    this.mem = [];
    this.memBytes = 0;
    this.stats.buffered = 0;
    let from = 0;
    while (from < lines.length) {
      // Lines up to the current segment's room (at least one line, so an oversized line still goes somewhere).
      let room = this.segmentBytes - (this.segSizes.get(this.writeSeg) ?? 0);
      let to = from;
      do { room -= Buffer.byteLength(lines[to]!, "utf8"); to++; } while (to < lines.length && room > 0);
      if (!this.writeChunk(lines, from, to)) return;
      from = to;
    }
    for (const fn of this.listeners) fn();
  }

  /** Writes lines[from, to) to the current segment, rotates when it is full, enforces the cap. False when the chunk was lost. */
  private writeChunk(lines: string[], from: number, to: number): boolean {
    const n = to - from;
    const buf = Buffer.from(lines.slice(from, to).join(""), "utf8");
    // A full disk is the size cap arriving early: cut any torn tail, drop the oldest segment and try again, so
    // the newest events survive (drop-oldest) and every loss is counted. Bounded by the number of segments.
    for (let attempt = 0; ; attempt++) {
      const before = this.segSizes.get(this.writeSeg) ?? 0;
      try {
        for (let off = 0; off < buf.length;) off += writeSync(this.writeFd!, buf, off);
        break;
      } catch (err) {
        try { ftruncateSync(this.writeFd!, before); } catch { /* the next open starts a fresh segment anyway */ }
        if ((err as NodeJS.ErrnoException).code === "ENOSPC" && attempt < 1024 && this.dropOldestSegment("disk full")) continue;
        this.stats.droppedDisk += lines.length - from;
        collectorMetrics.spoolDropped(lines.length - from, "disk", { dir: this.dir, error: (err as Error).message.slice(0, 200) });
        this.updateDiskBytes();
        return false;
      }
    }
    this.stats.written += n;
    this.segSizes.set(this.writeSeg, (this.segSizes.get(this.writeSeg) ?? 0) + buf.length);
    if ((this.segSizes.get(this.writeSeg) ?? 0) >= this.segmentBytes) this.openSegment(this.writeSeg + 1);
    this.enforceCap();
    this.updateDiskBytes();
    return true;
  }

  /** Reads up to `max` events from the cursor (whole lines only). Null when nothing is waiting on disk. */
  readBatch(max: number): SpoolBatch | null {
    for (;;) {
      const seg = this.cursor.seg;
      const size = this.segSizes.get(seg) ?? 0;
      if (this.cursor.offset >= size) {
        if (seg === this.writeSeg) return null;
        this.retireSegment(seg);
        continue;
      }
      const { lines, consumed } = this.readLines(seg, this.cursor.offset, size, max);
      if (consumed === 0) {
        // Only a partial line left: a segment that will see no more writes was cut by a crash.
        if (seg !== this.writeSeg) { this.stats.corruptLines++; this.retireSegment(seg); continue; }
        return null;
      }
      // Every line was written whole by append() (a torn tail never ends in a newline and a restart writes a
      // fresh segment), so the cheap shape check stands in for a parse here; `events` still parses fully.
      const whole = lines.filter((l) => l.charCodeAt(0) === 0x7b && l.charCodeAt(l.length - 1) === 0x7d);
      this.stats.corruptLines += lines.length - whole.length;
      const next = { seg, offset: this.cursor.offset + consumed };
      let parsed: TelemetryEvent[] | null = null;
      const stats = this.stats;
      return {
        lines: whole,
        get events() {
          if (parsed) return parsed;
          parsed = [];
          for (const l of whole) {
            try { parsed.push(JSON.parse(l) as TelemetryEvent); } catch { stats.corruptLines++; }
          }
          return parsed;
        },
        commit: () => {
          if (this.cursor.seg !== seg) return; // the segment was dropped by the size cap meanwhile
          this.cursor = next;
          this.stats.committed += whole.length;
          this.persistCursor();
          this.updateDiskBytes();
        },
      };
    }
  }

  /** Writes what is buffered, closes files and releases the lock. What is unread stays for the next start. */
  close(): void {
    if (this.closed) return;
    this.writeNow();
    this.closed = true;
    if (this.writeFd !== null) closeSync(this.writeFd);
    this.writeFd = null;
    if (this.cursorFd !== null) closeSync(this.cursorFd);
    this.cursorFd = null;
    // An empty trailing segment is noise for the next start.
    if ((this.segSizes.get(this.writeSeg) ?? 0) === 0 && this.cursor.seg !== this.writeSeg) rmSync(join(this.dir, segName(this.writeSeg)), { force: true });
    rmSync(join(this.dir, "lock"), { force: true });
  }

  private readLines(seg: number, offset: number, size: number, max: number): { lines: string[]; consumed: number } {
    const fd = openSync(join(this.dir, segName(seg)), "r");
    try {
      let want = Math.min(size - offset, 1024 * 1024);
      for (;;) {
        const buf = Buffer.allocUnsafe(want);
        const got = readSync(fd, buf, 0, want, offset);
        const view = buf.subarray(0, got);
        const lines: string[] = [];
        let pos = 0;
        while (lines.length < max) {
          const nl = view.indexOf(10, pos);
          if (nl === -1) break;
          if (nl > pos) lines.push(view.toString("utf8", pos, nl));
          pos = nl + 1;
        }
        if (pos > 0 || got < want || want >= size - offset || want >= MAX_LINE_READ) return { lines, consumed: pos };
        want = Math.min(size - offset, want * 4, MAX_LINE_READ); // one line longer than the window: widen it
      }
    } finally {
      closeSync(fd);
    }
  }

  private openSegment(n: number): void {
    if (this.writeFd !== null) closeSync(this.writeFd);
    this.writeFd = openSync(join(this.dir, segName(n)), "a", 0o600);
    this.writeSeg = n;
    if (!this.segments.includes(n)) this.segments.push(n);
    this.segSizes.set(n, fstatSync(this.writeFd).size);
  }

  private retireSegment(seg: number): void {
    rmSync(join(this.dir, segName(seg)), { force: true });
    this.segments = this.segments.filter((s) => s !== seg);
    this.segSizes.delete(seg);
    this.cursor = { seg: this.segments.find((s) => s > seg) ?? this.writeSeg, offset: 0 };
    this.persistCursor();
  }

  /** Drop-oldest: whole segments go until the total fits; unread events in them are counted as dropped. */
  private enforceCap(): void {
    let total = 0;
    for (const s of this.segments) total += this.segSizes.get(s) ?? 0;
    while (total > this.cfg.max_bytes && this.segments.length > 1 && this.segments[0] !== this.writeSeg) {
      total -= this.segSizes.get(this.segments[0]!) ?? 0;
      this.dropOldestSegment("size cap");
    }
  }

  /**
   * Removes the oldest segment, counting its unread events as dropped. When only the segment being written
   * is left, a fresh one is opened first so that one can go too. False when there is nothing to drop.
   */
  private dropOldestSegment(why: string): boolean {
    const oldest = this.segments[0];
    if (oldest === undefined || (oldest === this.writeSeg && (this.segSizes.get(oldest) ?? 0) === 0)) return false;
    if (oldest === this.writeSeg) this.openSegment(this.writeSeg + 1);
    const size = this.segSizes.get(oldest) ?? 0;
    const unreadFrom = oldest === this.cursor.seg ? this.cursor.offset : oldest > this.cursor.seg ? 0 : size;
    const lost = unreadFrom < size ? countLines(join(this.dir, segName(oldest)), unreadFrom) : 0;
    if (oldest === this.cursor.seg) this.retireSegment(oldest); // moves the cursor on to the next segment
    else {
      rmSync(join(this.dir, segName(oldest)), { force: true });
      this.segments.shift();
      this.segSizes.delete(oldest);
    }
    if (lost > 0) {
      this.stats.droppedDisk += lost;
      collectorMetrics.spoolDropped(lost, "disk", { dir: this.dir, reason: why, max_bytes: this.cfg.max_bytes });
    }
    return true;
  }

  /**
   * Overwrites a fixed-width record in place: one small pwrite per commit instead of write+rename (measurably
   * cheaper under load). A torn write is caught by the parse at open, which then restarts at the oldest segment:
   * duplicates, never loss.
   */
  private persistCursor(): void {
    try {
      this.cursorFd ??= openSync(join(this.dir, "cursor.json"), "w", 0o600);
      writeSync(this.cursorFd, JSON.stringify(this.cursor).padEnd(CURSOR_WIDTH, " ") + "\n", 0);
    } catch (err) {
      logEvent("warn", "collector_spool_cursor_write_failed", { dir: this.dir, error: (err as Error).message.slice(0, 200) });
    }
  }

  private updateDiskBytes(): void {
    let b = 0;
    for (const s of this.segments) b += this.segSizes.get(s) ?? 0;
    this.stats.diskBytes = b;
    collectorMetrics.spoolBytes(this.backlogBytes);
  }
}

function countLines(file: string, from: number): number {
  if (!existsSync(file)) return 0;
  const buf = readFileSync(file);
  let n = 0;
  for (let i = buf.indexOf(10, from); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

