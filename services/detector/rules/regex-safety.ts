// ReDoS guard for regexes written as data (rule patterns, suppression patterns): a structural check that
// rejects the shapes that backtrack catastrophically or polynomially, plus a timed run on adversarial input.
//
// Policy (documented in docs/rules.md): no backreferences; no unbounded quantifiers (`*`, `+`, `{n,}`) —
// write `{0,200}` instead, which keeps every scan linear in the text length; no quantified group that itself
// contains a quantifier or an alternation; upper bounds ≤ 1000. Sequences of overlapping bounded quantifiers
// (`\s{0,500}\s{0,500}x`, also with a literal both can match between them: `\s{0,200} .{0,200}a`) are polynomial in
// the bounds: their combined choices are capped, and the timed run on adversarial input at load catches the rest.

const MAX_BOUND = 1000;
const MAX_LENGTH = 4000;
/** Product of (upper bound + 1) over adjacent quantified atoms: ~10k backtracking steps per start position. */
const MAX_RUN_CHOICES = 10_000;

interface Group {
  quantified: boolean;
  alternation: boolean;
  /** Choices of the current run of adjacent quantified atoms, and the largest run seen in this group. */
  run: number;
  maxRun: number;
  /** The last quantified atom of the current run (`\\s`, `.`, `[a-z]`): an atom it can match does not end the run. */
  lastQuant: string | null;
}
const newGroup = (): Group => ({ quantified: false, alternation: false, run: 1, maxRun: 1, lastQuant: null });

/** Returns a description of the first unsafe construct, or null when the pattern is acceptable. */
export function regexProblem(src: string): string | null {
  if (src.length > MAX_LENGTH) return `pattern longer than ${MAX_LENGTH} characters`;
  try { new RegExp(src); } catch (err) { return `invalid regex: ${(err as Error).message}`; }
  const stack: Group[] = [newGroup()];
  let lastWasGroup: Group | null = null;
  let lastAtom = false;
  /** Where the last atom began (its source is src.slice(atomStart, quantifier)). */
  let atomStart = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === "\\") {
      const n = src[i + 1];
      if (n !== undefined && /[1-9]/.test(n)) return `backreference \\${n} at ${i}`;
      if (n === "k" && src[i + 2] === "<") return `named backreference at ${i}`;
      atomStart = i;
      i++;
      lastAtom = true; lastWasGroup = null; endRunUnlessQuantified(stack, src, i + 1, src.slice(atomStart, i + 1));
      continue;
    }
    if (c === "[") {
      atomStart = i;
      let j = i + 1;
      if (src[j] === "^") j++;
      if (src[j] === "]") j++;
      while (j < src.length && src[j] !== "]") j += src[j] === "\\" ? 2 : 1;
      i = j;
      lastAtom = true; lastWasGroup = null; endRunUnlessQuantified(stack, src, i + 1, src.slice(atomStart, i + 1));
      continue;
    }
    if (c === "(") {
      stack.push(newGroup());
      if (src[i + 1] === "?") {
        // (?: (?= (?! (?<= (?<! (?<name>
        if (src[i + 2] === "<" && src[i + 3] !== "=" && src[i + 3] !== "!") { const close = src.indexOf(">", i); i = close === -1 ? i : close; }
        else i += src[i + 2] === "<" ? 3 : 2;
      }
      lastAtom = false; lastWasGroup = null;
      continue;
    }
    if (c === ")") {
      const g = stack.pop();
      if (!g || stack.length === 0) return `unbalanced ')' at ${i}`;
      const parent = stack[stack.length - 1]!;
      if (g.quantified) parent.quantified = true;
      // A group holding quantifiers continues the parent's run with its own choices (`(?:a{0,99})a{0,99}`).
      g.maxRun = Math.max(g.maxRun, g.run);
      if (g.maxRun > 1) { parent.run *= g.maxRun; if (parent.run > MAX_RUN_CHOICES) return `adjacent quantifiers with ${parent.run} combined choices before ${i} (at most ${MAX_RUN_CHOICES}): separate them with a literal`; }
      else endRunUnlessQuantified(stack, src, i + 1);
      lastWasGroup = g; lastAtom = true;
      continue;
    }
    if (c === "|") {
      stack[stack.length - 1]!.alternation = true;
      endRun(stack);
      lastAtom = false; lastWasGroup = null;
      continue;
    }
    if (c === "*" || c === "+" || c === "?" || c === "{") {
      let upper: number;
      let end = i;
      if (c === "{") {
        const m = /^\{(\d{1,6})(,(\d{0,6}))?\}/.exec(src.slice(i));
        if (!m) { lastAtom = true; lastWasGroup = null; continue; } // a literal brace
        end = i + m[0].length - 1;
        if (m[2] !== undefined && m[3] === "") return `unbounded quantifier '${m[0]}' at ${i}: give an upper bound, e.g. {${m[1]},200}`;
        upper = Number(m[3] ?? m[1]);
        if (upper > MAX_BOUND) return `quantifier bound ${upper} at ${i} exceeds ${MAX_BOUND}`;
      } else if (c === "?") {
        upper = 1;
      } else {
        return `unbounded quantifier '${c}' at ${i}: use a bounded one such as {1,200}`;
      }
      if (!lastAtom) return `quantifier without a target at ${i}`;
      if (lastWasGroup && (lastWasGroup.quantified || lastWasGroup.alternation) && upper > 1) {
        return `quantified group containing ${lastWasGroup.quantified ? "a quantifier" : "an alternation"} at ${i} (nested quantifiers backtrack exponentially)`;
      }
      if (upper > 1) stack[stack.length - 1]!.quantified = true;
      // The atom was counted as 1 choice when it ended the previous run; its quantifier makes it upper + 1.
      const top = stack[stack.length - 1]!;
      if (!lastWasGroup) {
        top.lastQuant = src.slice(atomStart, i);
        top.run *= upper + 1;
        if (top.run > MAX_RUN_CHOICES) return `adjacent quantifiers with ${top.run} combined choices at ${i} (at most ${MAX_RUN_CHOICES}): separate them with a literal`;
      }
      i = end;
      if (src[i + 1] === "?") i++; // lazy
      lastAtom = false; lastWasGroup = null;
      continue;
    }
    lastAtom = !(c === "^" || c === "$");
    lastWasGroup = null;
    atomStart = i;
    endRunUnlessQuantified(stack, src, i + 1, c);
  }
  if (stack.length !== 1) return "unbalanced '('";
  return null;
}

function endRun(stack: Group[]): void {
  const g = stack[stack.length - 1]!;
  g.maxRun = Math.max(g.maxRun, g.run);
  g.run = 1;
  g.lastQuant = null;
}

/** Characters two atoms are tried on to tell whether they overlap (ASCII, whitespace, a few others). */
const PROBES = [...Array.from({ length: 95 }, (_, k) => String.fromCharCode(32 + k)), "\t", "\n", "\r", "\u00a0", "é", "ж", "中"];

/** Whether some character matches both atoms (case-insensitively, as rules are compiled). */
function overlaps(a: string, b: string): boolean {
  let ra: RegExp, rb: RegExp;
  try { ra = new RegExp(`^(?:${a})$`, "i"); rb = new RegExp(`^(?:${b})$`, "i"); } catch { return true; }
  return PROBES.some((ch) => ra.test(ch) && rb.test(ch));
}

/**
 * An unquantified atom ends the run of adjacent quantifiers, and a quantified one continues it. A literal the last
 * quantified atom can match does not end it either: in `\\s{0,200} .{0,200}a` the space is taken by `\\s{0,200}`
 * as well, so the two quantifiers still share every split of the input.
 */
function endRunUnlessQuantified(stack: Group[], src: string, next: number, atom?: string): void {
  const n = src[next];
  if (n === "*" || n === "+" || n === "?" || (n === "{" && /^\{\d{1,6}(,\d{0,6})?\}/.test(src.slice(next)))) return;
  const top = stack[stack.length - 1]!;
  if (atom !== undefined && top.lastQuant !== null && overlaps(top.lastQuant, atom)) return;
  endRun(stack);
}

/** Adversarial inputs that make unsafe shapes explode: long runs of one character, alternating pairs, etc. */
export function adversarialInputs(length: number): string[] {
  return [
    "a".repeat(length),
    "a".repeat(length) + "!",
    " ".repeat(length) + "x",
    "ab".repeat(length / 2),
    "\t".repeat(length),
    "0".repeat(length) + "x",
    "<".repeat(length),
    "ignore ".repeat(Math.floor(length / 7)),
    "%41".repeat(Math.floor(length / 3)),
  ];
}

/** Longest time (ms) the regex takes to scan every adversarial input once (global scan, as the detectors do). */
export function timeOnAdversarialInputs(re: RegExp, length: number): number {
  const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g");
  let worst = 0;
  for (const s of adversarialInputs(length)) {
    const t0 = performance.now();
    g.lastIndex = 0;
    let n = 0;
    while (n++ < 10_000) {
      const m = g.exec(s);
      if (!m) break;
      if (m[0].length === 0) g.lastIndex++;
    }
    worst = Math.max(worst, performance.now() - t0);
  }
  return worst;
}
