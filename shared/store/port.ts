// Store port: idempotent writes keyed by id, filtered search with cursor paging, get, partial update, and the
// few aggregations the dashboard needs. Elasticsearch in distributed mode, a file-backed twin embedded.

export type Doc = Record<string, unknown>;

export type Filter =
  | { field: string; op: "eq"; value: string | number | boolean }
  | { field: string; op: "in"; values: (string | number | boolean)[] }
  | { field: string; op: "range"; gte?: string | number; lte?: string | number; gt?: string | number; lt?: string | number }
  | { field: string; op: "exists" };

export interface Query {
  filters?: Filter[];
  /** Free text, matched as plain words (never parsed as a query language). */
  text?: string;
  /** Sorted by the collection's time field, then id, for stable cursors. Default desc. */
  order?: "asc" | "desc";
  limit?: number;
  cursor?: string | null;
}

export interface Page<T = Doc> {
  items: T[];
  next_cursor: string | null;
}

/** index: replace the whole document. upsert: merge `doc` into an existing one, or insert `insert` if absent. */
export type WriteOp = { id: string; doc: Doc; insert?: Doc };

export interface BulkResult {
  written: number;
  /** Items that failed for good (e.g. mapping conflicts); retriable item failures are retried inside the adapter. */
  failed: { id: string; reason: string }[];
}

export interface TermsBucket { key: string; count: number; sum?: number }
/** `by` counts per value of opts.by; with opts.sumField too, `by_sum` holds the sum per value (e.g. cost per server). */
export interface HistogramBucket { ts: string; count: number; sum?: number; by?: Record<string, number>; by_sum?: Record<string, number> }

export interface Store {
  /** Creates templates/indices (idempotent). Called once by the composition root before use. */
  init(): Promise<void>;
  bulkWrite(collection: CollectionName, ops: WriteOp[]): Promise<BulkResult>;
  get(collection: CollectionName, id: string): Promise<Doc | null>;
  search(collection: CollectionName, query: Query): Promise<Page>;
  count(collection: CollectionName, query: Omit<Query, "limit" | "cursor" | "order">): Promise<number>;
  /** Merges `patch` into the document; returns the new document or null if absent. */
  update(collection: CollectionName, id: string, patch: Doc): Promise<Doc | null>;
  terms(collection: CollectionName, query: Omit<Query, "limit" | "cursor" | "order">, field: string, size: number, sumField?: string): Promise<TermsBucket[]>;
  histogram(
    collection: CollectionName,
    query: Omit<Query, "limit" | "cursor" | "order">,
    opts: { intervalMs: number; by?: string; sumField?: string },
  ): Promise<HistogramBucket[]>;
  /** Makes every acknowledged write visible to search (tests, read-after-write in the API). */
  refresh(collection: CollectionName): Promise<void>;
  close(): Promise<void>;
}

export const COLLECTION_NAMES = ["telemetry", "alerts", "audit", "deadletters", "config"] as const;
export type CollectionName = (typeof COLLECTION_NAMES)[number];

export const MAX_PAGE = 1000;
