// Files shipped beside package.json (rules/, models/): found by climbing from this module, so the same path
// works from the TypeScript sources and from the compiled dist/ tree.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { logEvent } from "../observability/log.js";

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

/**
 * A shipped JSON file (models/), read and decoded on the first call and kept; null, with one warning naming
 * `missing` and its effect, when the file is absent. Any other failure (unreadable, invalid) throws.
 */
export function shippedOnce<T>(path: () => string, decode: (raw: unknown) => T, missing: { event: string; effect: string }): () => T | null {
  let loaded: T | null | undefined;
  return () => {
    if (loaded === undefined) {
      const file = path();
      try { loaded = decode(JSON.parse(readFileSync(file, "utf8"))); } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
        logEvent("warn", missing.event, { path: file, effect: missing.effect });
        loaded = null;
      }
    }
    return loaded;
  };
}
