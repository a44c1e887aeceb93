/**
 * "What happened": a few plain sentences read off a run's series and summary, so a newcomer
 * sees the story (the spike, the latency it caused, the failures, the bottleneck) before
 * reading any chart. Each sentence names the moment, so it can be found on the time axes.
 *
 * Rules, in order: a traffic rise when the peak is 30% above the usual load (the lower
 * quartile, so a long spike does not count as usual), from when it rose to when it peaked;
 * p99 peak vs typical (median) p99 when 2x above; the span of windows with more than 1% errors and the main
 * failure cause; nodes lost; the busiest group at the traffic peak; SLO verdicts; the
 * timeline's events. Statistics skip warm-up windows.
 */
import type { SeriesColumns, ResultSummary } from "./worker/run-protocol";
import { groupNames } from "./charts/chart-data";
import { formatMetric, sloUnit } from "../engine/index";
import { formatClock } from "./format";

/** One finding: a sentence and, when it is about a moment, that moment (ms). */
export interface Insight {
  text: string;
  atMs: number | null;
  tone: "neutral" | "good" | "bad";
}

/** The q-quantile (0..1) of values by linear interpolation; NaN for none. */
function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}

function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** Indexes of windows after warm-up. */
function measuredWindows(series: SeriesColumns, warmupMs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < series.length; i++) if (series.columns.startMs![i]! >= warmupMs) out.push(i);
  return out;
}

/** Index (among `indexes`) of the largest finite value, or -1. */
function argMax(values: Float64Array, indexes: number[]): number {
  let best = -1;
  for (const i of indexes) if (Number.isFinite(values[i]!) && (best < 0 || values[i]! > values[best]!)) best = i;
  return best;
}

/** The findings for a run (partial series allowed; `summary` null while running). */
export function describeRun(series: SeriesColumns, summary: ResultSummary | null, options: { warmupMs: number }): Insight[] {
  const c = series.columns;
  const windows = measuredWindows(series, options.warmupMs);
  const insights: Insight[] = [];
  if (windows.length === 0) return insights;
  const at = (i: number) => c.startMs![i]! + series.windowMs / 2;
  const offered = c.offeredPerS!;
  const typicalLoad = quantile(windows.map((i) => offered[i]!), 0.25);
  let peak = argMax(offered, windows);
  if (peak >= 0 && offered[peak]! > typicalLoad * 1.3) {
    // The first window near the top, and the first clearly above the usual load before it.
    peak = windows.find((i) => offered[i]! >= offered[peak]! * 0.97) ?? peak;
    const rise = windows.find((i) => i <= peak && offered[i]! > typicalLoad * 1.3) ?? peak;
    insights.push({ text: `Traffic rose above its usual ${formatMetric(typicalLoad, "per-second")} at ${formatClock(c.startMs![rise]!)} and peaked at ${formatMetric(offered[peak]!, "per-second")} around ${formatClock(at(peak))} (${(offered[peak]! / typicalLoad).toFixed(1)}×).`, atMs: at(peak), tone: "neutral" });
  } else if (peak >= 0 && !(offered[peak]! > typicalLoad * 1.3)) {
    peak = -1;
  }
  const p99 = c.latencyP99Ms!;
  const typicalP99 = median(windows.map((i) => p99[i]!).filter(Number.isFinite));
  const p99Peak = argMax(p99, windows);
  if (p99Peak >= 0 && p99[p99Peak]! > typicalP99 * 2) {
    insights.push({ text: `p99 latency rose from a typical ${formatMetric(typicalP99, "ms")} to ${formatMetric(p99[p99Peak]!, "ms")} around ${formatClock(at(p99Peak))}.`, atMs: at(p99Peak), tone: "bad" });
  }
  insights.push(...errorInsights(series, windows, summary, at));
  insights.push(...nodeInsights(series, windows, at));
  const busiestAt = peak >= 0 ? peak : argMax(c.succeededPerS!, windows);
  const busiest = groupNames(series).map((g) => ({ g, u: c[`group/${g}/utilisation`]![busiestAt]! })).filter((e) => Number.isFinite(e.u)).sort((a, b) => b.u - a.u)[0];
  if (busiest) {
    const saturated = busiest.u >= 0.9;
    insights.push({ text: `${saturated ? "Bottleneck" : "Busiest group"}${peak >= 0 ? " at the peak" : ""}: ${busiest.g} at ${formatMetric(busiest.u, "percent")} utilisation${saturated ? ", so requests queued there" : ""}.`, atMs: at(busiestAt), tone: saturated ? "bad" : "neutral" });
  }
  if (summary) insights.push(...sloInsights(summary));
  if (summary && summary.timeline.length > 0) insights.push({ text: `${summary.timeline.length} event${summary.timeline.length === 1 ? "" : "s"} on the timeline (faults, detections, scaling): marked on every chart and listed below.`, atMs: null, tone: "neutral" });
  return insights;
}

function errorInsights(series: SeriesColumns, windows: number[], summary: ResultSummary | null, at: (i: number) => number): Insight[] {
  const errorRate = series.columns.errorRate!;
  const bad = windows.filter((i) => errorRate[i]! > 0.01);
  if (bad.length === 0) return [];
  const worst = argMax(errorRate, bad);
  let cause = "";
  if (summary) {
    const causes = Object.entries(summary.requests.failedByCause).sort((a, b) => b[1] - a[1]);
    if (causes[0] && causes[0][1] > 0) cause = ` Most failures: ${causes[0][0]} (${formatMetric(causes[0][1] / Math.max(1, summary.requests.failed), "percent")}).`;
  }
  const from = series.columns.startMs![bad[0]!]!;
  const to = series.columns.startMs![bad[bad.length - 1]!]! + series.windowMs;
  return [{ text: `More than 1% of requests failed between ${formatClock(from)} and ${formatClock(to)}, up to ${formatMetric(errorRate[worst]!, "percent")} around ${formatClock(at(worst))}.${cause}`, atMs: at(worst), tone: "bad" }];
}

function nodeInsights(series: SeriesColumns, windows: number[], at: (i: number) => number): Insight[] {
  const out: Insight[] = [];
  for (const g of groupNames(series)) {
    const up = series.columns[`group/${g}/nodesUp`]!;
    const total = series.columns[`group/${g}/nodesTotal`]!;
    let worst = -1;
    for (const i of windows) if (total[i]! - up[i]! > 0 && (worst < 0 || total[i]! - up[i]! > total[worst]! - up[worst]!)) worst = i;
    if (worst >= 0) out.push({ text: `${g} had ${total[worst]! - up[worst]!} of ${total[worst]!} nodes not serving around ${formatClock(at(worst))}.`, atMs: at(worst), tone: "bad" });
    const first = windows[0]!, last = windows[windows.length - 1]!;
    const largest = argMax(total, windows);
    if (total[largest]! !== total[first]!) out.push({ text: `${g} scaled from ${total[first]!} to ${total[largest]!} nodes by ${formatClock(at(largest))}${total[last]! !== total[largest]! ? `, and back to ${total[last]!} by the end` : ""}.`, atMs: at(largest), tone: "neutral" });
  }
  return out;
}

function sloInsights(summary: ResultSummary): Insight[] {
  return summary.slos.map((slo) => {
    const measured = slo.measured === null ? "no data" : formatMetric(slo.measured, sloUnit(slo.kind));
    return { text: `SLO ${slo.name} ${slo.passed ? "met" : "missed"}: ${slo.objective}, measured ${measured}.`, atMs: null, tone: slo.passed ? "good" as const : "bad" as const };
  });
}
