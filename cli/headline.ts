/**
 * The headline metrics of a run: the handful of numbers a table, a CSV row, a sweep line and a
 * comparison show. One list, so every output names and orders them the same way.
 */
import { resultDigest, type Result } from "../engine";

/** How a metric's number reads. */
export type MetricUnit = "count" | "perS" | "fraction" | "ms" | "money";

/** One headline metric: its key in JSON/CSV, its label in tables, and how to read it off a Result. */
export interface HeadlineMetric {
  key: string;
  label: string;
  unit: MetricUnit;
  /** true: more is better (throughput), false: less is better (latency), null: neither. */
  higherIsBetter: boolean | null;
  get(result: Result): number | null;
}

/** Time-average share of all nodes that were up (nodes-weighted over the groups). */
export function nodesUpShare(result: Result): number | null {
  let weighted = 0;
  let nodes = 0;
  for (const group of result.groups) {
    if (group.upShare === null) continue;
    weighted += group.upShare * group.nodes;
    nodes += group.nodes;
  }
  return nodes > 0 ? weighted / nodes : null;
}

/** The headline metrics in display order. */
export const HEADLINE_METRICS: readonly HeadlineMetric[] = [
  { key: "offered", label: "requests offered", unit: "count", higherIsBetter: null, get: (r) => r.requests.offered },
  { key: "throughputPerS", label: "throughput", unit: "perS", higherIsBetter: true, get: (r) => r.requests.throughputPerS },
  { key: "goodputPerS", label: "goodput", unit: "perS", higherIsBetter: true, get: (r) => r.requests.goodputPerS },
  { key: "successRate", label: "success rate", unit: "fraction", higherIsBetter: true, get: (r) => r.requests.successRate },
  { key: "latencyMeanMs", label: "latency mean", unit: "ms", higherIsBetter: false, get: (r) => r.requests.latencyMs.mean },
  { key: "latencyP50Ms", label: "latency p50", unit: "ms", higherIsBetter: false, get: (r) => r.requests.latencyMs.p50 },
  { key: "latencyP90Ms", label: "latency p90", unit: "ms", higherIsBetter: false, get: (r) => r.requests.latencyMs.p90 },
  { key: "latencyP99Ms", label: "latency p99", unit: "ms", higherIsBetter: false, get: (r) => r.requests.latencyMs.p99 },
  { key: "latencyP999Ms", label: "latency p99.9", unit: "ms", higherIsBetter: false, get: (r) => r.requests.latencyMs.p999 },
  { key: "nodesUpShare", label: "nodes up (time share)", unit: "fraction", higherIsBetter: true, get: nodesUpShare },
  { key: "cost", label: "cost", unit: "money", higherIsBetter: false, get: (r) => r.cost.total },
];

/** A Result boiled down to its headline numbers and SLO verdicts (one sweep line's payload). */
export interface RunSummary {
  seed: number;
  events: number;
  /** {@link resultDigest} of the full Result: equal digests mean byte-identical Results. */
  digest: string;
  metrics: Record<string, number | null>;
  slos: Array<{ name: string; passed: boolean; measured: number | null }>;
  slosPassed: boolean;
}

/** The {@link RunSummary} of a Result. */
export function summarizeResult(result: Result): RunSummary {
  const metrics: Record<string, number | null> = {};
  for (const metric of HEADLINE_METRICS) metrics[metric.key] = metric.get(result);
  return {
    seed: result.seed,
    events: result.events,
    digest: resultDigest(result),
    metrics,
    slos: result.slos.map((slo) => ({ name: slo.name, passed: slo.passed, measured: slo.measured })),
    slosPassed: result.slosPassed,
  };
}
