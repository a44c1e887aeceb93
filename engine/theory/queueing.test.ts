import { describe, expect, it } from "vitest";
import { ParameterError } from "../core/assert";
import { RandomStreams } from "../core/rng";
import {
  erlangB,
  erlangC,
  kOfNAvailability,
  kOfNUnavailability,
  md1MeanWaitMs,
  mg1MeanWaitMs,
  mm1MeanResponseMs,
  mm1ResponseQuantileMs,
  mmcMeanResponseMs,
  mmcMeanWaitMs,
  mmcWaitExceedanceProbability,
  mmcWaitQuantileMs,
  offeredLoadErlangs,
  smallestServersForWait,
  steadyStateAvailability,
} from "./queueing";

/**
 * Seeds for the property tests: 1..3 in CI; set CLUSTERSIM_FUZZ_SEEDS=n for seeds 1..n. A failure
 * message starts with the seed that reproduces it.
 */
const seeds = Array.from({ length: Number(process.env.CLUSTERSIM_FUZZ_SEEDS ?? 3) }, (_, i) => i + 1);

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

// Reference values marked "mpmath" were computed with the same recursions in 40-digit
// arithmetic (mpmath 1.3.0); float64 evaluation of these short, well-conditioned recursions
// agrees to about 1e-14, so 1e-12 leaves room without hiding a wrong formula.

describe("Erlang B and C", () => {
  it("gives Erlang B(10 servers, 5 Erlangs) = 0.01838", () => {
    // Tables print 0.01838; mpmath: 0.018384570336648133.
    expect(relativeError(erlangB(10, 5), 0.018384570336648133)).toBeLessThan(1e-12);
    expect(relativeError(erlangB(100, 80), 0.003992028604553197)).toBeLessThan(1e-12);
  });

  it("gives Erlang C(2 servers, 1 Erlang) = 1/3 and C(16, 14.4) = 0.5913", () => {
    // C(2, A) = A^2 / (2 + A) at A = 1 is 1/3; C(16, 14.4) from mpmath.
    expect(relativeError(erlangC(2, 1), 1 / 3)).toBeLessThan(1e-14);
    expect(relativeError(erlangC(16, 14.4), 0.5913433938723897)).toBeLessThan(1e-12);
    expect(relativeError(erlangC(100, 90), 0.21694048090636638)).toBeLessThan(1e-12);
  });

  it("handles the boundaries: no servers, no load, overload", () => {
    expect(erlangB(0, 3)).toBe(1);
    expect(erlangB(4, 0)).toBe(0);
    expect(erlangB(4, Infinity)).toBe(1);
    expect(erlangC(4, 0)).toBe(0);
    expect(erlangC(4, 4)).toBe(1);
    expect(erlangC(4, 9)).toBe(1);
  });

  it("stays finite for thousands of servers where A^c / c! would overflow", () => {
    const blocking = erlangB(5000, 4900);
    expect(blocking).toBeGreaterThan(0);
    expect(blocking).toBeLessThan(0.01);
    expect(Number.isFinite(erlangC(5000, 4900))).toBe(true);
  });

  it("rejects fractional or negative server counts and negative loads", () => {
    expect(() => erlangB(2.5, 1)).toThrow(/^servers:/);
    expect(() => erlangB(-1, 1)).toThrow(ParameterError);
    expect(() => erlangB(3, -1)).toThrow(/^offeredLoadErlangs:/);
    expect(() => erlangB(3, NaN)).toThrow(ParameterError);
    expect(() => erlangC(0, 1)).toThrow(/^servers:/);
  });
});

describe("M/M/c", () => {
  const callCentre = { servers: 16, arrivalRatePerS: 14.4, serviceMeanMs: 1000 };

  it("gives a mean wait of 369.59 ms for 16 servers at 14.4 Erlangs with 1 s service", () => {
    // Wq = C / (c mu - lambda) = 0.59134339 / (16 - 14.4) s = 0.36958962 s (mpmath: 369.58962117024357 ms).
    expect(offeredLoadErlangs(callCentre)).toBeCloseTo(14.4, 12);
    expect(relativeError(mmcMeanWaitMs(callCentre), 369.58962117024357)).toBeLessThan(1e-12);
    expect(relativeError(mmcMeanResponseMs(callCentre), 1369.58962117024357)).toBeLessThan(1e-12);
  });

  it("gives wait quantiles that invert the wait tail P(W > t) = C exp(-(c mu - lambda) t)", () => {
    // 90th percentile: ln(C / 0.1) / ((16 - 14.4) / 1000 ms) = 1110.7666883634666 ms (mpmath).
    expect(relativeError(mmcWaitQuantileMs({ ...callCentre, quantile: 0.9 }), 1110.7666883634666)).toBeLessThan(1e-12);
    for (const quantile of [0.45, 0.5, 0.9, 0.99, 0.999]) {
      const waitMs = mmcWaitQuantileMs({ ...callCentre, quantile });
      expect(relativeError(mmcWaitExceedanceProbability({ ...callCentre, waitMs }), 1 - quantile), `quantile ${quantile}`).toBeLessThan(1e-12);
    }
    // 1 - C = 40.9 % of callers never wait, so every quantile up to there is 0.
    expect(mmcWaitQuantileMs({ ...callCentre, quantile: 0.4 })).toBe(0);
    expect(mmcWaitExceedanceProbability({ ...callCentre, waitMs: 0 })).toBe(erlangC(16, 14.4));
    expect(mmcWaitQuantileMs({ ...callCentre, quantile: 1 })).toBe(Infinity);
  });

  it("reduces to M/M/1 with one server", () => {
    // lambda = 8/s, S = 100 ms: rho = 0.8, Wq = rho S / (1 - rho) = 400 ms, T = S / (1 - rho) = 500 ms.
    const queue = { servers: 1, arrivalRatePerS: 8, serviceMeanMs: 100 };
    expect(relativeError(mmcMeanWaitMs(queue), 400)).toBeLessThan(1e-14);
    expect(relativeError(mm1MeanResponseMs(queue), 500)).toBeLessThan(1e-14);
    expect(relativeError(mmcMeanResponseMs(queue), 500)).toBeLessThan(1e-14);
  });

  it("returns zero waits without arrivals and Infinity, never NaN, at or past saturation", () => {
    expect(mmcMeanWaitMs({ servers: 3, arrivalRatePerS: 0, serviceMeanMs: 50 })).toBe(0);
    expect(mmcWaitQuantileMs({ servers: 3, arrivalRatePerS: 0, serviceMeanMs: 50, quantile: 1 })).toBe(0);
    for (const arrivalRatePerS of [60, 61, 1e9]) {
      const queue = { servers: 3, arrivalRatePerS, serviceMeanMs: 50 }; // A = 3 at 60/s.
      expect(mmcMeanWaitMs(queue)).toBe(Infinity);
      expect(mmcMeanResponseMs(queue)).toBe(Infinity);
      expect(mmcWaitQuantileMs({ ...queue, quantile: 0.5 })).toBe(Infinity);
      expect(mmcWaitExceedanceProbability({ ...queue, waitMs: 1e6 })).toBe(1);
    }
  });

  it("rejects invalid parameters, naming them", () => {
    expect(() => mmcMeanWaitMs({ servers: 0, arrivalRatePerS: 1, serviceMeanMs: 1 })).toThrow(/^servers:/);
    expect(() => mmcMeanWaitMs({ servers: 2, arrivalRatePerS: -1, serviceMeanMs: 1 })).toThrow(/^arrivalRatePerS:/);
    expect(() => mmcMeanWaitMs({ servers: 2, arrivalRatePerS: 1, serviceMeanMs: 0 })).toThrow(/^serviceMeanMs:/);
    expect(() => mmcWaitQuantileMs({ servers: 2, arrivalRatePerS: 1, serviceMeanMs: 1, quantile: 2 })).toThrow(/^quantile:/);
    expect(() => mmcWaitExceedanceProbability({ servers: 2, arrivalRatePerS: 1, serviceMeanMs: 1, waitMs: -1 })).toThrow(/^waitMs:/);
  });
});

describe("single-server queues", () => {
  const queue = { arrivalRatePerS: 8, serviceMeanMs: 100 }; // rho = 0.8

  it("gives M/M/1 response quantiles of an Exp(mu - lambda) response time", () => {
    // Rate mu - lambda = (1 - 0.8) / 100 ms; p99 = ln(100) * 500 ms = 2302.585 ms; median ln 2 * 500 ms.
    expect(relativeError(mm1ResponseQuantileMs({ ...queue, quantile: 0.99 }), Math.log(100) * 500)).toBeLessThan(1e-14);
    expect(relativeError(mm1ResponseQuantileMs({ ...queue, quantile: 0.5 }), Math.LN2 * 500)).toBeLessThan(1e-14);
    expect(mm1ResponseQuantileMs({ ...queue, quantile: 0 })).toBe(0);
    expect(mm1ResponseQuantileMs({ ...queue, quantile: 1 })).toBe(Infinity);
  });

  it("gives the Pollaczek-Khinchine waits: M/D/1 is half of M/M/1", () => {
    // M/D/1: rho S / (2 (1 - rho)) = 0.8 * 100 / 0.4 = 200 ms. M/G/1 with variance S^2
    // (exponential) is the M/M/1 wait 400 ms; variance 3 S^2 gives lambda 4 S^2 / (2 (1 - rho)) = 800 ms.
    expect(relativeError(md1MeanWaitMs(queue), 200)).toBeLessThan(1e-14);
    expect(relativeError(mg1MeanWaitMs({ ...queue, serviceVarianceMs2: 100 ** 2 }), 400)).toBeLessThan(1e-14);
    expect(relativeError(mg1MeanWaitMs({ ...queue, serviceVarianceMs2: 3 * 100 ** 2 }), 800)).toBeLessThan(1e-14);
  });

  it("returns Infinity, never NaN, at or past saturation", () => {
    for (const arrivalRatePerS of [10, 20]) {
      const saturated = { arrivalRatePerS, serviceMeanMs: 100 };
      expect(mm1MeanResponseMs(saturated)).toBe(Infinity);
      expect(mm1ResponseQuantileMs({ ...saturated, quantile: 0.5 })).toBe(Infinity);
      expect(md1MeanWaitMs(saturated)).toBe(Infinity);
      expect(mg1MeanWaitMs({ ...saturated, serviceVarianceMs2: 5 })).toBe(Infinity);
    }
    expect(() => mg1MeanWaitMs({ ...queue, serviceVarianceMs2: -1 })).toThrow(/^serviceVarianceMs2:/);
  });
});

describe("smallestServersForWait", () => {
  it("finds 16 servers for a 370 ms mean wait at 14.4 Erlangs (15 give 1379 ms)", () => {
    // mpmath: Wq(15) = 1378.80 ms, Wq(16) = 369.59 ms.
    const load = { arrivalRatePerS: 14.4, serviceMeanMs: 1000 };
    expect(smallestServersForWait({ ...load, waitTargetMs: 370 })).toBe(16);
    expect(smallestServersForWait({ ...load, waitTargetMs: 369 })).toBe(17);
    expect(smallestServersForWait({ ...load, waitTargetMs: 1e9 })).toBe(15);
  });

  it("returns the first count meeting the target, checked against the direct formulas", () => {
    for (const seed of seeds) {
      const stream = new RandomStreams(seed).get("metrics/queueing-test/servers");
      for (let trial = 0; trial < 200; trial++) {
        const arrivalRatePerS = 1000 * stream.next();
        const serviceMeanMs = 1 + 200 * stream.next();
        const waitTargetMs = 0.01 + 50 * stream.next();
        const quantile = trial % 2 === 0 ? undefined : 0.5 + 0.4999 * stream.next();
        const servers = smallestServersForWait({ arrivalRatePerS, serviceMeanMs, waitTargetMs, quantile });
        const context = `seed ${seed}, trial ${trial}: lambda=${arrivalRatePerS}/s S=${serviceMeanMs}ms target=${waitTargetMs}ms q=${quantile} -> ${servers}`;
        const waitMs = (c: number): number =>
          quantile === undefined
            ? mmcMeanWaitMs({ servers: c, arrivalRatePerS, serviceMeanMs })
            : mmcWaitQuantileMs({ servers: c, arrivalRatePerS, serviceMeanMs, quantile });
        // The search and the direct formulas round differently; allow 1e-9 relative at the edge.
        expect(waitMs(servers), context).toBeLessThanOrEqual(waitTargetMs * (1 + 1e-9));
        if (servers > 1) expect(waitMs(servers - 1), context).toBeGreaterThan(waitTargetMs * (1 - 1e-9));
      }
    }
  });

  it("accepts a zero quantile target: at most 1 - quantile of requests may wait", () => {
    // 4 Erlangs; the smallest c with C(c, 4) <= 0.01.
    const servers = smallestServersForWait({ arrivalRatePerS: 4, serviceMeanMs: 1000, waitTargetMs: 0, quantile: 0.99 });
    expect(erlangC(servers, 4)).toBeLessThanOrEqual(0.01);
    expect(erlangC(servers - 1, 4)).toBeGreaterThan(0.01);
  });

  it("needs one server without load, and reports Infinity when the budget runs out", () => {
    expect(smallestServersForWait({ arrivalRatePerS: 0, serviceMeanMs: 10, waitTargetMs: 1 })).toBe(1);
    expect(smallestServersForWait({ arrivalRatePerS: 1000, serviceMeanMs: 10, waitTargetMs: 1, serversMax: 10 })).toBe(Infinity);
    expect(() => smallestServersForWait({ arrivalRatePerS: 1, serviceMeanMs: 10, waitTargetMs: 0 })).toThrow(/^waitTargetMs:/);
  });
});

describe("availability", () => {
  it("gives MTTF / (MTTF + MTTR)", () => {
    expect(steadyStateAvailability({ mttfMs: 999, mttrMs: 1 })).toBe(0.999);
    expect(steadyStateAvailability({ mttfMs: 5, mttrMs: 0 })).toBe(1);
    expect(steadyStateAvailability({ mttfMs: Infinity, mttrMs: 7 })).toBe(1);
    expect(() => steadyStateAvailability({ mttfMs: 0, mttrMs: 1 })).toThrow(/^mttfMs:/);
    expect(() => steadyStateAvailability({ mttfMs: 1, mttrMs: -1 })).toThrow(/^mttrMs:/);
  });

  it("gives 2-of-3 availability 3 a^2 (1 - a) + a^3", () => {
    // a = 0.99: 0.029403 + 0.970299 = 0.999702; unavailability 3 a (1 - a)^2 + (1 - a)^3 = 0.000298.
    expect(relativeError(kOfNAvailability(2, 3, 0.99), 0.999702)).toBeLessThan(1e-14);
    expect(relativeError(kOfNUnavailability(2, 3, 0.99), 0.000298)).toBeLessThan(1e-12);
  });

  it("keeps the digits of tiny unavailabilities and of large clusters", () => {
    // 1 of 5 at a = 0.999 is down only if all five are: (0.001)^5 = 1e-15.
    expect(relativeError(kOfNUnavailability(1, 5, 0.999), 1e-15)).toBeLessThan(1e-12);
    // 900 of 1000 at a = 0.95 (mpmath): P(fewer up) = 3.9082087230191622e-11. Terms are built
    // from the mode (950) by ratios, about 3 roundings per step, so the tail 50+ steps away
    // carries ~150 ulps of drift (1.7e-14); allow 1e-13.
    expect(relativeError(kOfNUnavailability(900, 1000, 0.95), 3.9082087230191622e-11)).toBeLessThan(1e-13);
    expect(relativeError(kOfNAvailability(900, 1000, 0.95), 0.9999999999609179)).toBeLessThan(1e-13);
    // A million nodes: terms far from the mode underflow to 0 instead of overflowing. Reference
    // scipy.stats.binom.sf(989999, 1e6, 0.99) = 0.5026596147994786 (SciPy 1.17.1, itself good to
    // ~1e-14); the 10^4 steps to the tail's far end add ~3e4 ulps (~3e-12), so allow 1e-11.
    expect(relativeError(kOfNAvailability(990_000, 1_000_000, 0.99), 0.5026596147994786)).toBeLessThan(1e-11);
  });

  it("handles the boundaries: k = 0, a = 0 or 1, n = 0", () => {
    expect(kOfNAvailability(0, 4, 0.3)).toBe(1);
    expect(kOfNAvailability(4, 4, 1)).toBe(1);
    expect(kOfNAvailability(1, 4, 0)).toBe(0);
    expect(kOfNAvailability(0, 0, 0.5)).toBe(1);
    expect(kOfNAvailability(3, 3, 0.9)).toBeCloseTo(0.729, 14);
    expect(() => kOfNAvailability(5, 4, 0.5)).toThrow(/^k:/);
    expect(() => kOfNAvailability(1, 4, 1.5)).toThrow(/^a:/);
    expect(() => kOfNAvailability(1, 2.5, 0.5)).toThrow(/^n:/);
  });
});
