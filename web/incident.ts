/**
 * The incident of a run, read off its window series: where the SLOs burn, which groups were
 * saturated and when, which group was the bottleneck over time, and the range of the time axis
 * that shows all of it with context either side. The run view opens its charts on that range
 * and links each "what happened" sentence to a range here.
 *
 * Definitions (per window, after warm-up):
 * - an SLO burns when an availability SLO's error share exceeds its allowed share (1 - target),
 *   or a latency SLO's percentile (p50, p99, p99.9 of all requests; p99 of its class) exceeds
 *   its threshold; with no SLOs, a window burns when more than 1% of requests fail;
 * - a group is saturated when its utilisation is at least {@link SATURATED_UTILISATION};
 * - runs of such windows separated by at most {@link GAP_WINDOWS} quiet windows are one interval
 *   (a single window dipping to 89% does not split a saturation in two).
 * Interval ends are window ends. Pure functions: they work on a partial series while it streams.
 */
import type { ChartContext, ChartSlo } from "./charts/chart-data";
import { groupNames } from "./charts/chart-data";
import type { SeriesColumns } from "./worker/run-protocol";

/** Utilisation at or above which a group counts as saturated. */
export const SATURATED_UTILISATION = 0.9;
/** Quiet windows allowed inside one interval. */
export const GAP_WINDOWS = 1;
/** Error share that counts as burning when the scenario has no SLO. */
export const DEFAULT_ERROR_SHARE = 0.01;

/** A stretch of the run, ms from its start. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/** A group saturated over a stretch, with its highest utilisation there (0..1). */
export interface SaturationInterval extends TimeRange {
  group: string;
  peakUtilisation: number;
}

/** A stretch where the busiest group stayed the same. */
export interface BottleneckSpan extends TimeRange {
  group: string;
  /** Mean utilisation of that group over the span (0..1). */
  meanUtilisation: number;
}

/** Indexes of windows that start at or after warm-up. */
function measured(series: SeriesColumns, warmupMs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < series.length; i++) if (series.columns.startMs![i]! >= warmupMs) out.push(i);
  return out;
}

/** Merges flagged windows into ranges (gaps up to {@link GAP_WINDOWS} windows bridged). */
export function flaggedRanges(series: SeriesColumns, flagged: (i: number) => boolean, warmupMs: number): TimeRange[] {
  const ranges: TimeRange[] = [];
  let last = -Infinity;
  for (const i of measured(series, warmupMs)) {
    if (!flagged(i)) continue;
    const fromMs = series.columns.startMs![i]!;
    const toMs = fromMs + series.windowMs;
    const previous = ranges[ranges.length - 1];
    if (previous && i - last <= GAP_WINDOWS + 1) previous.toMs = toMs;
    else ranges.push({ fromMs, toMs });
    last = i;
  }
  return ranges;
}

/** The column of a latency SLO's percentile, if the series has it. */
function latencyColumn(series: SeriesColumns, slo: ChartSlo): Float64Array | undefined {
  const c = series.columns;
  if (slo.className) return slo.percentile === "p99" ? c[`class/${slo.className}/latencyP99Ms`] : undefined;
  return slo.percentile === "p50" ? c.latencyP50Ms : slo.percentile === "p99" ? c.latencyP99Ms : slo.percentile === "p99.9" ? c.latencyP999Ms : undefined;
}

/** The error share of a window for an SLO's requests (its class, or all). */
function errorShare(series: SeriesColumns, slo: ChartSlo | null, i: number): number {
  const c = series.columns;
  if (!slo?.className) return c.errorRate![i]!;
  const ok = c[`class/${slo.className}/succeededPerS`]?.[i] ?? NaN;
  const bad = c[`class/${slo.className}/failedPerS`]?.[i] ?? NaN;
  return ok + bad > 0 ? bad / (ok + bad) : NaN;
}

/** Whether any SLO burns in window `i` (see the file comment). */
export function burnsAt(series: SeriesColumns, slos: ChartSlo[], i: number): boolean {
  const availability = slos.filter((s) => s.kind === "availability" && s.target !== undefined);
  const latency = slos.filter((s) => s.kind === "latency" && s.thresholdMs !== undefined);
  if (availability.length === 0 && latency.length === 0) return errorShare(series, null, i) > DEFAULT_ERROR_SHARE;
  for (const slo of availability) if (errorShare(series, slo, i) > 1 - slo.target!) return true;
  for (const slo of latency) if ((latencyColumn(series, slo)?.[i] ?? NaN) > slo.thresholdMs!) return true;
  return false;
}

/** The stretches where an SLO burns. */
export function burnRanges(series: SeriesColumns, context: ChartContext): TimeRange[] {
  return flaggedRanges(series, (i) => burnsAt(series, context.slos, i), context.warmupMs);
}

/** Saturation intervals of every group, in time order. */
export function saturationIntervals(series: SeriesColumns, warmupMs: number): SaturationInterval[] {
  const out: SaturationInterval[] = [];
  for (const group of groupNames(series)) {
    const u = series.columns[`group/${group}/utilisation`]!;
    for (const range of flaggedRanges(series, (i) => u[i]! >= SATURATED_UTILISATION, warmupMs)) {
      let peak = 0;
      for (let i = 0; i < series.length; i++) {
        const start = series.columns.startMs![i]!;
        if (start >= range.fromMs && start < range.toMs && u[i]! > peak) peak = u[i]!;
      }
      out.push({ group, ...range, peakUtilisation: peak });
    }
  }
  return out.sort((a, b) => a.fromMs - b.fromMs || a.group.localeCompare(b.group));
}

/**
 * The busiest group over time: consecutive windows with the same busiest group form a span;
 * spans shorter than `minWindows` are absorbed by their neighbour, so brief swaps between two
 * equally idle groups do not fragment the story.
 */
export function bottleneckByTime(series: SeriesColumns, warmupMs: number, minWindows = 3): BottleneckSpan[] {
  const groups = groupNames(series);
  const spans: Array<{ group: string; first: number; last: number }> = [];
  for (const i of measured(series, warmupMs)) {
    let best = "", bestU = -1;
    for (const g of groups) {
      const u = series.columns[`group/${g}/utilisation`]![i]!;
      if (Number.isFinite(u) && u > bestU) { best = g; bestU = u; }
    }
    if (!best) continue;
    const previous = spans[spans.length - 1];
    if (previous && previous.group === best) previous.last = i;
    else spans.push({ group: best, first: i, last: i });
  }
  const merged: typeof spans = [];
  for (const span of spans) {
    const previous = merged[merged.length - 1];
    if (previous && (span.last - span.first + 1 < minWindows || previous.group === span.group)) previous.last = span.last;
    else merged.push({ ...span });
  }
  return merged.map(({ group, first, last }) => {
    const u = series.columns[`group/${group}/utilisation`]!;
    let sum = 0, n = 0;
    for (let i = first; i <= last; i++) if (Number.isFinite(u[i]!)) { sum += u[i]!; n++; }
    return { group, fromMs: series.columns.startMs![first]!, toMs: series.columns.startMs![last]! + series.windowMs, meanUtilisation: n > 0 ? sum / n : NaN };
  });
}

/**
 * The range the charts open on: from the first to the last burning window (else the first to
 * the last saturated one) with context either side (half the incident's length, at least five
 * windows), clamped to the run. Null when nothing burns or saturates: show the whole run.
 */
export function incidentRange(series: SeriesColumns, context: ChartContext, durationMs: number): TimeRange | null {
  const burning = burnRanges(series, context);
  const ranges = burning.length > 0 ? burning : saturationIntervals(series, context.warmupMs);
  if (ranges.length === 0) return null;
  const fromMs = Math.min(...ranges.map((r) => r.fromMs));
  const toMs = Math.max(...ranges.map((r) => r.toMs));
  const margin = Math.max(5 * series.windowMs, (toMs - fromMs) / 2);
  const range = { fromMs: Math.max(0, fromMs - margin), toMs: Math.min(durationMs, toMs + margin) };
  return range.fromMs <= 0 && range.toMs >= durationMs ? null : range;
}
