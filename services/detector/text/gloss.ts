// Word-by-word English gloss of text in another language, so that the English signals and the learned models,
// which know far more attack shapes than the per-language lexicons, can read it. Blind authors' attacks in other
// languages were caught about half as often as English ones (docs/detection.md, fifteenth session): the shapes
// are the same, the words are not. A gloss is rough English ("ignore you all previous instructions"), not a
// translation; the signals tolerate articles and short gaps, and the models read words, not order.
//
// Lexicons (models/gloss/<code>.tsv, one `foreign<TAB>english` pair per line) were written from knowledge of each
// language for a fixed list of concepts, not from any test case. An entry ending in `*` is a stem (any word that
// starts with it); `-` as the English drops the word (particles, a formal "you" after an imperative).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { shippedPath } from "../../../shared/config/shipped.js";
import { logEvent } from "../../../shared/observability/log.js";

/** Languages written without spaces between words: matched longest entry first inside running text. */
const UNSPACED: ReadonlySet<string> = new Set(["zh", "ja", "th"]);

export const LANGUAGE_NAMES: Record<string, string> = {
  de: "German", nl: "Dutch", sv: "Swedish", pl: "Polish", cs: "Czech", fr: "French", es: "Spanish", pt: "Portuguese",
  it: "Italian", tr: "Turkish", vi: "Vietnamese", id: "Indonesian", ru: "Russian", uk: "Ukrainian", ar: "Arabic",
  fa: "Persian", he: "Hebrew", hi: "Hindi", th: "Thai", zh: "Chinese", ja: "Japanese", ko: "Korean",
  da: "Danish", fi: "Finnish", ro: "Romanian", hu: "Hungarian", el: "Greek", sq: "Albanian", ga: "Irish",
  gd: "Scottish Gaelic", zu: "Zulu",
};

interface Phrase { words: string[]; en: string }
export interface Lexicon {
  code: string;
  unspaced: boolean;
  /** Whole words. */
  exact: Map<string, string>;
  /** Multi-word entries by their first word, longest first. */
  phrases: Map<string, Phrase[]>;
  /** Stems by their first two characters, longest first. */
  stems: Map<string, { stem: string; en: string }[]>;
  /** Unspaced languages: entries by their first character, longest first. */
  runs: Map<string, { s: string; en: string }[]>;
}

const WORD_RE = /[\p{L}\p{M}\p{N}]+/gu;

/** Parses one lexicon file. Malformed lines are an error: the files are shipped data, checked by a unit test. */
export function parseLexicon(code: string, tsv: string): Lexicon {
  const lex: Lexicon = { code, unspaced: UNSPACED.has(code), exact: new Map(), phrases: new Map(), stems: new Map(), runs: new Map() };
  const elidedWords = new Map<string, string>();
  const lines = tsv.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, "");
    if (!line.trim()) continue;
    const tab = line.indexOf("\t");
    if (tab <= 0 || line.indexOf("\t", tab + 1) !== -1) throw new Error(`gloss ${code}.tsv:${i + 1}: expected 'foreign<TAB>english'`);
    const written = line.slice(0, tab).trim().toLowerCase().normalize("NFKC");
    // Words are split at apostrophes, so "l'" is the word "l"; such an entry yields to a plain one of the same
    // letters (Italian "di'", say, against "di", of).
    const elided = written.endsWith("'") || written.endsWith("’");
    let cut = written.length;
    while (cut > 0 && (written[cut - 1] === "'" || written[cut - 1] === "’")) cut--;
    const foreign = written.slice(0, cut);
    const en = line.slice(tab + 1).trim().toLowerCase();
    if (!foreign || !en) throw new Error(`gloss ${code}.tsv:${i + 1}: empty side`);
    const out = en === "-" ? "" : en;
    if (lex.unspaced && !/\s/u.test(foreign)) {
      const s = foreign.replace(/\*$/u, "");
      if (!s) continue;
      const list = lex.runs.get(s[0]!) ?? [];
      list.push({ s, en: out });
      lex.runs.set(s[0]!, list);
      continue;
    }
    if (foreign.endsWith("*")) {
      const stem = foreign.slice(0, -1);
      if ([...stem].length < 2 || /\s/u.test(stem)) continue;
      const key = stem.slice(0, 2);
      const list = lex.stems.get(key) ?? [];
      list.push({ stem, en: out });
      lex.stems.set(key, list);
      continue;
    }
    const words = foreign.match(WORD_RE) ?? [];
    if (words.length === 0) continue;
    if (words.length === 1) {
      if (elided) { if (!elidedWords.has(words[0]!)) elidedWords.set(words[0]!, out); } else if (!lex.exact.has(words[0]!)) lex.exact.set(words[0]!, out);
      continue;
    }
    const list = lex.phrases.get(words[0]!) ?? [];
    list.push({ words, en: out });
    lex.phrases.set(words[0]!, list);
  }
  for (const [w, en] of elidedWords) if (!lex.exact.has(w)) lex.exact.set(w, en);
  for (const l of lex.phrases.values()) l.sort((a, b) => b.words.length - a.words.length);
  for (const l of lex.stems.values()) l.sort((a, b) => b.stem.length - a.stem.length);
  for (const l of lex.runs.values()) l.sort((a, b) => b.s.length - a.s.length);
  return lex;
}

let shipped: Map<string, Lexicon> | undefined;
/** The shipped lexicons, read once (none when models/gloss is absent: text in other languages is then read as is). */
export function shippedLexicons(): Map<string, Lexicon> {
  if (shipped) return shipped;
  shipped = new Map();
  const dir = shippedPath(join("models", "gloss"));
  let files: string[] = [];
  try { files = readdirSync(dir).filter((f) => f.endsWith(".tsv")).sort(); } catch {
    logEvent("warn", "detector_gloss_missing", { path: dir, effect: "text in other languages is read only by the per-language signals" });
    return shipped;
  }
  for (const f of files) {
    const code = f.slice(0, -4);
    if (LANGUAGE_NAMES[code]) shipped.set(code, parseLexicon(code, readFileSync(join(dir, f), "utf8")));
  }
  return shipped;
}

/**
 * The most frequent function words of each Latin-script language (and English): counted over a sample, they name
 * the language the way a reader would, from one pass and a map lookup per word.
 */
const FUNCTION_WORDS: Record<string, string> = {
  en: "the and of to is you that for with this are your it be on not have from by",
  de: "der die und das ist nicht sie mit den für auf ein eine zu von bitte dem des ich wir",
  nl: "de het een en van niet dat voor met op je zijn naar ook wij wordt",
  sv: "och att det är för en som på med inte till av den har ett vi om",
  pl: "na nie jest się że dla po jak od oraz przez są już lub",
  cs: "na je se že pro není jak od jsou který jsme být nebo",
  fr: "le la les et est vous pour une des dans pas que du sur il au ce",
  es: "el la los las y es para una por con que del en se lo su",
  pt: "os é para uma não da que em de na dos você pelo",
  it: "il lo gli la è per una con non che della di del sono le nel",
  tr: "ve bir bu için ile değil da de olarak çok daha gibi ama",
  vi: "và của là cho các được không với này một có trong những để",
  id: "dan yang untuk di dengan ini tidak dari ke akan atau pada anda",
  da: "og det er en til på med ikke som den af har jeg vi kan skal",
  fi: "ja ei se että kun mutta tai jos myös ovat oli ole tämä sen",
  ro: "și în de la cu pe nu este care din pentru sau să mai fost",
  hu: "és az hogy nem egy van meg csak ez mint vagy kell",
  sq: "dhe të në për një është nga që nuk si por ose janë",
  ga: "agus na ar le ag bhfuil ach atá sé sí níl ní",
  gd: "agus na le aig gu tha ach bha chan nach ann",
  zu: "futhi uma kanye noma ukuthi lokhu ngoba kodwa lapho kuze kakhulu",
};
const WORD_LANGS = new Map<string, string[]>();
for (const [lang, words] of Object.entries(FUNCTION_WORDS)) for (const w of words.split(" ")) WORD_LANGS.set(w, [...(WORD_LANGS.get(w) ?? []), lang]);
/** Any function word of a language other than English between spaces: text without one is not glossed. */
const FOREIGN_MARKER_RE = new RegExp(` (?:${[...new Set(Object.entries(FUNCTION_WORDS).filter(([l]) => l !== "en").flatMap(([, w]) => w.split(" ")))].sort((a, b) => b.length - a.length).join("|")}) `);
const NON_ASCII_RE = /[^\x00-\x7f]/;
const LATIN_LANGUAGES = Object.keys(FUNCTION_WORDS).filter((l) => l !== "en");
const LATIN_WORD_RE = /[a-z\u00c0-\u024f\u1e00-\u1eff]+/g;
/** How much of a text is read to tell its language. */
const ID_CHARS = 500;
/** How much of it is glossed with each candidate lexicon to choose between them. */
const SAMPLE_CHARS = 2000;

/**
 * Candidate languages of a lower-cased sample, most likely first (at most two; every Latin-script one for a short accented text); null for English, for text in no
 * language a lexicon is written for, or when no language stands out (code, tables, identifiers).
 */
export function languageOf(sample: string): string[] | null {
  // English prose (most traffic) says "the" every few words: three of them end the question before any counting.
  for (let at = sample.indexOf(" the "), n = 1; at !== -1; at = sample.indexOf(" the ", at + 4), n++) if (n >= 3) return null;
  const ascii = !NON_ASCII_RE.test(sample);
  if (ascii && !FOREIGN_MARKER_RE.test(sample)) return null;
  let greek = 0, latin = 0, accented = 0, cyr = 0, ukr = 0, arab = 0, persian = 0, heb = 0, deva = 0, thai = 0, hangul = 0, kana = 0, han = 0;
  for (let i = 0; i < sample.length && !ascii; i++) {
    const c = sample.charCodeAt(i);
    if (c < 0x80) { if (c >= 0x61 && c <= 0x7a) latin++; continue; }
    if ((c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff)) { latin++; accented++; }
    else if ((c >= 0x370 && c <= 0x3ff) || (c >= 0x1f00 && c <= 0x1fff)) greek++;
    else if (c >= 0x400 && c <= 0x4ff) { cyr++; if (c === 0x456 || c === 0x457 || c === 0x454 || c === 0x491) ukr++; }
    else if (c >= 0x600 && c <= 0x6ff) { arab++; if (c === 0x67e || c === 0x686 || c === 0x698 || c === 0x6af || c === 0x6cc || c === 0x6a9) persian++; }
    else if (c >= 0x590 && c <= 0x5ff) heb++;
    else if (c >= 0x900 && c <= 0x97f) deva++;
    else if (c >= 0xe00 && c <= 0xe7f) thai++;
    else if (c >= 0xac00 && c <= 0xd7af) hangul++;
    else if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) han++;
  }
  // A script other than Latin with as many letters as a third of the Latin ones names the language (CJK characters
  // count three times: one stands for a word).
  const scripts: [number, string[]][] = [
    [kana >= 3 ? (kana + han) * 3 : 0, ["ja"]], [han * 3, ["zh", "ja"]], [hangul * 3, ["ko"]], [thai, ["th"]],
    [cyr, ukr >= 2 ? ["uk", "ru"] : ["ru", "uk"]], [arab, persian >= 2 ? ["fa", "ar"] : ["ar", "fa"]], [heb, ["he"]], [deva, ["hi"]], [greek, ["el"]],
  ];
  let best: [number, string[]] = [0, []];
  for (const s of scripts) if (s[0] > best[0]) best = s;
  if (best[0] >= 8 && best[0] * 3 >= latin) return best[1];
  const counts = new Map<string, number>();
  const found = sample.match(LATIN_WORD_RE);
  const words = found?.length ?? 0;
  if (found) for (const w of found) {
    const langs = WORD_LANGS.get(w);
    if (langs) for (const l of langs) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const en = counts.get("en") ?? 0;
  counts.delete("en");
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const top = ranked[0]?.[1] ?? 0;
  if (words >= 5 && top > en && top >= Math.max(2, words * 0.04)) return ranked.filter(([, n]) => n * 2 >= top).slice(0, 2).map(([l]) => l);
  // A short text says few function words: without an English one and with accented letters it is tried against
  // every Latin-script lexicon (glossOf keeps the one that knows most of its words).
  if (en === 0 && words >= 3 && words <= 40 && accented >= 1) return LATIN_LANGUAGES;
  return null;
}

interface Piece { out: string; known: boolean }

/** Glosses the words of one spaced text with one lexicon; counts words found. */
function glossSpaced(lex: Lexicon, text: string, limit = Infinity): { text: string; words: number; known: number } {
  const parts: string[] = [];
  let last = 0, words = 0, known = 0;
  const matches = [...text.matchAll(WORD_RE)];
  for (let i = 0; i < matches.length && words < limit; i++) {
    const m = matches[i]!;
    const w = m[0];
    parts.push(text.slice(last, m.index));
    last = m.index + w.length;
    words++;
    let piece: Piece | undefined;
    // Multi-word entries: the next words, separated by spaces only.
    const phrases = lex.phrases.get(w);
    if (phrases) {
      for (const p of phrases) {
        let ok = true, j = 1;
        for (; j < p.words.length; j++) {
          const n = matches[i + j];
          const prev = matches[i + j - 1]!;
          if (!n || n[0] !== p.words[j] || !/^\s{1,3}$/u.test(text.slice(prev.index + prev[0].length, n.index))) { ok = false; break; }
        }
        if (ok) {
          piece = { out: p.en, known: true };
          const end = matches[i + p.words.length - 1]!;
          last = end.index + end[0].length;
          words += p.words.length - 1;
          i += p.words.length - 1;
          break;
        }
      }
    }
    if (!piece) {
      const e = lex.exact.get(w);
      if (e !== undefined) piece = { out: e, known: true };
    }
    if (!piece) {
      const stems = lex.stems.get(w.slice(0, 2));
      if (stems) for (const s of stems) if (w.startsWith(s.stem)) { piece = { out: s.en, known: true }; break; }
    }
    if (piece) known++;
    parts.push(piece ? piece.out : w);
  }
  parts.push(text.slice(last));
  return { text: parts.join("").replace(/[ \t]{2,}/g, " "), words, known };
}

const UNSPACED_CHAR = /[\u3040-\u30ff\u4e00-\u9fff\u3400-\u4dbf\u0e00-\u0e7f\uff66-\uff9f]/u;

/**
 * Glosses an unspaced text: the longest entry at each position. Characters no entry starts are kept as they are,
 * as one foreign word (dropping them would join the known words around them into phrases the text does not say:
 * "new <manual> instructions" is not "new instructions"), less a hiragana particle after a word or alone.
 */
function glossUnspaced(lex: Lexicon, text: string, limit = Infinity): { text: string; words: number; known: number } {
  let out = "", covered = 0, chars = 0, pendingSpace = false, unknown = "";
  const word = (w: string): void => { out += (out && !/\s$/u.test(out) ? " " : "") + w; pendingSpace = true; };
  const hiragana = (ch: string | undefined): boolean => ch !== undefined && ch >= "\u3040" && ch <= "\u309f";
  const flush = (): void => {
    // A particle follows its word: "マニュアルの" is "マニュアル" and "の".
    let w = unknown;
    if (w.length >= 2 && hiragana(w[w.length - 1]) && !hiragana(w[w.length - 2])) w = w.slice(0, -1);
    if (w && !(w.length === 1 && hiragana(w))) word(w);
    unknown = "";
  };
  for (let i = 0; i < text.length && chars < limit;) {
    const c = text[i]!;
    if (!UNSPACED_CHAR.test(c)) {
      flush();
      // Punctuation of these scripts ends a sentence or clause for the English signals.
      const mapped = c === "。" || c === "！" || c === "？" ? ". " : c === "、" || c === "，" ? ", " : c === "：" ? ": " : c === "「" || c === "」" || c === "『" || c === "』" ? "\"" : c;
      out += pendingSpace && /[\p{L}\p{N}]/u.test(mapped) ? ` ${mapped}` : mapped;
      pendingSpace = false;
      i++;
      continue;
    }
    chars++;
    const list = lex.runs.get(c);
    let hit: { s: string; en: string } | undefined;
    if (list) for (const e of list) if (text.startsWith(e.s, i)) { hit = e; break; }
    if (hit) {
      flush();
      if (hit.en) word(hit.en); else pendingSpace = true;
      covered += [...hit.s].length;
      chars += [...hit.s].length - 1;
      i += hit.s.length;
    } else {
      unknown += c;
      i++;
    }
  }
  flush();
  return { text: out.replace(/[ \t]{2,}/g, " "), words: chars, known: covered };
}

export interface Gloss { lang: string; text: string; coverage: number }

/** Share of a language's words the chosen lexicon must know before its gloss is used. */
const MIN_COVERAGE = 0.2;

/**
 * The English gloss of a lower-cased text in another language, with the lexicon that knows most of its words;
 * null for English text, text in a script no lexicon covers, or text no lexicon knows enough of.
 */
export function glossOf(lower: string, lexicons: Map<string, Lexicon> = shippedLexicons()): Gloss | null {
  if (lexicons.size === 0) return null;
  const langs = languageOf(lower.slice(0, ID_CHARS));
  if (!langs) return null;
  let best: { lex: Lexicon; share: number } | undefined;
  const sample = lower.slice(0, SAMPLE_CHARS);
  for (const code of langs) {
    const lex = lexicons.get(code);
    if (!lex) continue;
    const g = lex.unspaced ? glossUnspaced(lex, sample, 600) : glossSpaced(lex, sample, 300);
    const share = g.words ? g.known / g.words : 0;
    if (!best || share > best.share) best = { lex, share };
  }
  if (!best || best.share < MIN_COVERAGE) return null;
  const g = best.lex.unspaced ? glossUnspaced(best.lex, lower) : glossSpaced(best.lex, lower);
  return { lang: best.lex.code, text: g.text, coverage: Math.round(best.share * 100) / 100 };
}
