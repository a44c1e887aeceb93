import { describe, expect, it } from "vitest";
import { bottleneckByTime, burnRanges, incidentRange, saturationIntervals } from "./incident";
import type { SeriesColumns } from "./worker/run-protocol";

/** `n` one-minute windows of one group from per-window functions. */
function series(n: number, f: { util: (i: number) => number; errors?: (i: number) => number; p99?: (i: number) => number }): SeriesColumns {
  const column = (g: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => g(i));
  const columns: Record<string, Float64Array> = {
    startMs: column((i) => i * 60_000),
    offeredPerS: column(() => 100),
    succeededPerS: column((i) => 100 * (1 - (f.errors?.(i) ?? 0))),
    failedPerS: column((i) => 100 * (f.errors?.(i) ?? 0)),
    errorRate: column((i) => f.errors?.(i) ?? 0),
    latencyP50Ms: column(() => 5),
    latencyP99Ms: column((i) => f.p99?.(i) ?? 20),
    latencyP999Ms: column(() => 50),
    inSystem: column(() => 1),
    "group/app/utilisation": column(f.util),
    "group/app/queueLengthMean": column(() => 0),
    "group/app/nodesUp": column(() => 2),
    "group/app/nodesTotal": column(() => 2),
  };
  return { windowMs: 60_000, length: n, names: Object.keys(columns), columns };
}

describe("the incident, read off the series", () => {
  it("merges saturated windows across a one-window dip, and ends intervals at window ends", () => {
    // Windows 42..55 saturated except 53 (89%): one interval 42:00-56:00.
    const s = series(180, { util: (i) => (i >= 42 && i <= 55 && i !== 53 ? 1 : i === 53 ? 0.89 : 0.6) });
    expect(saturationIntervals(s, 600_000)).toEqual([{ group: "app", fromMs: 42 * 60_000, toMs: 56 * 60_000, peakUtilisation: 1 }]);
  });

  it("keeps two saturations apart when two quiet windows separate them, and skips warm-up", () => {
    const s = series(30, { util: (i) => ([2, 10, 11, 14].includes(i) ? 0.95 : 0.5) });
    expect(saturationIntervals(s, 5 * 60_000).map((r) => [r.fromMs / 60_000, r.toMs / 60_000])).toEqual([[10, 12], [14, 15]]);
  });

  it("burns where an availability SLO's allowed error share or a latency threshold is exceeded", () => {
    const s = series(20, { util: () => 0.5, errors: (i) => (i === 5 ? 0.002 : i === 6 ? 0.0005 : 0), p99: (i) => (i === 12 ? 2000 : 20) });
    const slos = [{ name: "avail", className: null, kind: "availability" as const, target: 0.999 }, { name: "p99", className: null, kind: "latency" as const, percentile: "p99", thresholdMs: 1000 }];
    expect(burnRanges(s, { warmupMs: 0, slos }).map((r) => [r.fromMs / 60_000, r.toMs / 60_000])).toEqual([[5, 6], [12, 13]]);
    // Without SLOs, more than 1% errors burns: none here.
    expect(burnRanges(s, { warmupMs: 0, slos: [] })).toEqual([]);
  });

  it("opens on the burning stretch with half its length (at least five windows) either side", () => {
    const s = series(180, { util: (i) => (i >= 42 && i < 56 ? 1 : 0.5), errors: (i) => (i >= 42 && i < 52 ? 0.5 : 0) });
    // Burns 42-52 min: margin max(5 min, 5 min) -> 37-57 min.
    expect(incidentRange(s, { warmupMs: 600_000, slos: [] }, 180 * 60_000)).toEqual({ fromMs: 37 * 60_000, toMs: 57 * 60_000 });
    // Nothing burns: the saturation decides (42-56, margin 7) -> 35-63.
    const quiet = series(180, { util: (i) => (i >= 42 && i < 56 ? 1 : 0.5) });
    expect(incidentRange(quiet, { warmupMs: 600_000, slos: [] }, 180 * 60_000)).toEqual({ fromMs: 35 * 60_000, toMs: 63 * 60_000 });
    // Nothing at all: the whole run.
    expect(incidentRange(series(180, { util: () => 0.5 }), { warmupMs: 0, slos: [] }, 180 * 60_000)).toBeNull();
  });

  it("absorbs short swaps of the busiest group", () => {
    const s = series(10, { util: () => 0.5 });
    expect(bottleneckByTime(s, 0)).toEqual([{ group: "app", fromMs: 0, toMs: 600_000, meanUtilisation: 0.5 }]);
  });
});
