// Prometheus metrics registry shared by every service in a process; /metrics serves it.
import client from "prom-client";

export const registry = new client.Registry();

const counters = new Map<string, client.Counter<string>>();
const gauges = new Map<string, client.Gauge<string>>();
const histograms = new Map<string, client.Histogram<string>>();

export function counter(name: string, help: string, labelNames: string[] = []): client.Counter<string> {
  let c = counters.get(name);
  if (!c) { c = new client.Counter({ name, help, labelNames, registers: [registry] }); counters.set(name, c); }
  return c;
}

export function gauge(name: string, help: string, labelNames: string[] = []): client.Gauge<string> {
  let g = gauges.get(name);
  if (!g) { g = new client.Gauge({ name, help, labelNames, registers: [registry] }); gauges.set(name, g); }
  return g;
}

export function histogram(name: string, help: string, labelNames: string[] = [], buckets?: number[]): client.Histogram<string> {
  let h = histograms.get(name);
  if (!h) { h = new client.Histogram({ name, help, labelNames, registers: [registry], ...(buckets ? { buckets } : {}) }); histograms.set(name, h); }
  return h;
}
