// Embedded twin of the Elasticsearch store: in-memory maps, persisted as an append-only JSONL log per
// collection under the data dir, replayed (and compacted) on init so data survives a restart.
import { mkdirSync, existsSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { GeigerError } from "../errors.js";
import {
  COLLECTIONS, decodeCursor, encodeCursor, getPath, searchText, tokenize, type CollectionSpec,
} from "./collections.js";
import {
  COLLECTION_NAMES, MAX_PAGE, type BulkResult, type CollectionName, type Doc, type Filter, type HistogramBucket,
  type Page, type Query, type Store, type TermsBucket, type WriteOp,
} from "./port.js";

interface Table { spec: CollectionSpec; docs: Map<string, Doc>; tokens: Map<string, Set<string>>; logLines: number; file: string | null }

export interface EmbeddedStoreOptions {
  /** Directory for the JSONL logs; omit for a purely in-memory store (tests, `geiger detect`). */
  dataDir?: string;
}

const asTime = (v: unknown): number => (typeof v === "number" ? v : typeof v === "string" ? Date.parse(v) : NaN);

function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const ta = asTime(a), tb = asTime(b);
  if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return String(a ?? "").localeCompare(String(b ?? ""));
}

function matchesFilter(doc: Doc, f: Filter): boolean {
  const raw = getPath(doc, f.field);
  const values = Array.isArray(raw) ? raw : [raw];
  switch (f.op) {
    case "eq": return values.some((v) => v === f.value);
    case "in": return values.some((v) => f.values.includes(v as string));
    case "exists": return raw !== undefined && raw !== null;
    case "range": return values.some((v) => v !== undefined && v !== null
      && (f.gte === undefined || compare(v, f.gte) >= 0) && (f.lte === undefined || compare(v, f.lte) <= 0)
      && (f.gt === undefined || compare(v, f.gt) > 0) && (f.lt === undefined || compare(v, f.lt) < 0));
  }
}

/** Recursive merge of plain objects; arrays and scalars in the patch replace. */
function merge(base: Doc, patch: Doc): Doc {
  const out: Doc = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const cur = out[k];
    out[k] = v && typeof v === "object" && !Array.isArray(v) && cur && typeof cur === "object" && !Array.isArray(cur)
      ? merge(cur as Doc, v as Doc) : v;
  }
  return out;
}

export class EmbeddedStore implements Store {
  private readonly tables = new Map<CollectionName, Table>();
  private readonly dir: string | null;

  constructor(opts: EmbeddedStoreOptions = {}) {
    this.dir = opts.dataDir ? join(opts.dataDir, "store") : null;
  }

  async init(): Promise<void> {
    if (this.dir) mkdirSync(this.dir, { recursive: true });
    for (const name of COLLECTION_NAMES) {
      if (this.tables.has(name)) continue;
      const file = this.dir ? join(this.dir, `${name}.jsonl`) : null;
      const table: Table = { spec: COLLECTIONS[name], docs: new Map(), tokens: new Map(), logLines: 0, file };
      if (file && existsSync(file)) {
        for (const line of readFileSync(file, "utf8").split("\n")) {
          if (!line) continue;
          try {
            const rec = JSON.parse(line) as { id: string; doc: Doc };
            this.put(table, rec.id, rec.doc);
            table.logLines++;
          } catch { /* a torn last line after a crash: the write it belonged to was never acknowledged */ }
        }
        if (table.logLines > 2 * table.docs.size + 1000) this.compact(table);
      }
      this.tables.set(name, table);
    }
  }

  private table(name: CollectionName): Table {
    const t = this.tables.get(name);
    if (!t) throw new GeigerError(`store not initialised (collection ${name})`, { retriable: false });
    return t;
  }

  private put(t: Table, id: string, doc: Doc): void {
    t.docs.delete(id); // re-insert keeps Map order = last write order
    t.docs.set(id, doc);
    t.tokens.set(id, new Set(tokenize(searchText(t.spec, doc))));
  }

  private compact(t: Table): void {
    if (!t.file) return;
    const tmp = `${t.file}.tmp`;
    writeFileSync(tmp, [...t.docs].map(([id, doc]) => JSON.stringify({ id, doc })).join("\n") + (t.docs.size ? "\n" : ""));
    renameSync(tmp, t.file);
    t.logLines = t.docs.size;
  }

  private async persist(t: Table, records: { id: string; doc: Doc }[]): Promise<void> {
    if (!t.file || records.length === 0) return;
    await appendFile(t.file, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    t.logLines += records.length;
    if (t.logLines > 4 * t.docs.size + 10_000) this.compact(t);
  }

  async bulkWrite(collection: CollectionName, ops: WriteOp[]): Promise<BulkResult> {
    const t = this.table(collection);
    const written: { id: string; doc: Doc }[] = [];
    for (const op of ops) {
      const existing = t.docs.get(op.id);
      const doc = op.insert !== undefined ? (existing ? merge(existing, op.doc) : op.insert) : op.doc;
      this.put(t, op.id, doc);
      written.push({ id: op.id, doc });
    }
    await this.persist(t, written);
    return { written: written.length, failed: [] };
  }

  async get(collection: CollectionName, id: string): Promise<Doc | null> {
    return this.table(collection).docs.get(id) ?? null;
  }

  private matching(t: Table, q: Omit<Query, "limit" | "cursor" | "order">): [string, Doc][] {
    const words = q.text ? tokenize(q.text) : [];
    const out: [string, Doc][] = [];
    for (const [id, doc] of t.docs) {
      if (q.filters && !q.filters.every((f) => matchesFilter(doc, f))) continue;
      if (words.length) {
        const toks = t.tokens.get(id);
        if (!toks || !words.every((w) => toks.has(w))) continue;
      }
      out.push([id, doc]);
    }
    return out;
  }

  async search(collection: CollectionName, q: Query): Promise<Page> {
    const t = this.table(collection);
    const limit = Math.min(Math.max(q.limit ?? 50, 1), MAX_PAGE);
    const dir = q.order === "asc" ? 1 : -1;
    const tf = t.spec.timeField;
    const key = (id: string, d: Doc): [number, string] => [asTime(getPath(d, tf)) || 0, id];
    const cmp = (a: [number, string], b: [number, string]): number =>
      dir * (a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    let after: [number, string] | null = null;
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      if (!c || typeof c[0] !== "number" || typeof c[1] !== "string") throw new GeigerError("invalid cursor", { retriable: false });
      after = [c[0], c[1]];
    }
    const rows = this.matching(t, q).map(([id, d]) => ({ k: key(id, d), d }));
    rows.sort((a, b) => cmp(a.k, b.k));
    const start = after ? rows.findIndex((r) => cmp(r.k, after) > 0) : 0;
    const page = start < 0 ? [] : rows.slice(start, start + limit);
    const more = start >= 0 && start + limit < rows.length;
    const last = page[page.length - 1];
    return { items: page.map((r) => r.d), next_cursor: more && last ? encodeCursor(last.k) : null };
  }

  async count(collection: CollectionName, q: Omit<Query, "limit" | "cursor" | "order">): Promise<number> {
    return this.matching(this.table(collection), q).length;
  }

  async update(collection: CollectionName, id: string, patch: Doc): Promise<Doc | null> {
    const t = this.table(collection);
    const existing = t.docs.get(id);
    if (!existing) return null;
    const doc = merge(existing, patch);
    this.put(t, id, doc);
    await this.persist(t, [{ id, doc }]);
    return doc;
  }

  async terms(collection: CollectionName, q: Omit<Query, "limit" | "cursor" | "order">, field: string, size: number, sumField?: string): Promise<TermsBucket[]> {
    const buckets = new Map<string, TermsBucket>();
    for (const [, d] of this.matching(this.table(collection), q)) {
      const raw = getPath(d, field);
      for (const v of Array.isArray(raw) ? raw : [raw]) {
        if (v === undefined || v === null) continue;
        const k = String(v);
        const b = buckets.get(k) ?? { key: k, count: 0, ...(sumField ? { sum: 0 } : {}) };
        b.count++;
        if (sumField) b.sum = (b.sum ?? 0) + (Number(getPath(d, sumField)) || 0);
        buckets.set(k, b);
      }
    }
    return [...buckets.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, size);
  }

  async histogram(collection: CollectionName, q: Omit<Query, "limit" | "cursor" | "order">, opts: { intervalMs: number; by?: string; sumField?: string }): Promise<HistogramBucket[]> {
    const t = this.table(collection);
    const buckets = new Map<number, HistogramBucket>();
    for (const [, d] of this.matching(t, q)) {
      const ms = asTime(getPath(d, t.spec.timeField));
      if (Number.isNaN(ms)) continue;
      const start = Math.floor(ms / opts.intervalMs) * opts.intervalMs;
      const b = buckets.get(start) ?? { ts: new Date(start).toISOString(), count: 0, ...(opts.sumField ? { sum: 0 } : {}), ...(opts.by ? { by: {} } : {}), ...(opts.by && opts.sumField ? { by_sum: {} } : {}) };
      b.count++;
      if (opts.sumField) b.sum = (b.sum ?? 0) + (Number(getPath(d, opts.sumField)) || 0);
      if (opts.by && b.by) {
        const raw = getPath(d, opts.by);
        for (const v of Array.isArray(raw) ? raw : [raw]) {
          if (v === undefined || v === null) continue;
          b.by[String(v)] = (b.by[String(v)] ?? 0) + 1;
          if (b.by_sum) b.by_sum[String(v)] = (b.by_sum[String(v)] ?? 0) + (Number(getPath(d, opts.sumField!)) || 0);
        }
      }
      buckets.set(start, b);
    }
    return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b);
  }

  async refresh(): Promise<void> { /* writes are visible at once */ }

  async close(): Promise<void> {
    for (const t of this.tables.values()) if (t.logLines > 2 * t.docs.size + 1000) this.compact(t);
  }
}
