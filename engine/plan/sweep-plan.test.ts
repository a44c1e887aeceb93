// The sweep plan: grid values, point numbering, shards and their problems, and the summary a
// sweep line carries.
import { describe, expect, it } from "vitest";
import { resultDigest, simulate } from "../index";
import { HEADLINE_METRICS } from "../result/headline-metrics";
import { SYNTHETIC_SCENARIO } from "./test-support/synthetic";
import { gridPoints, inShard, parseGrid, resolveShard, splitGridValues, sweepLine, sweepSummary } from "./sweep-plan";

describe("the sweep plan", () => {
  it("splits grid values on top-level commas only", () => {
    expect(splitGridValues("1k/s, 2k/s,3k/s")).toEqual(["1k/s", "2k/s", "3k/s"]);
    expect(splitGridValues('[a, b],{x: 1, y: 2},"c,d"')).toEqual(["[a, b]", "{x: 1, y: 2}", '"c,d"']);
  });

  it("orders grid points with the first axis varying slowest", () => {
    const grid = parseGrid(["a=1,2", "b=x,y,z"]);
    if (!grid.ok) throw new Error("the grid should parse");
    const points = gridPoints(grid.axes);
    expect(points.map((p) => p.overrides.join(" "))).toEqual(["a=1 b=x", "a=1 b=y", "a=1 b=z", "a=2 b=x", "a=2 b=y", "a=2 b=z"]);
    expect(points[4].set).toEqual({ a: "2", b: "y" });
    expect(gridPoints([])).toEqual([{ index: 0, overrides: [], set: {} }]);
  });

  it("deals jobs to shards round robin, each job to exactly one shard", () => {
    const owners = Array.from({ length: 10 }, (_, job) => [0, 1, 2].filter((index) => inShard(job, { index, count: 3 })));
    expect(owners).toEqual([[0], [1], [2], [0], [1], [2], [0], [1], [2], [0]]);
  });

  it("takes the shard from --shard, else from JOB_COMPLETION_INDEX and CLUSTERSIM_SHARD_COUNT", () => {
    expect(resolveShard("2/5", {})).toEqual({ ok: true, shard: { index: 2, count: 5 } });
    expect(resolveShard(undefined, { JOB_COMPLETION_INDEX: "3", CLUSTERSIM_SHARD_COUNT: "4" })).toEqual({ ok: true, shard: { index: 3, count: 4 } });
    expect(resolveShard(undefined, { CLUSTERSIM_SHARD_INDEX: "1", JOB_COMPLETION_INDEX: "3", CLUSTERSIM_SHARD_COUNT: "4" })).toEqual({ ok: true, shard: { index: 1, count: 4 } });
    expect(resolveShard(undefined, {})).toEqual({ ok: true, shard: { index: 0, count: 1 } });
  });

  it("returns a problem for a shard out of range, malformed or half given", () => {
    expect(resolveShard("3/3", {})).toEqual({ ok: false, problems: [{ path: "--shard 3/3", message: "need a shard count ≥ 1 and 0 ≤ index < count" }] });
    expect(resolveShard("1-3", {})).toEqual({ ok: false, problems: [{ path: "--shard", message: 'expected i/n with 0 ≤ i < n (e.g. 0/3), got "1-3"' }] });
    expect(resolveShard(undefined, { JOB_COMPLETION_INDEX: "0" })).toMatchObject({ ok: false, problems: [{ path: "JOB_COMPLETION_INDEX=0", message: expect.stringMatching(/^is set but CLUSTERSIM_SHARD_COUNT is not/) }] });
  });

  it("returns every problem with the grid axes: no values, an empty value, a path given twice", () => {
    expect(parseGrid(["a", "b=1,,2", "c=1", "c=2"])).toEqual({ ok: false, problems: [
      { path: "--grid", message: 'expected path=v1,v2,…, got "a"' },
      { path: "--grid b", message: 'empty value in "1,,2"' },
      { path: "--grid c", message: "given twice; list all its values in one --grid" },
    ] });
  });

  it("summarises a run for a sweep line: its digest, every headline metric in catalogue order, its SLO verdicts", () => {
    const result = simulate(SYNTHETIC_SCENARIO, { seed: 3 });
    const summary = sweepSummary(result);
    expect(summary.digest).toBe(resultDigest(result));
    expect(Object.keys(summary.metrics)).toEqual(HEADLINE_METRICS.map((m) => m.key));
    expect(summary.metrics.latencyP99Ms).toBe(result.requests.latencyMs.p99);
    expect(summary.slos.map((slo) => slo.name)).toEqual(["lat", "avail"]);
    const point = { index: 1, overrides: ["a=2"], set: { a: "2" } };
    const line = JSON.parse(sweepLine({ sweep: "s", job: 3, jobs: 4, point, replication: 1, summary }));
    expect(Object.keys(line)).toEqual(["sweep", "job", "jobs", "point", "replication", "seed", "set", "events", "digest", "metrics", "slos", "slosPassed"]);
    expect(line).toMatchObject({ job: 3, point: 1, replication: 1, seed: 3, set: { a: "2" } });
  });
});
