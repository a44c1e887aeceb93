/**
 * Per-request queue waits against closed forms: M/M/1 and M/M/c (Erlang C) probability of
 * waiting, mean wait and P(W > t) (through the wait quantiles, P(W > t_q) = 1 - q), on a node's
 * own FIFO and on a central queue; and power-of-two choices at large n against its mean field
 * (Mitzenmacher 2001, Vvedenskaya et al. 1996: the share of servers with at least k jobs is
 * lambda^((d^k - 1)/(d - 1)), so an arrival waits with probability lambda^d).
 *
 * Tolerances: a share or mean over n waits of a queue at utilisation rho is autocorrelated; as
 * in scenarios/validation, we allow 5 standard errors of an independent sample inflated by the
 * relaxation factor 1/(1 - rho) (Whitt 1989), plus the histogram's 0.5 % relative accuracy
 * for quantiles. Each test states the bound it uses.
 */
import { describe, expect, it } from "vitest";
import { erlangC, mmcMeanWaitMs, mmcWaitQuantileMs } from "../theory/queueing";
import { runModel } from "./run";
import { singleTier, step } from "./test-support/specs";
import type { BalancerPolicy } from "./spec";

const ENGINE = "test";

function mmc(servers: number, cores: number, policy: BalancerPolicy, ratePerS: number, serviceMeanMs: number, durationMs: number) {
  return runModel(singleTier({ nodes: servers, cores, policy, ratePerS, serviceTime: { type: "exponential", mean: serviceMeanMs }, durationMs, warmupMs: 60_000 }), { seed: 7, engineVersion: ENGINE });
}

/** Checks waitedShare, mean wait and the p90/p99 waits of `wait` against M/M/c with c servers. */
function expectMmc(wait: { arrived: number; waitedShare: number | null; waitMs: { mean: number | null; p90: number | null; p99: number | null } }, c: number, ratePerS: number, serviceMeanMs: number): void {
  const queue = { servers: c, arrivalRatePerS: ratePerS, serviceMeanMs };
  const rho = (ratePerS * serviceMeanMs) / 1000 / c;
  const n = wait.arrived;
  const inflate = 1 / (1 - rho);
  const C = erlangC(c, rho * c);
  expect(Math.abs(wait.waitedShare! - C)).toBeLessThan((5 * Math.sqrt((C * (1 - C)) / n)) * inflate);
  // The wait's sd is below sqrt(2 C) / (c mu - lambda) (mixture of 0 and an exponential).
  const meanWait = mmcMeanWaitMs(queue);
  const sd = Math.sqrt(2 * C) * (meanWait / C);
  expect(Math.abs(wait.waitMs.mean! - meanWait)).toBeLessThan(5 * (sd / Math.sqrt(n)) * inflate);
  for (const [q, got] of [[0.9, wait.waitMs.p90!], [0.99, wait.waitMs.p99!]] as const) {
    const expected = mmcWaitQuantileMs({ ...queue, quantile: q });
    // A quantile's relative error is about the exceedance's: sqrt((1 - q) q / n) / (1 - q), inflated; plus 0.5 %.
    const tol = 5 * (Math.sqrt(q * (1 - q) / n) / (1 - q)) * inflate + 0.005;
    expect(Math.abs(got / expected - 1)).toBeLessThan(tol);
  }
}

describe("queue waits per request", () => {
  it("M/M/1: waits with probability rho, mean rho/(mu - lambda), P(W > t) = rho e^{-(mu - lambda) t}", () => {
    const result = mmc(1, 1, "round-robin", 8, 100, 4 * 3_600_000);
    expectMmc(result.requests.queueWait, 1, 8, 100);
    // One class, one hop: the overall, class and service figures are the same waits.
    expect(result.services[0]!.queueWait).toEqual(result.requests.queueWait);
    expect(result.classes[0]!.queueWait).toEqual(result.requests.queueWait);
    // Every arrival is either served or still in the system: arrived = offered here.
    expect(result.requests.queueWait.arrived).toBe(result.requests.offered);
  });

  it("M/M/c on one node with c cores: Erlang C probability of waiting and P(W > t)", () => {
    expectMmc(mmc(1, 4, "round-robin", 30, 100, 2 * 3_600_000).requests.queueWait, 4, 30, 100);
  });

  it("M/M/c as a central queue over c single-core nodes: the wait includes the time in the central queue", () => {
    expectMmc(mmc(8, 1, "central-queue", 68, 100, 2 * 3_600_000).requests.queueWait, 8, 68, 100);
  });

  it("splits waits by class: the classes' attempts add up to the overall, and both see the same queue", () => {
    // Two classes sharing one M/M/2 node (rho = 0.8), 3:1. By PASTA both see the same
    // probability of waiting; each class's share has a binomial SE inflated by 1/(1 - rho); 5 SE.
    const spec = singleTier({ nodes: 1, cores: 2, ratePerS: 16, serviceTime: { type: "exponential", mean: 100 }, durationMs: 3_600_000, warmupMs: 60_000 });
    spec.classes[0]!.weight = 3;
    spec.classes.push({ name: "minor", weight: 1, root: step(0) });
    const result = runModel(spec, { seed: 9, engineVersion: ENGINE });
    const [major, minor] = result.classes.map((c) => c.queueWait);
    const all = result.requests.queueWait;
    expect(major!.arrived + minor!.arrived).toBe(all.arrived);
    expect(major!.queued + minor!.queued).toBe(all.queued);
    expect(major!.arrived / all.arrived).toBeCloseTo(0.75, 1);
    const c = erlangC(2, 1.6);
    for (const w of [major!, minor!]) expect(Math.abs(w.waitedShare! - c)).toBeLessThan(5 * Math.sqrt((c * (1 - c)) / w.arrived) * 5);
  });

  it("power of two choices at n = 100: an arrival waits with probability lambda^2 (mean field)", () => {
    // 100 single-core nodes at lambda = 0.9 per server. Mean field: s_k = lambda^(2^k - 1), so
    // P(wait) = s_1^2 = 0.81 and the mean queue per server is sum_{k>=2} s_k; Little gives the
    // mean wait. At finite n, P(wait) = E[(B/n)^2] for B busy servers: lambda^2 + Var(B)/n^2,
    // a correction O(1/n) (about 0.001 here); we allow 0.01. The mean wait converges more
    // slowly (the queue-length tail is where finite n differs); we allow 8 %.
    const lambda = 0.9;
    const result = mmc(100, 1, "power-of-choices", 100 * lambda * 10, 100, 1_200_000);
    const wait = result.requests.queueWait;
    expect(Math.abs(wait.waitedShare! - lambda ** 2)).toBeLessThan(0.01);
    let queuePerServer = 0;
    for (let k = 2; k < 40; k++) queuePerServer += lambda ** (2 ** k - 1);
    const meanWaitMs = (queuePerServer / lambda) * 100;
    expect(Math.abs(wait.waitMs.mean! / meanWaitMs - 1)).toBeLessThan(0.08);
  });
});
