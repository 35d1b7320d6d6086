// Pure text analysis for hostile strings: splits text into plain runs and visible markers for the characters
// attackers use to hide instructions (ANSI escapes, controls, bidi overrides, zero-width, Unicode tags), and
// computes highlight ranges. No DOM here, so Node unit tests exercise exactly what the browser runs.

// ANSI: CSI (ESC [ … final), OSC (ESC ] … BEL | ESC \ — includes OSC 8 hyperlinks) and two-byte escapes.
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]{0,2048}(?:\x07|\x1b\\)?|[@-Z\\-_])/y;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// Invisible, format and direction-changing code points (Cf and friends that render as nothing or reorder text).
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]/;
const NAMES = {
  0x200b: "ZWSP", 0x200c: "ZWNJ", 0x200d: "ZWJ", 0x200e: "LRM", 0x200f: "RLM", 0x202a: "LRE", 0x202b: "RLE",
  0x202c: "PDF", 0x202d: "LRO", 0x202e: "RLO", 0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI",
  0x2028: "LSEP", 0x2029: "PSEP", 0xfeff: "BOM", 0x00ad: "SHY", 0x061c: "ALM", 0x2060: "WJ",
};

const hex = (cp) => cp.toString(16).toUpperCase().padStart(4, "0");

/** A visible stand-in for one hidden code point, e.g. "⟨U+202E RLO⟩". */
export function markerFor(cp) {
  const name = NAMES[cp];
  return `⟨U+${hex(cp)}${name ? " " + name : ""}⟩`;
}

/** Escape sequence shown as text: ESC becomes the word "ESC", other controls become their code point. */
function ansiMarker(seq) {
  return `⟨${seq.replace(/\x1b/g, "ESC").replace(/[\u0000-\u001f\u007f]/g, (c) => `U+${hex(c.charCodeAt(0))}`)}⟩`;
}

/**
 * Splits `s` into segments: `{ kind: "text", text }` for ordinary runs and `{ kind: "marker", text, title }` for
 * hidden characters made visible. Newlines and tabs stay text. Tag characters (U+E0000–E007F, "ASCII smuggling")
 * are grouped and decoded so the analyst reads the hidden message.
 * @param {string} s
 * @returns {{kind: "text" | "marker", text: string, title?: string}[]}
 */
export function segments(s) {
  const out = [];
  let run = "";
  const flush = () => { if (run) { out.push({ kind: "text", text: run }); run = ""; } };
  const str = String(s);
  for (let i = 0; i < str.length;) {
    const ch = str[i];
    if (ch === "\x1b") {
      ANSI.lastIndex = i;
      const m = ANSI.exec(str);
      const seq = m ? m[0] : ch;
      flush();
      out.push({ kind: "marker", text: ansiMarker(seq), title: "ANSI escape sequence" });
      i += seq.length;
      continue;
    }
    const cp = str.codePointAt(i);
    const width = cp > 0xffff ? 2 : 1;
    if (cp >= 0xe0000 && cp <= 0xe007f) {
      let decoded = "";
      let j = i;
      while (j < str.length) {
        const c = str.codePointAt(j);
        if (c < 0xe0000 || c > 0xe007f) break;
        decoded += c >= 0xe0020 && c <= 0xe007e ? String.fromCharCode(c - 0xe0000) : "";
        j += 2;
      }
      flush();
      out.push({ kind: "marker", text: `⟨hidden tag text: ${JSON.stringify(decoded)}⟩`, title: "Unicode tag characters (invisible text)" });
      i = j;
      continue;
    }
    if ((cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0xe0100 && cp <= 0xe01ef) || CONTROL.test(ch) || INVISIBLE.test(ch)) {
      flush();
      out.push({ kind: "marker", text: markerFor(cp), title: "hidden or control character" });
      i += width;
      continue;
    }
    run += str.slice(i, i + width);
    i += width;
  }
  flush();
  return out;
}

/** True when the text holds anything `segments` would turn into a marker. */
export function hasHidden(s) {
  return segments(s).some((x) => x.kind === "marker");
}

/**
 * Ranges to highlight inside `text`: an explicit [start, end) span if given, otherwise every case-insensitive
 * occurrence of each needle. Overlaps are merged; the result is sorted.
 * @param {string} text
 * @param {{ span?: [number, number] | null, needles?: string[] }} opts
 * @returns {[number, number][]}
 */
export function highlightRanges(text, opts = {}) {
  const ranges = [];
  if (Array.isArray(opts.span) && opts.span.length === 2) {
    const [a, b] = opts.span.map(Number);
    if (Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b > a) ranges.push([a, Math.min(b, text.length)]);
  }
  // Needles are matched on the text with invisible characters removed, then mapped back, so "ig\u200Bnore"
  // still highlights as "ignore" (the obfuscation is what the detector saw through).
  let visible = "";
  const origin = [];
  for (let i = 0; i < text.length; i++) {
    if (INVISIBLE.test(text[i])) continue;
    visible += text[i].toLowerCase().length === 1 ? text[i].toLowerCase() : text[i];
    origin.push(i);
  }
  for (const n of opts.needles ?? []) {
    const needle = String(n).toLowerCase().replace(new RegExp(INVISIBLE.source, "g"), "");
    if (needle.length < 2) continue;
    for (let at = visible.indexOf(needle); at >= 0 && ranges.length < 200; at = visible.indexOf(needle, at + needle.length)) {
      ranges.push([origin[at], origin[at + needle.length - 1] + 1]);
    }
  }
  ranges.sort((x, y) => x[0] - y[0]);
  const merged = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Quoted fragments a detector's reason names ('matched "ignore previous"'): fall-back highlight needles. */
export function quotedNeedles(reason) {
  const out = [];
  const re = /["“'`‘]([^"”'`’]{2,120})["”'`’]/g;
  for (let m = re.exec(String(reason ?? "")); m; m = re.exec(String(reason ?? ""))) out.push(m[1]);
  return out;
}

/** Pretty JSON for payload display; never throws (cycles and BigInts cannot come from JSON, but be safe). */
export function prettyJson(v) {
  if (v === undefined) return "";
  try { return typeof v === "string" ? v : JSON.stringify(v, null, 2); } catch { return String(v); }
}

/** Only http(s) URLs are ever shown as URLs; anything else (javascript:, data:, vbscript:) is plain text. */
export function isHttpUrl(s) {
  try {
    const u = new URL(String(s));
    return u.protocol === "http:" || u.protocol === "https:";
  } catch { return false; }
}
