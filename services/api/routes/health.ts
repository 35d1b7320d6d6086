// Open operational routes: liveness, readiness (the store answers), Prometheus metrics.
import type { ApiContext } from "../context.js";
import { registry as metrics } from "../../../shared/observability/metrics.js";

export function register(ctx: ApiContext): void {
  const { registry, root, store } = ctx;
  registry.define(root, "", { method: "get", path: "/healthz", access: "public", tag: "ops", summary: "Liveness" }, () => ({ status: "ok" }));
  registry.define(root, "", { method: "get", path: "/readyz", access: "public", tag: "ops", summary: "Readiness: 200 when the store answers, else 503" }, async ({ res }) => {
    try {
      await Promise.race([store.count("config", {}), new Promise((_, rej) => setTimeout(() => rej(new Error("timeout")), 3000).unref())]);
      return { status: "ready" };
    } catch (err) {
      res.status(503).json({ error: { code: "unavailable", message: `store not reachable: ${(err as Error).message.slice(0, 200)}` } });
      return undefined;
    }
  });
  registry.define(root, "", { method: "get", path: "/metrics", access: "public", tag: "ops", summary: "Prometheus metrics" }, async ({ res }) => {
    res.type(metrics.contentType).send(await metrics.metrics());
    return undefined;
  });
}
