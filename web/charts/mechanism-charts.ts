/**
 * The run view's charts of mechanisms that have series of their own (engine Result
 * `series.replicated`, `series.rollingUpdates`): leaders at once per replicated service, and a
 * rolling update's time at a node by version (the window's mean, and its p99). Shown only when
 * the scenario has the mechanism; the HTML report draws the same series (cli/report/html.ts).
 */
import { formatMetric } from "../../engine/index";
import { formatNumber } from "../format";
import type { SeriesColumns } from "../worker/run-protocol";
import type { ChartLine, TimeChartModel } from "./chart-data";
import { seriesColour, seriesDash } from "./palette";

/** Owners of columns `kind/<owner>/...`, in column order. */
function owners(series: SeriesColumns, kind: string): string[] {
  const names: string[] = [];
  for (const column of series.names) {
    const [k, name] = column.split("/");
    if (k === kind && name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

function line(colour: number, dash: number, key: string, label: string, values: Float64Array): ChartLine {
  return { key, label, colour: seriesColour(colour), dash: seriesDash(dash), values };
}

/** The mechanism charts the columns hold (none for a scenario without those mechanisms). */
export function mechanismTimeCharts(series: SeriesColumns, x: Float64Array): TimeChartModel[] {
  const c = series.columns;
  const charts: TimeChartModel[] = [];
  const replicated = owners(series, "replicated");
  if (replicated.length > 0) {
    charts.push({
      id: "leaders", title: "Leaders at once per replicated service", unit: "leaders", x, yScale: "linear", yFloor: 0, format: (v) => formatNumber(v),
      description: "The most replicas acting as leader at once in each window: above 1 is split brain, 0 is an election with no leader.",
      lines: replicated.map((name, i) => line(i, 0, `replicated/${name}/leadersMax`, name, c[`replicated/${name}/leadersMax`]!)),
      thresholds: [{ value: 1, label: "one leader" }],
    });
  }
  const updates = owners(series, "rolling");
  if (updates.length > 0) {
    charts.push({
      id: "versions", title: "Time at a node by version (rolling updates)", unit: "ms", x, yScale: "linear", yFloor: 0, format: (v) => formatMetric(v, "ms"),
      description: "Mean time a job spent at the old version's nodes (solid) and the new version's (dashed), queued and in service, per window (Little's law).",
      lines: updates.flatMap((name, i) => [
        line(i, 0, `rolling/${name}/oldVersionMs`, `${name} old version`, c[`rolling/${name}/oldVersionMs`]!),
        { ...line(i, 0, `rolling/${name}/newVersionMs`, `${name} new version`, c[`rolling/${name}/newVersionMs`]!), dash: "5 3" },
      ]),
      thresholds: [],
    });
    // Runs saved before the p99 columns existed have only the means.
    const withP99 = updates.filter((name) => c[`rolling/${name}/oldVersionP99Ms`] !== undefined);
    if (withP99.length > 0) {
      charts.push({
        id: "versions-p99", title: "p99 time at a node by version (rolling updates)", unit: "ms", x, yScale: "linear", yFloor: 0, format: (v) => formatMetric(v, "ms"),
        description: "The 99th percentile of the window's jobs' time at the old version's nodes (solid) and the new version's (dashed): queue wait and service.",
        lines: withP99.flatMap((name) => {
          const i = updates.indexOf(name);
          return [
            line(i, 0, `rolling/${name}/oldVersionP99Ms`, `${name} old version p99`, c[`rolling/${name}/oldVersionP99Ms`]!),
            { ...line(i, 0, `rolling/${name}/newVersionP99Ms`, `${name} new version p99`, c[`rolling/${name}/newVersionP99Ms`]!), dash: "5 3" },
          ];
        }),
        thresholds: [],
      });
    }
  }
  return charts;
}
