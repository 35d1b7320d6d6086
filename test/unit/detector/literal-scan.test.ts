// The two multi-literal automata of the detector against the naive answers they replace: the rule pre-filter's
// Aho–Corasick scanner against one `includes` per literal, the signal scan's anchor trie against `startsWith`
// per anchor — on overlapping literals (suffixes of one another, prefixes of one another), non-ASCII and
// astral units, on random texts built from the literals' own pieces.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LiteralScanner } from "../../../services/detector/rules/literal-scan.js";
import { buildAnchorTrie, trieStep } from "../../../services/detector/signals/anchor-trie.js";

const LITERALS = ["he", "she", "his", "hers", "ushers", "a", "ab", "abc", "bca", "caa", "ſ", "ïgnore", "忽略", "😀x", "x😀", "the following", "follow"];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s ^ (s >>> 15), 1 | s) + 0x6d2b79f5) >>> 0; return ((s ^ (s >>> 14)) >>> 0) / 4294967296; };
}

function randomTexts(n: number): string[] {
  const r = rng(11);
  const pieces = [...LITERALS, ...LITERALS.map((l) => l.slice(1)), ...LITERALS.map((l) => l.slice(0, -1)), " ", "z", "\n", "😀", "\ud83d"];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let t = "";
    const len = Math.floor(r() * 30);
    for (let j = 0; j < len; j++) t += pieces[Math.floor(r() * pieces.length)]!;
    out.push(t);
  }
  return out;
}

test("the literal scanner reports exactly the literals that occur", () => {
  const scanner = new LiteralScanner();
  const ids = LITERALS.map((l) => scanner.id(l));
  assert.equal(scanner.id("she"), ids[1], "interning: the same literal keeps its id");
  let present = 0;
  for (const text of randomTexts(3000)) {
    const found = scanner.present(text);
    LITERALS.forEach((l, k) => {
      assert.equal(found[ids[k]!] === 1, text.includes(l), `${JSON.stringify(l)} in ${JSON.stringify(text)}`);
      if (text.includes(l)) present++;
    });
  }
  assert.ok(present > 3000, `enough occurrences checked (${present})`);
});

test("a literal added after a scan is found by the next scan (the automaton is rebuilt)", () => {
  const scanner = new LiteralScanner();
  const a = scanner.id("alpha");
  assert.equal(scanner.present("alpha beta")[a], 1);
  const b = scanner.id("beta");
  const found = scanner.present("alpha beta");
  assert.equal(found[a], 1);
  assert.equal(found[b], 1);
  assert.throws(() => scanner.id(""), /empty/);
});

test("the anchor trie names, at each position, the signals of every anchor starting there", () => {
  const anchors = new Map<string, number[]>(LITERALS.map((l, i) => [l, [i, i + 100]]));
  const trie = buildAnchorTrie(anchors);
  let checked = 0;
  for (const text of randomTexts(2000)) {
    for (let p = 0; p < text.length; p++) {
      const got: number[] = [];
      for (let q = p, s = 0; q < text.length; q++) {
        const k = trie.cls[text.charCodeAt(q)]!;
        if (k === 0) break;
        s = trieStep(trie, s, k);
        if (s === 0) break;
        for (let o = trie.outStart[s]!; o < trie.outStart[s + 1]!; o++) got.push(trie.out[o]!);
      }
      const want = LITERALS.flatMap((l, i) => (text.startsWith(l, p) ? [i, i + 100] : []));
      assert.deepEqual(got.sort((x, y) => x - y), want.sort((x, y) => x - y), `at ${p} in ${JSON.stringify(text)}`);
      checked += want.length;
    }
  }
  assert.ok(checked > 2000, `enough anchors checked (${checked})`);
});
