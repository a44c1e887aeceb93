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
}
