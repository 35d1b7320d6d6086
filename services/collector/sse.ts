// Incremental Server-Sent Events parser for observation (the proxy forwards the original bytes): dispatches
// each event's type and data as it completes, with the data bounded like any other message.
import { StringDecoder } from "node:string_decoder";
import { OVERSIZE_HEAD_BYTES, OVERSIZE_TAIL_BYTES } from "./framing.js";

export type SseEvent =
  | { type: string; data: string; id?: string; bytes: number; oversize?: undefined }
  | { type: string; id?: string; bytes: number; oversize: { head: string; tail: string } };

export class SseParser {
  private readonly decoder = new StringDecoder("utf8");
  private line = "";
  private lastWasCR = false;
  private type = "";
  private id: string | undefined;
  private data: string[] = [];
  private dataLen = 0;
  private oversize: { head: string; tail: string } | null = null;
  private hasData = false;
  private oversizeLine = false;

  constructor(private readonly maxDataBytes: number, private readonly onEvent: (e: SseEvent) => void) {}

  push(chunk: Buffer | string): void {
    const text = typeof chunk === "string" ? chunk : this.decoder.write(chunk);
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      if (c === 10 && this.lastWasCR && i === start && this.line === "") { start = i + 1; this.lastWasCR = false; continue; }
      this.addToLine(text.slice(start, i));
      this.endLine();
      this.lastWasCR = c === 13;
      start = i + 1;
    }
    if (start < text.length) { this.addToLine(text.slice(start)); this.lastWasCR = false; }
  }

  private addToLine(s: string): void {
    // A single line longer than the limit is only kept as head/tail.
    if (this.line.length + s.length > this.maxDataBytes + 64) {
      const joined = this.line + s;
      this.line = joined.slice(0, OVERSIZE_HEAD_BYTES) + "\u0000" + joined.slice(-OVERSIZE_TAIL_BYTES);
      this.oversizeLine = true;
      return;
    }
    this.line += s;
  }

  private endLine(): void {
    const line = this.line;
    const wasOversize = this.oversizeLine;
    this.line = "";
    this.oversizeLine = false;
    if (line === "" && !wasOversize) return this.dispatch();
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.type = value;
    else if (field === "id") this.id = value;
    else if (field === "data") {
      this.hasData = true;
      if (wasOversize || this.oversize || this.dataLen + value.length > this.maxDataBytes) {
        const sep = value.indexOf("\u0000");
        const head = sep === -1 ? value : value.slice(0, sep);
        const tail = sep === -1 ? value : value.slice(sep + 1);
        this.oversize ??= { head: (this.data.join("\n") + head).slice(0, OVERSIZE_HEAD_BYTES), tail: "" };
        this.oversize.tail = (this.oversize.tail + tail).slice(-OVERSIZE_TAIL_BYTES);
        this.dataLen += value.length;
        this.data = [];
        return;
      }
      this.data.push(value);
      this.dataLen += value.length + 1;
    }
  }

  private dispatch(): void {
    if (!this.hasData) { this.type = ""; return; }
    const type = this.type || "message";
    const id = this.id;
    const base = { type, ...(id !== undefined ? { id } : {}) };
    if (this.oversize) this.onEvent({ ...base, bytes: this.dataLen, oversize: this.oversize });
    else {
      const data = this.data.join("\n");
      this.onEvent({ ...base, data, bytes: Buffer.byteLength(data) });
    }
    this.type = "";
    this.data = [];
    this.dataLen = 0;
    this.oversize = null;
    this.hasData = false;
  }
}
