/**
 * Runs that last: every finished run (forks included) is saved in the browser's IndexedDB, so
 * a reload, or coming back tomorrow, finds it again with its charts. The archive is bounded
 * ({@link ARCHIVE_RUNS_MAX} runs, oldest dropped first; a run's series and heatmap are kept
 * only while the entry stays under {@link ARCHIVE_ENTRY_BYTES_MAX}, its summary always), listed
 * newest first and deletable one by one.
 *
 * Only plain data goes in (structured clone: typed arrays stay typed). The list reads only the
 * runs' list lines (a store of their own, written beside each run), never the runs themselves:
 * reading a run back copies its series and Result JSON into the page, a long task each. When
 * IndexedDB is missing or refuses (private mode, quota), the app works as before and says
 * nothing is kept.
 */
import type { Heatmap, NodeStates, ResultSummary, SeriesColumns } from "../worker/run-protocol";
import { done, keysToEvict as evict, openDatabase, seriesBytes, STORES } from "./idb";

/** What the archive reads of a run record (store.ts's RunRecord has these fields). */
export interface ArchivableRun {
  label: string;
  scenarioText: string;
  files: Record<string, string>;
  seed: number | null;
  overrides: string[];
  status: string;
  summary?: ResultSummary;
  digest?: string;
  resultJson?: string;
  series?: SeriesColumns;
  heatmap?: Heatmap;
  nodes?: NodeStates;
  marks?: Array<{ atMs: number; label: string }>;
  wallMs?: number;
}

/** Runs kept at most; saving one more drops the oldest. */
export const ARCHIVE_RUNS_MAX = 24;
/** Bytes (estimated) a saved run may take with its series; past it only the summary is kept. */
export const ARCHIVE_ENTRY_BYTES_MAX = 8 * 1024 * 1024;

const STORE = STORES.runs;
const META = STORES.runMeta;

/** What the archive keeps of a run. */
export interface ArchivedRun {
  /** The archive's key (assigned on save). */
  key?: number;
  /** When it was saved, ms since the epoch (the page's clock; never part of a Result). */
  savedAtMs: number;
  label: string;
  /** The built-in scenario it came from, if any. */
  sourceId: string | null;
  scenarioText: string;
  files: Record<string, string>;
  seed: number | null;
  overrides: string[];
  marks?: Array<{ atMs: number; label: string }>;
  /** The archive key of the run this one forks, if any. */
  forkOfKey?: number;
  summary: ResultSummary;
  digest: string;
  resultJson?: string;
  series?: SeriesColumns;
  heatmap?: Heatmap;
  nodes?: NodeStates;
  wallMs?: number;
  /** True when the series were too large to keep. */
  seriesDropped: boolean;
}

/** A line of the archive's list. */
export type ArchivedRunMeta = Pick<ArchivedRun, "key" | "savedAtMs" | "label" | "sourceId" | "seed" | "digest" | "seriesDropped"> & { slosPassed: number; slosTotal: number };

/** Estimated bytes of a series, heatmap and node states (8 bytes a value). */
function bulkBytes(record: Pick<ArchivableRun, "series" | "heatmap" | "nodes">): number {
  let bytes = 0;
  bytes += seriesBytes(record.series);
  if (record.heatmap) bytes += record.heatmap.counts.length * 8;
  if (record.nodes) bytes += record.nodes.states.length * 5;
  return bytes;
}

/** The archive entry of a finished run (null unless it is done), within the size bound. */
export function toArchived(record: ArchivableRun, options: { sourceId: string | null; savedAtMs: number; forkOfKey?: number }): ArchivedRun | null {
  if (record.status !== "done" || !record.summary || !record.digest) return null;
  const base = (record.resultJson?.length ?? 0) + record.scenarioText.length;
  const keepBulk = base + bulkBytes(record) <= ARCHIVE_ENTRY_BYTES_MAX;
  return {
    savedAtMs: options.savedAtMs,
    label: record.label,
    sourceId: options.sourceId,
    scenarioText: record.scenarioText,
    files: record.files,
    seed: record.seed,
    overrides: record.overrides,
    ...(record.marks ? { marks: record.marks } : {}),
    ...(options.forkOfKey !== undefined ? { forkOfKey: options.forkOfKey } : {}),
    summary: record.summary,
    digest: record.digest,
    ...(record.resultJson !== undefined && base <= ARCHIVE_ENTRY_BYTES_MAX ? { resultJson: record.resultJson } : {}),
    ...(keepBulk && record.series ? { series: record.series } : {}),
    ...(keepBulk && record.heatmap ? { heatmap: record.heatmap } : {}),
    ...(keepBulk && record.nodes ? { nodes: record.nodes } : {}),
    ...(record.wallMs !== undefined ? { wallMs: record.wallMs } : {}),
    seriesDropped: !keepBulk && record.series !== undefined,
  };
}

/** The list line of an entry. */
export function metaOf(run: ArchivedRun): ArchivedRunMeta {
  return {
    key: run.key, savedAtMs: run.savedAtMs, label: run.label, sourceId: run.sourceId, seed: run.seed ?? run.summary.seed, digest: run.digest, seriesDropped: run.seriesDropped,
    slosPassed: run.summary.slos.filter((s) => s.passed).length, slosTotal: run.summary.slos.length,
  };
}

/** Keys to drop so that `count` entries (keys ascending = oldest first) fit the bound with one more. */
export function keysToEvict(keys: number[], max = ARCHIVE_RUNS_MAX): number[] {
  return evict(keys, max);
}

/** The IndexedDB archive of runs. */
export class RunArchive {
  private db: Promise<IDBDatabase | null>;

  constructor() {
    this.db = openDatabase();
  }

  /** Whether runs are being kept (IndexedDB opened). */
  async available(): Promise<boolean> {
    return (await this.db) !== null;
  }

  /** Saves a run (dropping the oldest past the bound); returns its key, or null when not kept. */
  async save(run: ArchivedRun): Promise<number | null> {
    const db = await this.db;
    if (!db) return null;
    try {
      const keys = (await done(db.transaction(STORE).objectStore(STORE).getAllKeys())) as number[];
      const tx = db.transaction([STORE, META], "readwrite");
      const store = tx.objectStore(STORE);
      const meta = tx.objectStore(META);
      for (const key of keysToEvict(keys)) { store.delete(key); meta.delete(key); }
      const { key: _unused, ...fresh } = run;
      const added = store.add(fresh);
      // The list line goes in the same transaction, under the key the run was given.
      added.onsuccess = () => meta.put(metaOf({ ...fresh, key: added.result as number }));
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
      });
      return added.result as number;
    } catch {
      return null;
    }
  }

  /** Every saved run's list line, newest first. */
  async list(): Promise<ArchivedRunMeta[]> {
    const db = await this.db;
    if (!db) return [];
    const read = db.transaction([STORE, META]);
    const [keys, metas] = await Promise.all([done(read.objectStore(STORE).getAllKeys()), done(read.objectStore(META).getAll())]) as [number[], ArchivedRunMeta[]];
    // Runs saved before the list lines had their store get theirs now (read once, then never again).
    const listed = new Set(metas.map((m) => m.key));
    for (const key of keys.filter((k) => !listed.has(k))) {
      const run = await this.get(key);
      if (!run) continue;
      const meta = metaOf(run);
      metas.push(meta);
      await done(db.transaction(META, "readwrite").objectStore(META).put(meta));
    }
    return metas.sort((a, b) => (b.key ?? 0) - (a.key ?? 0));
  }

  /** One saved run, or null. */
  async get(key: number): Promise<ArchivedRun | null> {
    const db = await this.db;
    if (!db) return null;
    return ((await done(db.transaction(STORE).objectStore(STORE).get(key))) as ArchivedRun | undefined) ?? null;
  }

  /** Deletes one saved run. */
  async delete(key: number): Promise<void> {
    const db = await this.db;
    if (!db) return;
    const tx = db.transaction([STORE, META], "readwrite");
    tx.objectStore(META).delete(key);
    await done(tx.objectStore(STORE).delete(key));
  }
}
