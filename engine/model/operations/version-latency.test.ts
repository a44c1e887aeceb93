/**
 * The per-window series of two mechanisms, on library scenarios: a rolling update's time at a
 * node by version, against closed form, and a replicated service's leaders at once.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../../index";

const DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../scenarios");
const load = (name: string) => readFileSync(path.join(DIR, name), "utf8");

/** Mean of the non-null values of windows whose start lies in [fromMs, toMs). */
function meanOver(values: ReadonlyArray<number | null>, startMs: readonly number[], fromMs: number, toMs: number): { mean: number; count: number } {
  let sum = 0;
  let count = 0;
  values.forEach((v, i) => {
    if (v !== null && startMs[i]! >= fromMs && startMs[i]! < toMs) { sum += v; count++; }
  });
  return { mean: sum / count, count };
}

describe("rolling update: time at a node by version", () => {
  it("is the service time's mean when nothing queues (Little's law), old version before the update and new after", () => {
    // 40 requests/s, half to each group of 8 nodes x 2 cores at an exponential 50 ms: utilisation
    // 6 %, so a job almost never queues and its time at the node is its service time, mean 50 ms.
    // About 100 jobs a window; over 20+ windows the mean's standard error is ~1.1 ms: 5 ms is > 4 of them.
    const result = simulate(load("rolling-update.yaml"), { overrides: ["run.duration=10m", "workload.rate.constant=40/s"] });
    const s = result.series;
    expect(s.rollingUpdates.map((u) => u.name)).toEqual(["blue", "green"]);
    for (const u of s.rollingUpdates) {
      const update = result.rollingUpdates.find((r) => r.group === u.name)!;
      expect(update.finishedAtMs).not.toBeNull();
      expect([u.oldVersionMs.length, u.newVersionMs.length]).toEqual([s.startMs.length, s.startMs.length]);
      // Before the update only the old version serves; once it is done only the new one.
      const before = s.startMs.map((ms, i) => (ms + s.windowMs <= update.startedAtMs ? i : -1)).filter((i) => i >= 0);
      for (const i of before) expect([u.newVersionMs[i], u.newVersionP99Ms[i]]).toEqual([null, null]);
      const after = s.startMs.map((ms, i) => (ms >= update.finishedAtMs! + s.windowMs ? i : -1)).filter((i) => i >= 0);
      expect(after.length).toBeGreaterThan(10);
      for (const i of after) expect([u.oldVersionMs[i], u.oldVersionP99Ms[i]]).toEqual([null, null]);
      const old = meanOver(u.oldVersionMs, s.startMs, 0, update.startedAtMs - s.windowMs);
      const fresh = meanOver(u.newVersionMs, s.startMs, update.finishedAtMs! + s.windowMs, result.durationMs);
      expect(old.count).toBeGreaterThan(20);
      expect(Math.abs(old.mean - 50)).toBeLessThan(5);
      expect(Math.abs(fresh.mean - 50)).toBeLessThan(5);
    }
  });

  it("has the exponential service time's percentiles per version over the run (p99 = 50 ms x ln 100)", () => {
    // As above: jobs barely queue, so a job's time at the node is its exponential service time,
    // whose p99 is 50 ln(100) = 230.3 ms and p50 50 ln 2 = 34.7 ms. With n jobs the p99's
    // standard error is sqrt(0.99 x 0.01 / n) / f(p99), f(p99) = 0.01 / 50 per ms: about 6 ms at
    // 3,000 jobs, so 25 ms is 4 of them (and the interpolation inside a 1 % bucket, 2 ms).
    const result = simulate(load("rolling-update.yaml"), { overrides: ["run.duration=10m", "run.warmup=0s", "workload.rate.constant=40/s"] });
    for (const update of result.rollingUpdates) {
      for (const version of [update.timeAtNode.old, update.timeAtNode.new]) {
        expect(version.jobs).toBeGreaterThan(3_000);
        expect(Math.abs(version.latencyMs.p99! - 50 * Math.log(100))).toBeLessThan(25);
        expect(Math.abs(version.latencyMs.p50! - 50 * Math.log(2))).toBeLessThan(4);
        expect(Math.abs(version.latencyMs.mean! - 50)).toBeLessThan(4);
      }
      // Every job the group's nodes served counts once, in one version.
      const served = result.nodes.filter((n) => n.group === update.group).reduce((sum, n) => sum + n.served, 0);
      expect(update.timeAtNode.old.jobs + update.timeAtNode.new.jobs).toBe(served);
    }
  });
});

describe("replicated service: leaders at once", () => {
  it("peaks at the run's most leaders, and shows the async cluster's two leaders through the partition", () => {
    const result = simulate(load("network-partition.yaml"));
    const s = result.series;
    expect(s.replicated.map((r) => r.name)).toEqual(result.replicated.map((r) => r.service));
    result.replicated.forEach((cluster, k) => {
      const leaders = s.replicated[k]!.leadersMax;
      expect(leaders.length).toBe(s.startMs.length);
      expect(Math.max(...leaders)).toBe(cluster.leadersMax);
    });
    // orders-async: two leaders for 3 min, so 2 in at least that many windows' worth of time.
    const async = s.replicated.find((r) => r.name === "orders-async")!;
    const windowsWithTwo = async.leadersMax.filter((n) => n >= 2).length;
    expect(windowsWithTwo * s.windowMs).toBeGreaterThanOrEqual(result.replicated.find((r) => r.service === "orders-async")!.multipleLeadersMs);
  });
});
