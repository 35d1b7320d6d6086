// Which of many literals occur in a text, in one pass: an Aho–Corasick automaton compiled into a dense table
// (one lookup per UTF-16 unit, whatever the number of literals). The rule pre-filter asks this once per text
// for every rule's literals instead of one `includes` scan per literal per rule.
import { literalTrie } from "../signals/anchor-trie.js";

interface Dfa {
  cls: Uint16Array;
  classes: number;
  next: Int32Array;
  /** Literal ids recognised on entering a state (its own and its suffixes'): out[outStart[s] .. outStart[s + 1]). */
  outStart: Int32Array;
  out: Int32Array;
}

function compile(literals: readonly string[]): Dfa {
  const { cls, classes, edges: child, ends: outs } = literalTrie(literals.map((l, id) => [l, [id]] as const));
  const n = child.length;
  const next = new Int32Array(n * classes);
  const fail = new Int32Array(n);
  // Breadth-first: a state's failure target is shallower, so its row and outputs are final when it is read.
  const queue: number[] = [];
  for (const [k, t] of child[0]!) { next[k] = t; queue.push(t); }
  for (let h = 0; h < queue.length; h++) {
    const s = queue[h]!;
    const f = fail[s]!;
    for (let k = 1; k < classes; k++) next[s * classes + k] = next[f * classes + k]!;
    for (const [k, t] of child[s]!) {
      fail[t] = s === 0 ? 0 : next[f * classes + k]!;
      next[s * classes + k] = t;
      queue.push(t);
    }
    if (f !== 0) outs[s]!.push(...outs[f]!);
  }
  const outStart = new Int32Array(n + 1);
  const flat: number[] = [];
  outs.forEach((o, s) => { outStart[s] = flat.length; flat.push(...o); });
  outStart[n] = flat.length;
  return { cls, classes, next, outStart, out: Int32Array.from(flat) };
}

const MEMO_SIZE = 64;

/**
 * An interning table of literals with a lazily (re)compiled automaton. `present(text)` is memoised for the
 * last few texts: several rules read the same field, and each asks about its own literals.
 */
export class LiteralScanner {
  private readonly ids = new Map<string, number>();
  private readonly list: string[] = [];
  private dfa: Dfa | null = null;
  private readonly memo = new Map<string, Uint8Array>();
  private lastText = "";
  private lastFound: Uint8Array | null = null;

  /** Id of a non-empty literal (the same literal always gets the same id). */
  id(literal: string): number {
    if (literal.length === 0) throw new Error("empty literal");
    let id = this.ids.get(literal);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(literal, id);
      this.list.push(literal);
      this.dfa = null;
      this.memo.clear();
      this.lastFound = null;
    }
    return id;
  }

  /** present[id] === 1 when literal `id` occurs in `text`. */
  present(text: string): Uint8Array {
    // Consecutive questions are mostly about the same text (one rule's patterns in turn): identity first.
    if (text === this.lastText && this.lastFound) return this.lastFound;
    const hit = this.memo.get(text);
    if (hit) { this.lastText = text; this.lastFound = hit; return hit; }
    const dfa = (this.dfa ??= compile(this.list));
    const found = new Uint8Array(this.list.length);
    const { cls, classes, next, outStart, out } = dfa;
    let s = 0;
    for (let p = 0; p < text.length; p++) {
      s = next[s * classes + cls[text.charCodeAt(p)]!]!;
      for (let o = outStart[s]!, end = outStart[s + 1]!; o < end; o++) found[out[o]!] = 1;
    }
    if (this.memo.size >= MEMO_SIZE) this.memo.clear();
    this.memo.set(text, found);
    this.lastText = text;
    this.lastFound = found;
    return found;
  }
}
