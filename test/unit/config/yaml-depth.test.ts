// The YAML depth guard refuses hostile nesting before the recursive parser can exhaust the stack, and lets
// every real file through: the shipped rules and deploy configs parse unchanged.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { ConfigError, readConfigFile } from "../../../shared/config/load.js";
import { MAX_YAML_DEPTH, parseYamlBounded, yamlDepthProblem } from "../../../shared/config/yaml.js";

const HOSTILE: Record<string, string> = {
  flowMap: "{".repeat(10_000),
  flowSeq: "a: " + "[".repeat(3_000),
  dashes: "- ".repeat(5_000) + "x",
  complexKeys: "? ".repeat(5_000) + "x",
  indentation: Array.from({ length: 2_000 }, (_, i) => " ".repeat(i) + "a:").join("\n") + " 1",
  mixed: "x: " + "{a: [".repeat(40) + "1" + "]}".repeat(40),
};

test("hostile nesting is refused with a reason naming the line", () => {
  for (const [name, text] of Object.entries(HOSTILE)) {
    const problem = yamlDepthProblem(text);
    assert.ok(problem !== null, `${name} refused`);
    assert.match(problem, /^line \d+: /, name);
    assert.throws(() => parseYamlBounded(text, 50), /refused: line \d+/, name);
  }
});

test("the bound is exact for flow collections, and brackets inside quotes or comments do not count", () => {
  const at = (n: number) => "x: " + "[".repeat(n) + "]".repeat(n);
  assert.equal(yamlDepthProblem(at(MAX_YAML_DEPTH)), null);
  assert.notEqual(yamlDepthProblem(at(MAX_YAML_DEPTH + 1)), null);
  const quoted = `patterns:\n  - "${"[".repeat(200)}"\n  - '${"{".repeat(200)}'\n# ${"[".repeat(200)}\nname: don't [worry`;
  assert.equal(yamlDepthProblem(quoted), null);
  assert.deepEqual(parseYamlBounded(quoted, 50), parse(quoted));
});

test("every shipped rule and YAML config parses through the guard exactly as through yaml.parse", () => {
  const files = [
    ...readdirSync("rules").filter((f) => f.endsWith(".yaml")).map((f) => join("rules", f)),
    ...readdirSync("deploy/compose").filter((f) => /\.ya?ml$/.test(f)).map((f) => join("deploy/compose", f)),
  ];
  assert.ok(files.length >= 9, `found ${files.length} files`);
  for (const f of files) {
    const text = readFileSync(f, "utf8");
    assert.equal(yamlDepthProblem(text), null, f);
    assert.deepEqual(parseYamlBounded(text, 100), parse(text, { maxAliasCount: 100 }), f);
  }
});

test("a config file nested too deeply is a ConfigError, not a crash", () => {
  const dir = mkdtempSync(join(tmpdir(), "geiger-yaml-depth-"));
  const file = join(dir, "geiger.yaml");
  writeFileSync(file, HOSTILE.dashes!);
  assert.throws(() => readConfigFile(file), (err: unknown) => err instanceof ConfigError && /nesting deeper/.test(err.message));
});
