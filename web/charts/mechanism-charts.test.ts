import { describe, expect, it } from "vitest";
import { packSeries } from "../worker/run-protocol";
import { mechanismTimeCharts } from "./mechanism-charts";
import { windowMidpoints } from "./chart-data";

/** A three-window series with the given mechanism series (the rest empty but present). */
function packed(extra: { replicated?: Array<{ name: string; leadersMax: number[] }>; rollingUpdates?: Array<{ name: string; oldVersionMs: Array<number | null>; newVersionMs: Array<number | null>; oldVersionP99Ms: Array<number | null>; newVersionP99Ms: Array<number | null> }> }) {
  const three = [0, 0, 0];
  const series = {
    windowMs: 1000, startMs: [0, 1000, 2000], offeredPerS: three, succeededPerS: three, failedPerS: three, errorRate: three,
    latencyP50Ms: three, latencyP99Ms: three, latencyP999Ms: three, inSystem: three, groups: [], classes: [],
    replicated: extra.replicated ?? [], rollingUpdates: extra.rollingUpdates ?? [],
  };
  return packSeries(series, { from: 0, to: 3 });
}

describe("mechanism charts of the run view", () => {
  it("draws leaders at once per replicated service, with the one-leader line", () => {
    const series = packed({ replicated: [{ name: "kv", leadersMax: [1, 2, 1] }, { name: "log", leadersMax: [1, 0, 1] }] });
    const charts = mechanismTimeCharts(series, windowMidpoints(series));
    expect(charts.map((c) => c.id)).toEqual(["leaders"]);
    expect(charts[0]!.lines.map((l) => [l.label, Array.from(l.values)])).toEqual([["kv", [1, 2, 1]], ["log", [1, 0, 1]]]);
    expect(charts[0]!.thresholds).toEqual([{ value: 1, label: "one leader" }]);
  });

  it("draws the old version solid and the new one dashed per rolling update, gaps where a version served nothing", () => {
    const series = packed({ rollingUpdates: [{ name: "web", oldVersionMs: [50, 52, null], newVersionMs: [null, 49, 51], oldVersionP99Ms: [180, 190, null], newVersionP99Ms: [null, 170, 400] }] });
    const [chart, p99] = mechanismTimeCharts(series, windowMidpoints(series));
    expect(chart!.id).toBe("versions");
    expect(chart!.lines.map((l) => l.label)).toEqual(["web old version", "web new version"]);
    expect(Array.from(chart!.lines[1]!.values)).toEqual([NaN, 49, 51]);
    expect(chart!.lines[1]!.dash).not.toBe(chart!.lines[0]!.dash);
    expect(p99!.id).toBe("versions-p99");
    expect(p99!.lines.map((l) => [l.label, Array.from(l.values)])).toEqual([["web old version p99", [180, 190, NaN]], ["web new version p99", [NaN, 170, 400]]]);
    expect(p99!.lines[1]!.dash).toBe(chart!.lines[1]!.dash);
  });

  it("draws only the means for a run saved before the p99 columns", () => {
    const series = packed({ rollingUpdates: [{ name: "web", oldVersionMs: [50, 52, null], newVersionMs: [null, 49, 51], oldVersionP99Ms: [], newVersionP99Ms: [] }] });
    const old = { ...series, names: series.names.filter((n) => !n.endsWith("P99Ms") || !n.startsWith("rolling/")), columns: Object.fromEntries(Object.entries(series.columns).filter(([n]) => !n.endsWith("P99Ms") || !n.startsWith("rolling/"))) };
    expect(mechanismTimeCharts(old, windowMidpoints(old)).map((c) => c.id)).toEqual(["versions"]);
  });

  it("draws nothing for a scenario without those mechanisms", () => {
    const series = packed({});
    expect(mechanismTimeCharts(series, windowMidpoints(series))).toEqual([]);
  });
});
