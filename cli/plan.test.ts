// `clustersim plan` driven as a subprocess: exit codes 0 (a configuration in range passes),
// 1 (none does: the closest one and the SLO it fails on stderr) and 2 (bad input), the table,
// JSON that does not depend on --workers, and the HTML report with its size-versus-SLO chart.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freshDir, runCliAsync as runCli } from "./test-support/run-cli";

/**
 * M/M/c with c single-core nodes behind a central queue: 50 requests/s, exponential service of
 * mean 100 ms (5 Erlangs). By Erlang C the p90 response time is 340 ms with 6 servers and 256 ms
 * with 7 (engine/plan/mmc-response.ts), so "p90 < 300 ms" needs exactly 7.
 */
const MMC = `
version: 1
name: mmc
seed: 3
run: { duration: 60s, warmup: 5s }
topology:
  regions: [{ name: r, zones: [za, zb] }]
  groups:
    - { name: srv, count: 2, cores: 1, price: 0.05/h }
services:
  - name: svc
    groups: [srv]
    balancer: { policy: central-queue }
    serviceTime: { type: exponential, mean: 100ms }
workload:
  rate: { constant: 50/s }
  classes:
    - { name: req, call: { service: svc } }
slos:
  - name: latency
    latency: { percentile: p90, below: 300ms }
`;

/**
 * MMC with a spike (peak 50/s from 30 s), three zones and health checks: each zone's loss is a
 * crash at the peak, and 5..13 nodes spread unevenly over the zones, so every zone is a case of
 * its own, and a size's cases share their run up to the crash (engine/plan/shared-prefix.ts).
 */
const SPIKE = MMC
  .replace("zones: [za, zb]", "zones: [za, zb, zc]")
  .replace("count: 2,", "count: 5,")
  .replace("balancer: { policy: central-queue }", "balancer: { policy: least-outstanding, healthCheck: { interval: 1s, timeout: 500ms, unhealthyThreshold: 2, healthyThreshold: 2 } }")
  .replace("rate: { constant: 50/s }", "rate: { constant: 40/s, spikes: [{ at: 20s, ramp: 10s, hold: 20s, multiplier: 1.25 }] }");

function scenarioFile(text = MMC): { dir: string; file: string } {
  const dir = freshDir("clustersim-plan-");
  const file = path.join(dir, "mmc.yaml");
  writeFileSync(file, text);
  return { dir, file };
}

describe.concurrent("clustersim plan", () => {
  it("recommends the Erlang C answer with its cost and evidence, and exits 0", async () => {
    const { file } = scenarioFile();
    const outcome = await runCli(["plan", file, "--vary", "topology.groups.srv.count=1..40", "--no-headroom", "-w", "1"]);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/^RECOMMENDATION {2}srv\.count=7$/m);
    // 7 nodes at 0.05/h: 0.35/h, 255.50/month (730 h).
    expect(outcome.stdout).toMatch(/cost {8}\$0\.35\/h · \$255\.50\/month provisioned/);
    expect(outcome.stdout).toMatch(/^srv\.count=6 .* FAIL$/m);
    expect(outcome.stdout).toMatch(/^srv\.count=7 <- .* PASS$/m);
    expect(outcome.stdout).toContain("srv.count: Erlang C says 7, the simulation 7; they agree.");
    expect(outcome.stderr).toMatch(/clustersim plan: srv\.count=7: pass/);
  });

  it("writes the same JSON with 1 and 2 workers, and an HTML report with the curve and the recommendation", async () => {
    const { dir, file } = scenarioFile();
    const common = ["plan", file, "--vary", "topology.groups.srv.count=1..40", "--survive", "node-loss", "--format", "json", "-q"];
    const [one, two] = await Promise.all([
      runCli([...common, "-w", "1", "-o", path.join(dir, "one.json")]),
      runCli([...common, "-w", "2", "-o", path.join(dir, "two.json"), "--report", path.join(dir, "plan.html")]),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const text = readFileSync(path.join(dir, "one.json"), "utf8");
    expect(readFileSync(path.join(dir, "two.json"), "utf8")).toBe(text);
    const report = JSON.parse(text);
    // Surviving the loss of one node takes one more: 8.
    expect(report.recommendation.values).toEqual([8]);
    expect(report.recommendation.cases.map((c: { name: string }) => c.name)).toEqual(["as-written", "node-loss:srv"]);
    expect(report.headroom.absorbed).toBeGreaterThanOrEqual(0);
    const html = readFileSync(path.join(dir, "plan.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("recommended 8");
    expect(html).toContain("confidence band");
    expect(html).not.toContain("<script");
  });

  it("says on stderr how many zone-loss runs went on from a shared run before the crash; the plan is the same", async () => {
    const { dir, file } = scenarioFile(SPIKE);
    const common = ["plan", file, "--vary", "topology.groups.srv.count=1..40", "--survive", "zone-loss", "--format", "json"];
    const [one, two, quiet] = await Promise.all([
      runCli([...common, "-w", "1", "-o", path.join(dir, "one.json")]),
      runCli([...common, "-w", "2", "-o", path.join(dir, "two.json")]),
      runCli([...common, "-w", "2", "-q"]),
    ]);
    const text = readFileSync(path.join(dir, "one.json"), "utf8");
    expect(readFileSync(path.join(dir, "two.json"), "utf8")).toBe(text);
    const report = JSON.parse(text);
    expect(report.recommendation.cases.map((c: { name: string }) => c.name)).toEqual(["as-written", "zone-loss:za", "zone-loss:zb", "zone-loss:zc"]);
    for (const outcome of [one, two]) {
      expect(outcome.code, outcome.stderr).toBe(0);
      const line = /^clustersim plan: (\d+) of the (\d+) runs went on from a shared run before the crash \(same results as from time 0\)$/m.exec(outcome.stderr);
      expect(line, outcome.stderr).not.toBeNull();
      expect(Number(line![1])).toBeGreaterThan(0);
      expect(Number(line![2])).toBe(report.runs);
    }
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toBe(text);
  });

  it("exits 1 when nothing in range passes, naming the closest candidate and the SLO it fails", async () => {
    const { file } = scenarioFile();
    const outcome = await runCli(["plan", file, "--vary", "topology.groups.srv.count=1..5", "--no-headroom", "-q"]);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain("NO CONFIGURATION IN RANGE MEETS EVERY SLO");
    expect(outcome.stderr).toMatch(/^clustersim plan: no configuration in range meets every SLO; closest: srv\.count=5 fails latency \(p90 < 300 ms\) in as-written: /m);
  });

  it("exits 1 for an SLO no size can meet (below the service time itself)", async () => {
    // The p90 of the service time alone is 230 ms: no number of servers gets below 200 ms.
    const { file } = scenarioFile();
    const outcome = await runCli(["plan", file, "--vary", "topology.groups.srv.count=1..64", "--set", "slos.latency.latency.below=200ms", "--no-headroom", "-q"]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/closest: srv\.count=\d+ fails latency \(p90 < 200 ms\)/);
    expect(outcome.stdout).toContain("srv.count: Erlang C says");
  });

  it("exits 2 with one line per problem for bad input", async () => {
    const { file } = scenarioFile();
    const bad = await runCli(["plan", file, "--vary", "topology.groups.srv.count=9..4", "--vary", "topology.groups.svr.count=1..3", "--survive", "rack-loss", "--confidence", "2"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--confidence: expected a level between 0 and 1 (e.g. 0.95), got 2");
    expect(bad.stderr).toContain('--survive: unknown failure case "rack-loss"; expected zone-loss or node-loss');
    expect(bad.stderr).toContain("--vary topology.groups.srv.count: empty range 9..4; write min..max with min <= max");
    expect(bad.stdout).toBe("");
    const missing = await runCli(["plan", file]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/clustersim plan: give at least one --vary/);
    const unknownGroup = await runCli(["plan", file, "--vary", "topology.groups.svr.count=1..3"]);
    expect(unknownGroup.code).toBe(2);
    expect(unknownGroup.stderr).toContain('--vary topology.groups.svr.count: no group named "svr" (did you mean "srv"?)');
  });
});
