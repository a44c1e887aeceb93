/**
 * The model against queueing theory. Each test runs a scenario with a closed-form answer and
 * checks the simulated value within a tolerance derived from the run length.
 *
 * Tolerance derivation: response times in a stable queue are autocorrelated, so the standard
 * error of a run's mean is larger than sigma/sqrt(n). For M/M/1 the asymptotic variance of the
 * sample mean of waiting times is about sigma^2 (1 + rho)... ; rather than lean on one formula
 * we use batch means where it matters and otherwise a generous 5 x the i.i.d. standard error
 * inflated by the relaxation factor 1/(1 - rho)^2 (Whitt 1989, "Planning queueing simulations"),
 * which is the dominant term of the integrated autocorrelation at these loads.
 */
import { describe, expect, it } from "vitest";
import { erlangB, md1MeanWaitMs, mm1MeanResponseMs, mm1ResponseQuantileMs, mmcMeanWaitMs } from "../theory/queueing";
import { runModel } from "./run";
import { singleTier } from "./test-support/specs";

const ENGINE = "test";

/** Relative tolerance for a mean over n requests at utilisation rho (see file comment). */
function relativeTolerance(n: number, rho: number, cv = 1): number {
  return (5 * cv) / Math.sqrt(n) / (1 - rho);
}

describe("model vs queueing theory", () => {
  it("M/M/1: mean response time 1/(mu - lambda) and p99 ln(100)/(mu - lambda)", () => {
    // lambda = 8/s, mu = 10/s (mean service 100 ms): rho = 0.8, mean response 500 ms.
    const spec = singleTier({ nodes: 1, cores: 1, ratePerS: 8, serviceTime: { type: "exponential", mean: 100 }, durationMs: 20_000_000, warmupMs: 100_000 });
    const result = runModel(spec, { seed: 11, engineVersion: ENGINE });
    const n = result.requests.succeeded;
    const expectedMean = mm1MeanResponseMs({ arrivalRatePerS: 8, serviceMeanMs: 100 });
    expect(expectedMean).toBeCloseTo(500, 6);
    const tol = relativeTolerance(n, 0.8);
    expect(Math.abs(result.requests.latencyMs.mean! / expectedMean - 1)).toBeLessThan(tol);
    // Response time is exponential with rate mu - lambda: p99 = ln(100) * 500 ms = 2302.6 ms.
    const expectedP99 = mm1ResponseQuantileMs({ arrivalRatePerS: 8, serviceMeanMs: 100, quantile: 0.99 });
    expect(Math.abs(result.requests.latencyMs.p99! / expectedP99 - 1)).toBeLessThan(2 * tol);
    expect(result.groups[0]!.utilisation!).toBeCloseTo(0.8, 1);
    // Per service: utilisation rho, time-average in flight L = rho / (1 - rho) = 4 and queued
    // Lq = rho^2 / (1 - rho) = 3.2 (Little's law on the hop); same relative tolerance as W.
    const service = result.services[0]!;
    expect(Math.abs(service.utilisation! / 0.8 - 1)).toBeLessThan(0.02);
    expect(Math.abs(service.inFlightMean / 4 - 1)).toBeLessThan(tol);
    expect(Math.abs(service.queueLengthMean / 3.2 - 1)).toBeLessThan(1.25 * tol);
    expect(service.inFlightMax).toBeGreaterThan(service.queueLengthMax);
  });

  it("M/M/c (one node, 16 cores): mean queue wait matches Erlang C", () => {
    // c = 16, lambda = 14.4/s, mean service 1 s: Erlang C mean wait 369.6 ms.
    const spec = singleTier({ nodes: 1, cores: 16, ratePerS: 14.4, serviceTime: { type: "exponential", mean: 1000 }, durationMs: 40_000_000, warmupMs: 100_000 });
    const result = runModel(spec, { seed: 5, engineVersion: ENGINE });
    const expectedWaitMs = mmcMeanWaitMs({ servers: 16, arrivalRatePerS: 14.4, serviceMeanMs: 1000 });
    const waitMs = result.requests.latencyMs.mean! - 1000;
    // The wait is a small difference of two large numbers: judge it against the response
    // time's standard error (response sd ~ 1.1 s), inflated for rho = 0.9.
    const n = result.requests.succeeded;
    const seMs = (1100 / Math.sqrt(n)) / (1 - 0.9);
    expect(Math.abs(waitMs - expectedWaitMs)).toBeLessThan(5 * seMs);
    expect(result.groups[0]!.utilisation!).toBeCloseTo(0.9, 2);
  });

  it("Erlang B: c cores and no queue block a share B(c, A) of arrivals", () => {
    // c = 10, offered load A = 5 Erlangs (lambda = 50/s, mean 100 ms): B = 0.01838.
    const spec = singleTier({ nodes: 1, cores: 10, queueCapacity: 0, ratePerS: 50, serviceTime: { type: "exponential", mean: 100 }, durationMs: 4_000_000 });
    const result = runModel(spec, { seed: 3, engineVersion: ENGINE });
    const blocked = result.requests.failedByCause.rejected / result.requests.completed;
    const expected = erlangB(10, 5);
    // Binomial SE sqrt(B(1-B)/n) with n = 200k arrivals is 0.0003; blocking events cluster in
    // busy periods, so allow 5 SE x 3.
    const se = Math.sqrt((expected * (1 - expected)) / result.requests.completed);
    expect(Math.abs(blocked - expected)).toBeLessThan(15 * se);
  });

  it("M/D/1: mean wait matches Pollaczek–Khinchine rho / (2 mu (1 - rho))", () => {
    // lambda = 7/s, constant service 100 ms: rho = 0.7, wait = 0.7 * 100 / (2 * 0.3) = 116.7 ms.
    const spec = singleTier({ nodes: 1, cores: 1, ratePerS: 7, serviceTime: { type: "constant", value: 100 }, durationMs: 10_000_000, warmupMs: 10_000 });
    const result = runModel(spec, { seed: 9, engineVersion: ENGINE });
    const expectedWait = md1MeanWaitMs({ arrivalRatePerS: 7, serviceMeanMs: 100 });
    const wait = result.requests.latencyMs.mean! - 100;
    const tol = relativeTolerance(result.requests.succeeded, 0.7);
    expect(Math.abs(wait / expectedWait - 1)).toBeLessThan(tol * 3);
  });

  it("random dispatch to n single-core nodes behaves as n independent M/M/1 queues", () => {
    // 4 nodes, total lambda = 28/s split at random: each node sees Poisson(7/s), mu = 10/s.
    const spec = singleTier({ nodes: 4, cores: 1, ratePerS: 28, policy: "random", serviceTime: { type: "exponential", mean: 100 }, durationMs: 5_000_000, warmupMs: 10_000 });
    const result = runModel(spec, { seed: 21, engineVersion: ENGINE });
    const expected = mm1MeanResponseMs({ arrivalRatePerS: 7, serviceMeanMs: 100 }); // 333.3 ms
    const tol = relativeTolerance(result.requests.succeeded, 0.7);
    expect(Math.abs(result.requests.latencyMs.mean! / expected - 1)).toBeLessThan(tol);
    for (const node of result.nodes) expect(node.utilisation!).toBeGreaterThan(0.66);
    for (const node of result.nodes) expect(node.utilisation!).toBeLessThan(0.74);
  });

  it("satisfies Little's law L = lambda W on the reported numbers", () => {
    const spec = singleTier({ nodes: 3, cores: 2, ratePerS: 50, policy: "least-outstanding", serviceTime: { type: "lognormal", median: 80, p99: 400 }, durationMs: 2_000_000, warmupMs: 20_000 });
    const result = runModel(spec, { seed: 4, engineVersion: ENGINE });
    const { meanInSystem, predictedInSystem } = result.littlesLaw;
    // Boundary effects (requests straddling warm-up and the end) are O(L * W / T): tiny here.
    expect(Math.abs(meanInSystem / predictedInSystem! - 1)).toBeLessThan(0.01);
  });
});
