// Necessary literals of a regex, derived from its source (never written by hand, so they cannot drift from the
// regex): clauses of literals, one literal of each clause occurring in every match. A text missing every literal
// of one clause cannot match, so the regex need not run (the rule pre-filter in rules/rule.ts). Literals next to a
// `\b` in the regex record that boundary.

export interface Literal {
  text: string;
  /** A word boundary (JS `\b`, ASCII word characters) sits right before / right after it in every match. */
  b0: boolean;
  b1: boolean;
}

/** Conjunction of disjunctions: every clause has a literal in every match. Empty = nothing known. */
export type Requirement = Literal[][];

interface Node {
  cnf: Requirement;
  /** The node always matches exactly one of these strings (a fixed literal or small alternation of them). */
  exact: string[] | null;
  /** Zero-width `\b` (kept apart so neighbouring literals learn their boundary). */
  boundary?: true;
}

const TOP: Node = { cnf: [], exact: null };
const MAX_EXACT = 64;

function exactNode(set: string[]): Node {
  const lits = set.filter((s) => s.length > 0);
  return { cnf: lits.length === set.length && lits.length ? [lits.map((text) => ({ text, b0: false, b1: false }))] : [], exact: set };
}

function product(a: string[], b: string[]): string[] | null {
  if (a.length * b.length > MAX_EXACT) return null;
  const out: string[] = [];
  for (const x of a) for (const y of b) out.push(x + y);
  return [...new Set(out)];
}

class Parser {
  private i = 0;
  constructor(private readonly src: string, private readonly ci: boolean) {}

  parse(): Node {
    const n = this.alternation();
    if (this.i < this.src.length) throw new Error(`unexpected '${this.src[this.i]}' at ${this.i}`);
    return n;
  }

  private alternation(): Node {
    const alts: Node[] = [this.sequence()];
    while (this.src[this.i] === "|") { this.i++; alts.push(this.sequence()); }
    if (alts.length === 1) return alts[0]!;
    // Exact alternatives stay exact; otherwise one clause: the union of one clause of each alternative.
    if (alts.every((a) => a.exact) && alts.reduce((s, a) => s + a.exact!.length, 0) <= MAX_EXACT) {
      return exactNode([...new Set(alts.flatMap((a) => a.exact!))]);
    }
    const clause: Literal[] = [];
    for (const a of alts) {
      if (a.cnf.length === 0) return TOP;
      clause.push(...bestClause(a.cnf));
    }
    return { cnf: [dedupe(clause)], exact: null };
  }

  /** A concatenation: runs of exact parts multiply into longer literals; every part's clauses hold. */
  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") items.push(this.quantified());
    const cnf: Requirement = [];
    let exactAll: string[] | null = [""];
    let run: string[] | null = null;
    let runB0 = false;
    let prevBoundary = false;
    const endRun = (b1: boolean): void => {
      if (run && run.some((s) => s.length > 0) && run.every((s) => s.length > 0)) cnf.push(run.map((text) => ({ text, b0: runB0, b1 })));
      run = null;
    };
    for (const it of items) {
      if (it.boundary) { if (run) endRun(true); prevBoundary = true; continue; }
      if (it.exact) {
        if (exactAll) exactAll = product(exactAll, it.exact);
        const next: string[] | null = run ? product(run, it.exact) : it.exact;
        if (!next) { endRun(false); run = it.exact; runB0 = false; }
        else { if (!run) runB0 = prevBoundary; run = next; }
      } else {
        exactAll = null;
        endRun(false);
        cnf.push(...it.cnf);
      }
      prevBoundary = false;
    }
    endRun(false);
    return { cnf, exact: exactAll };
  }

  private quantified(): Node {
    const atom = this.atom();
    const c = this.src[this.i];
    let min = 1, max = 1;
    if (c === "?" || c === "*" || c === "+") { this.i++; min = c === "+" ? 1 : 0; max = c === "?" ? 1 : Infinity; }
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (m) { this.i += m[0].length; min = Number(m[1]); max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min; }
    }
    if ((min !== 1 || max !== 1) && this.src[this.i] === "?") this.i++; // lazy
    if (min === 0) return atom.exact && max === 1 && atom.exact.length < MAX_EXACT ? exactNode([...new Set(["", ...atom.exact])]) : TOP;
    if (min === 1 && max === 1) return atom;
    if (atom.boundary) return atom;
    return { cnf: atom.cnf, exact: null };
  }

  private lit(ch: string): Node {
    const s = this.ci ? ch.toLowerCase() : ch;
    // Only ASCII is safe under case folding (non-ASCII letters fold across scripts, e.g. ς/σ, µ/μ).
    if (this.ci && (s.length !== 1 || s.charCodeAt(0) > 127)) return TOP;
    return exactNode([s]);
  }

  private atom(): Node {
    const c = this.src[this.i]!;
    if (c === "(") {
      this.i++;
      let look = false;
      if (this.src.startsWith("?:", this.i)) this.i += 2;
      else if (/^\?<?[=!]/.test(this.src.slice(this.i, this.i + 3))) { look = true; this.i += this.src[this.i + 1] === "<" ? 3 : 2; }
      else if (this.src.startsWith("?<", this.i)) this.i = this.src.indexOf(">", this.i) + 1;
      const inner = this.alternation();
      if (this.src[this.i] !== ")") throw new Error(`unclosed group at ${this.i}`);
      this.i++;
      // Look-arounds are zero-width: what they test is not part of the match.
      return look ? EMPTY_LOOK : inner;
    }
    if (c === "[") { this.skipClass(); return TOP; }
    this.i++;
    if (c === "^" || c === "$") return EMPTY_LOOK;
    if (c === ".") return TOP;
    if (c === "\\") return this.escape();
    return this.lit(c);
  }

  private escape(): Node {
    const e = this.src[this.i]!;
    this.i++;
    if (e === "b") return BOUNDARY;
    if (e === "B") return EMPTY_LOOK;
    if ("dDwWsSkfv0c".includes(e) || /[1-9]/.test(e)) return TOP;
    if (e === "p" || e === "P") { this.i = this.src.indexOf("}", this.i) + 1; return TOP; }
    if (e === "n") return this.lit("\n");
    if (e === "t") return this.lit("\t");
    if (e === "r") return this.lit("\r");
    if (e === "x") { const h = this.src.slice(this.i, this.i + 2); this.i += 2; return this.lit(String.fromCharCode(parseInt(h, 16))); }
    if (e === "u") {
      if (this.src[this.i] === "{") { const end = this.src.indexOf("}", this.i); const cp = parseInt(this.src.slice(this.i + 1, end), 16); this.i = end + 1; return this.lit(String.fromCodePoint(cp)); }
      const h = this.src.slice(this.i, this.i + 4); this.i += 4; return this.lit(String.fromCharCode(parseInt(h, 16)));
    }
    return this.lit(e);
  }

  private skipClass(): void {
    this.i++;
    if (this.src[this.i] === "^") this.i++;
    if (this.src[this.i] === "]") this.i++;
    while (this.i < this.src.length && this.src[this.i] !== "]") this.i += this.src[this.i] === "\\" ? 2 : 1;
    this.i++;
  }
}

/** Zero-width assertions other than `\b`: match the empty string, break no literal run's meaning. */
const EMPTY_LOOK: Node = { cnf: [], exact: null };
const BOUNDARY: Node = { cnf: [], exact: null, boundary: true };

const dedupe = (c: Literal[]): Literal[] => {
  const seen = new Map<string, Literal>();
  for (const l of c) {
    const k = l.text;
    const prev = seen.get(k);
    // The same text with and without a boundary: only the weaker (no boundary) is sound for both.
    seen.set(k, prev ? { text: k, b0: prev.b0 && l.b0, b1: prev.b1 && l.b1 } : l);
  }
  return [...seen.values()];
};

/** The most selective clause: longest shortest literal, then fewest literals (boundaries count as length). */
function bestClause(cnf: Requirement): Literal[] {
  let best = cnf[0]!;
  let bestQ = -Infinity;
  for (const c of cnf) {
    let min = Infinity;
    for (const l of c) min = Math.min(min, l.text.length + (l.b0 ? 1 : 0) + (l.b1 ? 1 : 0));
    const q = min * 1000 - c.length;
    if (q > bestQ) { bestQ = q; best = c; }
  }
  return best;
}

/**
 * Clauses of literals every match of `re` satisfies (lower-cased when the regex ignores case); empty when
 * nothing can be derived, in which case the regex must always run.
 */
export function requiredLiterals(re: RegExp): Requirement {
  try {
    const n = new Parser(re.source, re.flags.includes("i")).parse();
    return n.cnf.map(dedupe);
  } catch {
    return [];
  }
}
