// Literal data of third-party Python sources, read by bench/external/pyliterals.py (stdlib `ast`, nothing is
// executed) — the TypeScript face of that helper.
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export type PyValue = string | number | boolean | null | PyValue[] | { [k: string]: PyValue };

export interface PyModule {
  module: Record<string, PyValue>;
  classes: Record<string, { bases: string[]; doc: string | null; attrs: Record<string, PyValue> }>;
  functions: { name: string; doc: string | null; decorators: string[]; params: string[]; top_level: boolean }[];
  descriptions: string[];
  error?: string;
}

/** Parses many files in one python3 process (one start-up instead of one per file). */
export function readPythonLiterals(files: Map<string, string>): Map<string, PyModule> {
  const out = execFileSync("python3", [join(import.meta.dirname, "pyliterals.py")], {
    input: JSON.stringify({ files: Object.fromEntries(files) }),
    maxBuffer: 256 * 1024 * 1024,
    encoding: "utf8",
  });
  return new Map(Object.entries(JSON.parse(out) as Record<string, PyModule>));
}

export const str = (v: PyValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);
export const strList = (v: PyValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
