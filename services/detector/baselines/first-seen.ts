// First-seen tracking: a bounded set of values per entity plus the learning period that must pass before "new" means anything.

export interface FirstSeenState {
  /** First event time and number of observations (learning). */
  t0: number;
  n: number;
  /** Values seen, insertion order, at most `max` (past it new values are neither learned nor reported). */
  seen: string[];
}

export type FirstSeenVerdict = "known" | "new_while_learning" | "new_after_learning" | "capped";

/** Records one observation and says whether the value is new and whether the entity had finished learning. */
export function firstSeenObserve(
  s: FirstSeenState,
  value: string,
  t: number,
  learning: { min_samples: number; min_duration_ms: number },
  max: number,
): FirstSeenVerdict {
  const learned = s.n >= learning.min_samples && t - s.t0 >= learning.min_duration_ms;
  s.n++;
  s.t0 = Math.min(s.t0, t);
  if (s.seen.includes(value)) return "known";
  // A full set means an entity with unbounded vocabulary: "new" carries no signal there, so stay quiet.
  if (s.seen.length >= max) return "capped";
  s.seen.push(value);
  return learned ? "new_after_learning" : "new_while_learning";
}
