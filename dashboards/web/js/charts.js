// Hand-built SVG charts (stacked bars over time, lines over time, ranked bars): a few hundred lines instead of a
// charting library, so nothing is fetched from a CDN and nothing needs inline styles under the CSP.
import { h, safeText } from "./dom.js";

export const SEVERITY_COLORS = { critical: "#ff4d5e", high: "#ff8a3d", medium: "#f2c744", low: "#4aa8ff", info: "#8b9bb0" };
export const TAXONOMY_COLORS = { P1: "#e05cff", P2: "#ff5c8a", P3: "#ffb347", P4: "#43d9ad", P5: "#5c9dff", P6: "#c9d64a" };
const PALETTE = ["#4aa8ff", "#43d9ad", "#ffb347", "#e05cff", "#ff5c8a", "#c9d64a", "#7f8cff", "#5fd3f3", "#ff7f50", "#b0bec5"];
const assigned = new Map();

/** Colour per series name, assigned in first-seen order so a handful of servers never share one; the same
 * server keeps its colour on every chart for the life of the page. */
export function colorFor(name, fixed) {
  if (fixed && fixed[name]) return fixed[name];
  const key = String(name);
  if (!assigned.has(key)) assigned.set(key, PALETTE[assigned.size % PALETTE.length]);
  return assigned.get(key);
}

const W = 560;
const PAD = { l: 44, r: 10, t: 10, b: 24 };

function niceMax(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const fmtTime = (ms, spanMs) => {
  const d = new Date(ms);
  return spanMs > 36 * 3600e3
    ? `${d.getMonth() + 1}/${d.getDate()}`
    : `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
};

export function formatNumber(v, unit) {
  if (unit === "usd") return v >= 100 ? `$${Math.round(v)}` : v >= 1 ? `$${v.toFixed(2)}` : `$${v.toFixed(v === 0 ? 0 : 3)}`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

function axes(height, yMax, unit, times) {
  const g = h("g", { class: "axis" });
  const plotH = height - PAD.t - PAD.b;
  for (let i = 0; i <= 4; i++) {
    const y = PAD.t + plotH - (plotH * i) / 4;
    g.append(h("line", { x1: PAD.l, x2: W - PAD.r, y1: y, y2: y, class: "grid" }));
    g.append(h("text", { x: PAD.l - 6, y: y + 4, "text-anchor": "end" }, formatNumber((yMax * i) / 4, unit)));
  }
  if (times.length) {
    const span = times[times.length - 1] - times[0];
    const step = Math.max(1, Math.ceil(times.length / 6));
    times.forEach((t, i) => {
      if (i % step) return;
      const x = PAD.l + ((W - PAD.l - PAD.r) * (i + 0.5)) / times.length;
      g.append(h("text", { x, y: height - 6, "text-anchor": "middle" }, fmtTime(t, span)));
    });
  }
  return g;
}

function legend(keys, colorOf, totals) {
  return h("ul", { class: "legend" }, keys.map((k) => h("li", {},
    h("svg", { width: 10, height: 10, "aria-hidden": "true" }, h("rect", { width: 10, height: 10, rx: 2, fill: colorOf(k) })),
    ` ${k}`, totals ? h("span", { class: "muted" }, ` ${formatNumber(totals[k] ?? 0, totals.__unit)}`) : null)));
}

/**
 * Stacked bars per time bucket.
 * @param {{ buckets: {ts: number, values: Record<string, number>}[], keys: string[], colorOf: (k: string) => string,
 *           label: string, unit?: string, height?: number }} o
 */
export function stackedBars(o) {
  const height = o.height ?? 180;
  const n = o.buckets.length;
  const totals = o.buckets.map((b) => o.keys.reduce((s, k) => s + (b.values[k] ?? 0), 0));
  const yMax = Math.max(o.unit ? 0 : 4, niceMax(Math.max(0, ...totals))); // counts: whole-number ticks
  const plotW = W - PAD.l - PAD.r;
  const plotH = height - PAD.t - PAD.b;
  const bw = n ? Math.max(1, (plotW / n) * 0.8) : 0;
  const svg = h("svg", { viewBox: `0 0 ${W} ${height}`, class: "chart", role: "img", "aria-label": o.label });
  svg.append(axes(height, yMax, o.unit, o.buckets.map((b) => b.ts)));
  o.buckets.forEach((b, i) => {
    let y = PAD.t + plotH;
    const x = PAD.l + (plotW * i) / n + (plotW / n - bw) / 2;
    for (const k of o.keys) {
      const v = b.values[k] ?? 0;
      if (!v) continue;
      const bh = (plotH * v) / yMax;
      y -= bh;
      svg.append(h("rect", { x, y, width: bw, height: Math.max(bh, 0.5), fill: o.colorOf(k) },
        h("title", {}, `${new Date(b.ts).toLocaleString()} — ${k}: ${formatNumber(v, o.unit)}`)));
    }
  });
  const sums = {};
  for (const b of o.buckets) for (const k of o.keys) sums[k] = (sums[k] ?? 0) + (b.values[k] ?? 0);
  sums.__unit = o.unit;
  return h("figure", { class: "chart-box" }, svg, legend(o.keys, o.colorOf, sums));
}

/**
 * One line per series over shared time buckets (calls or cost per server: a denial-of-wallet burst is a spike).
 * @param {{ times: number[], series: {name: string, values: number[]}[], colorOf: (k: string) => string, label: string, unit?: string, height?: number }} o
 */
export function lines(o) {
  const height = o.height ?? 180;
  const n = o.times.length;
  const yMax = Math.max(o.unit ? 0 : 4, niceMax(Math.max(0, ...o.series.flatMap((s) => s.values))));
  const plotW = W - PAD.l - PAD.r;
  const plotH = height - PAD.t - PAD.b;
  const xOf = (i) => PAD.l + (plotW * (i + 0.5)) / Math.max(n, 1);
  const yOf = (v) => PAD.t + plotH - (plotH * v) / yMax;
  const svg = h("svg", { viewBox: `0 0 ${W} ${height}`, class: "chart", role: "img", "aria-label": o.label });
  svg.append(axes(height, yMax, o.unit, o.times));
  for (const s of o.series) {
    const color = o.colorOf(s.name);
    const pts = s.values.map((v, i) => `${xOf(i).toFixed(1)},${yOf(v).toFixed(1)}`).join(" ");
    svg.append(h("polyline", { points: pts, fill: "none", stroke: color, "stroke-width": 2, "stroke-linejoin": "round" }));
    s.values.forEach((v, i) => {
      if (v > 0) svg.append(h("circle", { cx: xOf(i), cy: yOf(v), r: 2.5, fill: color },
        h("title", {}, `${new Date(o.times[i]).toLocaleString()} — ${s.name}: ${formatNumber(v, o.unit)}`)));
    });
  }
  const totals = Object.fromEntries(o.series.map((s) => [s.name, s.values.reduce((a, b) => a + b, 0)]));
  totals.__unit = o.unit;
  return h("figure", { class: "chart-box" }, svg, legend(o.series.map((s) => s.name), o.colorOf, totals));
}

/**
 * Ranked horizontal bars (top principals / servers / tools). Values are text; widths are SVG geometry.
 * @param {{ items: {key: string, count: number}[], label: string, hrefOf?: (key: string) => string | null }} o
 */
export function rankedBars(o) {
  const max = Math.max(1, ...o.items.map((i) => i.count));
  if (!o.items.length) return h("p", { class: "empty" }, "Nothing yet.");
  return h("ol", { class: "ranked", "aria-label": o.label }, o.items.map((it) => {
    const href = o.hrefOf?.(it.key) ?? null;
    const name = href ? h("a", { href }, safeText(it.key, { max: 200 })) : h("span", {}, safeText(it.key, { max: 200 }));
    return h("li", {},
      h("div", { class: "ranked-row" }, h("span", { class: "ranked-key" }, name), h("span", { class: "ranked-val" }, formatNumber(it.count))),
      h("svg", { viewBox: "0 0 100 4", preserveAspectRatio: "none", class: "ranked-bar", "aria-hidden": "true" },
        h("rect", { x: 0, y: 0, width: 100, height: 4, class: "track" }),
        h("rect", { x: 0, y: 0, width: (100 * it.count) / max, height: 4, class: "fill" })));
  }));
}
