// Files of this machine used as real benign text (bench/benign-scan.ts scans them, bench/train-model.ts trains on
// half of them): a bounded, sorted walk, so both see the same files in the same order on every run.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";

/** Up to `max` files over 1 kB under `root` (depth ≤ 8) that `take` accepts, in sorted walk order. */
export function localFiles(root: string, take: (f: string) => boolean, max: number): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 8 || out.length >= max) return;
    let names: string[];
    try { names = readdirSync(dir).sort(); } catch { return; }
    for (const n of names) {
      const p = join(dir, n);
      let st;
      try { st = statSync(p); } catch { continue; }
      if (st.isDirectory()) walk(p, depth + 1);
      else if (st.size > 1024 && take(p) && out.length < max) out.push(p);
    }
  };
  walk(root, 0);
  return out;
}

/** Man pages as a reader sees them: groff requests dropped, font and character escapes removed. */
export const fromGroff = (t: string): string => t.split("\n").filter((l) => !l.startsWith(".") && !l.startsWith("'")).join("\n")
  .replace(/\\f[BIRP0-9]|\\f\(..|\\-|\\\(..|\\&|\\e/g, (m) => (m === "\\-" ? "-" : m === "\\e" ? "\\" : ""));

/** Sections 1, 5 and 8 of the manual, in English and every other language installed. */
export const MAN_PAGES = { root: "/usr/share/man", take: (f: string): boolean => /\/man[158]\/[^/]+\.gz$/.test(f), maxFiles: 4000 };

/** A documentation file (gzipped or not, groff stripped for man pages) in 3 kB chunks, its first 60 kB; none when unreadable. */
export function docChunks(file: string): string[] {
  try {
    const b = readFileSync(file);
    const raw = (file.endsWith(".gz") ? gunzipSync(b) : b).toString("utf8");
    const t = (file.startsWith(MAN_PAGES.root) ? fromGroff(raw) : raw).slice(0, 60_000);
    const out: string[] = [];
    for (let at = 0; at < t.length; at += 3000) out.push(t.slice(at, at + 3000));
    return out;
  } catch { return []; }
}

/**
 * The paragraphs of 80-600 characters (with three words in a row) of a text: the size of a one-line mail, a log
 * line or a short tool result, where docChunks() gives 3 kB. Short honest texts fail differently: a learned model
 * reads few words there, and training data that suits long documents can still raise false alarms on them.
 */
export function shortParagraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length >= 80 && p.length <= 600 && /\p{L}{3,}\s+\p{L}{3,}\s+\p{L}{3,}/u.test(p));
}
