/**
 * A latency histogram with fixed log-spaced buckets.
 *
 * Every recorded value lands in one of a fixed set of buckets whose bounds grow geometrically by
 * `gamma = (1 + a) / (1 - a)`, where `a` is the relative accuracy (0.005 by default): the point
 * `2 * upper / (1 + gamma)` of a bucket is within `a` of every value the bucket can hold (the
 * DDSketch construction: Masson, Rim and Lee, "DDSketch: a fast and fully-mergeable quantile
 * sketch with relative-error guarantees", VLDB 2019), so a bucket spans about 2a. With the
 * default range 1e-3 ms .. 1e9 ms that is 2,764 buckets, about 22 KB of counts.
 *
 * Because the layout is fixed, recording is one logarithm, one multiply and one increment, two
 * histograms merge by adding their count arrays, and a merged histogram equals the histogram of
 * the concatenated samples bucket for bucket. Count, sum, min and max are kept exactly beside
 * the buckets, so the mean is exact and quantile(0) / quantile(1) are the true extremes.
 *
 * Quantiles are interpolated inside their bucket (the bucket's empirical distribution function
 * is taken as linear between its bounds), not snapped to one point per bucket. Snapping made
 * every run of a large simulation report the same p50/p90/p99 — the sampling spread between
 * seeds (often 0.1 % at a million requests) is far below the 1 % bucket width — so replication
 * intervals collapsed to "± 0" and claimed a certainty the runs did not have. Interpolation
 * moves with the counts, so the spread between seeds is real again; it costs nothing when
 * recording and no memory. The price is the worst case: an interpolated value lies in the same
 * bucket as the true one, so it is within `gamma - 1` (about 2 a, 1 % by default) of it rather
 * than within a. For any density that is smooth across a 1 % bucket the error is far smaller
 * (histogram.test.ts measures it). Halving a instead (finer buckets) would keep the old worst
 * case but double the memory (5,528 buckets, 44 KB) and the Result's bucket lists, and would
 * still snap: it only moves the collapse to twice as many requests.
 *
 * Array layout (the indexes also used by {@link LatencyHistogramJson.buckets}):
 * - 0: values exactly 0 (a zero-latency hop is legal);
 * - 1: underflow, values in (0, lowestMs];
 * - 2 .. bucketsLog + 1: log bucket k = index - 2 holds (lowestMs * gamma^k, lowestMs * gamma^(k+1)];
 * - bucketsLog + 2: overflow, values above the last log bucket's upper bound.
 * Values in the underflow and overflow buckets have no error bound; quantiles that land there
 * are reported as lowestMs and max respectively (each clamped into [min, max]).
 */
import { AssertionError, assert, ParameterError } from "../core/assert";
import { dmath } from "../core/det-math";
import { bucketTableFor, highWordCell, tableBucketIndex, type BucketTable } from "./bucket-table";

/** Where the log buckets start and end and how fine they are. Two histograms merge only if equal. */
export interface LatencyHistogramLayout {
  /** Upper bound of the underflow bucket, in ms (> 0). Default 1e-3 (one microsecond). */
  readonly lowestMs: number;
  /** Values above about this many ms go to the overflow bucket. Default 1e9 (about 11.6 days). */
  readonly highestMs: number;
  /** Largest relative error of a reported value, in (0, 0.1]. Default 0.005 (0.5 %). */
  readonly relativeAccuracy: number;
}

/**
 * The serialised form of a {@link LatencyHistogram}: plain data with a fixed key order, only the
 * non-empty buckets as `[index, count]` pairs in index order, so equal histograms give equal bytes.
 * `min` and `max` are `null` when `count` is 0.
 */
export interface LatencyHistogramJson {
  lowestMs: number;
  highestMs: number;
  relativeAccuracy: number;
  count: number;
  sumMs: number;
  minMs: number | null;
  maxMs: number | null;
  buckets: Array<[number, number]>;
}

/** The layout used when none is given: 1e-3 ms .. 1e9 ms at 0.5 % relative error. */
export const DEFAULT_HISTOGRAM_LAYOUT: LatencyHistogramLayout = Object.freeze({
  lowestMs: 1e-3,
  highestMs: 1e9,
  relativeAccuracy: 0.005,
});

/** Most buckets a layout may have; keeps a histogram's memory bounded (8 bytes per bucket). */
export const HISTOGRAM_BUCKETS_MAX = 10_000;

const STAT_COUNT = 0;
const STAT_SUM = 1;
const STAT_MIN = 2;
const STAT_MAX = 3;

const INDEX_ZERO = 0;
const INDEX_UNDERFLOW = 1;
const INDEX_FIRST_LOG = 2;

/**
 * A mergeable log-bucketed histogram of non-negative values, usually latencies in ms.
 *
 * An empty histogram has `count` 0, `sumMs` 0, and `NaN` for `meanMs`, `minMs`, `maxMs` and every
 * quantile: there is no latency to report, and NaN cannot be mistaken for a measurement.
 */
export class LatencyHistogram {
  /** The bucket layout; immutable. */
  readonly layout: LatencyHistogramLayout;
  /** Number of log buckets (excluding the zero, underflow and overflow buckets). */
  readonly bucketsLog: number;
  /** Per-bucket counts (float64 so counts stay exact up to 2^53), indexed as in the file comment. */
  private readonly counts: Float64Array;
  private readonly logLowest: number;
  private readonly logGamma: number;
  private readonly logGammaInverse: number;
  private readonly indexOverflow: number;
  /** The layout's bucket bounds and their lookup table (bucket-table.ts), shared per layout. */
  private readonly table: BucketTable;
  // The table's parts and the underflow bound as fields of their own: `record` reads them
  // without going through `table` and `layout` (one object less to fetch per value).
  private readonly lowestMs: number;
  private readonly upper: Float64Array;
  private readonly cellFirst: Int32Array;
  private readonly cellBase: number;
  private readonly cellLast: number;
  /**
   * Count, sum, min and max (STAT_*), in one typed array rather than four number fields: V8
   * keeps a double field as a pointer to a separate box, so each update of a field would be two
   * memory accesses; `record` runs several times per simulated request.
   */
  private readonly stats = new Float64Array([0, 0, Infinity, -Infinity]);

  /**
   * @param layout bucket range and accuracy; defaults to {@link DEFAULT_HISTOGRAM_LAYOUT}.
   * @throws ParameterError if a layout number is out of range or the layout needs more than
   *   {@link HISTOGRAM_BUCKETS_MAX} buckets.
   */
  constructor(layout: Partial<LatencyHistogramLayout> = {}) {
    const full = { ...DEFAULT_HISTOGRAM_LAYOUT, ...layout };
    checkLayout(full);
    this.layout = Object.freeze({ lowestMs: full.lowestMs, highestMs: full.highestMs, relativeAccuracy: full.relativeAccuracy });
    const a = full.relativeAccuracy;
    this.logGamma = dmath.log((1 + a) / (1 - a));
    this.logGammaInverse = 1 / this.logGamma;
    this.logLowest = dmath.log(full.lowestMs);
    this.bucketsLog = Math.ceil((dmath.log(full.highestMs) - this.logLowest) * this.logGammaInverse);
    if (this.bucketsLog > HISTOGRAM_BUCKETS_MAX) {
      throw new ParameterError("relativeAccuracy", `layout needs ${this.bucketsLog} buckets, more than ${HISTOGRAM_BUCKETS_MAX}; widen relativeAccuracy or narrow lowestMs..highestMs`);
    }
    this.indexOverflow = INDEX_FIRST_LOG + this.bucketsLog;
    this.counts = new Float64Array(this.indexOverflow + 1);
    this.table = bucketTableFor(full.lowestMs, full.relativeAccuracy, this.bucketsLog, this.logLowest, this.logGamma);
    this.lowestMs = full.lowestMs;
    this.upper = this.table.upper;
    this.cellFirst = this.table.cellFirst;
    this.cellBase = this.table.cellBase;
    this.cellLast = this.table.cellCount - 1;
  }

  /** Number of values recorded (exact). */
  get count(): number {
    return this.stats[STAT_COUNT];
  }

  /** Sum of recorded values in ms: float64 sum in recording order (merges add partial sums). */
  get sumMs(): number {
    return this.stats[STAT_SUM];
  }

  /** Mean of recorded values in ms, from the exact sum; NaN when empty. */
  get meanMs(): number {
    return this.stats[STAT_COUNT] === 0 ? NaN : this.stats[STAT_SUM] / this.stats[STAT_COUNT];
  }

  /** Smallest recorded value in ms (exact); NaN when empty. */
  get minMs(): number {
    return this.stats[STAT_COUNT] === 0 ? NaN : this.stats[STAT_MIN];
  }

  /** Largest recorded value in ms (exact); NaN when empty. */
  get maxMs(): number {
    return this.stats[STAT_COUNT] === 0 ? NaN : this.stats[STAT_MAX];
  }

  /** Total number of buckets, including zero, underflow and overflow; valid indexes are 0 .. this - 1. */
  get bucketCount(): number {
    return this.counts.length;
  }

  /** The count in bucket `index` (see the file comment for the layout). */
  bucketCountAt(index: number): number {
    assert(Number.isInteger(index) && index >= 0 && index < this.counts.length, `bucket index ${index} out of range 0..${this.counts.length - 1}`);
    return this.counts[index];
  }

  /**
   * The upper bound of bucket `index`, ms: the largest value it holds. 0 for the zero bucket,
   * lowestMs for underflow, `lowestMs * gamma^(k + 1)` for log bucket k, Infinity for
   * overflow. Exporters that regroup buckets (Prometheus `le` bounds) use it so that each of
   * their bounds is exactly one of these.
   * @throws AssertionError if `index` is out of range.
   */
  upperBoundMs(index: number): number {
    assert(Number.isInteger(index) && index >= 0 && index < this.counts.length, `bucket index ${index} out of range 0..${this.counts.length - 1}`);
    if (index === INDEX_ZERO) return 0;
    if (index === INDEX_UNDERFLOW) return this.layout.lowestMs;
    return this.table.upper[index]!;
  }

  /**
   * Records one value. Runs per simulated request: no allocation, no loop.
   * @param valueMs a finite value >= 0, in ms.
   * @throws AssertionError if `valueMs` is negative, NaN or infinite.
   */
  record(valueMs: number): void {
    // The message is built in a function of its own: formatted here, its bytecode alone made
    // `record` too large for the optimiser to inline into the model's hot paths, and a call
    // that is not inlined boxes its double argument (4 M records: 145 ms CPU, 40 ms without).
    if (!(valueMs >= 0 && valueMs < Infinity)) badValue(valueMs);
    // indexOf and tableBucketIndex (bucket-table.ts) written out on the fields above.
    let index: number;
    if (valueMs > this.lowestMs) {
      const cell = highWordCell(valueMs) - this.cellBase;
      index = this.cellFirst[cell < this.cellLast ? cell : this.cellLast]!;
      const upper = this.upper;
      while (valueMs > upper[index]!) index++;
    } else {
      index = valueMs === 0 ? INDEX_ZERO : INDEX_UNDERFLOW;
    }
    this.counts[index] += 1;
    const stats = this.stats;
    stats[STAT_COUNT] += 1;
    stats[STAT_SUM] += valueMs;
    if (valueMs < stats[STAT_MIN]!) stats[STAT_MIN] = valueMs;
    if (valueMs > stats[STAT_MAX]!) stats[STAT_MAX] = valueMs;
  }

  /**
   * Records `count` copies of one value (as `count` calls to {@link record}, except that the sum
   * grows by `valueMs * count` in one step). A count of 0 changes nothing.
   * @throws AssertionError if `valueMs` is not finite and >= 0 or `count` is not an integer >= 0.
   */
  recordMany(valueMs: number, count: number): void {
    assert(valueMs >= 0 && valueMs < Infinity, `histogram value must be finite and >= 0, got ${valueMs}`);
    assert(Number.isSafeInteger(count) && count >= 0, `histogram count must be an integer >= 0, got ${count}`);
    if (count === 0) return;
    this.counts[this.indexOf(valueMs)] += count;
    this.stats[STAT_COUNT] += count;
    this.stats[STAT_SUM] += valueMs * count;
    if (valueMs < this.stats[STAT_MIN]) this.stats[STAT_MIN] = valueMs;
    if (valueMs > this.stats[STAT_MAX]) this.stats[STAT_MAX] = valueMs;
  }

  /**
   * The bucket index a value falls in: log bucket k holds (lowest * gamma^k, lowest * gamma^(k+1)],
   * with the bounds exactly as {@link upperBoundMs} reports them, found through the layout's
   * table without a logarithm (bucket-table.ts).
   */
  private indexOf(valueMs: number): number {
    if (valueMs === 0) return INDEX_ZERO;
    if (valueMs <= this.layout.lowestMs) return INDEX_UNDERFLOW;
    return tableBucketIndex(this.table, valueMs);
  }

  /**
   * The value reported for the zero, underflow and overflow buckets, before clamping into
   * [min, max]: 0, lowestMs and +Infinity (so it clamps to the exact max). They have no width to
   * interpolate over.
   */
  private edgeValueMs(index: number): number {
    if (index === INDEX_ZERO) return 0;
    if (index === INDEX_UNDERFLOW) return this.layout.lowestMs;
    return Infinity;
  }

  /**
   * The value at quantile `p`. The bucket is the one holding the nearest-rank value, of rank
   * ceil(p * count) (1-based, at least 1) in sorted order; inside a log bucket (lower, upper]
   * holding n values of which C lie in earlier buckets, the value is interpolated linearly at
   * fraction f = (p * count - C) / n of the way from lower to upper (f in (0, 1] because the
   * nearest rank lies in the bucket; for p * count < 1, f is raised to the first value's 1 / n).
   * So the estimate is within `gamma - 1` (about twice relativeAccuracy) of the nearest-rank value
   * for values inside lowestMs .. highestMs, and much closer for smooth distributions. Values in
   * the zero, underflow and overflow buckets are reported as 0, lowestMs and max. Every estimate
   * is clamped into [min, max]; quantile(0) is the exact min and quantile(1) the exact max.
   * Returns NaN when the histogram is empty.
   * @param p a probability in [0, 1].
   * @throws AssertionError if `p` is outside [0, 1].
   */
  quantile(p: number): number {
    if (!(p >= 0 && p <= 1)) assert(false, `quantile must be in [0, 1], got ${p}`);
    if (this.stats[STAT_COUNT] === 0) return NaN;
    if (p === 0) return this.stats[STAT_MIN];
    if (p === 1) return this.stats[STAT_MAX];
    const position = Math.max(1, p * this.stats[STAT_COUNT]);
    const rank = Math.ceil(position);
    const counts = this.counts;
    let cumulative = 0;
    // Bounded by the bucket count; the last bucket is always reached because rank <= count.
    for (let index = 0; index < counts.length; index++) {
      const inBucket = counts[index];
      if (cumulative + inBucket >= rank) {
        const valueMs = this.isLogBucket(index) ? this.interpolateMs(index, (position - cumulative) / inBucket) : this.edgeValueMs(index);
        return Math.min(this.stats[STAT_MAX], Math.max(this.stats[STAT_MIN], valueMs));
      }
      cumulative += inBucket;
    }
    assert(false, `histogram counts sum to ${cumulative}, less than count ${this.stats[STAT_COUNT]}`);
  }

  /** Copies the per-bucket counts into `target` (length at least {@link bucketCount}). */
  copyCountsInto(target: Float64Array): void {
    assert(target.length >= this.counts.length, `copyCountsInto: target holds ${target.length} buckets, needs ${this.counts.length}`);
    target.set(this.counts);
  }

  /**
   * Adds `count` values known only by their bucket `index`, summing to `sumMs` (the hybrid
   * engine's scaled samples, engine/hybrid/). Min and max widen to the bucket's reported value.
   * @throws AssertionError if `index` is out of range or `count` is not an integer >= 0.
   */
  recordInBucket(index: number, count: number, sumMs: number): void {
    assert(Number.isInteger(index) && index >= 0 && index < this.counts.length, `bucket index ${index} out of range 0..${this.counts.length - 1}`);
    assert(Number.isSafeInteger(count) && count >= 0, `histogram count must be an integer >= 0, got ${count}`);
    if (count === 0) return;
    this.counts[index] += count;
    this.stats[STAT_COUNT] += count;
    this.stats[STAT_SUM] += sumMs;
    const valueMs = index === this.indexOverflow ? this.layout.highestMs : this.isLogBucket(index) ? this.interpolateMs(index, 0.5) : this.edgeValueMs(index);
    if (valueMs < this.stats[STAT_MIN]) this.stats[STAT_MIN] = valueMs;
    if (valueMs > this.stats[STAT_MAX]) this.stats[STAT_MAX] = valueMs;
  }

  private isLogBucket(index: number): boolean {
    return index >= INDEX_FIRST_LOG && index < this.indexOverflow;
  }

  /** The point a fraction `fraction` in [0, 1] of the way through log bucket `index`, ms. */
  private interpolateMs(index: number, fraction: number): number {
    const lowerMs = index === INDEX_FIRST_LOG ? this.layout.lowestMs : this.table.upper[index - 1]!;
    const upperMs = this.table.upper[index]!;
    return lowerMs + (upperMs - lowerMs) * fraction;
  }

  /**
   * Adds every value of `other` into this histogram. Afterwards the bucket counts, count, min and
   * max equal those of one histogram fed both sample sets; the sum is the float64 sum of the two.
   * @throws AssertionError if the layouts differ.
   */
  merge(other: LatencyHistogram): void {
    assert(sameLayout(this.layout, other.layout), `cannot merge histograms with different layouts: ${JSON.stringify(this.layout)} vs ${JSON.stringify(other.layout)}`);
    const counts = this.counts;
    const otherCounts = other.counts;
    for (let index = 0; index < counts.length; index++) counts[index] += otherCounts[index];
    this.stats[STAT_COUNT] += other.stats[STAT_COUNT];
    this.stats[STAT_SUM] += other.stats[STAT_SUM];
    if (other.stats[STAT_MIN] < this.stats[STAT_MIN]) this.stats[STAT_MIN] = other.stats[STAT_MIN];
    if (other.stats[STAT_MAX] > this.stats[STAT_MAX]) this.stats[STAT_MAX] = other.stats[STAT_MAX];
  }

  /** Forgets every value, keeping the layout and the memory (for warm-up). */
  reset(): void {
    this.counts.fill(0);
    this.stats[STAT_COUNT] = 0;
    this.stats[STAT_SUM] = 0;
    this.stats[STAT_MIN] = Infinity;
    this.stats[STAT_MAX] = -Infinity;
  }

  /** An independent copy with the same layout and contents. */
  clone(): LatencyHistogram {
    const copy = new LatencyHistogram(this.layout);
    copy.counts.set(this.counts);
    copy.stats[STAT_COUNT] = this.stats[STAT_COUNT];
    copy.stats[STAT_SUM] = this.stats[STAT_SUM];
    copy.stats[STAT_MIN] = this.stats[STAT_MIN];
    copy.stats[STAT_MAX] = this.stats[STAT_MAX];
    return copy;
  }

  /** The compact, deterministic serialised form; see {@link LatencyHistogramJson}. */
  toJSON(): LatencyHistogramJson {
    const buckets: Array<[number, number]> = [];
    for (let index = 0; index < this.counts.length; index++) {
      if (this.counts[index] !== 0) buckets.push([index, this.counts[index]]);
    }
    const empty = this.stats[STAT_COUNT] === 0;
    return {
      lowestMs: this.layout.lowestMs,
      highestMs: this.layout.highestMs,
      relativeAccuracy: this.layout.relativeAccuracy,
      count: this.stats[STAT_COUNT],
      sumMs: this.stats[STAT_SUM],
      minMs: empty ? null : this.stats[STAT_MIN],
      maxMs: empty ? null : this.stats[STAT_MAX],
      buckets,
    };
  }

  /**
   * Rebuilds a histogram from {@link toJSON} output (for example a stored result file).
   * @throws ParameterError naming the offending field if the data is inconsistent: bad layout,
   *   bucket indexes out of range or not strictly increasing, counts that are not positive
   *   integers or do not add up to `count`, min/max missing or outside [0, Infinity).
   */
  static fromJSON(json: LatencyHistogramJson): LatencyHistogram {
    const histogram = new LatencyHistogram({ lowestMs: json.lowestMs, highestMs: json.highestMs, relativeAccuracy: json.relativeAccuracy });
    let previousIndex = -1;
    let total = 0;
    for (const [index, count] of json.buckets) {
      if (!Number.isInteger(index) || index <= previousIndex || index >= histogram.counts.length) {
        throw new ParameterError("buckets", `expected strictly increasing indexes in 0..${histogram.counts.length - 1}, got ${index} after ${previousIndex}`);
      }
      if (!Number.isSafeInteger(count) || count <= 0) {
        throw new ParameterError("buckets", `expected a positive integer count for bucket ${index}, got ${count}`);
      }
      histogram.counts[index] = count;
      previousIndex = index;
      total += count;
    }
    if (total !== json.count) throw new ParameterError("count", `bucket counts add up to ${total}, but count is ${json.count}`);
    if (!Number.isFinite(json.sumMs) || json.sumMs < 0) throw new ParameterError("sumMs", `expected a finite number >= 0, got ${json.sumMs}`);
    histogram.stats[STAT_COUNT] = json.count;
    histogram.stats[STAT_SUM] = json.sumMs;
    if (json.count > 0) {
      histogram.stats[STAT_MIN] = checkExtreme("minMs", json.minMs);
      histogram.stats[STAT_MAX] = checkExtreme("maxMs", json.maxMs);
      if (histogram.stats[STAT_MIN] > histogram.stats[STAT_MAX]) {
        throw new ParameterError("minMs", `expected minMs <= maxMs (${json.maxMs}), got ${json.minMs}`);
      }
    }
    return histogram;
  }
}

/** True if two layouts are identical, the condition for {@link LatencyHistogram.merge}. */
export function sameLayout(a: LatencyHistogramLayout, b: LatencyHistogramLayout): boolean {
  return a.lowestMs === b.lowestMs && a.highestMs === b.highestMs && a.relativeAccuracy === b.relativeAccuracy;
}

function checkLayout(layout: LatencyHistogramLayout): void {
  if (!(layout.lowestMs > 0 && layout.lowestMs < Infinity)) {
    throw new ParameterError("lowestMs", `expected a finite number > 0, got ${layout.lowestMs}`);
  }
  if (!(layout.highestMs > layout.lowestMs && layout.highestMs < Infinity)) {
    throw new ParameterError("highestMs", `expected a finite number > lowestMs (${layout.lowestMs}), got ${layout.highestMs}`);
  }
  if (!(layout.relativeAccuracy > 0 && layout.relativeAccuracy <= 0.1)) {
    throw new ParameterError("relativeAccuracy", `expected a number in (0, 0.1], got ${layout.relativeAccuracy}`);
  }
}

/** Fails on a value a histogram cannot hold (kept out of `record`, which stays small enough to inline). */
function badValue(valueMs: number): never {
  throw new AssertionError(`histogram value must be finite and >= 0, got ${valueMs}`);
}

function checkExtreme(field: string, valueMs: number | null): number {
  if (valueMs === null || !(valueMs >= 0 && valueMs < Infinity)) {
    throw new ParameterError(field, `expected a finite number >= 0 for a non-empty histogram, got ${valueMs}`);
  }
  return valueMs;
}
