// Where the dashboard's static files live: beside the sources (tsx) or above the compiled dist/ tree.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export function dashboardDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const rel of ["../../dashboards/web", "../../../dashboards/web"]) {
    const dir = resolve(here, rel);
    if (existsSync(join(dir, "index.html"))) return dir;
  }
  return resolve(here, "../../dashboards/web");
}
