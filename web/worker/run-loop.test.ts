import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resultDigest, serializeResult, simulate } from "../../engine/index";
import { nextSliceSize, runScenario, type RunLoopHost } from "./run-loop";
import { runKey, SnapshotStore } from "./snapshot-store";
import { appendColumns, appendHeatmap, packSeries, type Heatmap, type RunProgressReport, type SeriesColumns } from "./run-protocol";

const threeTier = readFileSync(new URL("../../scenarios/three-tier.yaml", import.meta.url), "utf8");
const overrides = ["run.duration=12s", "run.warmup=2s", "run.window=1s", "workload.rate.constant=500/s"];

/** A host with a fake clock that advances 50 ms per read, so reports and yields happen every slice. */
function fakeHost(options: { cancelAfterYields?: number; onProgress?: (r: RunProgressReport) => void } = {}): RunLoopHost & { yields: number } {
  let now = 0;
  const host = {
    yields: 0,
    clockMs: () => (now += 50),
    yieldNow: async () => { host.yields++; },
    isCancelled: () => options.cancelAfterYields !== undefined && host.yields >= options.cancelAfterYields,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  return host;
}

describe("the worker's run loop", () => {
  it("gives the same Result bytes as simulate() for the same scenario, seed and overrides", async () => {
    const outcome = await runScenario({ scenarioText: threeTier, files: {}, seed: 7, overrides, withSeries: true, withJson: true }, fakeHost());
    const expected = simulate(threeTier, { seed: 7, overrides });
    expect(outcome.kind).toBe("done");
    if (outcome.kind !== "done") return;
    expect(outcome.digest).toBe(resultDigest(expected));
    expect(outcome.resultJson).toBe(serializeResult(expected));
    expect(outcome.summary.seed).toBe(7);
    expect(outcome.series!.columns.latencyP99Ms!.length).toBe(expected.series.startMs.length);
  });

  it("holds for the page before every slice when paced, with the same Result bytes", async () => {
    const plain = await runScenario({ scenarioText: threeTier, files: {}, seed: 7, overrides, withJson: true }, fakeHost());
    let holds = 0;
    let slices = 0;
    const host = { ...fakeHost({ onProgress: () => { slices++; } }), holdForPage: () => { holds++; } };
    const paced = await runScenario({ scenarioText: threeTier, files: {}, seed: 7, overrides, withJson: true }, host);
    expect(paced.kind).toBe("done");
    if (paced.kind !== "done" || plain.kind !== "done") return;
    expect(paced.resultJson).toBe(plain.resultJson);
    // One hold per slice; a slice reports progress at most once (and the last one does not).
    expect(slices).toBeGreaterThan(3);
    expect(holds).toBeGreaterThan(slices);
  });

  it("streams live windows whose concatenation is the final series", async () => {
    let live: SeriesColumns | undefined;
    let heat: Heatmap | undefined;
    const host = fakeHost({ onProgress: (report) => {
      if (!report.chunk) return;
      live = appendColumns(live, report.chunk.series);
      heat = appendHeatmap(heat, report.chunk.heatmap);
    } });
    const outcome = await runScenario({ scenarioText: threeTier, files: {}, overrides, live: true, withSeries: true }, host);
    if (outcome.kind !== "done") throw new Error(outcome.kind);
    expect(live!.length).toBeGreaterThan(0);
    expect(live!.length).toBeLessThanOrEqual(outcome.series!.length);
    for (const name of live!.names) {
      expect(Array.from(live!.columns[name]!), name).toEqual(Array.from(outcome.series!.columns[name]!.subarray(0, live!.length)));
    }
    expect(heat!.length).toBe(live!.length);
  });

  it("fills each heatmap row with exactly the window's successful requests", async () => {
    const outcome = await runScenario({ scenarioText: threeTier, files: {}, overrides, withSeries: true }, fakeHost());
    if (outcome.kind !== "done") throw new Error(outcome.kind);
    const heatmap = outcome.heatmap!;
    const bins = heatmap.edgesMs.length - 1;
    const windowS = outcome.series!.windowMs / 1000;
    for (let w = 0; w < heatmap.length - 1; w++) {
      let total = 0;
      for (let b = 0; b < bins; b++) total += heatmap.counts[w * bins + b]!;
      // succeededPerS * window length = successful requests in the window (exact counts).
      expect(total).toBeCloseTo(outcome.series!.columns.succeededPerS![w]! * windowS, 6);
    }
  });

  it("records every node's state at the end of every window", async () => {
    const outcome = await runScenario({ scenarioText: threeTier, files: {}, overrides, withSeries: true }, fakeHost());
    if (outcome.kind !== "done") throw new Error(outcome.kind);
    const nodes = outcome.nodes!;
    const expectedCount = outcome.summary.nodes.length;
    expect(nodes.names).toEqual(outcome.summary.nodes.map((n) => n.name));
    expect(nodes.groups).toEqual(outcome.summary.nodes.map((n) => n.group));
    expect(nodes.zones).toEqual(outcome.summary.nodes.map((n) => n.zone));
    expect(nodes.windows).toBe(outcome.series!.length);
    expect(nodes.states.length).toBe(nodes.windows * expectedCount);
    expect(nodes.states.every((s) => s === 0)).toBe(true); // no faults in three-tier: all up
  });

  it("reports progress as work (expected requests due), so a spike still ahead counts in the time left", async () => {
    // 15 s at 500/s (7,500 requests), then 5 s at 4,500/s (22,500): before the step, the share of
    // work is nowMs / 60 s, a third of the clock's share.
    const spike = [
      "version: 1",
      "name: spike-ahead",
      "run: { duration: 20s, warmup: 0s, window: 1s }",
      "topology: { groups: [{ name: web, count: 8, cores: 4 }] }",
      "services: [{ name: web, groups: [web], serviceTime: { type: exponential, mean: 5ms } }]",
      "workload:",
      "  rate: { steps: [{ at: 0s, rate: 500/s }, { at: 15s, rate: 4500/s }] }",
      "  classes: [{ name: page, call: { service: web } }]",
    ].join("\n");
    const reports: RunProgressReport[] = [];
    const outcome = await runScenario({ scenarioText: spike, files: {} }, fakeHost({ onProgress: (report) => reports.push(report) }));
    expect(outcome.kind).toBe("done");
    const before = reports.filter((r) => r.nowMs > 0 && r.nowMs <= 15_000);
    expect(before.length).toBeGreaterThan(0);
    for (const report of before) {
      expect(report.workShare).toBeCloseTo(report.nowMs / 60_000, 9);
      // The time left is what the work done so far took, times the work left over the work done.
      expect(report.etaMs === null || report.etaMs > 0).toBe(true);
    }
    for (let i = 1; i < reports.length; i++) expect(reports[i]!.workShare).toBeGreaterThanOrEqual(reports[i - 1]!.workShare);
  });

  it("stops at the first yield after a cancel and reports it", async () => {
    const outcome = await runScenario({ scenarioText: threeTier, files: {}, overrides }, fakeHost({ cancelAfterYields: 1 }));
    expect(outcome).toEqual({ kind: "cancelled" });
  });

  it("returns every problem with its path for an invalid scenario", async () => {
    const broken = threeTier.replace(/count: \d+/, "count: -6");
    const line = broken.split("\n").findIndex((l) => l.includes("count: -6")) + 1;
    const outcome = await runScenario({ scenarioText: broken, files: {} }, fakeHost());
    expect(outcome.kind).toBe("invalid");
    if (outcome.kind === "invalid") expect(outcome.problems[0]).toMatchObject({ path: "topology.groups[0].count", line });
  });

  it("sizes slices toward the target time, within a factor of two per step", () => {
    expect(nextSliceSize(10_000, 30)).toBe(5_000);
    expect(nextSliceSize(10_000, 1)).toBe(20_000);
    expect(nextSliceSize(10_000, 15)).toBe(10_000);
    expect(nextSliceSize(1_000, 1000)).toBe(1_000);
    expect(nextSliceSize(10_000, 0)).toBe(20_000);
  });

  it("packs nulls as NaN and keeps group and class columns by name", () => {
    const series = {
      windowMs: 1000, startMs: [0, 1000], offeredPerS: [1, 2], succeededPerS: [1, 2], failedPerS: [0, 0], errorRate: [null, 0],
      latencyP50Ms: [1, null], latencyP99Ms: [2, 3], latencyP999Ms: [3, 4], inSystem: [0.5, 0.6],
      groups: [{ name: "web", utilisation: [0.1, null], queueLengthMean: [0, 1], nodesUp: [3, 2], nodesTotal: [3, 3] }],
      classes: [{ name: "buy", succeededPerS: [1, 2], failedPerS: [0, 0], latencyP99Ms: [null, 5] }],
      replicated: [{ name: "kv", leadersMax: [1, 2] }],
      rollingUpdates: [{ name: "web", oldVersionMs: [4, 5], newVersionMs: [null, 6], oldVersionP99Ms: [9, 11], newVersionP99Ms: [null, 13] }],
    };
    const packed = packSeries(series, { from: 1, to: 2 });
    expect(Array.from(packed.columns["replicated/kv/leadersMax"]!)).toEqual([2]);
    expect(Array.from(packed.columns["rolling/web/newVersionMs"]!)).toEqual([6]);
    expect(Array.from(packed.columns["rolling/web/newVersionP99Ms"]!)).toEqual([13]);
    expect(packed.length).toBe(1);
    expect(Array.from(packed.columns.errorRate!)).toEqual([0]);
    expect(Array.from(packed.columns.latencyP50Ms!)).toEqual([NaN]);
    expect(Array.from(packed.columns["group/web/nodesUp"]!)).toEqual([2]);
    expect(Array.from(packed.columns["class/buy/latencyP99Ms"]!)).toEqual([5]);
  });

  it("forks a hybrid run from the latest of its snapshots that the fork's fault leaves valid", async () => {
    // black-friday-24h's night in hybrid; snapshots every 2.5 minutes. A crash added at 13m
    // needs the hybrid engine discrete from 12m50s, inside the window the 12.5-minute snapshot
    // had already planned: the worker falls back to the 10-minute one, and the fork still
    // equals the forked scenario run from zero.
    const day = readFileSync(new URL("../../scenarios/black-friday-24h.yaml", import.meta.url), "utf8");
    const night = ["run.duration=30m", "run.warmup=2m", "faults[0].at=18m", "faults[0].for=4m", "run.fidelity=hybrid"];
    const own = "  - { type: crash, zone: us-east-1c, at: 14h55m, for: 10m }\n";
    expect(day).toContain(own);
    const forked = day.replace(own, `${own}  - { type: crash, zone: us-east-1a, at: 13m, for: 2m }\n`);
    const store = new SnapshotStore();
    const base = await runScenario({ scenarioText: day, files: {}, overrides: night, live: true }, fakeHost(), store);
    expect(base.kind).toBe("done");
    expect(store.nearestBefore(runKey({ scenarioText: day, files: {}, overrides: night }), 13 * 60_000)!.atMs).toBeGreaterThanOrEqual(12.5 * 60_000);
    const fork = await runScenario({
      scenarioText: forked, files: {}, overrides: night, withJson: true,
      resume: { kind: "fork", base: { scenarioText: day, files: {}, overrides: night }, atMs: 13 * 60_000 },
    }, fakeHost(), store);
    expect(fork.kind).toBe("done");
    if (fork.kind !== "done") return;
    expect(fork.resumeNote).toBeUndefined();
    expect(fork.resumedFromMs).toBeGreaterThanOrEqual(10 * 60_000);
    expect(fork.resumedFromMs).toBeLessThan(11 * 60_000);
    expect(fork.resultJson).toBe(serializeResult(simulate(forked, { overrides: night })));
  }, 120_000);
});
