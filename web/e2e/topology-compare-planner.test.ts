/**
 * Topology, timeline, fork, compare and planner in a real browser, on a short three-tier run
 * in which two web nodes crash: the scrubber shows them down at the next event, a fork from
 * that moment replays the run exactly until it, compare shows two runs and two replicated
 * variants with confidence intervals, and the planner (the engine's planCapacity over the page's
 * workers) recommends the size `clustersim plan` recommends for the same inputs, with the same
 * headroom.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { beforeAll, describe, expect, it } from "vitest";
import { freshDir, runCliAsync } from "../../cli/test-support/run-cli";
import { headroomText, simulate, type PlanReport } from "../../engine/index";
import { runPlanner, screenshot, shareFragment, useApp, waitForRunStatus } from "./support";

const scenario = readFileSync(new URL("../../scenarios/three-tier.yaml", import.meta.url), "utf8")
  .replace(/duration: \S+/, "duration: 60s").replace(/warmup: \S+/, "warmup: 5s")
  + "faults:\n  - { type: crash, group: web, count: 2, at: 15s, for: 15s }\n";

const app = useApp({ fragment: async () => `#${await shareFragment(scenario, { seed: 4 })}` });

beforeAll(async () => {
  expect(await waitForRunStatus(app.page)).toBe("done");
});

describe("topology and timeline", () => {
  it("marks the crash on the charts as a shaded band and lists it on the timeline", async () => {
    const expected = simulate(scenario, { seed: 4 });
    expect(Number(await app.page.getAttribute(".timeline-table", "data-events"))).toBe(expected.timeline.length);
    expect(await app.page.$$eval("#chart-latency .event-band.band-fault", (marks) => marks.length)).toBeGreaterThan(0);
    expect(await app.page.$$eval('#chart-nodes path[data-key="group/web/nodesUp"]', (p) => p.length)).toBe(1);
  });

  it("shows the nodes down at the next event and every node's state over the run", async () => {
    await app.page.click('a[data-route="topology"]');
    await app.page.waitForSelector('[data-testid="scrubber"]');
    const initial = JSON.parse((await app.page.getAttribute('[data-testid="topology-summary"]', "data-states"))!) as Record<string, number>;
    expect(initial).toEqual({ up: 20 });
    await app.page.click('button[data-action="next-event"]');
    await app.page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid="topology-summary"]')!.getAttribute("data-states")!).down === 2, undefined, { polling: 50 });
    expect(await app.page.textContent('[data-testid="scrubber-time"]')).toMatch(/^0:15(\.0+)?$/);
    expect(await app.page.$$eval('rect[data-state="down"]', (nodes) => nodes.map((n) => n.getAttribute("data-node")!.replace(/-\d+$/, "")))).toEqual(["web", "web"]);
    expect(Number(await app.page.getAttribute(".timeline-box svg", "data-rows"))).toBe(20);
    await screenshot(app.page, "topology");
  });

  it("steps the scrubber with the keyboard", async () => {
    const before = await app.page.inputValue('[data-testid="scrubber"]');
    await app.page.focus('[data-testid="scrubber"]');
    await app.page.keyboard.press("ArrowRight");
    await app.page.waitForFunction((value) => (document.querySelector('[data-testid="scrubber"]') as HTMLInputElement).value !== value, before, { polling: 50 });
    expect(Number(await app.page.inputValue('[data-testid="scrubber"]'))).toBeGreaterThan(Number(before));
  });

  it("forks from the scrubber's moment and compares: identical until the fork", async () => {
    await app.page.selectOption(".fork-box select", "traffic");
    await app.page.fill(".fork-box input", "3");
    await app.page.click('button[data-action="fork"]');
    await app.page.waitForSelector('[data-testid="fork-prefix"]', { timeout: 90_000 });
    const prefix = await app.page.textContent('[data-testid="fork-prefix"]');
    const match = /first (\d+) of (\d+) windows/.exec(prefix!);
    expect(Number(match![1])).toBeGreaterThan(0);
    expect(Number(match![1])).toBeLessThan(Number(match![2]));
    const throughput = await app.page.$eval('[data-testid="compare-table"] tr[data-metric="goodputPerS"]', (row) => [Number(row.getAttribute("data-a")), Number(row.getAttribute("data-b"))]);
    expect(throughput[1]!).toBeGreaterThan(throughput[0]! * 1.5);
    await screenshot(app.page, "compare-fork");
  });

  it("compares two variants with replications, confidence intervals and a test", async () => {
    await app.page.fill('textarea >> nth=1', "topology.groups.app.cores=2\nrun.duration=20s");
    await app.page.fill('textarea >> nth=0', "run.duration=20s");
    await app.page.fill('input[inputmode="numeric"] >> nth=0', "2");
    await app.page.click('button[data-action="run-variants"]');
    await app.page.waitForSelector('[data-testid="variant-status"][data-status="done"]', { timeout: 90_000 });
    const caption = await app.page.textContent('[data-testid="compare-table"] caption');
    expect(caption).toMatch(/95% confidence intervals/);
    const p99 = await app.page.$eval('[data-testid="compare-table"] tr[data-metric="latencyP99Ms"]', (row) => [Number(row.getAttribute("data-a")), Number(row.getAttribute("data-b"))]);
    expect(p99[1]!).toBeGreaterThan(p99[0]!); // fewer app cores: slower
    await screenshot(app.page, "compare-variants");
  });
});

describe("the planner", () => {
  it("plans a size with the engine's planner over the worker pool, and recommends what clustersim plan does", async () => {
    // The same scenario text, variable, seeds, seed and overrides through the CLI bundle, meanwhile.
    const dir = freshDir("clustersim-planner-");
    writeFileSync(path.join(dir, "three-tier-crash.yaml"), scenario);
    const cli = runCliAsync(["plan", "three-tier-crash.yaml", "--vary", "topology.groups.app.count=1..4", "--set", "run.duration=20s", "--set", "faults=[]",
      "--replications-min", "2", "--replications-max", "4", "--seed", "4", "--format", "json", "-q", "-w", "1"], { cwd: dir });
    await app.page.click('a[data-route="planner"]');
    await runPlanner(app.page, { knob: "topology.groups.app.count", from: "1", to: "4", replicationsMin: "2", replicationsMax: "4", extra: "run.duration=20s, faults=[]", headroom: true });
    const outcome = await cli;
    expect(outcome.code, outcome.stderr).toBe(0);
    const report = JSON.parse(outcome.stdout) as PlanReport;
    expect(report.recommendation).not.toBeNull();
    expect(await app.page.getAttribute('[data-testid="recommendation"]', "data-value")).toBe(String(report.recommendation!.values[0]));
    expect(await app.page.getAttribute('[data-testid="recommendation"]', "data-runs")).toBe(String(report.runs));
    // The headroom search too: the same growth absorbed, in the CLI's words.
    expect(report.headroom).not.toBeNull();
    expect(await app.page.getAttribute('[data-testid="planner-headroom"]', "data-absorbed")).toBe(String(report.headroom!.absorbed));
    expect(await app.page.textContent('[data-testid="planner-headroom"]')).toContain(headroomText(report)!);
    const rows = await app.page.$$eval('[data-testid="planner-table"] tbody tr', (r) => r.map((row) => [row.getAttribute("data-value"), row.getAttribute("data-verdict")]));
    const tried = [...report.candidates].sort((a, b) => a.indexes[0]! - b.indexes[0]!).map((c) => [String(c.values[0]), c.verdict]);
    expect(rows).toEqual(tried);
    // Sizes the overload bound rejected without a run have no evidence, so no point on the curve.
    const run = report.candidates.filter((c) => c.runs > 0).length;
    expect(await app.page.$$eval("#chart-plan-latency path.series-line", (p) => Number(p[0]!.getAttribute("data-points")))).toBe(run);
    // Bands stay in each metric's range (no negative latency, no availability above 100 %),
    // and both axes of every chart have titles.
    const bands = await app.page.$$eval("figure.chart path.band", (paths) => paths.map((p) => ({ chart: p.closest("figure")!.id, low: p.getAttribute("data-low-min"), high: p.getAttribute("data-high-max") })));
    expect(bands.some((b) => b.chart === "chart-plan-availability" && b.high !== "")).toBe(true);
    for (const band of bands.filter((b) => b.low !== "")) {
      expect(Number(band.low), band.chart).toBeGreaterThanOrEqual(0);
      if (band.chart === "chart-plan-availability") expect(Number(band.high)).toBeLessThanOrEqual(1);
    }
    const titles = await app.page.$$eval("#chart-plan-latency svg[role=img], #chart-plan-availability svg[role=img], #chart-plan-cost svg[role=img]", (svgs) => svgs.map((svg) => [svg.querySelector(".axis-title-x")?.textContent, svg.querySelector(".axis-title-y")?.textContent]));
    expect(titles).toEqual([
      ["topology.groups.app.count", "latency"], ["topology.groups.app.count", "share of requests or windows"], ["topology.groups.app.count", "cost per hour"],
    ]);
    await screenshot(app.page, "planner");
    expect(app.errors).toEqual([]);
  });
});
