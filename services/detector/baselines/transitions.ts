// Bigram (first-order Markov) model of a principal's tool sequence with additive smoothing, bounded in size.

export interface TransitionState {
  t0: number;
  /** Transitions observed (learning). */
  n: number;
  /** Count of "from\u0000to" transitions, at most `max` entries. */
  tr: Record<string, number>;
  /** Count of transitions out of each tool. */
  from: Record<string, number>;
  /** Number of keys in `tr` and in `from` (kept to avoid Object.keys on every event). */
  nt: number;
  nf: number;
}

export function transitionsNew(t: number): TransitionState {
  return { t0: t, n: 0, tr: {}, from: {}, nt: 0, nf: 0 };
}

/** P(to | from) with Laplace smoothing over the tools known so far (+1 for "a tool not seen yet"). */
export function transitionProbability(s: TransitionState, from: string, to: string, alpha: number): number {
  const vocab = s.nf + 1;
  return ((s.tr[`${from}\u0000${to}`] ?? 0) + alpha) / ((s.from[from] ?? 0) + alpha * vocab);
}

/** Learns one transition; past `max` distinct transitions the rarest one is forgotten to make room. */
export function transitionsLearn(s: TransitionState, from: string, to: string, t: number, max: number): void {
  const k = `${from}\u0000${to}`;
  if (s.tr[k] === undefined) {
    if (s.nt >= max) {
      let min: string | undefined;
      for (const key in s.tr) if (min === undefined || s.tr[key]! < s.tr[min]!) min = key;
      if (min !== undefined) {
        delete s.tr[min];
        s.nt--;
      }
    }
    s.tr[k] = 0;
    s.nt++;
  }
  s.tr[k]!++;
  if (s.from[from] !== undefined) s.from[from]!++;
  else if (s.nf < max) {
    s.from[from] = 1;
    s.nf++;
  }
  s.n++;
  s.t0 = Math.min(s.t0, t);
}
