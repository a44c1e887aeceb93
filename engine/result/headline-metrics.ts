/**
 * The headline metrics of a run: the handful of numbers every front end shows about a Result —
 * the CLI's table, CSV row, HTML report, sweep line and compare, the replication set's
 * intervals, the browser's compare table. One catalogue, so every output names them with the
 * same key, labels them the same way, reads them in the same unit and knows which way is better.
 *
 * The keys are the CSV columns and sweep-line fields (`latencyP99Ms`); changing or reordering
 * them changes those files. Units are engine/input/units/metric-format.ts's, and
 * `formatMetric(value, metric.unit)` is how a value is shown.
 *
 * What each covers (requests-result.ts): `offered` and `offeredPerS` every request that arrived
 * after warm-up (the offered load), `goodputPerS` the successful ones, `failedPerS` the failed
 * ones (every cause), `successRate` succeeded / completed; the latency metrics are of
 * successful requests only; `cost` is the whole run's, warm-up included.
 */
import type { MetricUnit } from "../input/units/metric-format";
import type { Result } from "./result";
import { MECHANISM_SLO_KINDS, type SloKind, type SloUnit } from "../metrics/slo";

/** A Result as the metrics read it: everything but the series (what the browser's workers return). */
export type ResultCore = Omit<Result, "series">;

/** Which way a metric is better: more throughput, less latency, or neither (requests offered). */
export type MetricDirection = "higher" | "lower" | null;

/** One metric: its key in JSON and CSV, its label in tables, its unit, and how to read it off a Result. */
export interface HeadlineMetric {
  key: string;
  label: string;
  unit: MetricUnit;
  better: MetricDirection;
  /** The value in `unit` (ms, a fraction for percent, /s, $, a count); null when the run has none. */
  get(result: ResultCore): number | null;
}

/**
 * The run's serving capacity: of all node-time provisioned in the measured period, the shares
 * serving, booting, draining and down (each group's weighted by its provisioned node-hours);
 * null without nodes. Booting and draining are planned (autoscaling, rolling updates), so they
 * are shown apart and never counted as failures; only `down` is.
 */
export function capacityShares(result: ResultCore): { serving: number; booting: number; draining: number; down: number } | null {
  const sum = { serving: 0, booting: 0, draining: 0, down: 0 };
  let hours = 0;
  for (const group of result.groups) {
    const c = group.capacity;
    if (c === null) continue;
    const w = c.provisionedNodeHours;
    sum.serving += c.servingShare * w;
    sum.booting += c.bootingShare * w;
    sum.draining += c.drainingShare * w;
    sum.down += c.downShare * w;
    hours += w;
  }
  if (!(hours > 0)) return null;
  return { serving: sum.serving / hours, booting: sum.booting / hours, draining: sum.draining / hours, down: sum.down / hours };
}

/** The headline metrics in display order (the order of CSV columns and sweep-line fields). */
export const HEADLINE_METRICS: readonly HeadlineMetric[] = [
  { key: "offered", label: "requests offered", unit: "count", better: null, get: (r) => r.requests.offered },
  { key: "offeredPerS", label: "offered load", unit: "per-second", better: null, get: (r) => r.requests.offeredPerS },
  { key: "goodputPerS", label: "goodput", unit: "per-second", better: "higher", get: (r) => r.requests.goodputPerS },
  { key: "failedPerS", label: "failures", unit: "per-second", better: "lower", get: (r) => r.requests.failedPerS },
  { key: "successRate", label: "success rate", unit: "percent", better: "higher", get: (r) => r.requests.successRate },
  { key: "latencyMeanMs", label: "latency mean", unit: "ms", better: "lower", get: (r) => r.requests.latencyMs.mean },
  { key: "latencyP50Ms", label: "latency p50", unit: "ms", better: "lower", get: (r) => r.requests.latencyMs.p50 },
  { key: "latencyP90Ms", label: "latency p90", unit: "ms", better: "lower", get: (r) => r.requests.latencyMs.p90 },
  { key: "latencyP99Ms", label: "latency p99", unit: "ms", better: "lower", get: (r) => r.requests.latencyMs.p99 },
  { key: "latencyP999Ms", label: "latency p99.9", unit: "ms", better: "lower", get: (r) => r.requests.latencyMs.p999 },
  { key: "servingCapacity", label: "serving capacity (of provisioned)", unit: "percent", better: "higher", get: (r) => capacityShares(r)?.serving ?? null },
  { key: "cost", label: "cost", unit: "money", better: "lower", get: (r) => (r.cost.groups.length === 0 ? null : r.cost.total) },
];

/**
 * The number of the run's SLOs met. Not a headline metric (CSV rows and sweep lines carry each
 * SLO's verdict instead), but comparisons show it beside them.
 */
export const SLOS_MET_METRIC: HeadlineMetric = {
  key: "slosMet", label: "SLOs met", unit: "count", better: "higher", get: (r) => r.slos.filter((slo) => slo.passed).length,
};

/**
 * The unit of an SLO's measured value: ms for a latency SLO, a fraction (shown as percent) for
 * availability and a windows share, and a mechanism SLO's own unit (engine/metrics/slo.ts's table).
 */
export function sloUnit(kind: SloKind | "windows"): MetricUnit {
  if (kind === "latency") return "ms";
  if (kind === "availability" || kind === "windows") return "percent";
  return MECHANISM_SLO_KINDS[kind].unit;
}

/** Which way an SLO's measured value is better: lower latency, higher availability and windows share, a mechanism SLO's own way. */
export function sloDirection(kind: SloKind | "windows"): "lower" | "higher" {
  if (kind === "latency") return "lower";
  if (kind === "availability" || kind === "windows") return "higher";
  return MECHANISM_SLO_KINDS[kind].better;
}

// Every SLO unit is a catalogue unit (a compile-time check: SloUnit must stay a subset of MetricUnit).
const SLO_UNITS_ARE_METRIC_UNITS: (unit: SloUnit) => MetricUnit = (unit) => unit;
void SLO_UNITS_ARE_METRIC_UNITS;
