/**
 * Chart data shaping: from a run's series columns to what each run-view chart draws.
 *
 * Pure functions over {@link SeriesColumns} (works on a partial series during a run), so
 * they are unit-tested without a browser. Each chart gets x positions (window midpoints, ms
 * from the start of the run), named lines, a unit and reference lines (SLO thresholds).
 *
 * Two derived measures:
 * - Estimated capacity = the smallest, over groups, of nodes serving x that group's per-node
 *   rate, where the per-node rate is the median of succeeded/s / (utilisation x nodes serving)
 *   over calm windows (errors at most 1%, utilisation 5%-85%: linear scaling of the work per
 *   request holds there). It falls when nodes stop serving and rises as booted nodes join, so
 *   it stays honest through an outage (dividing by a saturated utilisation would instead
 *   follow the demand: failed requests count as work done). An estimate, labelled as such.
 * - Error budget remaining (availability SLOs) = 1 - failures so far / allowed failures,
 *   where allowed = (1 - target) x completed requests over the measured part of the run
 *   (after warm-up; the whole run so far while it is still running). Below 0 the budget is
 *   blown. Counts come from per-window rates x window length, by completion time, so the
 *   final value may differ slightly from the SLO verdict, which counts by arrival.
 */
import { seriesColour, seriesDash } from "./palette";
import type { SeriesColumns } from "../worker/run-protocol";
import { formatMetric } from "../../engine/index";

/** One line of a time chart. */
export interface ChartLine {
  key: string;
  label: string;
  colour: string;
  dash: string;
  values: Float64Array;
}

/** A horizontal reference line (an SLO threshold). */
export interface ChartThreshold {
  value: number;
  label: string;
}

/** What a time chart draws. */
export interface TimeChartModel {
  id: string;
  title: string;
  /** One sentence saying what to read from the chart. */
  description: string;
  unit: string;
  /** Window midpoints, ms from the start of the run. */
  x: Float64Array;
  lines: ChartLine[];
  yScale: "linear" | "log";
  /** Lowest y the axis must show (e.g. 0 for rates), if any. */
  yFloor: number | null;
  /** Formats a y value with its unit. */
  format: (value: number) => string;
  thresholds: ChartThreshold[];
}

/** SLOs as the charts need them (from the validated scenario: ms and fractions). */
export interface ChartSlo {
  name: string;
  /** Request class, or null for all requests. */
  className: string | null;
  kind: "latency" | "availability";
  /** Latency: quantile label ("p99") and threshold ms; availability: target fraction. */
  percentile?: string;
  thresholdMs?: number;
  target?: number;
}

/** Run facts the charts need besides the series. */
export interface ChartContext {
  warmupMs: number;
  slos: ChartSlo[];
}

/** Window midpoints, ms. */
export function windowMidpoints(series: SeriesColumns): Float64Array {
  const start = series.columns.startMs!;
  const x = new Float64Array(series.length);
  for (let i = 0; i < series.length; i++) x[i] = start[i]! + series.windowMs / 2;
  return x;
}

/** Group names present in the columns, in order. */
export function groupNames(series: SeriesColumns): string[] {
  return namesOf(series, "group");
}

/** Request class names present in the columns, in order. */
export function classNames(series: SeriesColumns): string[] {
  return namesOf(series, "class");
}

function namesOf(series: SeriesColumns, kind: "group" | "class"): string[] {
  const names: string[] = [];
  for (const column of series.names) {
    const [k, name] = column.split("/");
    if (k === kind && name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

function line(index: number, key: string, label: string, values: Float64Array): ChartLine {
  return { key, label, colour: seriesColour(index), dash: seriesDash(index), values };
}

function map(length: number, f: (i: number) => number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = f(i);
  return out;
}

/** Calm windows for the capacity estimate: at most this error share... */
const CALM_ERROR_SHARE = 0.01;
/** ...and a utilisation in this range. */
const CALM_UTILISATION: [number, number] = [0.05, 0.85];

/** The median of finite values, NaN for none. */
function medianOf(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Requests/s one serving node of a group sustains at full utilisation (median over calm windows); NaN with none. */
export function perNodeCapacity(series: SeriesColumns, group: string): number {
  const c = series.columns;
  const u = c[`group/${group}/utilisation`]!, up = c[`group/${group}/nodesUp`]!;
  const samples: number[] = [];
  for (let i = 0; i < series.length; i++) {
    if (!(c.errorRate![i]! <= CALM_ERROR_SHARE) || !(u[i]! >= CALM_UTILISATION[0] && u[i]! <= CALM_UTILISATION[1]) || !(up[i]! > 0)) continue;
    samples.push(c.succeededPerS![i]! / (u[i]! * up[i]!));
  }
  return medianOf(samples);
}

/** Min over groups of nodes serving x per-node capacity (see the file comment); NaN when no group has calm windows. */
export function estimatedCapacity(series: SeriesColumns): Float64Array {
  const groups = groupNames(series).map((g) => ({ perNode: perNodeCapacity(series, g), up: series.columns[`group/${g}/nodesUp`]! })).filter((g) => Number.isFinite(g.perNode));
  return map(series.length, (i) => {
    let capacity = Infinity;
    for (const g of groups) if (Number.isFinite(g.up[i]!)) capacity = Math.min(capacity, g.up[i]! * g.perNode);
    return capacity < Infinity ? capacity : NaN;
  });
}

/**
 * Error budget remaining per window end, as a fraction (1 = untouched, < 0 = blown), for one
 * availability SLO; NaN during warm-up.
 */
export function errorBudgetRemaining(series: SeriesColumns, slo: ChartSlo, warmupMs: number): Float64Array {
  const c = series.columns;
  const succeeded = slo.className ? c[`class/${slo.className}/succeededPerS`] : c.succeededPerS;
  const failed = slo.className ? c[`class/${slo.className}/failedPerS`] : c.failedPerS;
  const out = new Float64Array(series.length).fill(NaN);
  if (!succeeded || !failed || slo.target === undefined) return out;
  const windowS = series.windowMs / 1000;
  let completedTotal = 0;
  for (let i = 0; i < series.length; i++) if (c.startMs![i]! >= warmupMs) completedTotal += (succeeded[i]! + failed[i]!) * windowS;
  const allowed = (1 - slo.target) * completedTotal;
  let failures = 0;
  for (let i = 0; i < series.length; i++) {
    if (c.startMs![i]! < warmupMs) continue;
    failures += failed[i]! * windowS;
    out[i] = allowed > 0 ? 1 - failures / allowed : failures > 0 ? -Infinity : 1;
  }
  return out;
}

/** Values as percentages (x100). */
function percent(values: Float64Array): Float64Array {
  return map(values.length, (i) => values[i]! * 100);
}

/** Latency values safe for a log axis (0 and below become gaps). */
function logSafe(values: Float64Array): Float64Array {
  return map(values.length, (i) => (values[i]! > 0 ? values[i]! : NaN));
}

/** All run-view time charts for a (possibly partial) series. */
export function buildTimeCharts(series: SeriesColumns, context: ChartContext): TimeChartModel[] {
  const c = series.columns;
  const x = windowMidpoints(series);
  const groups = groupNames(series);
  const classes = classNames(series);
  const base = { x, yScale: "linear" as const, yFloor: 0, thresholds: [] as ChartThreshold[] };
  const charts: TimeChartModel[] = [
    {
      ...base, id: "load", title: "Offered load vs capacity", unit: "requests/s", format: (v) => formatMetric(v, "per-second"),
      description: "Traffic arriving, traffic served, and the load the serving nodes could sustain (estimated from calm windows: it drops when nodes stop serving).",
      lines: [
        line(0, "offeredPerS", "offered", c.offeredPerS!),
        line(2, "succeededPerS", "throughput (succeeded)", c.succeededPerS!),
        line(4, "capacityPerS", "estimated capacity", estimatedCapacity(series)),
      ],
    },
    {
      ...base, id: "errors", title: "Error rate", unit: "% of completed requests", format: (v) => formatMetric(v / 100, "percent"),
      description: "Share of requests that failed (timeouts, rejections, unavailable), per window.",
      lines: [line(4, "errorRate", "all requests", percent(c.errorRate!)), ...(classes.length > 1 ? classes.map((name, i) => line(i + 1, `class/${name}/errorRate`, name, classErrorRate(series, name))) : [])],
    },
    {
      ...base, id: "latency", title: "Latency percentiles", unit: "ms (log scale)", yScale: "log", yFloor: null, format: (v) => formatMetric(v, "ms"),
      description: "Latency of successful requests per window: median, p99 and p99.9, against the latency SLOs.",
      lines: [line(2, "latencyP50Ms", "p50", logSafe(c.latencyP50Ms!)), line(0, "latencyP99Ms", "p99", logSafe(c.latencyP99Ms!)), line(4, "latencyP999Ms", "p99.9", logSafe(c.latencyP999Ms!))],
      thresholds: context.slos.filter((s) => s.kind === "latency" && s.thresholdMs !== undefined).map((s) => ({ value: s.thresholdMs!, label: `${s.name}: ${s.percentile} < ${formatMetric(s.thresholdMs, "ms")}${s.className ? ` (${s.className})` : ""}` })),
    },
    {
      ...base, id: "utilisation", title: "Utilisation by group", unit: "% of cores busy", format: (v) => formatMetric(v / 100, "percent"),
      description: "How busy each group's cores were; a group near 100% is the bottleneck.",
      lines: groups.map((g, i) => line(i, `group/${g}/utilisation`, g, percent(c[`group/${g}/utilisation`]!))),
    },
    {
      ...base, id: "queues", title: "Queue length by group", unit: "requests waiting per node", format: (v) => formatMetric(v, "number"),
      description: "Mean requests waiting per node; growing queues mean arrivals outpace service.",
      lines: groups.map((g, i) => line(i, `group/${g}/queueLengthMean`, g, c[`group/${g}/queueLengthMean`]!)),
    },
    {
      ...base, id: "nodes", title: "Nodes up and cluster size", unit: "nodes", format: (v) => formatMetric(v, "count"),
      description: "Nodes serving (solid) and nodes in the group, booting included (dashed): faults and autoscaling show here.",
      lines: groups.flatMap((g, i) => [
        { ...line(i, `group/${g}/nodesUp`, `${g} up`, c[`group/${g}/nodesUp`]!), dash: "" },
        { ...line(i, `group/${g}/nodesTotal`, `${g} size`, c[`group/${g}/nodesTotal`]!), dash: "5 3" },
      ]),
    },
  ];
  const availability = context.slos.filter((s) => s.kind === "availability");
  charts.push({
    ...base, id: "budget", title: "Error budget remaining", unit: "% of budget", yFloor: null, format: (v) => formatMetric(v / 100, "percent"),
    description: availability.length > 0 ? "Share of each availability SLO's allowed failures still unspent; below 0 the SLO is missed." : "No availability SLO in this scenario.",
    lines: availability.map((slo, i) => line(i, `budget/${slo.name}`, `${slo.name} (${formatMetric(slo.target, "percent")})`, percent(errorBudgetRemaining(series, slo, context.warmupMs)))),
    thresholds: availability.length > 0 ? [{ value: 0, label: "budget spent" }] : [],
  });
  return charts;
}

/** failed / (succeeded + failed) of one class, as a percentage per window. */
function classErrorRate(series: SeriesColumns, name: string): Float64Array {
  const ok = series.columns[`class/${name}/succeededPerS`]!;
  const bad = series.columns[`class/${name}/failedPerS`]!;
  return map(series.length, (i) => (ok[i]! + bad[i]! > 0 ? (100 * bad[i]!) / (ok[i]! + bad[i]!) : NaN));
}

/** The index of the window containing time `ms` (clamped), or -1 for an empty series. */
export function windowIndexAt(series: SeriesColumns, ms: number): number {
  if (series.length === 0) return -1;
  return Math.min(series.length - 1, Math.max(0, Math.floor(ms / series.windowMs)));
}
