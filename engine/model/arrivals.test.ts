import { describe, expect, it } from "vitest";
import { ParameterError } from "../core/assert";
import { RandomStreams } from "../core/rng";
import { deterministicArrivals, poissonArrivals, traceArrivals, type ArrivalProcess } from "./arrivals";
import { RateProfile } from "./rate-profile";
import { buildRateProfile } from "./rate-shapes";

/** Seeds for the statistical tests; a failure message starts with the seed that reproduces it. */
const seeds = Array.from({ length: Number(process.env.CLUSTERSIM_FUZZ_SEEDS ?? 3) }, (_, i) => i + 1);

function profile(points: Array<[atMs: number, ratePerS: number]>): RateProfile {
  return RateProfile.fromPoints(points.map(([atMs, ratePerS]) => ({ atMs, ratePerS })));
}

/** Every arrival in [0, untilMs], starting with next(0). Stops at `countMax` as a budget. */
function collect(process: ArrivalProcess, untilMs: number, countMax = 1_000_000): number[] {
  const times: number[] = [];
  let t = process.next(0);
  while (t !== Infinity && t <= untilMs) {
    if (times.length >= countMax) throw new Error(`stopped by the budget of ${countMax} arrivals`);
    times.push(t);
    t = process.next(t);
  }
  return times;
}

/**
 * Kolmogorov-Smirnov distance between the sample's empirical CDF and `cdf`. The critical value
 * at level alpha for n samples and a fully specified CDF is about sqrt(-ln(alpha / 2) / 2) / sqrt(n)
 * (the asymptotic Kolmogorov distribution; accurate for n in the hundreds and up).
 */
function ksDistance(samples: number[], cdf: (x: number) => number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  let distance = 0;
  sorted.forEach((x, i) => {
    const f = cdf(x);
    distance = Math.max(distance, (i + 1) / n - f, f - i / n);
  });
  return distance;
}

/** KS critical value at alpha = 0.001: a correct generator fails one seed in a thousand. */
function ksCritical(n: number): number {
  return Math.sqrt(-Math.log(0.001 / 2) / 2) / Math.sqrt(n);
}

describe("poissonArrivals", () => {
  it("puts as many arrivals in each window as the profile's integral, within 5 sigma", () => {
    // Steps, ramps and a spike: every piece type of a profile, 120 s at 100-600/s.
    const shape = { type: "points" as const, points: [{ atMs: 0, ratePerS: 100 }, { atMs: 40_000, ratePerS: 300 }, { atMs: 40_000, ratePerS: 150 }, { atMs: 120_000, ratePerS: 150 }] };
    const p = buildRateProfile({ shape, spikes: [{ atMs: 70_000, rampMs: 5000, holdMs: 10_000, multiplier: 4 }], untilMs: 120_000 });
    for (const seed of seeds) {
      const times = collect(poissonArrivals(p, new RandomStreams(seed).get("workload/test/arrivals")), 120_000);
      const counts = new Array<number>(12).fill(0);
      for (const t of times) if (t < 120_000) counts[Math.floor(t / 10_000)] += 1;
      for (let fromMs = 0; fromMs < 120_000; fromMs += 10_000) {
        const count = counts[fromMs / 10_000];
        // A Poisson count has variance = mean; 5 sigma is a 6e-7 false-alarm rate per window.
        const expected = p.integral(fromMs, fromMs + 10_000);
        expect(Math.abs(count - expected), `seed ${seed}: window ${fromMs} ms: ${count} arrivals, expected ${expected}`).toBeLessThanOrEqual(5 * Math.sqrt(expected));
      }
    }
  });

  it("spaces arrivals at a constant rate by exponential gaps (KS test)", () => {
    const ratePerS = 50;
    for (const seed of seeds) {
      const process = poissonArrivals(profile([[0, ratePerS]]), new RandomStreams(seed).get("workload/test/arrivals"));
      const gapsMs: number[] = [];
      let t = process.next(0);
      for (let i = 0; i < 2000; i++) {
        const next = process.next(t);
        gapsMs.push(next - t);
        t = next;
      }
      const distance = ksDistance(gapsMs, (x) => -Math.expm1((-ratePerS * x) / 1000));
      expect(distance, `seed ${seed}: KS distance ${distance} vs Exp(${ratePerS}/s)`).toBeLessThan(ksCritical(gapsMs.length));
    }
  });

  it("follows a linear ramp: the count matches and arrival times have CDF (t / T)^2", () => {
    // 0 -> 200/s over 100 s, then 0: expected count 200 * 100 / 2 = 10 000, after which the
    // process ends. Given the count, arrival times are iid with density proportional to the rate.
    const p = profile([[0, 0], [100_000, 200], [100_000, 0]]);
    for (const seed of seeds) {
      const process = poissonArrivals(p, new RandomStreams(seed).get("workload/test/ramp"));
      const times = collect(process, Infinity, 20_000);
      expect(Math.abs(times.length - 10_000), `seed ${seed}: ${times.length} arrivals`).toBeLessThanOrEqual(5 * Math.sqrt(10_000));
      expect(Math.max(...times), `seed ${seed}`).toBeLessThanOrEqual(100_000);
      const distance = ksDistance(times, (t) => (t / 100_000) ** 2);
      expect(distance, `seed ${seed}: KS distance ${distance}`).toBeLessThan(ksCritical(times.length));
    }
  });

  it("draws the same arrivals from the same seed and stream name, and others from another seed", () => {
    const p = profile([[0, 100], [5000, 10]]);
    const draw = (seed: number) => collect(poissonArrivals(p, new RandomStreams(seed).get("workload/test/arrivals")), 5000);
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it("returns Infinity once the rate stays 0, and from Infinity", () => {
    const process = poissonArrivals(profile([[0, 0]]), new RandomStreams(1).get("workload/test/none"));
    expect(process.next(0)).toBe(Infinity);
    expect(process.next(Infinity)).toBe(Infinity);
  });
});

describe("deterministicArrivals", () => {
  it("spaces arrivals at a constant rate exactly one mean gap apart", () => {
    expect(collect(deterministicArrivals(profile([[0, 10]])), 1000)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it("puts the k-th arrival of a ramp where the expected count reaches k", () => {
    // Rate t per second at t seconds: count t^2 / 2, so arrival k is at sqrt(2k) s.
    const times = collect(deterministicArrivals(profile([[0, 0], [100_000, 100]])), 100_000);
    expect(times.length).toBe(5000);
    times.forEach((t, i) => expect(t, `arrival ${i + 1}`).toBeCloseTo(1000 * Math.sqrt(2 * (i + 1)), 6));
  });

  it("stops with Infinity when less than one expected arrival is left", () => {
    const process = deterministicArrivals(profile([[0, 10], [1050, 10], [1050, 0]])); // 10.5 expected
    expect(collect(process, Infinity, 100)).toHaveLength(10);
  });
});

describe("traceArrivals", () => {
  it("returns every timestamp in order, including repeats and an arrival at 0", () => {
    const process = traceArrivals(Float64Array.of(0, 0, 5, 5, 5, 9));
    const seen: number[] = [];
    let t = 0;
    for (let i = 0; i < 7; i++) {
      t = process.next(t);
      seen.push(t);
    }
    expect(seen).toEqual([0, 0, 5, 5, 5, 9, Infinity]);
  });

  it("skips timestamps before the first now, for a run that starts late", () => {
    const process = traceArrivals(Float64Array.of(1, 2, 3, 10, 11));
    expect(process.next(5)).toBe(10);
    expect(process.next(10)).toBe(11);
    expect(process.next(11)).toBe(Infinity);
  });

  it("is empty for an empty trace", () => {
    expect(traceArrivals(new Float64Array(0)).next(0)).toBe(Infinity);
  });

  it("rejects an unsorted or non-finite trace, naming the index", () => {
    expect(() => traceArrivals(Float64Array.of(0, 5, 3))).toThrow(
      new ParameterError("timestampsMs[2]", "must not be before the previous timestamp (5 ms), got 3; sort the trace"),
    );
    expect(() => traceArrivals(Float64Array.of(0, NaN))).toThrow("timestampsMs[1]: must be a finite time in ms, got NaN");
  });
});
