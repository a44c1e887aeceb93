/**
 * The app's one IndexedDB database ("clustersim"): saved runs, comparisons and plans each have
 * an object store in it. Opening it creates the stores that are missing (version 2 added
 * comparisons and plans to version 1's runs; version 3 added the runs' list lines, `runMeta`,
 * which run-archive.ts fills in for runs saved before). A page that cannot open it (private mode, quota, an
 * old tab holding the old version) gets null and keeps working without saving.
 */

/** The object stores, by what they hold. `runMeta` holds each saved run's list line under the run's key. */
export const STORES = { runs: "runs", runMeta: "runMeta", comparisons: "comparisons", plans: "plans" } as const;

const DB_NAME = "clustersim";
const DB_VERSION = 3;

/** Opens the database (null when the browser will not). */
export function openDatabase(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        for (const name of Object.values(STORES)) {
          if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, name === STORES.runMeta ? { keyPath: "key" } : { keyPath: "key", autoIncrement: true });
        }
      };
      request.onsuccess = () => {
        const db = request.result;
        // A newer page wants to upgrade: let it (this tab saves nothing more until reloaded).
        db.onversionchange = () => db.close();
        resolve(db);
      };
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
}

/** Wraps an IDBRequest in a promise. */
export function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed"));
  });
}

/** Keys to drop (oldest first: keys ascending) so that one more entry fits `max`. */
export function keysToEvict(keys: number[], max: number): number[] {
  const sorted = keys.slice().sort((a, b) => a - b);
  return sorted.slice(0, Math.max(0, sorted.length - (max - 1)));
}

/** Estimated bytes of series columns (8 bytes a value). */
export function seriesBytes(series: { length: number; names: readonly string[] } | undefined): number {
  return series ? series.length * series.names.length * 8 : 0;
}
