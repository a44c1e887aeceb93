// clustersim run --replications through the bin: output does not depend on the number of
// workers, and the table states the SLO rule. (The rule itself: engine/plan/replication-set.test.ts.)
import { describe, expect, it } from "vitest";
import { runCliAsync as runCli, SHORT } from "./test-support/run-cli";

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
