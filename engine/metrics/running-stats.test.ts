import { describe, expect, it } from "vitest";
import { AssertionError } from "../core/assert";
import { RandomStreams, type RandomStream } from "../core/rng";
import { RunningStats, TimeWeightedAverage } from "./running-stats";

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
