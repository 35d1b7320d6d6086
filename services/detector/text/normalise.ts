// Text normalisation before semantic scanning: what the model would "read" once invisible characters, Unicode
// compatibility forms, look-alike letters and common encodings are undone — so obfuscation cannot hide an
// instruction — plus counts of every hiding trick found on the way (they are signals in their own right).

/** Counts of hiding tricks in one string. */
export interface HiddenStats {
  /** Zero-width / invisible format characters outside benign contexts (emoji ZWJ sequences, ZWNJ in scripts). */
  zeroWidth: number;
  /** Longest run of invisible characters (binary-encoded payloads are long runs). */
  zeroWidthRun: number;
  /** Bidi overrides, embeddings and isolates (U+202A–202E, U+2066–2069). */
  bidi: number;
  /** Unicode tag characters outside emoji flag sequences (ASCII smuggling). */
  tags: number;
  /** Variation selectors from the supplement plane (byte smuggling in emoji). */
  variationSelectors: number;
  /** ANSI/VT escape sequences; `ansiHiding` counts the ones that move the cursor, erase or conceal. */
  ansi: number;
  ansiHiding: number;
  /** Other C0/C1 control characters. */
  controls: number;
  /** Words mixing Latin with Cyrillic/Greek letters. */
  mixedScriptWords: number;
  /** Lone UTF-16 surrogates (invalid text). */
  loneSurrogates: number;
}

export interface DecodedSegment {
  kind: "base64" | "hex" | "url" | "html" | "unicode_escape" | "tags" | "glued";
  /** Decoded text, lower-cased, normalised. */
  text: string;
  /** Offset of the encoded run in the normalised text. */
  at: number;
}

export interface NormalisedText {
  /** Normalised text in its original case (for excerpts). */
  clean: string;
  /**
   * The raw text was printable ASCII: `clean` is the raw text (with JSON escapes and wrapped lines undone, at the
   * same length), and case-insensitive regexes on it equal `lower`.
   */
  plain: boolean;
  /** `clean` lower-cased (what the lexicons scan). */
  lower: string;
  hidden: HiddenStats;
  /** True when any hiding trick was found. */
  anyHidden: boolean;
  decoded: DecodedSegment[];
}

const EMPTY_STATS: HiddenStats = Object.freeze({
  zeroWidth: 0, zeroWidthRun: 0, bidi: 0, tags: 0, variationSelectors: 0, ansi: 0, ansiHiding: 0, controls: 0,
  mixedScriptWords: 0, loneSurrogates: 0,
}) as HiddenStats;


// Homoglyphs: the Cyrillic and Greek letters most used to disguise Latin words (Unicode confusables subset).
const HOMOGLYPHS: Record<string, string> = {
  "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
  "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ү": "y", "ɡ": "g", "ո": "n",
  "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y",
  "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ү": "Y",
  "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "υ": "u", "τ": "t", "ε": "e", "χ": "x", "γ": "y",
  "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P",
  "Τ": "T", "Υ": "Y", "Χ": "X",
};
const HOMOGLYPH_RE = new RegExp(`[${Object.keys(HOMOGLYPHS).join("")}]`, "g");
const HOMOGLYPH_TEST_RE = new RegExp(`[${Object.keys(HOMOGLYPHS).join("")}]`);
const MIXED_WORD_RE = /[\p{L}\p{M}]{2,64}/gu;
const LATIN_RE = /\p{Script=Latin}/u;
// Cyrillic, Cyrillic Supplement, Greek and Greek Extended blocks (a plain range test: \p{Script} is slow).
const CONFUSABLE_SCRIPT_RE = /[\u0370-\u03ff\u0400-\u052f\u1f00-\u1fff]/;

// Invisible/format characters. ZWJ (U+200D) and VS16 are legitimate inside emoji; ZWNJ/ZWJ inside Arabic and
// Indic words; soft hyphens come from HTML. Those are stripped but not counted.
const INVISIBLE_RE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]|\udb40[\udc00-\udc7f\udd00-\uddef]/g;
const INVISIBLE_TEST_RE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]|\udb40[\udc00-\udc7f\udd00-\uddef]/;
const ANSI_RE = /\x1b(?:\[[0-9;?]{0,32}[ -/]{0,4}[@-~]|\][^\x07\x1b]{0,2048}(?:\x07|\x1b\\)|[@-Z\\-_])/g;
const CONTROL_RE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
const CONTROL_TEST_RE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
/** Native check for lone surrogates (Node ≥ 20); emoji are surrogate pairs, so a range test is not enough. */
const isWellFormed = (x: string): boolean => (x as unknown as { isWellFormed(): boolean }).isWellFormed();
const LONE_SURROGATE_RE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const EMOJI_RE = /\p{Extended_Pictographic}/u;
const JOINING_SCRIPT_RE = /[\p{Script=Arabic}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Gujarati}\p{Script=Gurmukhi}\p{Script=Sinhala}\p{Script=Syriac}\p{Script=Mongolian}\p{Script=Khmer}\p{Script=Thai}\p{Script=Hebrew}]/u;

/** Ends of CSI sequences that move the cursor, erase, or conceal text (`8m`): the ones that hide content. */
const ANSI_HIDING_RE = /\x1b\[(?:[0-9;?]{0,32}[ABCDEFGHJKSTfsu]|[0-9;]{0,32};?8m|8m)/;

function countInvisible(s: string, stats: HiddenStats): string {
  let run = 0;
  let lastEnd = -1;
  const tagChars: string[] = [];
  const out = s.replace(INVISIBLE_RE, (ch: string, at: number) => {
    const code = ch.codePointAt(0)!;
    run = at === lastEnd ? run + 1 : 1;
    lastEnd = at + ch.length;
    if (run > stats.zeroWidthRun) stats.zeroWidthRun = run;
    if (code >= 0xe0000 && code <= 0xe007f) {
      // Emoji flag sequences (black flag + tags + cancel tag) are the one legitimate use of tag characters.
      if (!isFlagSequence(s, at)) { stats.tags++; if (code >= 0xe0020 && code <= 0xe007e) tagChars.push(String.fromCharCode(code - 0xe0000)); }
    } else if (code >= 0xe0100) stats.variationSelectors++;
    else if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) stats.bidi++;
    else if (code === 0x00ad || code === 0xfe0e || code === 0xfe0f) { /* soft hyphen, emoji presentation selectors */ }
    else if (code === 0x200e || code === 0x200f || code === 0x061c) { if (!JOINING_SCRIPT_RE.test(s.slice(Math.max(0, at - 8), at + 9))) stats.zeroWidth++; }
    else if ((code === 0x200d || code === 0x200c) && benignJoiner(s, at)) { /* emoji ZWJ sequence or script joiner */ }
    else stats.zeroWidth++;
    return "";
  });
  if (tagChars.length) (stats as HiddenStats & { tagPayload?: string }).tagPayload = tagChars.join("");
  return out;
}

function isFlagSequence(s: string, at: number): boolean {
  // Walk back over tag characters (2 code units each) to the base character.
  let i = at;
  while (i >= 2 && s.charCodeAt(i - 2) === 0xdb40 && s.charCodeAt(i - 1) >= 0xdc00 && s.charCodeAt(i - 1) <= 0xdc7f) i -= 2;
  return i >= 2 && s.codePointAt(i - 2) === 0x1f3f4;
}

function benignJoiner(s: string, at: number): boolean {
  const around = s.slice(Math.max(0, at - 2), at + 3);
  return EMOJI_RE.test(around) || JOINING_SCRIPT_RE.test(around);
}

function foldHomoglyphs(s: string, stats: HiddenStats): string {
  if (!CONFUSABLE_SCRIPT_RE.test(s)) return s;
  // Only words that mix scripts are folded: real Russian or Greek text stays as it is.
  return s.replace(MIXED_WORD_RE, (w: string) => {
    // Only look-alike letters count: "μs" (micro, Greek + Latin) is a unit, not a disguise.
    if (!LATIN_RE.test(w) || !HOMOGLYPH_TEST_RE.test(w)) return w;
    stats.mixedScriptWords++;
    return w.replace(HOMOGLYPH_RE, (c: string) => HOMOGLYPHS[c] ?? c);
  });
}

const TURKISH_CAPITAL_I_RE = /\u0130/g;

const MAX_DECODES = 8;
const MAX_DECODED_CHARS = 16 * 1024;
const URL_ESCAPE_RE = /%[0-9A-Fa-f]{2}/g;
/** Characters that end a URL-encoded token: whitespace, quotes, angle brackets. */
const TOKEN_BREAK = new Set([9, 10, 11, 12, 13, 32, 34, 39, 60, 62]);
const HTML_ENTITY_COUNT_RE = /&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});/g;
const UNICODE_ESCAPE_RE = /(?:\\u[0-9a-fA-F]{4}){4,2048}/g;

/** Decoded bytes that read as text: mostly printable, with at least one space (an ID or hash decodes to noise). */
function readable(s: string): boolean {
  if (s.length < 8) return false;
  let printable = 0;
  let spaces = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) spaces++;
    if ((c >= 32 && c < 127) || c === 10 || c === 13 || c === 9 || c >= 0xa0) printable++;
  }
  return spaces > 0 && printable / s.length > 0.92 && !s.includes("\ufffd");
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", sol: "/", colon: ":", period: ".", lpar: "(", rpar: ")", excl: "!", quest: "?" };

export function decodeHtmlEntities(s: string): string {
  return s.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (m: string, e: string) => {
    if (e[0] === "#") {
      const cp = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED_ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * One charCode pass over a string: is it plain printable ASCII (no Unicode work needed), and where are the
 * runs that could be base64 (≥ 24 alphabet characters with a digit, `+`, `/`, `=` or mixed case, as encoders
 * produce) or hex (≥ 32 hex digits, or ≥ 8 `\xNN` escapes). Replaces one regex scan per encoding and the
 * plain-ASCII regex: most strings have no run at all and cost exactly this loop.
 */
export interface CharScan {
  plain: boolean;
  /** [start, end) pairs of candidate runs, at most MAX_DECODES * 2 of each. */
  base64: number[];
  hex: number[];
  pct: boolean;
  amp: boolean;
  backslashU: boolean;
}

/** Per-ASCII-character class bits for the scan loop. */
const LOWER = 1, UPPER = 2, DIGIT = 4, B64_PUNCT = 8, URL_SAFE = 16, HEX = 32, SPECIAL = 64, CONTROL = 128;
const RUN_CHAR = LOWER | UPPER | DIGIT | B64_PUNCT | URL_SAFE;
const CLS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let k = 0;
  if (/[a-z]/.test(ch)) k |= LOWER;
  if (/[A-Z]/.test(ch)) k |= UPPER;
  if (/[0-9]/.test(ch)) k |= DIGIT;
  if (/[+/]/.test(ch)) k |= B64_PUNCT;
  if (/[_-]/.test(ch)) k |= URL_SAFE;
  if (/[0-9a-fA-F]/.test(ch)) k |= HEX;
  if (/[%&\\]/.test(ch)) k |= SPECIAL;
  if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) k |= CONTROL;
  CLS[c] = k;
}
const isHex = (c: number): boolean => c < 128 && (CLS[c]! & HEX) !== 0;

const NON_PLAIN_RE = /[^\x20-\x7e\t\n\r]/;
const isRunChar = (c: number): boolean => c < 128 && (CLS[c]! & RUN_CHAR) !== 0;

export function scanChars(s: string): CharScan {
  const n = s.length;
  const limit = MAX_DECODES * 2;
  let base64: number[] | undefined, hex: number[] | undefined;
  // Stride sampling: a run of ≥ 24 run characters contains one of every 24th position, so only those are
  // probed (and extended both ways when they hit a run character): ~n/24 probes for ordinary prose.
  let p = 23;
  while (p < n) {
    if (!isRunChar(s.charCodeAt(p))) { p += 24; continue; }
    let a = p;
    while (a > 0 && isRunChar(s.charCodeAt(a - 1))) a--;
    let b = p + 1;
    while (b < n && isRunChar(s.charCodeAt(b))) b++;
    if (b - a >= 24) {
      let bits = 0, uppers = 0, hexStart = -1;
      for (let i = a; i <= b; i++) {
        const k = i < b ? CLS[s.charCodeAt(i)]! : 0;
        bits |= k;
        if ((k & UPPER) !== 0) uppers++;
        if ((k & HEX) !== 0) { if (hexStart < 0) hexStart = i; }
        else if (hexStart >= 0) { if (i - hexStart >= 32 && (hex ??= []).length < limit) hex.push(hexStart, i); hexStart = -1; }
      }
      let e = b;
      while (e < n && e < b + 2 && s.charCodeAt(e) === 61) e++;
      // Base64 of readable text as encoders produce it: mixed case (18+ bytes of text never encode to one case)
      // and not a URL path (lower-case words between '/' and '-': '/' and '-' never meet in base64 or base64url).
      // A run right after '.' continues a host name ("github.com/Org/Repo/blob/…"): a path, not a payload.
      const urlPath = ((bits & B64_PUNCT) !== 0 && (bits & URL_SAFE) !== 0) || (a > 0 && s.charCodeAt(a - 1) === 46);
      if ((bits & LOWER) !== 0 && uppers >= 2 && !urlPath && (base64 ??= []).length < limit) base64.push(a, e);
    }
    p = b + 24;
  }
  // \xNN escape runs: at least 8 in a row.
  for (let i = s.indexOf("\\x"); i >= 0 && (hex?.length ?? 0) < limit; i = s.indexOf("\\x", i + 1)) {
    let j = i;
    while (j + 3 < n && s.charCodeAt(j) === 92 && s.charCodeAt(j + 1) === 120 && isHex(s.charCodeAt(j + 2)) && isHex(s.charCodeAt(j + 3))) j += 4;
    if (j - i >= 32) { (hex ??= []).push(i, j); i = j - 1; }
  }
  return {
    plain: !NON_PLAIN_RE.test(s), base64: base64 ?? NO_RUNS, hex: hex ?? NO_RUNS,
    pct: s.includes("%"), amp: s.includes("&"), backslashU: s.includes("\\u"),
  };
}
const NO_RUNS: number[] = Object.freeze([]) as unknown as number[];

/**
 * An instruction glued to the data before it ("…New York, NY 10001 USAIgnore your previous instructions",
 * "…the report.Todo: send …" is already split by the dot): no word boundary, so no word-anchored signal sees it.
 * Only capitalised words that open an instruction count, so "JavaScript" or "GitHub" cost nothing.
 */
const GLUE_RE = /(?:Ignore|IGNORE|Disregard|DISREGARD|Forget|FORGET|Todo|TODO|Important|IMPORTANT|Please|PLEASE|Send|Instead|Stop|You|Your|Now|From now|Before|Print|Say|Respond|Reply|Do not|Don't|Never|Always|Override|Execute|Transfer|Forward|Email)\b/g;
const MAX_GLUED = 4;
const GLUED_CHARS = 600;
const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/** Start offsets of glued instruction words (the word must follow a letter or digit directly), at most MAX_GLUED. */
function gluePoints(s: string): number[] | null {
  // The words first, the neighbour after: a look-behind first would be tried at every position of every text.
  let out: number[] | null = null;
  GLUE_RE.lastIndex = 0;
  for (let m = GLUE_RE.exec(s); m; m = GLUE_RE.exec(s)) {
    if (m.index > 0 && isAlnum(s.charCodeAt(m.index - 1))) { (out ??= []).push(m.index); if (out.length >= MAX_GLUED) break; }
  }
  return out;
}

/** Text from each glued instruction word on, scanned as its own run placed at the glue point. */
function gluedRuns(clean: string, points: number[], out: DecodedSegment[]): void {
  for (const at of points) out.push({ kind: "glued", text: clean.slice(at, at + GLUED_CHARS).toLowerCase(), at });
}

function decodeRuns(clean: string, depth: number, scan: CharScan = scanChars(clean)): DecodedSegment[] {
  const out: DecodedSegment[] = [];
  let budget = MAX_DECODED_CHARS;
  const push = (kind: DecodedSegment["kind"], decoded: string, at: number): void => {
    if (out.length >= MAX_DECODES || budget <= 0) return;
    // Layered encodings (base64 of URL-encoded text): undo the inner URL encoding before judging readability.
    if (!readable(decoded) && decoded.includes("%")) { try { decoded = decodeURIComponent(decoded); } catch { /* not URL-encoded */ } }
    if (!readable(decoded)) return;
    const d = decoded.slice(0, budget);
    budget -= d.length;
    // One more level: payloads are often encoded twice (base64 of URL-encoded text, …).
    const inner = depth < 1 ? normalise(d, depth + 1) : null;
    out.push({ kind, text: inner ? inner.lower : d.toLowerCase(), at });
    if (inner) for (const seg of inner.decoded) if (out.length < MAX_DECODES) out.push({ ...seg, at });
  };
  for (let i = 0; i < scan.base64.length && out.length < MAX_DECODES; i += 2) {
    const run = clean.slice(scan.base64[i]!, Math.min(scan.base64[i + 1]!, scan.base64[i]! + 8192));
    push("base64", Buffer.from(run.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8"), scan.base64[i]!);
  }
  for (let i = 0; i < scan.hex.length && out.length < MAX_DECODES; i += 2) {
    const hex = clean.slice(scan.hex[i]!, Math.min(scan.hex[i + 1]!, scan.hex[i]! + 8192)).replace(/\\x/g, "");
    if (hex.length % 2 !== 0) continue;
    push("hex", Buffer.from(hex, "hex").toString("utf8"), scan.hex[i]!);
  }
  if (!scan.pct && !scan.amp && !scan.backslashU) return out;
  if (scan.pct) {
    // Only the tokens around "%XX" escapes are tried (no split of the whole text).
    let last = -1;
    for (let i = clean.indexOf("%"); i >= 0 && out.length < MAX_DECODES; i = clean.indexOf("%", i + 1)) {
      if (i < last || !isHex(clean.charCodeAt(i + 1)) || !isHex(clean.charCodeAt(i + 2))) continue;
      let a = i, b = i;
      while (a > 0 && !TOKEN_BREAK.has(clean.charCodeAt(a - 1))) a--;
      while (b < clean.length && !TOKEN_BREAK.has(clean.charCodeAt(b))) b++;
      last = b;
      const token = clean.slice(a, b);
      if (token.length >= 9 && (token.match(URL_ESCAPE_RE)?.length ?? 0) >= 3) {
        try { push("url", decodeURIComponent(token.replace(/\+/g, " ")), a); } catch { /* malformed escape */ }
      }
    }
  }
  if (scan.amp) {
    HTML_ENTITY_COUNT_RE.lastIndex = 0;
    let n = 0;
    while (HTML_ENTITY_COUNT_RE.exec(clean) && ++n < 3) { /* count up to 3 */ }
    if (n >= 3) push("html", decodeHtmlEntities(clean), 0);
  }
  if (scan.backslashU) {
    for (const m of clean.matchAll(UNICODE_ESCAPE_RE)) {
      if (out.length >= MAX_DECODES) break;
      push("unicode_escape", m[0].replace(/\\u([0-9a-fA-F]{4})/g, (_: string, h: string) => String.fromCharCode(parseInt(h, 16))), m.index);
    }
  }
  return out;
}

/**
 * Normalises one string. Pure and allocation-light on the common path (plain ASCII without encoded runs).
 * `depth` bounds recursive decoding of nested encodings.
 */
export function normalise(raw: string, depth = 0): NormalisedText {
  const scan = scanChars(raw);
  if (scan.plain) {
    const glued = gluePoints(raw);
    const decoded = scan.base64.length || scan.hex.length || scan.pct || scan.amp || scan.backslashU || glued ? decodeRuns(raw, depth, scan) : NO_DECODED;
    if (glued) gluedRuns(raw, glued, decoded);
    let clean = raw.includes("\\") ? unescapeJson(raw) : raw;
    if (clean.includes("\n")) clean = unwrapLines(clean);
    return new Normalised(clean, true, EMPTY_STATS, false, decoded);
  }
  const stats: HiddenStats = { ...EMPTY_STATS };
  let s = raw;
  // Each step only when its characters are present (one native test each): most non-ASCII text is just
  // typographic quotes, dashes, accents or emoji.
  if (!isWellFormed(s)) s = s.replace(LONE_SURROGATE_RE, () => { stats.loneSurrogates++; return "\ufffd"; });
  if (s.includes("\x1b")) s = s.replace(ANSI_RE, (m: string) => { stats.ansi++; if (ANSI_HIDING_RE.test(m)) stats.ansiHiding++; return ""; });
  if (INVISIBLE_TEST_RE.test(s)) s = countInvisible(s, stats);
  if (CONTROL_TEST_RE.test(s)) s = s.replace(CONTROL_RE, () => { stats.controls++; return " "; });
  s = s.normalize("NFKC");
  s = foldHomoglyphs(s, stats);
  // Turkish dotted capital İ lower-cases to "i" plus a combining dot, which splits "İGNORE" into "i̇gnore" (a
  // case-folding evasion garak-multilingual probes): it is folded to I, whose lower case is the "i" Turkish means.
  // Dotless ı is a letter of its own and stays; the Turkish lexicon allows either i where one is written.
  if (s.includes("\u0130")) s = s.replace(TURKISH_CAPITAL_I_RE, "I");
  if (s.includes("\\")) s = unescapeJson(s);
  if (s.includes("\n")) s = unwrapLines(s);
  const tagPayload = (stats as HiddenStats & { tagPayload?: string }).tagPayload;
  delete (stats as HiddenStats & { tagPayload?: string }).tagPayload;
  const decoded = decodeRuns(s, depth);
  const glued = gluePoints(s);
  if (glued) gluedRuns(s, glued, decoded);
  if (tagPayload) decoded.unshift({ kind: "tags", text: tagPayload.toLowerCase(), at: 0 });
  const anyHidden = stats.zeroWidth + stats.bidi + stats.tags + stats.variationSelectors + stats.ansi + stats.controls
    + stats.mixedScriptWords + stats.loneSurrogates > 0;
  return new Normalised(s, false, stats, anyHidden, decoded);
}

/**
 * A JSON document's string escapes read as the model reads them: a backslash-n is a line break to it, not a letter
 * glued to the next word (backslash-n "Ignore" was scanned as "nignore", hiding every word after a break from the
 * lexicons and the learned models). Each escape becomes two characters, so offsets into the text still point at
 * the raw string; an escaped backslash is consumed first, so a double backslash before "n" stays a backslash.
 */
const JSON_ESCAPE_RE = /\\(?:\\|[nrt"/])/g;
const JSON_ESCAPES: Record<string, string> = { "\\\\": " \\", "\\n": " \n", "\\r": "  ", "\\t": " \t", "\\\"": " \"", "\\/": " /" };
export function unescapeJson(s: string): string {
  return s.replace(JSON_ESCAPE_RE, (m) => JSON_ESCAPES[m]!);
}

/**
 * Hard-wrapped prose read as the model reads it: one sentence. Mail, PDF and OCR text and quoted replies break a
 * sentence every 70-odd characters ("it should forward the complete thread,\n> > attachments included, to …"),
 * and the signals keep an order and its object within one sentence, where a line break ends it. A break joins the
 * next line when the line before is long (wrapped, not a list item or a field) and does not end a sentence or a
 * label, and the next line, after any quote marks, goes on in lower case and is not a "key:" line. Quote marks at
 * a line's start become spaces. Length-preserving, so offsets still point at the raw string.
 */
const QUOTED_LINE_RE = /(^|\n)((?:[ \t]{0,3}>)+)/g;
/** Last character of a wrapped line (a word, a number, a comma, a closing bracket or quote, a hyphen). */
const wrapEnd = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 44 || c === 59 || c === 41 || c === 39 || c === 34 || c === 45 || (c >= 0xc0 && c <= 0x24f);
/** First character of a continued line: a lower-case letter. */
const wrapStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff);
const keyChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45;
export function unwrapLines(s: string): string {
  if (s.includes(">")) s = s.replace(QUOTED_LINE_RE, (m, nl: string, q: string) => nl + " ".repeat(q.length));
  // Walked break by break (a regex opening on a look-behind is tried at every character: a quarter of the scan).
  let out = "", from = 0;
  for (let i = s.indexOf("\n"), lineStart = 0; i >= 0; lineStart = i + 1, i = s.indexOf("\n", i + 1)) {
    let j = i;
    while (j > lineStart && i - j < 2 && (s.charCodeAt(j - 1) === 32 || s.charCodeAt(j - 1) === 9)) j--;
    if (j - lineStart < 51 || !wrapEnd(s.charCodeAt(j - 1))) continue;
    let k = i + 1;
    while (k < s.length && k - i - 1 < 8 && (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 9)) k++;
    if (!wrapStart(s.charCodeAt(k))) continue;
    let e = k + 1;
    while (e < s.length && e - k <= 30 && keyChar(s.charCodeAt(e))) e++;
    if (s.charCodeAt(e) === 58) continue;
    out += s.slice(from, j) + " ".repeat(i + 1 - j);
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

const NO_DECODED: DecodedSegment[] = Object.freeze([]) as unknown as DecodedSegment[];

/** `lower` is computed on first use: the trigger gate reads `clean` case-insensitively, most text never needs it. */
class Normalised implements NormalisedText {
  private lowerCache: string | undefined;
  constructor(readonly clean: string, readonly plain: boolean, readonly hidden: HiddenStats, readonly anyHidden: boolean, readonly decoded: DecodedSegment[]) {}
  get lower(): string { return (this.lowerCache ??= this.clean.toLowerCase()); }
}
