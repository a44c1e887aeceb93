/**
 * Warm-up is excluded everywhere: every per-request, per-class and per-service counter,
 * latency and wait counts only requests that arrived after warm-up, and the attempts made for
 * them. A fan-out case makes the accounting exact: each measured request sends one attempt to
 * the front and, once the front has served it, `count` to the back; requests of the warm-up
 * period that are still in flight when it ends must appear nowhere.
 */
import { describe, expect, it } from "vitest";
import { runModel } from "./run";
import { singleTier, step } from "./test-support/specs";

describe("warm-up", () => {
  it("keeps every request of the warm-up period out of every counter", () => {
    // Front: 2 cores, Exp(20 ms), at 80/s (rho = 0.8, so the warm-up ends with work in flight).
    // Back: 6 single-core nodes, Exp(10 ms); each request calls it 3 times and waits for all.
    const spec = singleTier({ nodes: 1, cores: 2, ratePerS: 80, serviceTime: { type: "exponential", mean: 20 }, durationMs: 300_000, warmupMs: 100_000 });
    spec.groups.push({ name: "back", count: 6, cores: 1, speed: 1, queueCapacity: Infinity, zoneIndexes: [0], pricePerHour: 1 });
    spec.services.push({ name: "back", groupIndexes: [1], policy: "round-robin", choices: 2, weights: [1], serviceTime: { type: "exponential", mean: 10 }, deadlineAware: false, patience: null });
    spec.classes[0]!.root = step(0, { stages: [{ step: step(1), count: 3, waitFor: 3 }] });
    const result = runModel(spec, { seed: 11, engineVersion: "test" });
    const r = result.requests;
    const [front, back] = result.services;
    expect(r.offered).toBeGreaterThan(15_000);
    // One front attempt per measured request (no retries, no hedges), and exactly those.
    expect(front!.attempts).toBe(r.offered);
    expect(front!.succeeded).toBe(r.succeeded);
    expect(front!.queueWait.arrived).toBe(r.offered);
    // Three back attempts per measured request the front served: between 3 x completed and 3 x offered.
    expect(back!.attempts).toBeLessThanOrEqual(3 * r.offered);
    expect(back!.attempts).toBeGreaterThanOrEqual(3 * r.completed);
    expect(back!.succeeded).toBeLessThanOrEqual(back!.attempts);
    // The waits of the class and overall are those of both hops' attempts.
    expect(r.queueWait.arrived).toBe(front!.queueWait.arrived + back!.queueWait.arrived);
    // Latency histograms hold one value per counted success.
    expect(r.histogram.count).toBe(r.succeeded);
    // Cost: the total covers the whole run (7 nodes at 1 per hour for 300 s), measuredPeriod the 200 s after warm-up.
    expect(result.cost.total).toBeCloseTo((7 * 300) / 3600, 9);
    expect(result.cost.measuredPeriod).toBeCloseTo((7 * 200) / 3600, 9);
  });
});
