import { describe, expect, it } from "vitest";
import { RandomStreams, type RandomStream } from "../core/rng";
import { RunningStats } from "../metrics/running-stats";
import { confidenceInterval, welchTTest } from "./inference";

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
