// Replications: the SLO rule on hand-made outcomes, and through the bin that output does not
// depend on the number of workers.
import { describe, expect, it } from "vitest";
import type { SloOutcome } from "../engine";
import { judgeReplicated } from "./replications";
import { runCliAsync as runCli, SHORT } from "./test-support/run-cli";

function latency(measured: number | null, thresholdMs = 100): SloOutcome {
  return { name: "p99", kind: "latency", class: "all", passed: measured !== null && measured < thresholdMs, objective: `p99 < ${thresholdMs} ms`, measured, target: thresholdMs, windowsMeetingShare: null, errorBudget: null };
}

function availability(measured: number, target = 0.999): SloOutcome {
  return { name: "avail", kind: "availability", class: "all", passed: measured >= target, objective: `availability >= ${target * 100}%`, measured, target, windowsMeetingShare: null, errorBudget: null };
}

describe("the SLO rule for replications", () => {
  it("passes a latency SLO when the upper end of the 95% confidence interval is below the threshold", () => {
    // mean 90, s = 1, n = 3: half-width = t(0.975, 2) * 1 / sqrt(3) = 4.303 / 1.732 = 2.48, so [87.5, 92.5].
    const slo = judgeReplicated([latency(89), latency(90), latency(91)]);
    expect(slo.measured.mean).toBe(90);
    expect(slo.measured.halfWidth).toBeCloseTo(2.484, 3);
    expect(slo.passed).toBe(true);
    expect(slo.replicationsPassed).toBe(3);
  });

  it("fails a latency SLO whose mean meets the threshold when the interval reaches past it", () => {
    // mean 95, s = 5, n = 3: half-width = 4.303 * 5 / 1.732 = 12.4, so the interval reaches 107 > 100.
    const slo = judgeReplicated([latency(90), latency(95), latency(100.0 - 0)]);
    expect(slo.measured.mean).toBe(95);
    expect(slo.measured.high!).toBeGreaterThan(100);
    expect(slo.passed).toBe(false);
    expect(slo.replicationsPassed).toBe(2);
  });

  it("passes an availability SLO only when the lower end of the interval reaches the target", () => {
    expect(judgeReplicated([availability(0.9995), availability(0.9996), availability(0.9994)]).passed).toBe(true);
    // Mean 0.9992 is above 0.999, but with this spread the lower end (about 0.9975) is not.
    expect(judgeReplicated([availability(0.9999), availability(0.9985), availability(0.9992)]).passed).toBe(false);
  });

  it("passes with zero spread when every replication measured the same passing value", () => {
    expect(judgeReplicated([availability(1), availability(1)]).passed).toBe(true);
  });

  it("fails when a replication has no measurement", () => {
    expect(judgeReplicated([latency(10), latency(null), latency(10)]).passed).toBe(false);
  });

  it("fails a latency SLO whose windows requirement was missed in one replication", () => {
    const missedWindows = { ...latency(10), passed: false, windowsMeetingShare: 0.5 };
    expect(judgeReplicated([latency(10), missedWindows, latency(11)]).passed).toBe(false);
  });
});

describe.concurrent("clustersim run --replications", () => {
  const args = ["run", "three-tier", ...SHORT, "-r", "3", "-q"];

  it("writes the same replication set, byte for byte, with 1 and with 2 workers", async () => {
    const [one, two] = await Promise.all([runCli([...args, "--json", "-w", "1"]), runCli([...args, "--json", "-w", "2"])]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const set = JSON.parse(one.stdout);
    expect(set.kind).toBe("clustersim-replications");
    expect(set.results.map((r: { seed: number }) => r.seed)).toEqual([42, 43, 44]);
    expect(set.metrics.latencyP99Ms.n).toBe(3);
    expect(set.slosPassed).toBe(true);
  });

  it("reports the mean and 95% confidence interval of each metric and states the SLO rule", async () => {
    const outcome = await runCli(args);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout.split("\n")[0]).toContain("three-tier · seeds 42…44 (3 replications)");
    expect(outcome.stdout).toMatch(/^latency p99\s+[\d.]+ ms\s+± [\d.]+ (ms|µs)$/m);
    expect(outcome.stdout).toMatch(/^checkout-p99\s+checkout\s+p99 < 300 ms\s+[\d.]+ ms\s+± [\d.]+ (ms|µs)\s+3\/3\s+PASS$/m);
    expect(outcome.stdout).toContain("SLO rule: an SLO passes when the 95% confidence interval of its measured value");
  });

  it("writes one CSV row per seed", async () => {
    const outcome = await runCli([...args, "--format", "csv"]);
    const rows = outcome.stdout.trimEnd().split("\n");
    expect(rows.map((row) => row.split(",").slice(0, 2).join(","))).toEqual(["scenario,seed", "three-tier,42", "three-tier,43", "three-tier,44"]);
  });
});
