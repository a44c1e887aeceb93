/**
 * A bounded, listed, deletable collection in the app's IndexedDB (idb.ts), for what the page
 * keeps besides runs: comparisons and plans. Each entry is plain data (structured clone) with
 * a key (assigned on save), when it was saved and a label; saving past the bound drops the
 * oldest first; the list is newest first. Without IndexedDB nothing is kept and the views say so.
 */
import { done, keysToEvict, openDatabase, STORES } from "./idb";

/** What every kept entry has. */
export interface SavedEntry {
  /** The store's key (assigned on save). */
  key?: number;
  /** When it was saved, ms since the epoch (the page's clock). */
  savedAtMs: number;
  label: string;
  /** What makes two entries the same (saving one already kept returns its key). */
  signature: string;
}

/** A list line: the entry's key, time, label. */
export type SavedMeta = Required<Pick<SavedEntry, "key">> & Pick<SavedEntry, "savedAtMs" | "label">;

/** One kind of kept entry (an object store) with its bound. */
export class SavedList<T extends SavedEntry> {
  private readonly db: Promise<IDBDatabase | null>;

  constructor(readonly store: (typeof STORES)["comparisons" | "plans"], readonly max: number, db: Promise<IDBDatabase | null> = openDatabase()) {
    this.db = db;
  }

  /** Whether entries are being kept (IndexedDB opened). */
  async available(): Promise<boolean> {
    return (await this.db) !== null;
  }

  /**
   * Keeps `entry` (dropping the oldest past the bound) and returns its key; an entry with the
   * same signature already kept is not saved twice (its key is returned). Null when not kept.
   */
  async save(entry: T): Promise<number | null> {
    const db = await this.db;
    if (!db) return null;
    try {
      const all = (await done(db.transaction(this.store).objectStore(this.store).getAll())) as T[];
      const same = all.find((e) => e.signature === entry.signature);
      if (same?.key !== undefined) return same.key;
      const tx = db.transaction(this.store, "readwrite");
      const store = tx.objectStore(this.store);
      for (const key of keysToEvict(all.map((e) => e.key!), this.max)) store.delete(key);
      const { key: _unused, ...fresh } = entry;
      return (await done(store.add(fresh))) as number;
    } catch {
      return null;
    }
  }

  /** Every entry's list line, newest first. */
  async list(): Promise<SavedMeta[]> {
    const db = await this.db;
    if (!db) return [];
    const all = (await done(db.transaction(this.store).objectStore(this.store).getAll())) as T[];
    return all.map((e) => ({ key: e.key!, savedAtMs: e.savedAtMs, label: e.label })).sort((a, b) => b.key - a.key);
  }

  /** One entry, or null. */
  async get(key: number): Promise<T | null> {
    const db = await this.db;
    if (!db) return null;
    return ((await done(db.transaction(this.store).objectStore(this.store).get(key))) as T | undefined) ?? null;
  }

  /** Deletes one entry. */
  async delete(key: number): Promise<void> {
    const db = await this.db;
    if (!db) return;
    await done(db.transaction(this.store, "readwrite").objectStore(this.store).delete(key));
  }
}
