// Files shipped beside package.json (rules/, models/): found by climbing from this module, so the same path
// works from the TypeScript sources and from the compiled dist/ tree.
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** `rel` in the nearest folder above this module that has a package.json and contains it; else `rel` from the cwd. */
export function shippedPath(rel: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, rel);
    try { if (statSync(join(dir, "package.json")).isFile() && existsSync(candidate)) return candidate; } catch { /* keep climbing */ }
    dir = dirname(dir);
  }
  return resolve(rel);
}
