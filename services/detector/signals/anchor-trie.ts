// A trie of anchor literals compiled into flat typed arrays, walked from a candidate start position one UTF-16
// unit at a time. The signal scan walks it at each word start and at each symbol: most walks stop after one or
// two units, and the ones that reach an anchor's end name the signals to try there. This replaces a per-key
// Map lookup followed by one startsWith per anchor sharing the key, which cost more than the regexes it fed.

export interface AnchorTrie {
  /** Class of each UTF-16 unit (0: occurs in no anchor, so every walk stops on it). */
  readonly cls: Uint16Array;
  readonly classes: number;
  /** next[state * classes + class]: the following state, 0 when the walk stops (the root is never re-entered). */
  readonly next: Int32Array;
  /** Signals of the anchors ending in a state: out[outStart[s] .. outStart[s + 1]), ascending. */
  readonly outStart: Int32Array;
  readonly out: Int32Array;
}

/** A trie of literals over a compact alphabet, before flattening: each literal's ids on the state it ends in. */
export interface LiteralTrie {
  /** Class of each UTF-16 unit (0: occurs in no literal). */
  cls: Uint16Array;
  classes: number;
  /** edges[state]: class → next state; state 0 is the root. */
  edges: Map<number, number>[];
  /** ends[state]: ids of the literals ending there, ascending, no repeats. */
  ends: number[][];
}

/** Builds the trie shared by the anchored walk below and the rule automaton (rules/literal-scan.ts). */
export function literalTrie(entries: Iterable<readonly [string, Iterable<number>]>): LiteralTrie {
  const list = [...entries];
  const cls = new Uint16Array(65536);
  let classes = 1;
  for (const [lit] of list) {
    if (lit.length === 0) throw new Error("empty literal");
    for (let i = 0; i < lit.length; i++) { const u = lit.charCodeAt(i); if (cls[u] === 0) cls[u] = classes++; }
  }
  // Plain nested maps (a few thousand states), flattened by each user.
  const edges: Map<number, number>[] = [new Map()];
  const ends: Set<number>[] = [new Set()];
  for (const [lit, ids] of list) {
    let s = 0;
    for (let i = 0; i < lit.length; i++) {
      const k = cls[lit.charCodeAt(i)]!;
      let t = edges[s]!.get(k);
      if (t === undefined) { t = edges.length; edges.push(new Map()); ends.push(new Set()); edges[s]!.set(k, t); }
      s = t;
    }
    for (const id of ids) ends[s]!.add(id);
  }
  return { cls, classes, edges, ends: ends.map((e) => [...e].sort((x, y) => x - y)) };
}

/** `anchors`: literal → indices of the signals it anchors. Anchors must be non-empty. */
export function buildAnchorTrie(anchors: ReadonlyMap<string, readonly number[]>): AnchorTrie {
  const { cls, classes, edges, ends } = literalTrie(anchors);
  const next = new Int32Array(edges.length * classes);
  edges.forEach((m, s) => { for (const [k, t] of m) next[s * classes + k] = t; });
  const outStart = new Int32Array(edges.length + 1);
  const out: number[] = [];
  ends.forEach((ids, s) => { outStart[s] = out.length; out.push(...ids); });
  outStart[edges.length] = out.length;
  return { cls, classes, next, outStart, out: Int32Array.from(out) };
}
