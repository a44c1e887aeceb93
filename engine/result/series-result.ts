/**
 * The Result's per-window series (`series`): one entry per metrics window over the whole run,
 * warm-up included, so charts show it (`Result.warmupMs` says where it ends). Rates per
 * second, latencies in ms, `null` where a window has no value (no request completed in it).
 */

/** Per-window series over the whole run; index i covers [startMs[i], startMs[i] + windowMs). */
export interface Series {
  windowMs: number;
  startMs: number[];
  offeredPerS: number[];
  succeededPerS: number[];
  failedPerS: number[];
  /** failed / completed in the window (null when nothing completed). */
  errorRate: Array<number | null>;
  latencyP50Ms: Array<number | null>;
  latencyP99Ms: Array<number | null>;
  latencyP999Ms: Array<number | null>;
  /** Time-average requests in the system. */
  inSystem: number[];
  groups: Array<{ name: string; utilisation: Array<number | null>; queueLengthMean: number[]; nodesUp: number[]; nodesTotal: number[] }>;
  classes: Array<{ name: string; succeededPerS: number[]; failedPerS: number[]; latencyP99Ms: Array<number | null> }>;
  /** Per replicated service (by name): the most replicas acting as leader at once in the window. */
  replicated: Array<{ name: string; leadersMax: number[] }>;
  /**
   * Per rolling update (by its group's name): the mean time a job spent at a node (queued and in
   * service) on the old version's nodes and on the new version's, ms — by Little's law over the
   * window (job-time at those nodes / jobs they completed); null where that version completed
   * nothing (the new version before the update starts, the old one once it is gone). And the
   * 99th percentile of those jobs' times at the node (queue wait plus service, counted from
   * reaching the node or the service's central queue), ms, null in the same windows.
   */
  rollingUpdates: Array<{ name: string; oldVersionMs: Array<number | null>; newVersionMs: Array<number | null>; oldVersionP99Ms: Array<number | null>; newVersionP99Ms: Array<number | null> }>;
}
