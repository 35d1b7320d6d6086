// Reads the files of a wheel (zip) or an npm/sdist tarball (tar.gz) in memory, so the external evaluation needs no
// unzip/tar binaries: central-directory zip reader (stored + deflate) and a ustar reader with GNU/pax long names.
import { gunzipSync, inflateRawSync } from "node:zlib";

/** Every regular file of a zip archive, by its path inside the archive. */
export function readZip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  // End of central directory: the last 0x06054b50 signature within the trailing 64 kB comment window.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error("zip: end of central directory not found");
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("zip: bad central directory entry");
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith("/")) continue;
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`zip: bad local header for ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + compressed);
    if (method === 0) out.set(name, Buffer.from(data));
    else if (method === 8) out.set(name, inflateRawSync(data));
    else throw new Error(`zip: unsupported compression method ${method} for ${name}`);
  }
  return out;
}

/** Every regular file of a gzip-compressed tar archive, by its path inside the archive. */
export function readTarGz(buf: Buffer): Map<string, Buffer> {
  const tar = gunzipSync(buf);
  const out = new Map<string, Buffer>();
  let p = 0;
  let longName: string | null = null;
  const field = (off: number, len: number): string => tar.subarray(p + off, p + off + len).toString("utf8").replace(/\0.*$/s, "");
  while (p + 512 <= tar.length) {
    if (tar.subarray(p, p + 512).every((b) => b === 0)) break;
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = null;
    const data = tar.subarray(p + 512, p + 512 + size);
    if (type === "L") longName = data.toString("utf8").replace(/\0.*$/s, "");
    else if (type === "x") {
      const m = /\d+ path=([^\n]*)\n/.exec(data.toString("utf8"));
      if (m) longName = m[1]!;
    } else if (type === "0" || type === "") out.set(name, Buffer.from(data));
    name = "";
    p += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}
