// Config fails closed and loud: one strict zod schema, defaults in the schema, every problem reported with
// its path at once. Files are YAML or JSON; env vars override the few documented keys.
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { GeigerError } from "../errors.js";
import { parseYamlBounded } from "./yaml.js";

export class ConfigError extends GeigerError {
  constructor(readonly problems: string[], source: string) {
    super(`invalid configuration (${source}):\n  - ${problems.join("\n  - ")}`, { retriable: false });
    this.name = "ConfigError";
  }
}

export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError([`cannot read ${path}: ${(err as Error).message}`], path);
  }
  try {
    return path.endsWith(".json") ? JSON.parse(text) : parseYamlBounded(text, 100);
  } catch (err) {
    throw new ConfigError([`cannot parse ${path}: ${(err as Error).message}`], path);
  }
}

/** Deep-merges env-derived overrides into the raw file object (overrides win). */
export function withOverrides(raw: unknown, overrides: Record<string, unknown>): unknown {
  const base = raw && typeof raw === "object" && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    const cur = base[k];
    base[k] = v && typeof v === "object" && !Array.isArray(v) && cur && typeof cur === "object" ? withOverrides(cur, v as Record<string, unknown>) : v;
  }
  return base;
}

export function validateConfig<S extends z.ZodType>(schema: S, raw: unknown, source: string): z.infer<S> {
  const res = schema.safeParse(raw ?? {});
  if (res.success) return res.data;
  throw new ConfigError(res.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`), source);
}
