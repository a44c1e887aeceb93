/**
 * Per-window counts of one cache service, and the cold-start clock of its nodes.
 *
 * Windows are the Result's metrics windows: window i covers [i * windowMs, (i + 1) * windowMs),
 * the last one ending at the run's end. Events are counted into the window their time falls
 * in, so no event is needed to close windows.
 *
 * Cold starts: each node also keeps the hit ratio of its current window; when the node moves
 * to a later window, the finished one is judged if it saw at least {@link WINDOW_LOOKUPS_MIN}
 * lookups (fewer say too little: with 20 lookups and a hit ratio near 0.8 the standard error
 * is about 0.09). The last judged ratio before a crash is the node's baseline; after the
 * restart, the first judged window at or above {@link RECOVERY_SHARE} of the baseline ends
 * the cold start. So recovery times are measured to within one window.
 */
import type { CacheRestart, CacheSeries } from "../../result/cache-result";
import { grownFloat64, grownInt32 } from "../../core/typed-arrays";

/** Share of its pre-crash hit ratio a restarted node must reach to count as recovered. */
export const RECOVERY_SHARE = 0.9;
/** Lookups a node's window needs before its hit ratio is judged. */
export const WINDOW_LOOKUPS_MIN = 20;

export class CacheWindows {
  private readonly windowCount: number;
  private readonly lookups: Float64Array;
  private readonly hits: Float64Array;
  private readonly fetches: Float64Array;
  private readonly coalesced: Float64Array;
  private readonly evictions: Float64Array;
  // Per node index.
  private nodeWindow = new Int32Array(0);
  private nodeLookups = new Float64Array(0);
  private nodeHits = new Float64Array(0);
  /** Hit ratio of the node's last judged window; NaN when none since its last restart. */
  private nodeRatio = new Float64Array(0);
  /** Index in the restarts list of the node's cold start being timed, or -1. */
  private nodeRestart = new Int32Array(0);

  constructor(private readonly durationMs: number, private readonly windowMs: number) {
    this.windowCount = Math.max(1, Math.ceil(durationMs / windowMs));
    this.lookups = new Float64Array(this.windowCount);
    this.hits = new Float64Array(this.windowCount);
    this.fetches = new Float64Array(this.windowCount);
    this.coalesced = new Float64Array(this.windowCount);
    this.evictions = new Float64Array(this.windowCount);
  }

  /** Counts a lookup on `node`, and times the node's cold start if it is restarting. */
  lookup(node: number, nowMs: number, hit: boolean, restarts: CacheRestart[]): void {
    const w = this.index(nowMs);
    this.lookups[w]!++;
    if (hit) this.hits[w]!++;
    if (node >= this.nodeWindow.length) this.growNodes(node + 1);
    if (this.nodeWindow[node] !== w) {
      this.closeNodeWindow(node, restarts);
      this.nodeWindow[node] = w;
    }
    const restart = this.nodeRestart[node]!;
    if (restart >= 0 && restarts[restart]!.restartedAtMs === null) restarts[restart]!.restartedAtMs = nowMs;
    this.nodeLookups[node]!++;
    if (hit) this.nodeHits[node]!++;
  }

  /** Counts an origin fetch started at `nowMs`. */
  fetch(nowMs: number): void {
    this.fetches[this.index(nowMs)]!++;
  }

  /** Counts a miss that waited for a fetch in flight. */
  coalesce(nowMs: number): void {
    this.coalesced[this.index(nowMs)]!++;
  }

  /** Counts an eviction. */
  evict(nowMs: number): void {
    this.evictions[this.index(nowMs)]!++;
  }

  /** `node` crashed: forgets its current window; returns its baseline hit ratio (or null). */
  nodeLost(node: number): number | null {
    if (node >= this.nodeWindow.length) this.growNodes(node + 1);
    const before = this.nodeRatio[node]!;
    this.nodeLookups[node] = 0;
    this.nodeHits[node] = 0;
    this.nodeRatio[node] = NaN;
    this.nodeRestart[node] = -1;
    return Number.isNaN(before) ? null : before;
  }

  /** Times `node`'s cold start into `restarts[index]`. */
  watchRestart(node: number, index: number): void {
    this.nodeRestart[node] = index;
  }

  /** Judges every node's last (partial) window at the end of the run. */
  finish(restarts: CacheRestart[]): void {
    for (let node = 0; node < this.nodeWindow.length; node++) this.closeNodeWindow(node, restarts);
  }

  /** The series for the Result. */
  series(): CacheSeries {
    const out: CacheSeries = { hitRatio: [], lookupsPerS: [], fetchesPerS: [], coalescedPerS: [], evictionsPerS: [] };
    for (let w = 0; w < this.windowCount; w++) {
      const perS = 1000 / (this.endOf(w) - w * this.windowMs);
      out.hitRatio.push(this.lookups[w]! > 0 ? this.hits[w]! / this.lookups[w]! : null);
      out.lookupsPerS.push(this.lookups[w]! * perS);
      out.fetchesPerS.push(this.fetches[w]! * perS);
      out.coalescedPerS.push(this.coalesced[w]! * perS);
      out.evictionsPerS.push(this.evictions[w]! * perS);
    }
    return out;
  }

  /** The highest fetch rate over the windows starting at or after `fromMs`, per second. */
  peakFetchesPerS(fromMs: number): number {
    let peak = 0;
    for (let w = 0; w < this.windowCount; w++) {
      if (w * this.windowMs < fromMs) continue;
      peak = Math.max(peak, (this.fetches[w]! * 1000) / (this.endOf(w) - w * this.windowMs));
    }
    return peak;
  }

  private index(nowMs: number): number {
    const w = Math.floor(nowMs / this.windowMs);
    return w < this.windowCount ? w : this.windowCount - 1;
  }

  private endOf(w: number): number {
    return Math.min(this.durationMs, (w + 1) * this.windowMs);
  }

  private closeNodeWindow(node: number, restarts: CacheRestart[]): void {
    const lookups = this.nodeLookups[node]!;
    const w = this.nodeWindow[node]!;
    this.nodeLookups[node] = 0;
    if (lookups < WINDOW_LOOKUPS_MIN || w < 0) {
      this.nodeHits[node] = 0;
      return;
    }
    const ratio = this.nodeHits[node]! / lookups;
    this.nodeHits[node] = 0;
    this.nodeRatio[node] = ratio;
    const index = this.nodeRestart[node]!;
    if (index < 0) return;
    const restart = restarts[index]!;
    if (restart.restartedAtMs === null || restart.hitRatioBefore === null) return;
    if (ratio >= RECOVERY_SHARE * restart.hitRatioBefore) {
      restart.recoveredAtMs = this.endOf(w);
      restart.recoveryMs = restart.recoveredAtMs - restart.restartedAtMs;
      this.nodeRestart[node] = -1;
    }
  }

  private growNodes(count: number): void {
    const length = Math.max(count, this.nodeWindow.length * 2, 8);
    this.nodeWindow = grownInt32(this.nodeWindow, length, -1);
    this.nodeLookups = grownFloat64(this.nodeLookups, length);
    this.nodeHits = grownFloat64(this.nodeHits, length);
    this.nodeRatio = grownFloat64(this.nodeRatio, length, NaN);
    this.nodeRestart = grownInt32(this.nodeRestart, length, -1);
  }
}
