/**
 * True abandonment against M/M/n+G theory (engine/theory/abandonment.ts): M/M/1+D, M/M/c+D and
 * Erlang-A (M/M/c+M). A queued request leaves when its patience runs out wherever it is in the
 * queue, so the probability of waiting, of abandonment and the mean wait of served requests
 * match the formulas; and it leaves the queue-length statistics at once, so the time-average
 * queue obeys Little's law with the waits of everyone who queued, L_q = lambda (E[W; served] +
 * E[patience; abandoned]).
 *
 * Tolerances: 5 standard errors of an independent sample, inflated x3 for the autocorrelation of
 * waits within busy periods (abandonment keeps these queues stable and their relaxation time of
 * the order of the patience, so x3 is generous at these run lengths of 10^5+ arrivals).
 */
import { describe, expect, it } from "vitest";
import type { DistributionSpec } from "../core/distributions";
import { impatientQueue, type Patience } from "../theory/abandonment";
import { runModel } from "./run";
import type { BalancerPolicy } from "./spec";
import { singleTier } from "./test-support/specs";

interface Case { nodes: number; cores: number; policy: BalancerPolicy; ratePerS: number; patience: Patience; hours: number }

function check(c: Case): void {
  const servers = c.nodes * c.cores;
  const patience: DistributionSpec = c.patience.kind === "constant" ? { type: "constant", value: c.patience.ms } : { type: "exponential", mean: c.patience.meanMs };
  const result = runModel(singleTier({ nodes: c.nodes, cores: c.cores, policy: c.policy, ratePerS: c.ratePerS, serviceTime: { type: "exponential", mean: 100 }, durationMs: c.hours * 3_600_000, warmupMs: 60_000, patience }), { seed: 3, engineVersion: "test" });
  const theory = impatientQueue({ servers, arrivalRatePerS: c.ratePerS, serviceMeanMs: 100, patience: c.patience });
  const wait = result.requests.queueWait;
  const n = wait.arrived;
  const se = (p: number) => 3 * 5 * Math.sqrt((p * (1 - p)) / n);
  expect(Math.abs(wait.waitedShare! - theory.waitProbability)).toBeLessThan(se(theory.waitProbability));
  expect(Math.abs(wait.abandonedShare! - theory.abandonProbability)).toBeLessThan(se(theory.abandonProbability));
  // Every failure is an abandonment (no timeout, no queue limit), and the counts agree.
  expect(result.requests.failedByCause.abandoned).toBe(result.requests.failed);
  // Mean wait of served requests: sd below the patience scale; relative 5 SE x3.
  const served = n - wait.abandoned;
  const scaleMs = c.patience.kind === "constant" ? c.patience.ms : c.patience.meanMs;
  expect(Math.abs(wait.waitMs.mean! - theory.meanWaitServedMs)).toBeLessThan((15 * scaleMs) / Math.sqrt(served));
  // Little's law on the queue: abandoned requests leave it when they give up.
  if (c.patience.kind === "constant") {
    const waitAllMs = theory.meanWaitServedMs * (1 - theory.abandonProbability) + c.patience.ms * theory.abandonProbability;
    const expectedQueue = (c.ratePerS / 1000) * waitAllMs;
    expect(Math.abs(result.services[0]!.queueLengthMean / expectedQueue - 1)).toBeLessThan(0.03);
  }
}

describe("abandonment (requests leave a queue when their patience runs out)", () => {
  it("M/M/1+D: overloaded (rho = 1.2) with 300 ms patience", () => {
    check({ nodes: 1, cores: 1, policy: "round-robin", ratePerS: 12, patience: { kind: "constant", ms: 300 }, hours: 3 });
  });

  it("M/M/c+D: four cores at rho = 1 with 100 ms patience", () => {
    check({ nodes: 1, cores: 4, policy: "round-robin", ratePerS: 40, patience: { kind: "constant", ms: 100 }, hours: 1 });
  });

  it("Erlang-A (M/M/c+M): a central queue over 8 nodes at rho = 1, mean patience 200 ms", () => {
    check({ nodes: 8, cores: 1, policy: "central-queue", ratePerS: 80, patience: { kind: "exponential", meanMs: 200 }, hours: 1 });
  });
});
