#!/usr/bin/env node
// CLI entry: runs the compiled CLI (built by `npm install` through the prepare script).
import { existsSync } from "node:fs";

const compiled = new URL("../dist/services/cli/main.js", import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write("geiger: not built yet — run `npm install` (or `npm run build`) in the geiger folder\n");
  process.exit(2);
}
const { main } = await import(compiled.href);
process.exitCode = await main(process.argv.slice(2));
