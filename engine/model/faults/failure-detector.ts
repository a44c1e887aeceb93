/**
 * Heartbeat failure detectors: a cluster manager receives a heartbeat from each node every
 * interval and decides which nodes it suspects. Two classic detectors:
 *
 * - fixed timeout: suspect a node when no heartbeat arrived for `timeoutMs` (Kubernetes'
 *   node-monitor-grace-period, most gossip systems);
 * - phi accrual (Hayashibara, Défago, Yared, Katayama, "The φ Accrual Failure Detector",
 *   SRDS 2004; as in Akka and Cassandra): model inter-arrival times as normal with the mean
 *   and standard deviation observed so far, and compute the suspicion level
 *   φ(t) = -log10(P(next heartbeat later than t)); suspect when φ ≥ `threshold`.
 *
 * The manager checks every `checkInterval` (Kubernetes' node-monitor-period, Akka's reaper
 * interval), so detection is quantised to that period. Both detectors reduce to a *deadline*
 * per node, recomputed on each heartbeat; a check is then one comparison per node and costs
 * nothing per heartbeat beyond the update. For phi, the deadline is where φ crosses the
 * threshold: P(X > x) = 10^-threshold with X ~ Normal(mean + pause, sd) gives
 * x = mean + pause + sd * z, z = Φ^-1(1 - 10^-threshold), a constant (5.61 for φ = 8).
 *
 * Mean and variance of inter-arrival times are exponentially weighted moving averages over
 * about `window` heartbeats (α = 2 / (window + 1)) rather than the paper's sliding window: O(1)
 * memory per node, which is what lets the benchmark watch 100,000 nodes. The estimate starts
 * at the heartbeat interval with sd = interval / 4 (Akka's bootstrap), and restarts from there
 * when a suspected node is heard from again (its long silence is not a sample of the network).
 *
 * State is struct-of-arrays over node indexes; nothing is allocated per heartbeat or check.
 */
import { normalCdf, normalQuantile } from "../../core/distributions";
import { assert } from "../../core/assert";
import { dmath } from "../../core/det-math";
import { grownFloat64, grownUint8 } from "../../core/typed-arrays";

/** Options of one detector; times in ms. */
export type FailureDetectorOptions =
  | { kind: "timeout"; timeoutMs: number }
  | {
      kind: "phi-accrual";
      /** Suspect when φ reaches this (Akka's default 8: one false suspicion in 10^8 if the model holds). */
      threshold: number;
      /** Heartbeats the mean and variance average over (EWMA span). */
      window: number;
      /** Floor on the standard deviation, ms (avoids φ exploding on a very regular network). */
      minStdDevMs: number;
      /** Extra silence tolerated on top of the mean, ms (GC pauses...). */
      acceptablePauseMs: number;
    };

/** Receives a detector's verdict changes. */
export interface VerdictListener {
  suspect(node: number): void;
  trust(node: number): void;
}

const NO_DEADLINE = Infinity;

/** One failure detector over nodes 0..capacity-1 (grows on demand). */
export class FailureDetector {
  /** Per node: when it becomes suspect unless a heartbeat arrives first, ms; Infinity when not watched or suspected. */
  deadlineMs: Float64Array;
  /** Per node: arrival time of its last heartbeat, ms (NaN before the first). */
  lastArrivalMs: Float64Array;
  /** Per node: 1 while suspected. */
  suspected: Uint8Array;
  /** Per node: 1 while watched (heartbeats from other nodes are ignored). */
  watched: Uint8Array;
  /** Per node (phi only): EWMA mean and variance of inter-arrival times, ms and ms². */
  private meanMs: Float64Array;
  private varianceMs2: Float64Array;
  private readonly isPhi: boolean;
  private readonly timeoutMs: number;
  private readonly alpha: number;
  private readonly z: number;
  private readonly minStdDevMs: number;
  private readonly pauseMs: number;
  private readonly thresholdPhi: number;
  /** Nodes watched: checks scan 0..watchedEnd-1. */
  private watchedEnd = 0;

  /**
   * @param intervalMs the heartbeat interval, ms (bootstraps the phi estimate).
   * @param capacity nodes to allocate for up front.
   */
  constructor(readonly options: FailureDetectorOptions, private readonly intervalMs: number, capacity: number, private readonly listener: VerdictListener) {
    assert(intervalMs > 0, `heartbeat interval must be > 0, got ${intervalMs}`);
    this.isPhi = options.kind === "phi-accrual";
    if (options.kind === "timeout") {
      assert(options.timeoutMs > 0, `timeout must be > 0, got ${options.timeoutMs}`);
      this.timeoutMs = options.timeoutMs;
      this.alpha = 0; this.z = 0; this.minStdDevMs = 0; this.pauseMs = 0; this.thresholdPhi = 0;
    } else {
      assert(options.threshold > 0 && options.window >= 1, `phi threshold must be > 0 and window >= 1, got ${options.threshold}, ${options.window}`);
      this.timeoutMs = 0;
      this.alpha = 2 / (options.window + 1);
      this.z = -normalQuantile(dmath.pow(10, -options.threshold));
      this.minStdDevMs = options.minStdDevMs;
      this.pauseMs = options.acceptablePauseMs;
      this.thresholdPhi = options.threshold;
    }
    const n = Math.max(16, capacity);
    this.deadlineMs = new Float64Array(n).fill(NO_DEADLINE);
    this.lastArrivalMs = new Float64Array(n).fill(NaN);
    this.suspected = new Uint8Array(n);
    this.watched = new Uint8Array(n);
    this.meanMs = new Float64Array(this.isPhi ? n : 0);
    this.varianceMs2 = new Float64Array(this.isPhi ? n : 0);
  }

  /** Starts watching `node` as if a heartbeat had just arrived at `nowMs`. */
  watch(node: number, nowMs: number): void {
    if (node >= this.deadlineMs.length) this.grow(Math.max(node + 1, this.deadlineMs.length * 2));
    if (node >= this.watchedEnd) this.watchedEnd = node + 1;
    this.watched[node] = 1;
    this.suspected[node] = 0;
    this.restart(node, nowMs);
  }

  /** Stops watching `node` (retired): no verdicts any more. */
  unwatch(node: number): void {
    this.watched[node] = 0;
    this.deadlineMs[node] = NO_DEADLINE;
    this.suspected[node] = 0;
  }

  /** A heartbeat from `node` arrived at `nowMs`; trusts the node again if it was suspected. */
  heartbeat(node: number, nowMs: number): void {
    if (this.watched[node] !== 1) return;
    if (this.suspected[node] === 1) {
      this.suspected[node] = 0;
      this.restart(node, nowMs);
      this.listener.trust(node);
      return;
    }
    if (!this.isPhi) {
      this.lastArrivalMs[node] = nowMs;
      this.deadlineMs[node] = nowMs + this.timeoutMs;
      return;
    }
    const x = nowMs - this.lastArrivalMs[node]!;
    this.lastArrivalMs[node] = nowMs;
    // West's incremental EWMA of mean and variance.
    const diff = x - this.meanMs[node]!;
    const increment = this.alpha * diff;
    this.meanMs[node]! += increment;
    this.varianceMs2[node] = (1 - this.alpha) * (this.varianceMs2[node]! + diff * increment);
    this.deadlineMs[node] = nowMs + this.phiCrossingMs(node);
  }

  /** Suspects every watched node whose deadline has passed; returns how many it suspected. */
  check(nowMs: number): number {
    const deadline = this.deadlineMs;
    let count = 0;
    for (let node = 0; node < this.watchedEnd; node++) {
      if (deadline[node]! <= nowMs) {
        deadline[node] = NO_DEADLINE;
        this.suspected[node] = 1;
        count++;
        this.listener.suspect(node);
      }
    }
    return count;
  }

  /** The suspicion level φ of `node` at `nowMs` (phi detectors; for display and tests). */
  phi(node: number, nowMs: number): number {
    assert(this.isPhi, "phi() needs a phi-accrual detector");
    const elapsedMs = nowMs - this.lastArrivalMs[node]!;
    const sd = Math.max(Math.sqrt(this.varianceMs2[node]!), this.minStdDevMs);
    const pLater = normalCdf(-(elapsedMs - this.meanMs[node]! - this.pauseMs) / sd);
    return pLater > 0 ? -dmath.log10(pLater) : Infinity;
  }

  /** The φ at which this detector suspects (0 for a timeout detector). */
  get threshold(): number {
    return this.thresholdPhi;
  }

  /** Silence after the last heartbeat at which φ reaches the threshold, ms. */
  private phiCrossingMs(node: number): number {
    const sd = Math.max(Math.sqrt(this.varianceMs2[node]!), this.minStdDevMs);
    return this.meanMs[node]! + this.pauseMs + sd * this.z;
  }

  private restart(node: number, nowMs: number): void {
    this.lastArrivalMs[node] = nowMs;
    if (!this.isPhi) {
      this.deadlineMs[node] = nowMs + this.timeoutMs;
      return;
    }
    this.meanMs[node] = this.intervalMs;
    const sdMs = this.intervalMs / 4; // multiplied out: ** is Math.pow, which differs between JS engines
    this.varianceMs2[node] = sdMs * sdMs;
    this.deadlineMs[node] = nowMs + this.phiCrossingMs(node);
  }

  private grow(size: number): void {
    this.deadlineMs = grownFloat64(this.deadlineMs, size, NO_DEADLINE);
    this.lastArrivalMs = grownFloat64(this.lastArrivalMs, size, NaN);
    this.suspected = grownUint8(this.suspected, size);
    this.watched = grownUint8(this.watched, size);
    if (this.isPhi) {
      this.meanMs = grownFloat64(this.meanMs, size);
      this.varianceMs2 = grownFloat64(this.varianceMs2, size);
    }
  }
}
