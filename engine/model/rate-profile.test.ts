import { describe, expect, it } from "vitest";
import { AssertionError, ParameterError } from "../core/assert";
import { RandomStreams, type RandomStream } from "../core/rng";
import { RateProfile, type RatePoint } from "./rate-profile";

/** Seeds for the property tests; a failure message starts with the seed that reproduces it. */
const seeds = Array.from({ length: Number(process.env.CLUSTERSIM_FUZZ_SEEDS ?? 3) }, (_, i) => i + 1);

function profile(points: Array<[atMs: number, ratePerS: number]>): RateProfile {
  return RateProfile.fromPoints(points.map(([atMs, ratePerS]) => ({ atMs, ratePerS })));
}

/** The message of the error `action` throws, checking its class. */
function errorOf(action: () => unknown, kind: new (...args: never[]) => Error): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

describe("RateProfile", () => {
  it("is constant before the first point, linear between points and constant after the last", () => {
    const p = profile([[1000, 10], [3000, 30]]);
    expect([p.ratePerSAt(-5000), p.ratePerSAt(1000), p.ratePerSAt(2000), p.ratePerSAt(3000), p.ratePerSAt(9000)]).toEqual([10, 10, 20, 30, 30]);
  });

  it("treats two points at one instant as a step that takes the later rate from the instant on", () => {
    const p = profile([[0, 10], [1000, 10], [1000, 50], [2000, 50]]);
    expect(p.ratePerSAt(1000)).toBe(50);
    expect(p.ratePerSBefore(1000)).toBe(10);
    expect(p.ratePerSAt(999.5)).toBe(10);
    // 1 s at 10/s then 1 s at 50/s.
    expect(p.integral(0, 2000)).toBe(60);
    expect(p.peakRatePerS(0, 1000)).toBe(50);
    expect(p.peakRatePerS(0, 999)).toBe(10);
  });

  it("keeps only the outer two of three or more points at one instant", () => {
    const p = profile([[0, 1], [5, 2], [5, 9], [5, 3], [5, 4]]);
    expect(p.points).toEqual([{ atMs: 0, ratePerS: 1 }, { atMs: 5, ratePerS: 2 }, { atMs: 5, ratePerS: 4 }]);
    expect(p.peakRatePerS(0, 10)).toBe(4);
  });

  it("integrates hand-computed rectangles and trapezoids", () => {
    const p = profile([[1000, 10], [2000, 20], [4000, 0]]);
    // Before: 1 s at 10/s = 10. Ramp 10 -> 20 over 1 s = 15. Ramp 20 -> 0 over 2 s = 20. After: 0.
    expect(p.integral(0, 5000)).toBe(45);
    expect(p.integral(1500, 1500)).toBe(0);
    // Inside one segment: 15 -> 20 over 0.5 s = 8.75.
    expect(p.integral(1500, 2000)).toBe(8.75);
    expect(p.integral(-Infinity, 1000)).toBe(Infinity);
    expect(p.integral(3000, Infinity)).toBe(5);
    expect(profile([[0, 1]]).integral(0, Infinity)).toBe(Infinity);
  });

  it("rejects a window that ends before it starts", () => {
    expect(errorOf(() => profile([[0, 1]]).integral(10, 5), AssertionError)).toMatch(/must not end \(5 ms\) before it starts \(10 ms\)/);
  });

  it("advances by the exact root of the quadratic on a rising ramp", () => {
    // Rate t/s at t seconds, so the count from 0 is t^2 / 2 and advance(0, c) = sqrt(2c) s.
    const p = profile([[0, 0], [10_000, 10]]);
    expect(p.advance(0, 2)).toBe(2000);
    expect(p.advance(0, 50)).toBe(10_000);
    // 50 on the ramp, then 10 more at the final 10/s takes 1 s.
    expect(p.advance(0, 60)).toBe(11_000);
    expect(p.advance(2000, 6)).toBe(4000); // (16 - 4) / 2 = 6
  });

  it("advances by the smaller root on a falling ramp and to Infinity past its total", () => {
    // Rate 10 - t per second: count 10 t - t^2 / 2 = 32 has roots 4 and 16; only 4 is in range.
    const p = profile([[0, 10], [10_000, 0]]);
    expect(p.advance(0, 32)).toBeCloseTo(4000, 9);
    expect(p.advance(0, 50)).toBe(10_000);
    expect(p.advance(0, 50.001)).toBe(Infinity);
    expect(p.advance(10_000, 1)).toBe(Infinity);
  });

  it("skips a zero-rate stretch and returns the first instant the count is reached", () => {
    const p = profile([[0, 10], [1000, 10], [1000, 0], [5000, 0], [5000, 10]]);
    expect(p.advance(500, 5)).toBe(1000); // reached at the start of the stretch, not inside it
    expect(p.advance(500, 6)).toBe(5100);
    expect(p.advance(2000, 1)).toBe(5100);
    expect(p.advance(-1000, 10)).toBe(0); // before the first point the first rate holds
  });

  it("returns its start for an amount of 0 and Infinity for an infinite amount", () => {
    const p = profile([[0, 3]]);
    expect(p.advance(123, 0)).toBe(123);
    expect(p.advance(123, Infinity)).toBe(Infinity);
    expect(errorOf(() => p.advance(0, -1), AssertionError)).toMatch(/amount must be >= 0/);
    expect(errorOf(() => p.advance(NaN, 1), AssertionError)).toMatch(/start time must be finite/);
  });

  it("reports the peak and mean rate over a window", () => {
    const p = profile([[0, 0], [1000, 100], [2000, 0]]);
    expect(p.peakRatePerS(0, 2000)).toBe(100);
    expect(p.peakRatePerS(0, 500)).toBe(50);
    expect(p.peakRatePerS(1500, 1500)).toBe(50);
    expect(p.meanRatePerS(0, 2000)).toBe(50); // 100 arrivals over 2 s
    expect(p.meanRatePerS(500, 500)).toBe(50);
  });

  it("scales every rate by a factor and rejects a negative one", () => {
    const p = profile([[0, 10], [1000, 20]]).scaled(1.5);
    expect(p.points).toEqual([{ atMs: 0, ratePerS: 15 }, { atMs: 1000, ratePerS: 30 }]);
    expect(errorOf(() => p.scaled(-1), ParameterError)).toBe("factor: must be a finite number >= 0, got -1");
  });

  it("rejects empty, unsorted, negative and non-finite breakpoints, naming the point", () => {
    expect(errorOf(() => RateProfile.fromPoints([]), ParameterError)).toBe("points: needs at least one point, got an empty list");
    expect(errorOf(() => profile([[0, 1], [10, 2], [5, 3]]), ParameterError)).toBe(
      "points[2].atMs: must not be before the previous point (10 ms), got 5; sort them by time",
    );
    expect(errorOf(() => profile([[0, -1]]), ParameterError)).toBe("points[0].ratePerS: must be a finite rate >= 0 per second, got -1");
    expect(errorOf(() => profile([[NaN, 1]]), ParameterError)).toBe("points[0].atMs: must be a finite number of ms, got NaN");
    expect(errorOf(() => profile([[0, Infinity]]), ParameterError)).toMatch(/^points\[0\]\.ratePerS/);
  });

  it("returns frozen breakpoints that do not alias the input", () => {
    const input: RatePoint[] = [{ atMs: 0, ratePerS: 1 }];
    const p = RateProfile.fromPoints(input);
    input[0].ratePerS = 99;
    expect(p.ratePerSAt(0)).toBe(1);
    expect(Object.isFrozen(p.points) && Object.isFrozen(p.points[0])).toBe(true);
  });
});

/** A random profile: 1-8 points, some steps, some zero rates, times around 0. */
function randomPoints(stream: RandomStream): RatePoint[] {
  const count = 1 + Math.floor(stream.next() * 8);
  const points: RatePoint[] = [];
  let atMs = (stream.next() - 0.5) * 10_000;
  for (let i = 0; i < count; i++) {
    if (i > 0 && stream.next() >= 0.2) atMs += stream.next() * 5000; // else a step: same instant
    points.push({ atMs, ratePerS: stream.next() < 0.25 ? 0 : stream.next() * 100 });
  }
  return points;
}

/** The rate by a linear scan of the points: an independent model of `ratePerSAt`. */
function referenceRate(points: RatePoint[], tMs: number, side: "at" | "before"): number {
  let rate = points[0].ratePerS;
  for (let i = 0; i < points.length; i++) {
    const reached = side === "at" ? points[i].atMs <= tMs : points[i].atMs < tMs;
    if (!reached) {
      if (i === 0) return rate;
      const a = points[i - 1];
      const b = points[i];
      return a.ratePerS + ((b.ratePerS - a.ratePerS) * (tMs - a.atMs)) / (b.atMs - a.atMs);
    }
    rate = points[i].ratePerS;
  }
  return rate;
}

/** The count over [from, to] as trapezoids between every breakpoint inside: independent of RateProfile. */
function referenceIntegral(points: RatePoint[], fromMs: number, toMs: number): number {
  const cuts = [fromMs, ...points.map((p) => p.atMs).filter((t) => t > fromMs && t < toMs), toMs];
  let count = 0;
  for (let i = 1; i < cuts.length; i++) {
    count += ((cuts[i] - cuts[i - 1]) * (referenceRate(points, cuts[i - 1], "at") + referenceRate(points, cuts[i], "before"))) / 2000;
  }
  return count;
}

describe("RateProfile properties", () => {
  it("agrees with a linear-scan model on rates and window counts", () => {
    for (const seed of seeds) {
      const stream = new RandomStreams(seed).get("model/rate-profile-test/reference");
      for (let trial = 0; trial < 300; trial++) {
        const points = randomPoints(stream);
        const p = RateProfile.fromPoints(points);
        const a = (stream.next() - 0.5) * 30_000;
        const b = a + stream.next() * 20_000;
        const where = `seed ${seed} trial ${trial}: points ${JSON.stringify(points)}, window [${a}, ${b}]`;
        expect(p.ratePerSAt(a), where).toBeCloseTo(referenceRate(points, a, "at"), 9);
        expect(p.ratePerSBefore(b), where).toBeCloseTo(referenceRate(points, b, "before"), 9);
        // Sums of at most 10 trapezoids of at most ~1000 arrivals: rounding stays below 1e-9.
        expect(Math.abs(p.integral(a, b) - referenceIntegral(points, a, b)), where).toBeLessThan(1e-9);
      }
    }
  });

  it("advances to the smallest time whose count from the start equals the amount", () => {
    for (const seed of seeds) {
      const stream = new RandomStreams(seed).get("model/rate-profile-test/advance");
      for (let trial = 0; trial < 500; trial++) {
        const points = randomPoints(stream);
        const p = RateProfile.fromPoints(points);
        const fromMs = points[0].atMs - 3000 + stream.next() * (points[points.length - 1].atMs - points[0].atMs + 6000);
        // Mostly gap-sized amounts, sometimes far beyond the breakpoints.
        const amount = stream.next() < 0.7 ? -Math.log(1 - stream.next()) : stream.next() * 1000;
        const tMs = p.advance(fromMs, amount);
        const where = `seed ${seed} trial ${trial}: points ${JSON.stringify(points)}, advance(${fromMs}, ${amount}) = ${tMs}`;
        expect(tMs, where).toBeGreaterThanOrEqual(fromMs);
        if (tMs === Infinity) {
          // Never reached: the rate ends at 0 and everything left is less than the amount.
          expect(p.ratePerSAt(Infinity), where).toBe(0);
          expect(p.integral(fromMs, Infinity), where).toBeLessThan(amount + 1e-9);
          continue;
        }
        // Counts here are below ~2000 arrivals; a few dozen roundings of 1e-16 relative each
        // leave errors near 1e-12, so 1e-9 absolute has a wide margin yet catches any real slip.
        expect(Math.abs(p.integral(fromMs, tMs) - amount), where).toBeLessThan(1e-9);
        // Smallest: the rate is not 0 throughout any interval just before the answer.
        const deltaMs = Math.min(tMs - fromMs, 1e-6 * (1 + Math.abs(tMs)));
        expect(p.peakRatePerS(tMs - deltaMs, tMs), where).toBeGreaterThan(0);
        // Composes: two advances equal one advance by the sum.
        const split = amount * stream.next();
        expect(p.advance(p.advance(fromMs, split), amount - split), where).toBeCloseTo(tMs, 5);
      }
    }
  });
});
