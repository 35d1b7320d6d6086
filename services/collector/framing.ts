// Newline-delimited JSON-RPC framing for observation only: the relay forwards the original bytes, this splits
// them into lines, bounded in memory (a line past the limit is counted, keeping only its head and tail). Frames
// are views into the pushed chunks: a caller must not modify a chunk after pushing it (stream chunks never are).

/** What the framer yields for each newline-terminated line (or the trailing partial line at end of stream). */
export type Frame =
  | { type: "line"; bytes: Buffer }
  | { type: "oversize"; size: number; head: Buffer; tail: Buffer };

/** Bytes kept from the start and end of an oversize line, enough to find `method` and `id` for pairing. */
export const OVERSIZE_HEAD_BYTES = 4096;
export const OVERSIZE_TAIL_BYTES = 512;

export class LineFramer {
  private parts: Buffer[] = [];
  private partsLen = 0;
  /** Set while skipping the body of a line already known to be over the limit. */
  private oversize: { size: number; head: Buffer; tail: Buffer } | null = null;

  constructor(private readonly maxLineBytes: number, private readonly onFrame: (f: Frame) => void) {}

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(10, pos);
      const end = nl === -1 ? chunk.length : nl;
      this.take(chunk.subarray(pos, end));
      if (nl === -1) return;
      this.finishLine();
      pos = nl + 1;
    }
  }

  /** Emits a trailing line that had no newline (the stream ended mid-line). */
  end(): void {
    if (this.partsLen > 0 || this.oversize) this.finishLine();
  }

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.oversize) {
      this.oversize.size += piece.length;
      this.oversize.tail = keepTail(this.oversize.tail, piece);
      return;
    }
    if (this.partsLen + piece.length > this.maxLineBytes) {
      const sofar = Buffer.concat([...this.parts, piece]);
      this.oversize = {
        size: sofar.length,
        head: Buffer.from(sofar.subarray(0, OVERSIZE_HEAD_BYTES)),
        tail: Buffer.from(sofar.subarray(Math.max(0, sofar.length - OVERSIZE_TAIL_BYTES))),
      };
      this.parts = [];
      this.partsLen = 0;
      return;
    }
    // A view, not a copy: stream chunks are never reused, and most lines lie within one chunk.
    this.parts.push(piece);
    this.partsLen += piece.length;
  }

  private finishLine(): void {
    if (this.oversize) {
      const o = this.oversize;
      this.oversize = null;
      this.onFrame({ type: "oversize", size: o.size, head: o.head, tail: o.tail });
      return;
    }
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partsLen);
    this.parts = [];
    this.partsLen = 0;
    if (bytes.length === 0 || isBlank(bytes)) return;
    this.onFrame({ type: "line", bytes });
  }
}

function keepTail(tail: Buffer, piece: Buffer): Buffer {
  if (piece.length >= OVERSIZE_TAIL_BYTES) return Buffer.from(piece.subarray(piece.length - OVERSIZE_TAIL_BYTES));
  const joined = Buffer.concat([tail, piece]);
  return joined.length > OVERSIZE_TAIL_BYTES ? joined.subarray(joined.length - OVERSIZE_TAIL_BYTES) : joined;
}

function isBlank(b: Buffer): boolean {
  for (const c of b) if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  return true;
}
