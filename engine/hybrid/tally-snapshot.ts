/**
 * The recorder's cumulative figures at one moment, and the scaled credit of the difference
 * between two such moments: how a fluid window turns its discrete sample into the figures of
 * the arrivals the fluid model stood in for.
 *
 * A snapshot copies, per request class and per service, the counters and the latency
 * histogram's bucket counts, and the per-service level integrals. Between the sample's start
 * and end snapshots the difference is what the sample produced; `creditScaled` adds `k` times
 * it, with counts rounded stochastically (floor, plus one with probability of the fraction,
 * from the hybrid engine's own stream), so the expected credit is exactly `k` times the
 * sample. Derived counts are made from the credited parts, so the Result stays consistent:
 * a tally's succeeded is its histogram's credited count, failed the sum of its credited
 * causes, the overall tally the sum of the classes, the window's tally the same again.
 */
import type { LatencyHistogram } from "../metrics/histogram";
import type { Recorder } from "../model/recorder";

/** Indexes into a class's numbers. */
const C_OFFERED = 0;
const C_RETRIES = 1;
const C_HEDGES = 2;
const C_TIME_IN_SYSTEM = 3;
const C_LATENCY_SUM = 4;
const C_CAUSES = 5;
/** Indexes into a service's numbers. */
const S_ATTEMPTS = 0;
const S_DROPPED = 1;
const S_RETRIES = 2;
const S_HEDGES = 3;
const S_LATENCY_SUM = 4;
const S_CAUSES = 5;
const LEVELS_PER_SERVICE = 3;

/** The recorder's cumulative figures at one moment (reusable: `capture` overwrites). */
export class TallySnapshot {
  readonly classNumbers: Float64Array[];
  readonly classBuckets: Float64Array[];
  readonly serviceNumbers: Float64Array[];
  readonly serviceBuckets: Float64Array[];
  readonly levels: Float64Array;

  constructor(recorder: Recorder, causeCount: number) {
    const buckets = recorder.overall.latency.bucketCount;
    this.classNumbers = recorder.classes.map(() => new Float64Array(C_CAUSES + causeCount));
    this.classBuckets = recorder.classes.map(() => new Float64Array(buckets));
    this.serviceNumbers = recorder.services.map(() => new Float64Array(S_CAUSES + causeCount));
    this.serviceBuckets = recorder.services.map(() => new Float64Array(buckets));
    this.levels = new Float64Array(recorder.services.length * LEVELS_PER_SERVICE);
  }

  /** Copies the recorder's figures at `nowMs` (the level integrals are brought up to it first). */
  capture(recorder: Recorder, nowMs: number): void {
    recorder.classes.forEach((tally, c) => {
      const n = this.classNumbers[c]!;
      n[C_OFFERED] = tally.offered;
      n[C_RETRIES] = tally.retries;
      n[C_HEDGES] = tally.hedges;
      n[C_TIME_IN_SYSTEM] = tally.timeInSystemSumMs;
      n[C_LATENCY_SUM] = tally.latency.sumMs;
      n.set(tally.failedByCause, C_CAUSES);
      tally.latency.copyCountsInto(this.classBuckets[c]!);
    });
    recorder.services.forEach((tally, s) => {
      const n = this.serviceNumbers[s]!;
      n[S_ATTEMPTS] = tally.attempts;
      n[S_DROPPED] = tally.droppedExpired;
      n[S_RETRIES] = tally.retries;
      n[S_HEDGES] = tally.hedges;
      n[S_LATENCY_SUM] = tally.latency.sumMs;
      n.set(tally.failedByCause, S_CAUSES);
      tally.latency.copyCountsInto(this.serviceBuckets[s]!);
      for (let level = 0; level < LEVELS_PER_SERVICE; level++) recorder.serviceLevels.change(s, level, 0, nowMs);
    });
    this.levels.set(recorder.serviceLevels.integral);
  }
}

/** What a sample held: the basis of a fluid window's error estimate. */
export interface SampleFigures {
  /** Requests of the sample that arrived (offered), succeeded and failed. */
  offered: number;
  succeeded: number;
  failed: number;
  /** Mean time in system of the sample's completed requests, ms (0 when none completed). */
  meanTimeInSystemMs: number;
}

/** The sample between two snapshots (`from` earlier), summed over classes. */
export function sampleFigures(from: TallySnapshot, to: TallySnapshot): SampleFigures {
  let offered = 0;
  let succeeded = 0;
  let failed = 0;
  let timeInSystemMs = 0;
  from.classNumbers.forEach((a, c) => {
    const b = to.classNumbers[c]!;
    offered += b[C_OFFERED]! - a[C_OFFERED]!;
    timeInSystemMs += b[C_TIME_IN_SYSTEM]! - a[C_TIME_IN_SYSTEM]!;
    for (let i = C_CAUSES; i < a.length; i++) failed += b[i]! - a[i]!;
    const ha = from.classBuckets[c]!;
    const hb = to.classBuckets[c]!;
    for (let i = 0; i < ha.length; i++) succeeded += hb[i]! - ha[i]!;
  });
  const completed = succeeded + failed;
  return { offered, succeeded, failed, meanTimeInSystemMs: completed > 0 ? timeInSystemMs / completed : 0 };
}

/** Fills `into` (reset first) with the sample's latencies over all classes, for its quantiles. */
export function sampleHistogram(from: TallySnapshot, to: TallySnapshot, into: LatencyHistogram): void {
  into.reset();
  from.classBuckets.forEach((ha, c) => {
    const hb = to.classBuckets[c]!;
    const a = from.classNumbers[c]!;
    const b = to.classNumbers[c]!;
    let count = 0;
    for (let i = 0; i < ha.length; i++) count += hb[i]! - ha[i]!;
    const meanMs = count > 0 ? (b[C_LATENCY_SUM]! - a[C_LATENCY_SUM]!) / count : 0;
    for (let i = 0; i < ha.length; i++) {
      const d = hb[i]! - ha[i]!;
      if (d > 0) into.recordInBucket(i, d, d * meanMs);
    }
  });
}

/** A count rounding: floor plus one with probability of the fraction. */
export type CountRounding = (expected: number) => number;

/**
 * Scale factors of a credit: `offered` for arrivals, retries, hedges, attempts and level
 * integrals; `success` for successes and their latencies; `failure` for failures by cause.
 * A calm window scales everything alike; a saturated one scales successes by throughput
 * over time and failures by what is left of the arrivals (hybrid-controller.ts).
 */
export interface CreditScales {
  offered: number;
  success: number;
  failure: number;
}

/**
 * Adds `k` times the difference `to - from` to the recorder (a number scales everything
 * alike; see CreditScales): class tallies, the overall tally (with several classes), the
 * current window's tally, service tallies and service level integrals. Returns the offered
 * requests credited.
 */
export function creditScaled(recorder: Recorder, from: TallySnapshot, to: TallySnapshot, scales: number | CreditScales, round: CountRounding, scratch: Float64Array): number {
  const { offered: k, success: ks, failure: kf } = typeof scales === "number" ? { offered: scales, success: scales, failure: scales } : scales;
  const multiClass = recorder.classes[0] !== recorder.overall;
  const windowTally = recorder.window;
  let offeredTotal = 0;
  recorder.classes.forEach((tally, c) => {
    const a = from.classNumbers[c]!;
    const b = to.classNumbers[c]!;
    const offered = round(k * (b[C_OFFERED]! - a[C_OFFERED]!));
    const retries = round(k * (b[C_RETRIES]! - a[C_RETRIES]!));
    const hedges = round(k * (b[C_HEDGES]! - a[C_HEDGES]!));
    const timeInSystemMs = k * (b[C_TIME_IN_SYSTEM]! - a[C_TIME_IN_SYSTEM]!);
    let failed = 0;
    for (let i = C_CAUSES; i < a.length; i++) {
      const credit = round(kf * (b[i]! - a[i]!));
      tally.failedByCause[i - C_CAUSES]! += credit;
      if (multiClass) recorder.overall.failedByCause[i - C_CAUSES]! += credit;
      failed += credit;
    }
    const ha = from.classBuckets[c]!;
    const hb = to.classBuckets[c]!;
    let sampleCount = 0;
    for (let i = 0; i < ha.length; i++) sampleCount += hb[i]! - ha[i]!;
    const meanMs = sampleCount > 0 ? (b[C_LATENCY_SUM]! - a[C_LATENCY_SUM]!) / sampleCount : 0;
    let succeeded = 0;
    for (let i = 0; i < ha.length; i++) {
      const credit = round(ks * (hb[i]! - ha[i]!));
      scratch[i] = credit;
      succeeded += credit;
    }
    const targets: LatencyHistogram[] = [tally.latency];
    if (multiClass) targets.push(recorder.overall.latency, windowTally.latency);
    if (!targets.includes(windowTally.classLatency[c]!)) targets.push(windowTally.classLatency[c]!);
    if (!targets.includes(windowTally.latency)) targets.push(windowTally.latency);
    for (let i = 0; i < ha.length; i++) {
      const credit = scratch[i]!;
      if (credit > 0) for (const h of targets) h.recordInBucket(i, credit, credit * meanMs);
    }
    for (const t of multiClass ? [tally, recorder.overall] : [tally]) {
      t.offered += offered;
      t.succeeded += succeeded;
      t.failed += failed;
      t.retries += retries;
      t.hedges += hedges;
      t.timeInSystemSumMs += timeInSystemMs;
    }
    windowTally.offered += offered;
    windowTally.succeeded += succeeded;
    windowTally.failed += failed;
    windowTally.classSucceeded[c]! += succeeded;
    windowTally.classFailed[c]! += failed;
    offeredTotal += offered;
  });
  creditServices(recorder, from, to, k, ks, kf, round, scratch);
  return offeredTotal;
}

function creditServices(recorder: Recorder, from: TallySnapshot, to: TallySnapshot, k: number, ks: number, kf: number, round: CountRounding, scratch: Float64Array): void {
  recorder.services.forEach((tally, s) => {
    const a = from.serviceNumbers[s]!;
    const b = to.serviceNumbers[s]!;
    tally.attempts += round(k * (b[S_ATTEMPTS]! - a[S_ATTEMPTS]!));
    tally.droppedExpired += round(k * (b[S_DROPPED]! - a[S_DROPPED]!));
    tally.retries += round(k * (b[S_RETRIES]! - a[S_RETRIES]!));
    tally.hedges += round(k * (b[S_HEDGES]! - a[S_HEDGES]!));
    for (let i = S_CAUSES; i < a.length; i++) tally.failedByCause[i - S_CAUSES]! += round(kf * (b[i]! - a[i]!));
    const ha = from.serviceBuckets[s]!;
    const hb = to.serviceBuckets[s]!;
    let sampleCount = 0;
    for (let i = 0; i < ha.length; i++) sampleCount += hb[i]! - ha[i]!;
    const meanMs = sampleCount > 0 ? (b[S_LATENCY_SUM]! - a[S_LATENCY_SUM]!) / sampleCount : 0;
    let succeeded = 0;
    for (let i = 0; i < ha.length; i++) {
      const credit = round(ks * (hb[i]! - ha[i]!));
      scratch[i] = credit;
      succeeded += credit;
      if (credit > 0) tally.latency.recordInBucket(i, credit, credit * meanMs);
    }
    tally.succeeded += succeeded;
  });
  const levels = recorder.serviceLevels.integral;
  for (let i = 0; i < levels.length; i++) levels[i]! += k * (to.levels[i]! - from.levels[i]!);
}
