// Benign cases from published MCP servers' packages: every tool/parameter description string in their shipped code
// (JS: `description: "…"` and zod `.describe("…")`; Python: `description=` keywords, "description" keys and the
// docstrings of `@….tool()` functions) as tool descriptions, and their READMEs as fetched documents.
import { type ExternalCase, chunks, makeCase, sample } from "./cases.js";
import { readPythonLiterals } from "./python-source.js";

/** Reads one JS string literal (", ' or `) at `i`; template substitutions are kept as `${…}` text. */
export function readJsString(src: string, i: number): { value: string; end: number } | null {
  const q = src[i];
  if (q !== '"' && q !== "'" && q !== "`") return null;
  let out = "";
  let j = i + 1;
  while (j < src.length) {
    const ch = src[j]!;
    if (ch === q) return { value: out, end: j + 1 };
    if (ch === "\n" && q !== "`") return null;
    if (ch === "\\") {
      const n = src[j + 1] ?? "";
      const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", "0": "\0" };
      if (n in simple) { out += simple[n]; j += 2; continue; }
      if (n === "u" && src[j + 2] === "{") { const e = src.indexOf("}", j); out += String.fromCodePoint(parseInt(src.slice(j + 3, e), 16)); j = e + 1; continue; }
      if (n === "u") { out += String.fromCharCode(parseInt(src.slice(j + 2, j + 6), 16)); j += 6; continue; }
      if (n === "x") { out += String.fromCharCode(parseInt(src.slice(j + 2, j + 4), 16)); j += 4; continue; }
      if (n === "\n") { j += 2; continue; }
      out += n; j += 2; continue;
    }
    if (q === "`" && ch === "$" && src[j + 1] === "{") {
      let depth = 1, k = j + 2;
      while (k < src.length && depth > 0) { if (src[k] === "{") depth++; else if (src[k] === "}") depth--; k++; }
      out += src.slice(j, k);
      j = k;
      continue;
    }
    out += ch;
    j++;
  }
  return null;
}

/** Description strings in JS source: `description: <literal> [+ <literal>…]` and `.describe(<literal> …)`. */
export function jsDescriptions(src: string): string[] {
  const out: string[] = [];
  for (const m of src.matchAll(/(?:\bdescription\s*:|\.describe\(\s*)\s*/g)) {
    let i = m.index! + m[0].length;
    let text = "";
    for (;;) {
      const s = readJsString(src, i);
      if (!s) break;
      text += s.value;
      const plus = /^\s*\+\s*/.exec(src.slice(s.end, s.end + 50));
      if (!plus) break;
      i = s.end + plus[0].length;
    }
    if (text) out.push(text.trim());
  }
  return out;
}

export interface PackageTexts { pkg: string; descriptions: string[]; readme: string | null }

export function npmPackageTexts(pkg: string, files: Map<string, Buffer>): PackageTexts {
  const descriptions: string[] = [];
  let readme: string | null = null;
  for (const [name, b] of files) {
    if (/^package\/[^/]*readme\.md$/i.test(name)) readme = b.toString("utf8");
    if (/\.(c|m)?js$/.test(name) && !name.includes("/node_modules/")) descriptions.push(...jsDescriptions(b.toString("utf8")));
  }
  return { pkg, descriptions, readme };
}

export function pypiPackageTexts(pkg: string, files: Map<string, Buffer>): PackageTexts {
  const sources = new Map([...files].filter(([n]) => n.endsWith(".py")).map(([n, b]) => [n, b.toString("utf8")]));
  const descriptions: string[] = [];
  for (const mod of readPythonLiterals(sources).values()) {
    descriptions.push(...mod.descriptions);
    for (const f of mod.functions) if (f.doc && f.decorators.some((d) => /\.tool\b/.test(d))) descriptions.push(f.doc);
  }
  const meta = [...files].find(([n]) => /\.dist-info\/METADATA$/.test(n))?.[1].toString("utf8") ?? null;
  // The long description (the README) follows the first blank line of METADATA.
  const readme = meta ? meta.slice(meta.indexOf("\n\n") + 2) : null;
  return { pkg, descriptions, readme };
}

/** Per package at most this many descriptions (large bundles would otherwise dominate) and README chunks. */
const MAX_DESCRIPTIONS = 120;
const MAX_README_CHUNKS = 6;

export function mcpServerCases(p: PackageTexts, source: string): ExternalCase[] {
  const out: ExternalCase[] = [];
  // Short strings are field labels ("The issue ID"); keep sentences that could carry instructions.
  const descs = [...new Set(p.descriptions.map((d) => d.trim()).filter((d) => d.length >= 40 && /\s/.test(d)))];
  for (const d of sample(descs, MAX_DESCRIPTIONS, (x) => `${p.pkg}|${x}`)) {
    out.push(makeCase({ idHint: `${p.pkg}|${d}`, origin: "mcp-descriptions", group: `${p.pkg}|${d}`, family: p.pkg, class: null, label: "benign", scope: "tool_description", text: d, source, server: p.pkg }));
  }
  if (p.readme) {
    chunks(p.readme).slice(0, MAX_README_CHUNKS).forEach((c, i) =>
      out.push(makeCase({ idHint: `${p.pkg}|readme|${i}`, origin: "mcp-readmes", group: `${p.pkg}|readme|${i}`, family: p.pkg, class: null, label: "benign", scope: i % 2 === 0 ? "tool_result" : "resource_content", text: c, source, tool: "fetch", server: "web" })));
  }
  return out;
}
