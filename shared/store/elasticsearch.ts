// Elasticsearch adapter of the Store port, written to the core every distribution has (the integ-test zip
// included): composable templates, dated indices behind aliases, bulk with per-item retries, search_after.
// No scripts, ingest pipelines or ILM: counts and merges are computed in TypeScript.
import { readFileSync } from "node:fs";
import { Client, errors, type ClientOptions, type estypes } from "@elastic/elasticsearch";
import type { ElasticsearchConfig } from "../config/infra.js";
import { backoffMs, GeigerError, sleep } from "../errors.js";
import { logEvent } from "../observability/log.js";
import { COLLECTIONS, decodeCursor, encodeCursor, searchText, type CollectionSpec } from "./collections.js";
import {
  COLLECTION_NAMES, MAX_PAGE, type BulkResult, type CollectionName, type Doc, type Filter, type HistogramBucket,
  type Page, type Query, type Store, type TermsBucket, type WriteOp,
} from "./port.js";
import { MAPPINGS } from "./es-mappings.js";

type QueryCore = Omit<Query, "limit" | "cursor" | "order">;

const RETRIABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Classifies a client error at the edge: connection problems and overload retry, bad requests do not. */
export function classifyEsError(err: unknown, what: string): GeigerError {
  if (err instanceof GeigerError) return err;
  if (err instanceof errors.ResponseError) {
    const status = err.statusCode ?? 0;
    const reason = (err.body as { error?: { reason?: string; type?: string } } | undefined)?.error;
    return new GeigerError(`elasticsearch: ${what}: ${status} ${reason?.type ?? ""} ${reason?.reason ?? err.message}`.trim(), { retriable: RETRIABLE_STATUS.has(status), cause: err });
  }
  return new GeigerError(`elasticsearch: ${what}: ${(err as Error).message}`, { retriable: true, cause: err });
}

const dayOf = (ts: unknown): string => {
  const d = new Date(typeof ts === "string" || typeof ts === "number" ? ts : Date.now());
  const ok = Number.isNaN(d.getTime()) ? new Date() : d;
  return `${ok.getUTCFullYear()}.${String(ok.getUTCMonth() + 1).padStart(2, "0")}.${String(ok.getUTCDate()).padStart(2, "0")}`;
};

/** ES expects `ApiKey base64(id:api_key)`; the raw `id:api_key` pair is accepted too (base64 never contains ':'). */
export const encodeApiKey = (key: string): string => (key.includes(":") ? Buffer.from(key, "utf8").toString("base64") : key);

export class ElasticsearchStore implements Store {
  readonly client: Client;
  private readonly prefix: string;

  constructor(private readonly cfg: ElasticsearchConfig) {
    const opts: ClientOptions = {
      node: cfg.nodes && cfg.nodes.length ? cfg.nodes : cfg.url,
      maxRetries: 2,
      requestTimeout: 30_000,
      sniffOnStart: false,
    };
    if (cfg.api_key) opts.auth = { apiKey: encodeApiKey(cfg.api_key) };
    else if (cfg.username && cfg.password) opts.auth = { username: cfg.username, password: cfg.password };
    if (cfg.tls) {
      opts.tls = {
        rejectUnauthorized: cfg.tls.reject_unauthorized,
        ...(cfg.tls.ca_file ? { ca: readFileSync(cfg.tls.ca_file, "utf8") } : {}),
        ...(cfg.tls.cert_file ? { cert: readFileSync(cfg.tls.cert_file, "utf8") } : {}),
        ...(cfg.tls.key_file ? { key: readFileSync(cfg.tls.key_file, "utf8") } : {}),
      };
    }
    this.client = new Client(opts);
    this.prefix = cfg.index_prefix;
  }

  /** The alias (dated collections) or index every read goes to. */
  readName(c: CollectionName): string {
    return `${this.prefix}${c}`;
  }

  private writeIndex(c: CollectionName, doc: Doc): string {
    const spec = COLLECTIONS[c];
    return spec.dated ? `${this.prefix}${c}-${dayOf(doc[spec.timeField])}` : `${this.prefix}${c}`;
  }

  async init(): Promise<void> {
    const settings = { number_of_shards: this.cfg.shards, number_of_replicas: this.cfg.replicas, "index.mapping.total_fields.limit": 2000 };
    try {
      for (const c of COLLECTION_NAMES) {
        const spec = COLLECTIONS[c];
        const name = this.readName(c);
        const mappings = { ...MAPPINGS[c], _source: { excludes: ["search_text"] } };
        if (spec.dated) {
          await this.client.indices.putIndexTemplate({
            name: `${this.prefix}${c}`,
            index_patterns: [`${name}-*`],
            priority: 200,
            template: { settings, mappings, aliases: { [name]: {} } },
          });
        } else if (!(await this.client.indices.exists({ index: name }))) {
          await this.client.indices.create({ index: name, settings, mappings }).catch((err: unknown) => {
            if (err instanceof errors.ResponseError && err.body && JSON.stringify(err.body).includes("resource_already_exists_exception")) return;
            throw err;
          });
        }
      }
    } catch (err) {
      throw classifyEsError(err, "init");
    }
  }

  private toSource(c: CollectionName, doc: Doc): Doc {
    return { ...doc, search_text: searchText(COLLECTIONS[c], doc) };
  }

  async bulkWrite(collection: CollectionName, ops: WriteOp[]): Promise<BulkResult> {
    let pending = ops;
    const failed: { id: string; reason: string }[] = [];
    let written = 0;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const operations: unknown[] = [];
      for (const op of pending) {
        if (op.insert !== undefined) {
          operations.push({ update: { _index: this.writeIndex(collection, op.insert), _id: op.id, retry_on_conflict: 3 } });
          operations.push({ doc: this.toSource(collection, op.doc), upsert: this.toSource(collection, op.insert) });
        } else {
          operations.push({ index: { _index: this.writeIndex(collection, op.doc), _id: op.id } });
          operations.push(this.toSource(collection, op.doc));
        }
      }
      let items;
      try {
        const res = await this.client.bulk({ operations, refresh: false });
        items = res.items;
      } catch (err) {
        throw classifyEsError(err, `bulk ${collection}`);
      }
      const retry: WriteOp[] = [];
      items.forEach((item, i) => {
        const r = item.index ?? item.update ?? item.create;
        const op = pending[i]!;
        if (!r || !r.error) { written++; return; }
        const status = r.status ?? 0;
        if (RETRIABLE_STATUS.has(status) || status === 409) retry.push(op);
        else failed.push({ id: op.id, reason: `${status} ${r.error.type}: ${r.error.reason ?? ""}`.slice(0, 500) });
      });
      pending = retry;
      if (pending.length) {
        if (attempt >= 5) throw new GeigerError(`elasticsearch: ${pending.length} bulk items still failing after retries`, { retriable: true });
        logEvent("warn", "store_bulk_item_retry", { collection, items: pending.length, attempt });
        await sleep(backoffMs(attempt, 200, 5000));
      }
    }
    return { written, failed };
  }

  async get(collection: CollectionName, id: string): Promise<Doc | null> {
    try {
      if (!COLLECTIONS[collection].dated) {
        const res = await this.client.get<Doc>({ index: this.readName(collection), id }, { ignore: [404] });
        return res.found && res._source ? res._source : null;
      }
      const res = await this.client.search<Doc>({ index: this.readName(collection), query: { ids: { values: [id] } }, size: 1, ignore_unavailable: true, allow_no_indices: true });
      return res.hits.hits[0]?._source ?? null;
    } catch (err) {
      throw classifyEsError(err, `get ${collection}`);
    }
  }

  private filterClause(f: Filter): Record<string, unknown> {
    switch (f.op) {
      case "eq": return { term: { [f.field]: f.value } };
      case "in": return { terms: { [f.field]: f.values } };
      case "exists": return { exists: { field: f.field } };
      case "range": {
        const r: Record<string, unknown> = {};
        for (const k of ["gte", "lte", "gt", "lt"] as const) if (f[k] !== undefined) r[k] = f[k];
        return { range: { [f.field]: r } };
      }
    }
  }

  private esQuery(q: QueryCore): Record<string, unknown> {
    const filter = (q.filters ?? []).map((f) => this.filterClause(f));
    // match (not query_string): user text is analysed as words, never parsed as query syntax.
    const must = q.text && q.text.trim() ? [{ match: { search_text: { query: q.text.slice(0, 1024), operator: "and" } } }] : [];
    return { bool: { filter, must } };
  }

  async search(collection: CollectionName, q: Query): Promise<Page> {
    const spec: CollectionSpec = COLLECTIONS[collection];
    const limit = Math.min(Math.max(q.limit ?? 50, 1), MAX_PAGE);
    const order = q.order === "asc" ? "asc" : "desc";
    let after: unknown[] | undefined;
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      if (!c || typeof c[0] !== "number" || typeof c[1] !== "string") throw new GeigerError("invalid cursor", { retriable: false });
      after = c;
    }
    try {
      const res = await this.client.search<Doc>({
        index: this.readName(collection),
        ignore_unavailable: true,
        allow_no_indices: true,
        query: this.esQuery(q),
        size: limit + 1,
        sort: [{ [spec.timeField]: { order, unmapped_type: "date" } }, { [spec.idField]: { order, unmapped_type: "keyword" } }],
        ...(after ? { search_after: after as (string | number)[] } : {}),
        track_total_hits: false,
      });
      const hits = res.hits.hits;
      const page = hits.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((h) => h._source as Doc),
        next_cursor: hits.length > limit && last?.sort ? encodeCursor(last.sort as unknown[]) : null,
      };
    } catch (err) {
      const e = classifyEsError(err, `search ${collection}`);
      if (/search_after|parse_exception|number_format/i.test(e.message) && after) throw new GeigerError("invalid cursor", { retriable: false, cause: err });
      throw e;
    }
  }

  async count(collection: CollectionName, q: QueryCore): Promise<number> {
    try {
      const res = await this.client.count({ index: this.readName(collection), query: this.esQuery(q), ignore_unavailable: true, allow_no_indices: true });
      return res.count;
    } catch (err) {
      throw classifyEsError(err, `count ${collection}`);
    }
  }

  async update(collection: CollectionName, id: string, patch: Doc): Promise<Doc | null> {
    const existing = await this.get(collection, id);
    if (!existing) return null;
    const index = this.writeIndex(collection, existing);
    try {
      await this.client.update({ index, id, doc: this.toSource(collection, { ...existing, ...patch }), retry_on_conflict: 3, refresh: "wait_for" });
    } catch (err) {
      throw classifyEsError(err, `update ${collection}`);
    }
    return this.get(collection, id);
  }

  async terms(collection: CollectionName, q: QueryCore, field: string, size: number, sumField?: string): Promise<TermsBucket[]> {
    try {
      const res = await this.client.search({
        index: this.readName(collection), ignore_unavailable: true, allow_no_indices: true, size: 0, query: this.esQuery(q),
        aggs: { t: { terms: { field, size, order: [{ _count: "desc" }, { _key: "asc" }] }, ...(sumField ? { aggs: { s: { sum: { field: sumField } } } } : {}) } },
      });
      const buckets = ((res.aggregations?.t as { buckets?: { key: string | number; doc_count: number; s?: { value: number } }[] })?.buckets) ?? [];
      return buckets.map((b) => ({ key: String(b.key), count: b.doc_count, ...(sumField ? { sum: b.s?.value ?? 0 } : {}) }));
    } catch (err) {
      throw classifyEsError(err, `terms ${collection}`);
    }
  }

  async histogram(collection: CollectionName, q: QueryCore, opts: { intervalMs: number; by?: string; sumField?: string }): Promise<HistogramBucket[]> {
    const spec = COLLECTIONS[collection];
    const sub: Record<string, estypes.AggregationsAggregationContainer> = {};
    if (opts.by) sub.by = { terms: { field: opts.by, size: 20 }, ...(opts.sumField ? { aggs: { s: { sum: { field: opts.sumField } } } } : {}) };
    if (opts.sumField) sub.s = { sum: { field: opts.sumField } };
    try {
      const res = await this.client.search({
        index: this.readName(collection), ignore_unavailable: true, allow_no_indices: true, size: 0, query: this.esQuery(q),
        aggs: { h: { date_histogram: { field: spec.timeField, fixed_interval: `${Math.max(1000, Math.round(opts.intervalMs))}ms`, min_doc_count: 1 }, ...(Object.keys(sub).length ? { aggs: sub } : {}) } },
      });
      type B = { key: number; doc_count: number; s?: { value: number }; by?: { buckets: { key: string | number; doc_count: number; s?: { value: number } }[] } };
      const buckets = ((res.aggregations?.h as { buckets?: B[] })?.buckets) ?? [];
      return buckets.map((b) => ({
        ts: new Date(b.key).toISOString(),
        count: b.doc_count,
        ...(opts.sumField ? { sum: b.s?.value ?? 0 } : {}),
        ...(opts.by ? { by: Object.fromEntries((b.by?.buckets ?? []).map((x) => [String(x.key), x.doc_count])) } : {}),
        ...(opts.by && opts.sumField ? { by_sum: Object.fromEntries((b.by?.buckets ?? []).map((x) => [String(x.key), x.s?.value ?? 0])) } : {}),
      }));
    } catch (err) {
      throw classifyEsError(err, `histogram ${collection}`);
    }
  }

  async refresh(collection: CollectionName): Promise<void> {
    try {
      await this.client.indices.refresh({ index: this.readName(collection), ignore_unavailable: true, allow_no_indices: true });
    } catch (err) {
      throw classifyEsError(err, `refresh ${collection}`);
    }
  }

  /** Deletes whole dated indices older than the retention (no delete-by-query on the minimal distribution). */
  async enforceRetention(now = Date.now()): Promise<string[]> {
    const deleted: string[] = [];
    for (const c of COLLECTION_NAMES) {
      if (!COLLECTIONS[c].dated) continue;
      const res = await this.client.indices.get({ index: `${this.readName(c)}-*`, allow_no_indices: true }, { ignore: [404] });
      for (const name of Object.keys(res)) {
        const m = /-(\d{4})\.(\d{2})\.(\d{2})$/.exec(name);
        if (!m) continue;
        const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
        if (now - day > (this.cfg.retention_days + 1) * 86_400_000) {
          await this.client.indices.delete({ index: name });
          deleted.push(name);
        }
      }
    }
    return deleted;
  }

  /** Deletes every index and template this store created (tests). */
  async destroy(): Promise<void> {
    await this.client.indices.delete({ index: `${this.prefix}*`, ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
    for (const c of COLLECTION_NAMES) if (COLLECTIONS[c].dated) await this.client.indices.deleteIndexTemplate({ name: `${this.prefix}${c}` }).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
