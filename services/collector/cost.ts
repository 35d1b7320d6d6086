// Cost of one exchange: `_meta.cost` reported by the server wins over the operator's price table.
import type { PriceTable } from "./config.js";

export type Cost = { usd?: number; units?: number; source: "price_table" | "meta" };

const nonNeg = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);

/** `result._meta.cost` as `{ usd, units }`, when the server reports it. */
export function metaCost(result: unknown): Cost | undefined {
  const cost = (result as { _meta?: { cost?: unknown } } | null | undefined)?._meta?.cost;
  if (!cost || typeof cost !== "object") return undefined;
  const usd = nonNeg((cost as Record<string, unknown>).usd);
  const units = nonNeg((cost as Record<string, unknown>).units);
  if (usd === undefined && units === undefined) return undefined;
  return { ...(usd !== undefined ? { usd } : {}), ...(units !== undefined ? { units } : {}), source: "meta" };
}

/** Price-table lookup for a tools/call: exact server+tool, then the server's "*", then "*"+tool, then "*"+"*". */
export function priceTableCost(table: PriceTable, server: string, tool: string | undefined): Cost | undefined {
  if (tool === undefined) return undefined;
  const price = table[server]?.[tool] ?? table[server]?.["*"] ?? table["*"]?.[tool] ?? table["*"]?.["*"];
  if (!price || (price.usd === undefined && price.units === undefined)) return undefined;
  return { ...price, source: "price_table" };
}

export function exchangeCost(table: PriceTable, server: string, method: string, params: unknown, result: unknown): Cost | undefined {
  const fromMeta = metaCost(result);
  if (fromMeta) return fromMeta;
  if (method !== "tools/call") return undefined;
  const name = (params as { name?: unknown } | null | undefined)?.name;
  return priceTableCost(table, server, typeof name === "string" ? name : undefined);
}
