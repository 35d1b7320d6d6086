// The root Dockerfile cannot be built here: check the instructions the deployment artefacts rely on, and that
// the build context keeps every file the image copies (and nothing local or secret).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ApiConfigSchema } from "../../../services/api/config.js";
import { REPO } from "./manifests.js";

interface Instruction { op: string; args: string; stage: number }

/** Dockerfile instructions (comments dropped, `\` continuations joined), each tagged with its build stage. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = -1;
  const joined = text.split("\n").filter((l) => !/^\s*#/.test(l)).join("\n").replace(/\\\n/g, " ");
  for (const line of joined.split("\n")) {
    const m = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === "FROM") stage++;
    out.push({ op: m[1]!, args: m[2]!.trim(), stage });
  }
  return out;
}

const ins = instructions(readFileSync(join(REPO, "Dockerfile"), "utf8"));
const last = Math.max(...ins.map((i) => i.stage));
const final = ins.filter((i) => i.stage === last);

test("two stages on node:20-slim; npm ci from the lock file, then build", () => {
  const froms = ins.filter((i) => i.op === "FROM").map((i) => i.args.split(/\s+/)[0]);
  assert.deepEqual(froms, ["node:20-slim", "node:20-slim"]);
  const runs = ins.filter((i) => i.op === "RUN" && i.stage === 0).map((i) => i.args).join(" && ");
  assert.match(runs, /npm ci\b/);
  assert.match(runs, /npm run build/);
  assert.ok(runs.indexOf("npm ci") < runs.indexOf("npm run build"));
  assert.ok(ins.some((i) => i.op === "COPY" && i.stage === 0 && /package-lock\.json/.test(i.args)));
  const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> };
  assert.ok(pkg.scripts.build, "package.json has the build script the image runs");
});

test("runtime stage: non-root user, the CLI as entrypoint, the API port exposed", () => {
  const user = final.filter((i) => i.op === "USER").at(-1);
  assert.ok(user && !/^(root|0)(:|$)/.test(user.args), "runs as a non-root user");
  const entry = final.filter((i) => i.op === "ENTRYPOINT").at(-1);
  assert.deepEqual(JSON.parse(entry!.args), ["node", "bin/geiger.js"]);
  const expose = final.filter((i) => i.op === "EXPOSE").map((i) => Number(i.args));
  assert.ok(expose.includes(ApiConfigSchema.parse({}).port), "EXPOSE = the API's default port");
});

test("runtime stage copies what the code loads at run time: compiled dist, bin, rules, dashboards, production deps", () => {
  const copies = final.filter((i) => i.op === "COPY").map((i) => i.args);
  for (const need of ["dist", "node_modules", "bin", "rules", "dashboards", "package.json"]) {
    assert.ok(copies.some((c) => new RegExp(`(^|\\s|/)${need.replace(".", "\\.")}\\s`).test(c + " ")), `COPY ${need}`);
  }
  // bin/geiger.js loads the compiled CLI from dist/: the path the image must contain.
  assert.match(readFileSync(join(REPO, "bin/geiger.js"), "utf8"), /\.\.\/dist\/services\/cli\/main\.js/);
  // The built-in rules are found beside package.json; the dashboard beside dist/.
  assert.ok(existsSync(join(REPO, "rules")) && existsSync(join(REPO, "dashboards/web/index.html")));
});

test(".dockerignore keeps local artefacts and secrets out, and every copied source in", () => {
  const ignore = readFileSync(join(REPO, ".dockerignore"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  for (const must of ["node_modules", "dist", ".git", ".geiger"]) assert.ok(ignore.includes(must), `ignores ${must}`);
  const copied = ins.filter((i) => i.op === "COPY" && !i.args.startsWith("--from")).flatMap((i) => i.args.split(/\s+/).slice(0, -1));
  for (const src of copied) assert.ok(!ignore.includes(src), `${src} is copied, so it must not be ignored`);
});
