/**
 * "What happened": a few plain sentences read off a run's series and summary, so a newcomer
 * sees the story (the spike, the saturation it caused, the failures and their causes, the
 * bottleneck over time) before reading any chart. Each sentence about a stretch of the run
 * carries that stretch, so the run view links it to the charts' range.
 *
 * Rules, in order: a traffic rise when the peak is 30% above the usual load (the lower
 * quartile, so a long spike does not count as usual), from when it rose to when it peaked;
 * each group's saturation intervals (utilisation >= 90%, incident.ts); the span of windows
 * with more than 1% errors and the failures by cause; p99 peak vs typical (median) p99 when
 * 2x above; nodes not serving (booting ones are told apart when the run had no fault: nodes
 * an autoscaler ordered are not failures); the busiest group by time; SLO verdicts; the
 * timeline's events. Statistics skip warm-up windows.
 */
import type { SeriesColumns, ResultSummary } from "./worker/run-protocol";
import { groupNames } from "./charts/chart-data";
import { formatMetric, sloObjectiveText, sloUnit } from "../engine/index";
import { formatClock as clockOf } from "./format";
import { bottleneckByTime, saturationIntervals, type TimeRange } from "./incident";
import { timelineCategory } from "./scenario-facts";

/** One finding: a sentence and, when it is about a moment or a stretch, when (ms). */
export interface Insight {
  text: string;
  atMs: number | null;
  tone: "neutral" | "good" | "bad";
  /** The stretch of the run the sentence is about (the charts zoom there). */
  range?: TimeRange;
}

/** A stretch as "0:42–0:57". */
function span(range: TimeRange): string {
  return `${formatClock(range.fromMs)}–${formatClock(range.toMs)}`;
}

/** The window i as a range. */
function windowRange(series: SeriesColumns, i: number, pad = 0): TimeRange {
  const start = series.columns.startMs![i]!;
  return { fromMs: Math.max(0, start - pad * series.windowMs), toMs: start + (pad + 1) * series.windowMs };
}

/** The length of the series being described, for {@link formatClock} (set per call of describeRun). */
let spanMs = 0;
/** A time on the run's clock (hours shown on runs of an hour or more). */
function formatClock(ms: number): string {
  return clockOf(ms, spanMs);
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
  spanMs = series.length > 0 ? c.startMs![series.length - 1]! + series.windowMs : 0;
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
    insights.push({ text: `Traffic rose above its usual ${formatMetric(typicalLoad, "per-second")} at ${formatClock(c.startMs![rise]!)} and peaked at ${formatMetric(offered[peak]!, "per-second")} around ${formatClock(at(peak))} (${(offered[peak]! / typicalLoad).toFixed(1)}×).`, atMs: at(peak), tone: "neutral", range: { fromMs: c.startMs![rise]!, toMs: c.startMs![peak]! + series.windowMs } });
  } else if (peak >= 0 && !(offered[peak]! > typicalLoad * 1.3)) {
    peak = -1;
  }
  insights.push(...saturationInsights(series, options.warmupMs));
  insights.push(...errorInsights(series, windows, summary, at));
  const p99 = c.latencyP99Ms!;
  const typicalP99 = median(windows.map((i) => p99[i]!).filter(Number.isFinite));
  const p99Peak = argMax(p99, windows);
  if (p99Peak >= 0 && p99[p99Peak]! > typicalP99 * 2) {
    insights.push({ text: `p99 latency rose from a typical ${formatMetric(typicalP99, "ms")} to ${formatMetric(p99[p99Peak]!, "ms")} around ${formatClock(at(p99Peak))}.`, atMs: at(p99Peak), tone: "bad", range: windowRange(series, p99Peak, 5) });
  }
  const hadFaults = (summary?.timeline ?? []).some((e) => timelineCategory(e.kind) === "fault");
  insights.push(...nodeInsights(series, windows, at, summary !== null && !hadFaults));
  insights.push(...bottleneckInsights(series, options.warmupMs));
  if (summary) insights.push(...sloInsights(summary));
  if (summary && summary.timeline.length > 0) insights.push({ text: `${summary.timeline.length} event${summary.timeline.length === 1 ? "" : "s"} on the timeline (faults, detections, scaling): grouped into bands on every chart and listed below.`, atMs: null, tone: "neutral" });
  return insights;
}

/** One sentence per saturation interval (the four longest, in time order). */
function saturationInsights(series: SeriesColumns, warmupMs: number): Insight[] {
  const intervals = saturationIntervals(series, warmupMs);
  const shown = intervals.slice().sort((a, b) => (b.toMs - b.fromMs) - (a.toMs - a.fromMs)).slice(0, 4).sort((a, b) => a.fromMs - b.fromMs);
  const out: Insight[] = shown.map((s) => ({
    text: `${s.group} saturated from ${formatClock(s.fromMs)} to ${formatClock(s.toMs)} (at least 90% busy, up to ${formatMetric(s.peakUtilisation, "percent")}): requests queued there.`,
    atMs: s.fromMs, tone: "bad" as const, range: { fromMs: s.fromMs, toMs: s.toMs },
  }));
  if (intervals.length > shown.length) out.push({ text: `…and ${intervals.length - shown.length} shorter saturation${intervals.length - shown.length === 1 ? "" : "s"}.`, atMs: null, tone: "neutral" });
  return out;
}

/** The busiest group by time, as one sentence (the longest spans first, at most four). */
function bottleneckInsights(series: SeriesColumns, warmupMs: number): Insight[] {
  const spans = bottleneckByTime(series, warmupMs);
  if (spans.length === 0) return [];
  const first = spans[0]!, last = spans[spans.length - 1]!;
  const whole = { fromMs: first.fromMs, toMs: last.toMs };
  if (spans.length === 1) return [{ text: `Busiest group throughout: ${first.group} (on average ${formatMetric(first.meanUtilisation, "percent")} busy).`, atMs: null, tone: "neutral", range: whole }];
  const shown = spans.slice(0, 4).map((s) => `${s.group} ${span(s)} (${formatMetric(s.meanUtilisation, "percent")})`);
  return [{ text: `Busiest group by time: ${shown.join(", ")}${spans.length > 4 ? ", …" : ""}.`, atMs: null, tone: "neutral", range: whole }];
}

function errorInsights(series: SeriesColumns, windows: number[], summary: ResultSummary | null, at: (i: number) => number): Insight[] {
  const errorRate = series.columns.errorRate!;
  const bad = windows.filter((i) => errorRate[i]! > 0.01);
  if (bad.length === 0) return [];
  const worst = argMax(errorRate, bad);
  let cause = "";
  if (summary) {
    const causes = Object.entries(summary.requests.failedByCause).filter((e) => e[1] > 0).sort((a, b) => b[1] - a[1]);
    const total = Math.max(1, summary.requests.failed);
    if (causes.length > 0) cause = ` Failures by cause: ${causes.map(([name, n]) => `${name} ${formatMetric(n, "count")} (${formatMetric(n / total, "percent")})`).join(", ")}.`;
  }
  const from = series.columns.startMs![bad[0]!]!;
  const to = series.columns.startMs![bad[bad.length - 1]!]! + series.windowMs;
  return [{ text: `More than 1% of requests failed between ${formatClock(from)} and ${formatClock(to)}, up to ${formatMetric(errorRate[worst]!, "percent")} around ${formatClock(at(worst))}.${cause}`, atMs: at(worst), tone: "bad", range: { fromMs: from, toMs: to } }];
}

/**
 * Nodes not serving and scaling. `allBooting`: the run had no fault, so nodes in a group but
 * not serving are booting (or draining), not failed, and are told as such.
 */
function nodeInsights(series: SeriesColumns, windows: number[], at: (i: number) => number, allBooting: boolean): Insight[] {
  const out: Insight[] = [];
  for (const g of groupNames(series)) {
    const up = series.columns[`group/${g}/nodesUp`]!;
    const total = series.columns[`group/${g}/nodesTotal`]!;
    let worst = -1;
    for (const i of windows) if (total[i]! - up[i]! > 0 && (worst < 0 || total[i]! - up[i]! > total[worst]! - up[worst]!)) worst = i;
    if (worst >= 0) {
      const n = total[worst]! - up[worst]!;
      out.push(allBooting
        ? { text: `${g} had ${n} of ${total[worst]!} nodes ordered but not yet serving (booting) around ${formatClock(at(worst))}.`, atMs: at(worst), tone: "neutral", range: windowRange(series, worst, 5) }
        : { text: `${g} had ${n} of ${total[worst]!} nodes not serving around ${formatClock(at(worst))}.`, atMs: at(worst), tone: "bad", range: windowRange(series, worst, 5) });
    }
    const first = windows[0]!, last = windows[windows.length - 1]!;
    const largest = argMax(total, windows);
    if (total[largest]! !== total[first]!) out.push({ text: `${g} scaled from ${total[first]!} to ${total[largest]!} nodes by ${formatClock(at(largest))}${total[last]! !== total[largest]! ? `, and back to ${total[last]!} by the end` : ""}.`, atMs: at(largest), tone: "neutral", range: { fromMs: series.columns.startMs![first]!, toMs: series.columns.startMs![largest]! + series.windowMs } });
  }
  return out;
}

function sloInsights(summary: ResultSummary): Insight[] {
  return summary.slos.map((slo) => {
    const measured = slo.measured === null ? "no data" : formatMetric(slo.measured, sloUnit(slo.kind));
    return { text: `SLO ${slo.name} ${slo.passed ? "met" : "missed"}: ${sloObjectiveText(slo)}, measured ${measured}.`, atMs: null, tone: slo.passed ? "good" as const : "bad" as const };
  });
}
