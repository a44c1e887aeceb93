import { describe, expect, it } from "vitest";
import { AssertionError, ParameterError } from "../core/assert";
import { RandomStreams, type RandomStream } from "../core/rng";
import {
  confidenceInterval,
  logGamma,
  normalQuantile,
  regularizedIncompleteBeta,
  RunningStats,
  studentTCdf,
  studentTQuantile,
  TimeWeightedAverage,
  welchTTest,
} from "./stats";

/**
 * Seeds for the property tests: 1..3 in CI; set CLUSTERSIM_FUZZ_SEEDS=n for seeds 1..n. A failure
 * message starts with the seed that reproduces it.
 */
const seeds = Array.from({ length: Number(process.env.CLUSTERSIM_FUZZ_SEEDS ?? 3) }, (_, i) => i + 1);

function standardNormal(stream: RandomStream): number {
  // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
  const u1 = 1 - stream.next();
  const u2 = stream.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe("RunningStats", () => {
  it("matches a two-pass mean and sample variance, even far from zero", () => {
    for (const seed of seeds) {
      const stream = new RandomStreams(seed).get("metrics/stats-test/running");
      // An offset of 1e9 with unit spread: the naive sum-of-squares formula would lose every
      // digit here; Welford keeps about 16 - 9 = 7 of them, so 1e-6 relative is the bound.
      const values = Array.from({ length: 1000 }, () => 1e9 + standardNormal(stream));
      const stats = RunningStats.of(values);
      const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
      const variance = values.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (values.length - 1);
      expect(stats.count, `seed ${seed}`).toBe(1000);
      // Both means round once per value: at worst n * eps = 1000 * 2.2e-16 = 2.2e-13 apart.
      expect(relativeError(stats.mean, mean), `seed ${seed}`).toBeLessThan(2.3e-13);
      expect(relativeError(stats.variance, variance), `seed ${seed}`).toBeLessThan(1e-6);
      expect(stats.stdDev, `seed ${seed}`).toBe(Math.sqrt(stats.variance));
      expect(stats.min, `seed ${seed}`).toBe(Math.min(...values));
      expect(stats.max, `seed ${seed}`).toBe(Math.max(...values));
    }
  });

  it("computes 1..10 exactly: mean 5.5, variance 55/6", () => {
    const stats = RunningStats.of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(stats.mean).toBe(5.5);
    expect(relativeError(stats.variance, 55 / 6)).toBeLessThan(1e-15);
  });

  it("merges to the same statistics as adding every value to one accumulator", () => {
    for (const seed of seeds) {
      const stream = new RandomStreams(seed).get("metrics/stats-test/merge");
      const a = Array.from({ length: 300 }, () => 5 + 2 * standardNormal(stream));
      const b = Array.from({ length: 50 }, () => 40 * stream.next());
      const merged = RunningStats.of(a);
      merged.merge(RunningStats.of(b));
      const direct = RunningStats.of([...a, ...b]);
      expect(merged.count, `seed ${seed}`).toBe(direct.count);
      // Different rounding paths to the same quantities; both are backward stable to ~1e-15.
      expect(relativeError(merged.mean, direct.mean), `seed ${seed}`).toBeLessThan(1e-13);
      expect(relativeError(merged.variance, direct.variance), `seed ${seed}`).toBeLessThan(1e-13);
      expect(merged.min, `seed ${seed}`).toBe(direct.min);
      expect(merged.max, `seed ${seed}`).toBe(direct.max);
    }
  });

  it("merges with an empty accumulator in either direction", () => {
    const full = RunningStats.of([3, 4, 8]);
    const empty = new RunningStats();
    empty.merge(full);
    expect([empty.count, empty.mean, empty.variance, empty.min, empty.max]).toEqual([3, 5, 7, 3, 8]);
    full.merge(new RunningStats());
    expect([full.count, full.mean, full.variance]).toEqual([3, 5, 7]);
  });

  it("reports NaN for an empty mean and for the variance of fewer than two values", () => {
    const stats = new RunningStats();
    expect(stats.mean).toBeNaN();
    expect(stats.min).toBeNaN();
    expect(stats.variance).toBeNaN();
    stats.add(4);
    expect(stats.mean).toBe(4);
    expect(stats.variance).toBeNaN();
    expect(stats.stdDev).toBeNaN();
    stats.reset();
    expect(stats.count).toBe(0);
  });

  it("rejects NaN and infinite observations", () => {
    expect(() => new RunningStats().add(NaN)).toThrow(AssertionError);
    expect(() => new RunningStats().add(-Infinity)).toThrow(AssertionError);
  });
});

describe("TimeWeightedAverage", () => {
  it("averages a hand-made queue-length timeline exactly", () => {
    // Value 0 on [0, 10), 2 on [10, 15), 5 on [15, 30), 1 on [30, 40):
    // area = 0 * 10 + 2 * 5 + 5 * 15 + 1 * 10 = 95, mean over 40 ms = 2.375.
    const queue = new TimeWeightedAverage(0, 0);
    queue.update(10, 2);
    queue.update(15, 5);
    queue.update(30, 1);
    expect(queue.integral(40)).toBe(95);
    expect(queue.mean(40)).toBe(2.375);
    expect(queue.max).toBe(5);
    expect(queue.value).toBe(1);
  });

  it("restarts at a reset, keeping the current value (the end of a warm-up)", () => {
    const busy = new TimeWeightedAverage(100, 4);
    busy.update(110, 8);
    busy.update(120, 1);
    busy.reset(130);
    expect(busy.max).toBe(1);
    expect(busy.mean(140)).toBe(1);
    busy.update(145, 3);
    // 1 on [130, 145), 3 on [145, 160): (15 + 45) / 30 = 2.
    expect(busy.mean(160)).toBe(2);
    expect(busy.max).toBe(3);
  });

  it("reports the current value over an empty interval and allows several updates at one instant", () => {
    const average = new TimeWeightedAverage(5, 7);
    expect(average.mean(5)).toBe(7);
    average.update(5, 9);
    average.update(5, 2);
    expect(average.mean(5)).toBe(2);
    expect(average.max).toBe(9);
    expect(average.mean(15)).toBe(2);
  });

  it("matches a brute-force integral of a random step function", () => {
    for (const seed of seeds) {
      const stream = new RandomStreams(seed).get("metrics/stats-test/time-weighted");
      const average = new TimeWeightedAverage(0, 0);
      let nowMs = 0;
      let value = 0;
      let area = 0;
      for (let i = 0; i < 1000; i++) {
        const stepMs = 10 * stream.next();
        area += value * stepMs;
        nowMs += stepMs;
        value = Math.floor(20 * stream.next());
        average.update(nowMs, value);
      }
      area += value * 5;
      // Same additions in the same order, so the results agree to the last bit.
      expect(average.integral(nowMs + 5), `seed ${seed}`).toBe(area);
    }
  });

  it("rejects time going back", () => {
    const average = new TimeWeightedAverage(0, 1);
    average.update(10, 2);
    expect(() => average.update(9, 3)).toThrow(AssertionError);
    expect(() => average.mean(9)).toThrow(AssertionError);
    expect(() => average.reset(9)).toThrow(AssertionError);
  });
});

describe("distribution functions", () => {
  it("reproduces the printed t and z tables to their three or five decimals", () => {
    // Printed tables round to 3 decimals (t) and 5 decimals (z): tolerance half a unit there.
    expect(Math.abs(studentTQuantile(0.975, 1) - 12.706)).toBeLessThan(5e-4);
    expect(Math.abs(studentTQuantile(0.975, 10) - 2.228)).toBeLessThan(5e-4);
    expect(Math.abs(studentTQuantile(0.975, 30) - 2.042)).toBeLessThan(5e-4);
    expect(Math.abs(normalQuantile(0.975) - 1.95996)).toBeLessThan(5e-6);
  });

  it("matches reference t quantiles to 1e-9 relative, including fractional and tiny degrees of freedom", () => {
    // Reference values: scipy.stats.t.ppf (SciPy 1.17.1).
    const cases: Array<[p: number, df: number, t: number]> = [
      [0.975, 1, 12.706204736174694],
      [1e-8, 1, -31830988.61837906],
      [0.995, 2, 9.924843200918287],
      [0.9, 3, 1.637744353696209],
      [0.001, 5, -5.893429531356009],
      [0.6, 10, 0.2601848294920803],
      [0.995, 30, 2.7499956535672254],
      [1e-8, 30, -7.556534651885402],
      [0.975, 100, 1.9839715185235518],
      [0.975, 1000, 1.9623390808264083],
      [0.975, 2.5, 3.5746548420036817],
      [1e-8, 2.5, -1389.227583027538],
      [0.975, 0.5, 164.55767348048818],
      [1e-8, 0.5, -1028491156316339.8],
    ];
    for (const [p, df, t] of cases) {
      expect(relativeError(studentTQuantile(p, df), t), `p=${p} df=${df}`).toBeLessThan(1e-9);
    }
  });

  it("inverts its own t CDF over a grid of probabilities and degrees of freedom", () => {
    for (const df of [0.7, 1, 2, 3, 4.5, 9, 29, 200, 1e5]) {
      for (const p of [1e-12, 1e-6, 0.01, 0.1, 0.3, 0.5, 0.77, 0.95, 0.999999]) {
        const t = studentTQuantile(p, df);
        // The CDF is computed to ~1e-15 absolute; relative to min(p, 1 - p) allow 1e-10.
        const tail = Math.min(p, 1 - p);
        expect(Math.abs(studentTCdf(t, df) - p) / tail, `p=${p} df=${df}`).toBeLessThan(1e-10);
      }
    }
  });

  it("matches reference t CDF values", () => {
    // Reference values: scipy.stats.t.cdf (SciPy 1.17.1).
    const cases: Array<[t: number, df: number, p: number]> = [
      [2, 3, 0.9303370157205785],
      [-1.5, 7.3, 0.08778154640154305],
      [0.1, 1, 0.5317255174305535],
      [10, 2, 0.9950737714883372],
      [-40, 5, 9.205981085886477e-8],
      [1, 4.5, 0.8159974580599058],
      [-3, 12, 0.005533347843016845],
      [2.5, 1, 0.8788810584091566],
    ];
    for (const [t, df, p] of cases) expect(relativeError(studentTCdf(t, df), p), `t=${t} df=${df}`).toBeLessThan(1e-12);
    expect(studentTCdf(0, 3)).toBe(0.5);
    expect(studentTCdf(Infinity, 3)).toBe(1);
    expect(studentTCdf(-Infinity, 3)).toBe(0);
  });

  it("matches reference normal quantiles within Acklam's 1.15e-9 relative bound", () => {
    // Reference values: scipy.stats.norm.ppf (SciPy 1.17.1).
    const cases: Array<[p: number, z: number]> = [
      [0.975, 1.959963984540054],
      [0.995, 2.5758293035489004],
      [1e-10, -6.361340902404056],
      [0.02, -2.053748910631823],
      [0.9, 1.2815515655446004],
    ];
    for (const [p, z] of cases) expect(relativeError(normalQuantile(p), z), `p=${p}`).toBeLessThan(1.15e-9);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it("computes the incomplete beta and log gamma functions they rest on", () => {
    // References: scipy.special.betainc; Gamma(1/2) = sqrt(pi), Gamma(10) = 9!.
    expect(relativeError(regularizedIncompleteBeta(0.3, 2, 3), 0.3483)).toBeLessThan(1e-13);
    expect(relativeError(regularizedIncompleteBeta(0.9, 0.5, 0.5), 0.7951672353008665)).toBeLessThan(1e-13);
    expect(relativeError(regularizedIncompleteBeta(0.01, 10, 0.5), 1.770034965528571e-21)).toBeLessThan(1e-12);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(relativeError(logGamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    expect(relativeError(logGamma(10), Math.log(362880))).toBeLessThan(1e-14);
  });

  it("returns infinities at p = 0 and 1 and rejects bad probabilities and degrees of freedom", () => {
    expect(studentTQuantile(0, 4)).toBe(-Infinity);
    expect(studentTQuantile(1, 4)).toBe(Infinity);
    expect(studentTQuantile(0.5, 4)).toBe(0);
    expect(() => studentTQuantile(1.5, 4)).toThrow(ParameterError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(/^degreesOfFreedom:/);
    expect(() => studentTCdf(1, -2)).toThrow(ParameterError);
    expect(() => studentTCdf(NaN, 2)).toThrow(ParameterError);
    expect(() => normalQuantile(-0.1)).toThrow(/^p:/);
  });
});

describe("confidenceInterval", () => {
  it("gives the textbook interval for 1..10", () => {
    // mean 5.5, s = sqrt(55/6) = 3.02765, t_{0.975,9} = 2.262157: half-width 2.165850589668169
    // (scipy.stats.t.ppf(0.975, 9) * s / sqrt(10)); at 90 % t_{0.95,9} gives 1.7550720133038.
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const interval = confidenceInterval(values);
    expect(Object.keys(interval)).toEqual(["mean", "halfWidth", "low", "high", "n", "level"]);
    expect(interval.mean).toBe(5.5);
    expect(relativeError(interval.halfWidth, 2.165850589668169)).toBeLessThan(1e-12);
    expect(interval.low).toBe(5.5 - interval.halfWidth);
    expect(interval.high).toBe(5.5 + interval.halfWidth);
    expect(interval.n).toBe(10);
    expect(interval.level).toBe(0.95);
    expect(relativeError(confidenceInterval(values, 0.9).halfWidth, 1.7550720133038)).toBeLessThan(1e-12);
    expect(confidenceInterval(RunningStats.of(values))).toEqual(interval);
  });

  it("is unbounded for fewer than two samples and has zero width for constant samples", () => {
    expect(confidenceInterval([7])).toEqual({ mean: 7, halfWidth: Infinity, low: -Infinity, high: Infinity, n: 1, level: 0.95 });
    const empty = confidenceInterval([]);
    expect(empty.mean).toBeNaN();
    expect(empty.halfWidth).toBe(Infinity);
    expect(confidenceInterval([3, 3, 3]).halfWidth).toBe(0);
    expect(() => confidenceInterval([1, 2], 1)).toThrow(/^level:/);
  });

  it("covers the true mean of normal samples at the stated rate", () => {
    // 4000 intervals of 5 normal samples each; coverage is Binomial(4000, 0.95) / 4000 with
    // standard deviation sqrt(0.95 * 0.05 / 4000) = 0.00345; allow 4 of them (0.0138).
    for (const seed of seeds) {
      const stream = new RandomStreams(seed).get("metrics/stats-test/coverage");
      let covered = 0;
      const trials = 4000;
      for (let trial = 0; trial < trials; trial++) {
        const stats = new RunningStats();
        for (let i = 0; i < 5; i++) stats.add(10 + 3 * standardNormal(stream));
        const interval = confidenceInterval(stats);
        if (interval.low <= 10 && 10 <= interval.high) covered++;
      }
      expect(Math.abs(covered / trials - 0.95), `seed ${seed}: coverage ${covered / trials}`).toBeLessThan(0.0138);
    }
  });
});

describe("welchTTest", () => {
  const a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
  const b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];

  it("matches a reference Welch test", () => {
    // Reference: scipy.stats.ttest_ind(a, b, equal_var=False) (SciPy 1.17.1):
    // t = -2.455356398286006, df = 24.988529290231416, p = 0.021378001462866992.
    const result = welchTTest(a, b);
    expect(relativeError(result.t, -2.455356398286006)).toBeLessThan(1e-12);
    expect(relativeError(result.df, 24.988529290231416)).toBeLessThan(1e-12);
    expect(relativeError(result.pValue, 0.021378001462866992)).toBeLessThan(1e-10);
    expect(result.significant()).toBe(true);
    expect(result.significant(0.99)).toBe(false);
    expect(welchTTest(RunningStats.of(a), RunningStats.of(b)).pValue).toBe(result.pValue);
  });

  it("finds no difference between a set and itself", () => {
    const result = welchTTest(a, a);
    expect(result.t).toBe(0);
    expect(result.pValue).toBe(1);
    expect(result.significant()).toBe(false);
  });

  it("handles sets without spread and sets too small to test", () => {
    expect(welchTTest([2, 2, 2], [2, 2]).pValue).toBe(1);
    const apart = welchTTest([2, 2, 2], [3, 3]);
    expect([apart.t, apart.df, apart.pValue]).toEqual([-Infinity, 3, 0]);
    expect(apart.significant()).toBe(true);
    const tooSmall = welchTTest([1], [2, 3, 4]);
    expect(tooSmall.pValue).toBeNaN();
    expect(tooSmall.significant()).toBe(false);
  });
});
