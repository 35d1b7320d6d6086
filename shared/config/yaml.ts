// YAML parsing with a depth bound. The `yaml` package parses nested collections recursively; a document
// nested a few thousand levels deep ("{{{{…", "- - - …", ever-deeper indentation) exhausts the stack. The
// package turns most of those overflows into a parse error, but when the overflow lands inside V8's regexp
// compiler the process aborts ("RegExpCompiler Allocation failed"), which a test caught about once in 30 runs.
// So hostile depth is refused before the parser sees it. Rules and config files are never deeper than ~10.
import { parse } from "yaml";

export const MAX_YAML_DEPTH = 64;
/** Leading indentation plus block indicators ("- ", "? ", ": ") on one line; generous for real files. */
const MAX_LINE_PREFIX = 256;

/** Returns why the text is too deeply nested to parse safely, or null. Cheap, linear, no recursion. */
export function yamlDepthProblem(text: string, maxDepth = MAX_YAML_DEPTH): string | null {
  let depth = 0;
  let quote: '"' | "'" | null = null;
  let lineStart = true;
  let prefix = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") { line++; lineStart = true; prefix = 0; if (quote === null) continue; }
    if (lineStart) {
      if (c === " " || c === "\t" || ((c === "-" || c === "?" || c === ":") && (text[i + 1] === " " || text[i + 1] === "\t"))) {
        if (++prefix > MAX_LINE_PREFIX) return `line ${line}: indentation and block nesting deeper than ${MAX_LINE_PREFIX}`;
      } else {
        lineStart = false;
      }
    }
    if (quote !== null) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf("\n", i);
      if (nl === -1) break;
      i = nl - 1;
      continue;
    }
    if (c === '"' || c === "'") {
      // A quote opens a quoted scalar only at a token start; inside a plain scalar (don't) it is literal.
      const prev = i === 0 ? " " : text[i - 1]!;
      if (/[\s,[{:-]/.test(prev)) quote = c;
      continue;
    }
    if (c === "{" || c === "[") {
      if (++depth > maxDepth) return `line ${line}: flow collections nested deeper than ${maxDepth}`;
    } else if ((c === "}" || c === "]") && depth > 0) {
      depth--;
    }
  }
  return null;
}

/** `yaml.parse` behind the depth guard; throws an Error with a clear message for hostile nesting. */
export function parseYamlBounded(text: string, maxAliasCount: number): unknown {
  const problem = yamlDepthProblem(text);
  if (problem !== null) throw new Error(`refused: ${problem}`);
  return parse(text, { maxAliasCount });
}
