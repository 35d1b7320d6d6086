// Labelled cases built from third-party data, in the shape bench/eval.ts evaluates, plus the provenance the external
// report needs (source, split group). Pure helpers: stable hashing, tune/blind split, deterministic sampling.
import { createHash } from "node:crypto";
import type { evaluate } from "../eval.js";

/** The case shape bench/eval.ts runs through the engine (its `Case` is not exported; derived from `evaluate`). */
export type EvalCase = Parameters<typeof evaluate>[0][number];
export type AttackClass = "tool_poisoning" | "indirect_injection" | "exfiltration" | "hidden_content";

export interface ExternalCase extends EvalCase {
  /** Short key of the data source (one table row per source in the report). */
  origin: string;
  /**
   * Cases sharing a group land in the same split: every instance of one attack template (or one host document)
   * is either all `tune` or all `blind`, so tuning on a template cannot leak into the blind half.
   */
  group: string;
  /** Short name of the attack template / probe / package the case comes from (per-family table). */
  family: string;
}

export const hashHex = (s: string): string => createHash("sha256").update(s).digest("hex");

/** `tune` or `blind` by a stable hash of the origin and group; eval.ts calls the blind half `holdout`. */
export const splitFor = (origin: string, group: string): "tune" | "holdout" =>
  parseInt(hashHex(`${origin}\u0000${group}`).slice(0, 8), 16) % 2 === 0 ? "tune" : "holdout";

/** Up to `n` items, the same ones on every run: ordered by a hash of their key. */
export function sample<T>(items: T[], n: number, key: (t: T) => string): T[] {
  if (items.length <= n) return items;
  return items.map((t) => ({ t, h: hashHex(key(t)) })).sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0)).slice(0, n).map((x) => x.t);
}

/** Picks one element deterministically from a non-empty list. */
export const pick = <T>(items: readonly T[], key: string): T => items[parseInt(hashHex(key).slice(0, 8), 16) % items.length]!;

export function makeCase(c: Omit<ExternalCase, "id" | "split"> & { idHint: string }): ExternalCase {
  const { idHint, ...rest } = c;
  const id = `ext-${c.origin}-${hashHex(`${idHint}\u0000${c.scope}\u0000${c.text}`).slice(0, 12)}`;
  return { ...rest, id, split: splitFor(c.origin, c.group) };
}

/** Drops later cases whose (scope, label, text) repeats an earlier one: templates often yield duplicates. */
export function dedupe(cases: ExternalCase[]): ExternalCase[] {
  const seen = new Set<string>();
  return cases.filter((c) => {
    const k = `${c.label}\u0000${c.scope}\u0000${c.text}\u0000${JSON.stringify(c.definition ?? null)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** README chunks are cut as bench/eval.ts cuts them. */
export { chunks } from "../eval.js";
