/**
 * The recorder's cumulative figures at one moment, and the scaled credit of the difference
 * between two such moments: how a fluid window turns its discrete sample into the figures of
 * the arrivals the fluid model stood in for.
 *
 * A snapshot copies, per request class and per service, the counters and the latency
 * histogram's bucket counts, and the per-service level integrals. Between the sample's start
 * and end snapshots the difference is what the sample produced; `creditScaled` adds what `k`
 * times it stands for, in whole counts drawn from the hybrid engine's own stream so that each
 * expected credit is exactly `k` times the sample's. Credited requests are conserved (each
 * class's credited arrivals are shared out exactly as outcomes), and derived counts are made
 * from the credited parts, so the Result stays consistent as an exact one is: offered =
 * completed + in flight at the end, a tally's succeeded is its histogram's credited count,
 * failed the sum of its credited causes, the overall tally the sum of the classes, the
 * window's tally the same again, and a service's outcomes never exceed its attempts.
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
const S_CANCELLED = 5;
const S_CAUSES = 6;
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
      n[S_CANCELLED] = tally.cancelled;
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

/** A uniform draw in [0, 1) from the hybrid engine's own stream. */
export type Uniform = () => number;

/** `expected` rounded to a whole count: its floor, plus one with probability of the fraction. */
export function roundCount(expected: number, uniform: Uniform): number {
  const whole = Math.floor(expected);
  return whole + (uniform() < expected - whole ? 1 : 0);
}

/**
 * Splits the whole number `total` over the first `n` categories in proportion to `weights`
 * (non-negative, with a positive sum) into whole credits in `into` that sum to `total`
 * exactly, each with expectation `total * weight / sum`: systematic rounding from one draw.
 */
export function splitWhole(total: number, weights: Float64Array, n: number, uniform: Uniform, into: Float64Array): void {
  const scale = total / sumOf(weights, n);
  const u = uniform();
  let cumulative = 0;
  let given = 0;
  for (let i = 0; i < n; i++) {
    cumulative += weights[i]! * scale;
    const upTo = i === n - 1 ? total : Math.min(total, Math.floor(cumulative + u));
    into[i] = upTo - given;
    given = upTo;
  }
}

/**
 * Scale factors of a credit: `offered` for arrivals, retries, hedges, attempts and level
 * integrals; `success` and `failure` weigh the sample's successes against its failures when
 * the credited arrivals are shared out as outcomes. A calm window scales everything alike; a
 * saturated one weighs successes by throughput over time and failures by what is left of the
 * arrivals (hybrid-controller.ts).
 */
export interface CreditScales {
  offered: number;
  success: number;
  failure: number;
}

/**
 * What a run's credits keep between windows: scratch space, and per class the expected arrivals
 * no window could credit yet (see {@link creditScaled}).
 */
export class CreditWork {
  readonly weights: Float64Array;
  readonly credits: Float64Array;
  readonly carriedOffered: Float64Array;

  constructor(recorder: Recorder, causeCount: number) {
    const categories = recorder.overall.latency.bucketCount + causeCount + 1;
    this.weights = new Float64Array(categories);
    this.credits = new Float64Array(categories);
    this.carriedOffered = new Float64Array(recorder.classes.length);
  }
}

/**
 * Adds to the recorder what `k` times the sample `to - from` stands for (see CreditScales):
 * class tallies, the overall tally (with several classes), the current window's tally, service
 * tallies and service level integrals. Returns the offered requests credited.
 *
 * The credit conserves requests, as an exact run does (offered = completed + in flight at the
 * end). The requests a fluid window stands for arrive and finish inside it, so each class's
 * credited arrivals (k times the sample's) are shared out exactly as outcomes: successes by
 * latency bucket and failures by cause, in the sample's proportions. Scaling arrivals and
 * outcomes by k separately would not: the sample's outcomes include the requests in flight at
 * its start and miss those in flight at its end, and k times that difference piles up over a
 * day's windows (tens of thousands of requests of one class on black-friday-24h). A class
 * whose sample finished none of its requests has nothing to share by: its expected arrivals
 * carry to its next credit. Each service's credited attempts are shared out the same way over
 * successes, failures and cancelled attempts (ServiceTally.cancelled).
 */
export function creditScaled(recorder: Recorder, from: TallySnapshot, to: TallySnapshot, scales: number | CreditScales, uniform: Uniform, work: CreditWork): number {
  const { offered: k, success: ks, failure: kf } = typeof scales === "number" ? { offered: scales, success: scales, failure: scales } : scales;
  const multiClass = recorder.classes[0] !== recorder.overall;
  const windowTally = recorder.window;
  const { weights, credits } = work;
  let offeredTotal = 0;
  recorder.classes.forEach((tally, c) => {
    const a = from.classNumbers[c]!;
    const b = to.classNumbers[c]!;
    const ha = from.classBuckets[c]!;
    const hb = to.classBuckets[c]!;
    const buckets = ha.length;
    const categories = buckets + a.length - C_CAUSES;
    const retries = roundCount(k * (b[C_RETRIES]! - a[C_RETRIES]!), uniform);
    const hedges = roundCount(k * (b[C_HEDGES]! - a[C_HEDGES]!), uniform);
    for (const t of multiClass ? [tally, recorder.overall] : [tally]) {
      t.retries += retries;
      t.hedges += hedges;
    }
    const sampleSucceeded = weighBuckets(ha, hb, ks, weights);
    let sampleCompleted = sampleSucceeded;
    for (let i = C_CAUSES; i < a.length; i++) {
      const d = b[i]! - a[i]!;
      sampleCompleted += d;
      weights[buckets + i - C_CAUSES] = kf * d;
    }
    const weightSum = sumOf(weights, categories);
    const expectedOffered = k * (b[C_OFFERED]! - a[C_OFFERED]!) + work.carriedOffered[c]!;
    if (!(weightSum > 0)) {
      work.carriedOffered[c] = expectedOffered;
      return;
    }
    work.carriedOffered[c] = 0;
    const offered = roundCount(expectedOffered, uniform);
    splitWhole(offered, weights, categories, uniform, credits);
    const meanMs = sampleSucceeded > 0 ? (b[C_LATENCY_SUM]! - a[C_LATENCY_SUM]!) / sampleSucceeded : 0;
    const timeInSystemMs = (offered * (b[C_TIME_IN_SYSTEM]! - a[C_TIME_IN_SYSTEM]!)) / sampleCompleted;
    const targets: LatencyHistogram[] = [tally.latency];
    if (multiClass) targets.push(recorder.overall.latency, windowTally.latency);
    if (!targets.includes(windowTally.classLatency[c]!)) targets.push(windowTally.classLatency[c]!);
    if (!targets.includes(windowTally.latency)) targets.push(windowTally.latency);
    let succeeded = 0;
    for (let i = 0; i < buckets; i++) {
      const credit = credits[i]!;
      if (credit > 0) for (const h of targets) h.recordInBucket(i, credit, credit * meanMs);
      succeeded += credit;
    }
    const failed = offered - succeeded;
    for (let i = buckets; i < categories; i++) {
      tally.failedByCause[i - buckets]! += credits[i]!;
      if (multiClass) recorder.overall.failedByCause[i - buckets]! += credits[i]!;
    }
    for (const t of multiClass ? [tally, recorder.overall] : [tally]) {
      t.offered += offered;
      t.succeeded += succeeded;
      t.failed += failed;
      t.timeInSystemSumMs += timeInSystemMs;
    }
    windowTally.offered += offered;
    windowTally.succeeded += succeeded;
    windowTally.failed += failed;
    windowTally.classSucceeded[c]! += succeeded;
    windowTally.classFailed[c]! += failed;
    offeredTotal += offered;
  });
  creditServices(recorder, from, to, k, ks, kf, uniform, work);
  return offeredTotal;
}

function creditServices(recorder: Recorder, from: TallySnapshot, to: TallySnapshot, k: number, ks: number, kf: number, uniform: Uniform, work: CreditWork): void {
  const { weights, credits } = work;
  recorder.services.forEach((tally, s) => {
    const a = from.serviceNumbers[s]!;
    const b = to.serviceNumbers[s]!;
    const attempts = roundCount(k * (b[S_ATTEMPTS]! - a[S_ATTEMPTS]!), uniform);
    tally.attempts += attempts;
    tally.droppedExpired += roundCount(k * (b[S_DROPPED]! - a[S_DROPPED]!), uniform);
    tally.retries += roundCount(k * (b[S_RETRIES]! - a[S_RETRIES]!), uniform);
    tally.hedges += roundCount(k * (b[S_HEDGES]! - a[S_HEDGES]!), uniform);
    const ha = from.serviceBuckets[s]!;
    const hb = to.serviceBuckets[s]!;
    const buckets = ha.length;
    // Categories: success buckets, failure causes, then cancelled attempts.
    const cancelledAt = buckets + a.length - S_CAUSES;
    const sampleSucceeded = weighBuckets(ha, hb, ks, weights);
    for (let i = S_CAUSES; i < a.length; i++) weights[buckets + i - S_CAUSES] = kf * (b[i]! - a[i]!);
    weights[cancelledAt] = k * (b[S_CANCELLED]! - a[S_CANCELLED]!);
    const weightSum = sumOf(weights, cancelledAt + 1);
    // A sample that saw attempts of this service but no outcome: nothing to share them by.
    if (!(weightSum > 0) || attempts === 0) return;
    splitWhole(attempts, weights, cancelledAt + 1, uniform, credits);
    const meanMs = sampleSucceeded > 0 ? (b[S_LATENCY_SUM]! - a[S_LATENCY_SUM]!) / sampleSucceeded : 0;
    let succeeded = 0;
    for (let i = 0; i < buckets; i++) {
      const credit = credits[i]!;
      if (credit > 0) tally.latency.recordInBucket(i, credit, credit * meanMs);
      succeeded += credit;
    }
    tally.succeeded += succeeded;
    for (let i = buckets; i < cancelledAt; i++) tally.failedByCause[i - buckets]! += credits[i]!;
    tally.cancelled += credits[cancelledAt]!;
  });
  const levels = recorder.serviceLevels.integral;
  for (let i = 0; i < levels.length; i++) levels[i]! += k * (to.levels[i]! - from.levels[i]!);
}

/** Sets `weights[i]` to `scale` times the sample's successes in latency bucket i (`to - from`); returns the sample's successes. */
function weighBuckets(from: Float64Array, to: Float64Array, scale: number, weights: Float64Array): number {
  let succeeded = 0;
  for (let i = 0; i < from.length; i++) {
    const d = to[i]! - from[i]!;
    succeeded += d;
    weights[i] = scale * d;
  }
  return succeeded;
}

function sumOf(values: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  return sum;
}
