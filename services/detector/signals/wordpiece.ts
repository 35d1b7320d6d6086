// BERT's uncased WordPiece tokenizer (the one all-MiniLM-L6-v2 was trained with), so the confirmer
// (confirmer.ts) reads a text in the word pieces its vectors were distilled for. Same steps as the reference
// implementation: drop control characters, space out Chinese ideographs, lower-case and strip accents, split on
// whitespace and punctuation, then match each word greedily against the vocabulary, longest piece first, later
// pieces prefixed "##"; a word with no full match is one unknown piece. test/unit/detector/wordpiece.test.ts holds
// the reference tokenizer's output for texts of several scripts.

/** Words longer than this are one unknown piece (the reference tokenizer's limit). */
const MAX_WORD = 100;

const CONTROL_RE = /[\p{C}\ufffd]/u;
const SPACE_RE = /\s/u;
const PUNCT_RE = /\p{P}/u;
const MARK_RE = /\p{Mn}/gu;

/** The reference's "Chinese character" ranges (CJK ideographs only: kana and hangul are spaced like letters). */
function isIdeograph(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) || (cp >= 0x2b740 && cp <= 0x2b81f) || (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f);
}

/** ASCII symbols count as punctuation too ("$", "+", "<", "^", "`", "|", "~"), as in the reference. */
function isPunct(ch: string, cp: number): boolean {
  return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126) || PUNCT_RE.test(ch);
}

/** The words of a text after the reference's normalisation and pre-tokenisation. */
export function basicWords(text: string): string[] {
  const words: string[] = [];
  let cur = "";
  const flush = (): void => { if (cur) { words.push(cur); cur = ""; } };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0 || (CONTROL_RE.test(ch) && ch !== "\t" && ch !== "\n" && ch !== "\r")) continue;
    if (SPACE_RE.test(ch)) { flush(); continue; }
    if (isIdeograph(cp)) { flush(); words.push(ch); continue; }
    // Lower-case, then decompose and drop combining marks (é → e); a character may become several.
    const folded = ch.toLowerCase().normalize("NFD").replace(MARK_RE, "");
    for (const c of folded) {
      if (isPunct(c, c.codePointAt(0)!)) { flush(); words.push(c); } else cur += c;
    }
  }
  flush();
  return words;
}

export interface Vocab { ids: Map<string, number>; unk: number }

export function vocabOf(tokens: readonly string[]): Vocab {
  const ids = new Map<string, number>();
  tokens.forEach((t, i) => ids.set(t, i));
  const unk = ids.get("[UNK]");
  if (unk === undefined) throw new Error("wordpiece: the vocabulary has no [UNK]");
  return { ids, unk };
}

/** Word-piece ids of a text, at most `max` of them (no [CLS] / [SEP]). */
export function wordPieces(text: string, vocab: Vocab, max = Infinity): number[] {
  const out: number[] = [];
  for (const word of basicWords(text)) {
    if (out.length >= max) break;
    const chars = [...word];
    if (chars.length > MAX_WORD) { out.push(vocab.unk); continue; }
    const pieces: number[] = [];
    let start = 0;
    for (; start < chars.length;) {
      let end = chars.length, id: number | undefined;
      for (; end > start; end--) {
        const sub = (start > 0 ? "##" : "") + chars.slice(start, end).join("");
        id = vocab.ids.get(sub);
        if (id !== undefined) break;
      }
      if (id === undefined) break;
      pieces.push(id);
      start = end;
    }
    if (start < chars.length) out.push(vocab.unk); else out.push(...pieces);
  }
  return out.length > max ? out.slice(0, max) : out;
}
