/**
 * The caches part of the Result: one summary per service marked as a cache (in service
 * order), with per-window series and the cold starts after its nodes restarted.
 *
 * Counts cover the measurement period (lookups after warm-up); series cover the whole run in
 * the Result's metrics windows (index i is the window starting at series.startMs[i]).
 * Definitions: a lookup is a request that reached a cache node and finished its service
 * time there; it is a hit or a miss; a miss either fetches (runs the hop's downstream calls:
 * an origin request) or, with coalescing, waits for a fetch of the same key in flight.
 */

/** A cache node that crashed (losing its objects) and came back cold. */
export interface CacheRestart {
  node: string;
  crashedAtMs: number;
  /** Objects the node held when it crashed. */
  objectsLost: number;
  /** Hit ratio of the node's last metrics window before the crash with ≥ 20 lookups; null if none. */
  hitRatioBefore: number | null;
  /** First lookup on the node after the crash (back in service), ms; null if none. */
  restartedAtMs: number | null;
  /**
   * End of the first metrics window after the restart (with ≥ 20 lookups) whose hit ratio
   * reached 90 % of hitRatioBefore, ms; null if it never did before the run ended.
   */
  recoveredAtMs: number | null;
  /** recoveredAtMs - restartedAtMs: the cold start's length, to within one window. */
  recoveryMs: number | null;
}

/** Per-window series of one cache service (all its nodes). */
export interface CacheSeries {
  /** hits / lookups in the window; null when there were none. */
  hitRatio: Array<number | null>;
  lookupsPerS: number[];
  /** Origin requests (fetches) per second. */
  fetchesPerS: number[];
  coalescedPerS: number[];
  evictionsPerS: number[];
}

/** One cache service. */
export interface CacheSummary {
  service: string;
  policy: "lru" | "lfu";
  /** Objects each node can hold. */
  capacityPerNode: number;
  /** Object lifetime after a fill, ms; null for none. */
  ttlMs: number | null;
  coalesce: boolean;
  lookups: number;
  hits: number;
  misses: number;
  /** Misses because the object had expired (included in misses). */
  expired: number;
  /** Misses that fetched through the hop's downstream calls: the origin requests it let through. */
  fetches: number;
  /** Fetches that failed (their request and the requests waiting on them failed). */
  fetchesFailed: number;
  /** Misses answered by another request's fetch (coalescing). */
  coalesced: number;
  evictions: number;
  /** hits / lookups; null without lookups. */
  hitRatio: number | null;
  /** 1 - fetches / lookups: the share of requests the origin never saw; null without lookups. */
  originOffload: number | null;
  /** Origin requests per second over the measurement period. */
  fetchesPerSMean: number;
  /** The busiest metrics window's origin requests per second (measurement period): size the origin for this. */
  fetchesPerSPeak: number;
  /** Most fetches of one key in flight at once on one node: the height of a stampede (1 with coalescing). */
  fetchesInFlightPerKeyMax: number;
  /** Objects held over all nodes at the end of the run. */
  objectsAtEnd: number;
  series: CacheSeries;
  /** Restarts of the service's nodes, in time order (at most 100; see restartsOmitted). */
  restarts: CacheRestart[];
  restartsOmitted: number;
}
