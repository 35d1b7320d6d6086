// A bounded memo for pure per-text work the detectors repeat: every session's tools/list brings the same tool
// definitions again. Oldest entry dropped first, so a hostile server that varies its texts costs at most `size`
// entries, never unbounded memory.

export interface Memo<K, V> {
  /** The memoised value for `key`, computing and keeping it on a miss. */
  get(key: K, compute: () => V): V;
}

export function boundedMemo<K, V>(size: number): Memo<K, V> {
  const map = new Map<K, V>();
  return {
    get(key, compute) {
      if (map.has(key)) return map.get(key)!;
      const v = compute();
      if (map.size >= size) map.delete(map.keys().next().value!);
      map.set(key, v);
      return v;
    },
  };
}
