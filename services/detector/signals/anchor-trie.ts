// A trie of anchor literals compiled into flat typed arrays, walked from a candidate start position one UTF-16
// unit at a time. The signal scan walks it at each word start and at each symbol: most walks stop after one or
// two units, and the ones that reach an anchor's end name the signals to try there. This replaces a per-key
// Map lookup followed by one startsWith per anchor sharing the key, which cost more than the regexes it fed.

export interface AnchorTrie {
  /** Class of each UTF-16 unit (0: occurs in no anchor, so every walk stops on it). */
  readonly cls: Uint16Array;
  readonly classes: number;
  /** The root's row, dense: root[class] is the state after one unit, 0 when no anchor starts with it. */
  readonly root: Int32Array;
  /**
   * Every other state's children, packed `class << 16 | state` in edges[edgeStart[s] .. edgeStart[s + 1]).
   * A dense row per state (states × classes, 1.6 MB for the signal anchors) missed the CPU caches on nearly
   * every step; past the root almost every state has one or two children, so a short list is cheaper.
   */
  readonly edgeStart: Int32Array;
  readonly edges: Int32Array;
  /** Signals of the anchors ending in a state: out[outStart[s] .. outStart[s + 1]), ascending. */
  readonly outStart: Int32Array;
  readonly out: Int32Array;
}

/** The state after `s` on a unit of class `k` (k > 0), 0 when the walk stops. The scan inlines this. */
export function trieStep(t: AnchorTrie, s: number, k: number): number {
  if (s === 0) return t.root[k]!;
  for (let e = t.edgeStart[s]!, end = t.edgeStart[s + 1]!; e < end; e++) { const x = t.edges[e]!; if (x >>> 16 === k) return x & 0xffff; }
  return 0;
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
  const { cls, classes, edges: children, ends } = literalTrie(anchors);
  if (children.length > 0xffff) throw new Error(`anchor trie too large (${children.length} states)`);
  const root = new Int32Array(classes);
  for (const [k, t] of children[0]!) root[k] = t;
  const edgeStart = new Int32Array(children.length + 1);
  const edges: number[] = [];
  children.forEach((m, s) => { edgeStart[s] = edges.length; if (s > 0) for (const [k, t] of m) edges.push((k << 16) | t); });
  edgeStart[children.length] = edges.length;
  const outStart = new Int32Array(children.length + 1);
  const out: number[] = [];
  ends.forEach((ids, s) => { outStart[s] = out.length; out.push(...ids); });
  outStart[children.length] = out.length;
  return { cls, classes, root, edgeStart, edges: Int32Array.from(edges), outStart, out: Int32Array.from(out) };
}
