/**
 * A replication set: the same scenario run with seeds N, N+1, …, N+R-1, summarised by the mean
 * and 95 % confidence interval of each headline metric and judged against its SLOs.
 *
 * The SLO rule ({@link SLO_RULE}): an SLO passes when the 95 % Student-t confidence interval of
 * its measured value over the replications lies entirely on the passing side of its threshold —
 * the upper bound below a latency threshold, the lower bound at or above an availability
 * target. So "passes" means "met, with 95 % confidence about the mean over seeds", not "met on
 * average": a configuration that passes with half the seeds and fails with the other half
 * fails. A replication with no measurement (no successful requests) fails the SLO, and a
 * latency SLO that also asks for a share of windows must meet that part in every replication.
 *
 * The pooled latency percentiles merge the replications' histograms (exactly: same buckets),
 * i.e. percentiles of all requests of all seeds together.
 */
import { confidenceInterval, ENGINE_VERSION, HEADLINE_METRICS, LatencyHistogram, type Result, type SloOutcome } from "../engine";

/** The rule by which a replication set's SLOs pass, printed with every replication report. */
export const SLO_RULE =
  "an SLO passes when the 95% confidence interval of its measured value over the replications lies entirely on the passing side of its threshold (upper bound below a latency threshold, lower bound at or above an availability target)";

/** A mean with its 95 % confidence interval; infinities (n < 2) are written as null. */
export interface Interval {
  mean: number | null;
  halfWidth: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

/** One SLO judged over the replications. */
export interface ReplicatedSlo {
  name: string;
  kind: SloOutcome["kind"];
  class: string;
  objective: string;
  target: number;
  measured: Interval;
  /** How many single replications met the SLO on their own. */
  replicationsPassed: number;
  passed: boolean;
}

/** What `run --replications R --format json` writes. Plain data with a fixed key order. */
export interface ReplicationSet {
  kind: "clustersim-replications";
  setVersion: 1;
  engineVersion: string;
  scenario: string;
  seedFirst: number;
  replications: number;
  confidenceLevel: number;
  sloRule: string;
  metrics: Record<string, Interval>;
  pooledLatencyMs: { p50: number | null; p90: number | null; p99: number | null; p999: number | null };
  slos: ReplicatedSlo[];
  slosPassed: boolean;
  /** The Results in seed order. */
  results: Result[];
}

/** Mean and 95 % CI of `values`, with nulls (no data) left out. */
export function intervalOf(values: ReadonlyArray<number | null>): Interval {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return { mean: null, halfWidth: null, low: null, high: null, n: 0 };
  const ci = confidenceInterval(present, 0.95);
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return { mean: finite(ci.mean), halfWidth: finite(ci.halfWidth), low: finite(ci.low), high: finite(ci.high), n: ci.n };
}

/** Judges one SLO over the replications (its outcomes in seed order) by {@link SLO_RULE}. */
export function judgeReplicated(outcomes: readonly SloOutcome[]): ReplicatedSlo {
  const first = outcomes[0];
  const measured = intervalOf(outcomes.map((outcome) => outcome.measured));
  const anyMissing = outcomes.some((outcome) => outcome.measured === null);
  let passed: boolean;
  if (anyMissing || measured.n < 2) passed = false;
  else if (first.kind === "latency") {
    // A replication that met the threshold yet failed has failed the windows requirement.
    const windowsMissed = outcomes.some((outcome) => !outcome.passed && outcome.measured !== null && outcome.measured < outcome.target);
    passed = !windowsMissed && measured.high !== null && measured.high < first.target;
  } else {
    passed = measured.low !== null && measured.low >= first.target;
  }
  return {
    name: first.name,
    kind: first.kind,
    class: first.class,
    objective: first.objective,
    target: first.target,
    measured,
    replicationsPassed: outcomes.filter((outcome) => outcome.passed).length,
    passed,
  };
}

/**
 * Summarises Results of consecutive seeds (in seed order) as a replication set.
 * @throws Error when there are fewer than two results (a caller bug: one run is a Result).
 */
export function buildReplicationSet(results: readonly Result[]): ReplicationSet {
  if (results.length < 2) throw new Error(`a replication set needs at least 2 results, got ${results.length}`);
  const metrics: Record<string, Interval> = {};
  for (const metric of HEADLINE_METRICS) metrics[metric.key] = intervalOf(results.map((result) => metric.get(result)));
  const pooled = new LatencyHistogram();
  for (const result of results) pooled.merge(LatencyHistogram.fromJSON(result.requests.histogram));
  const quantile = (p: number): number | null => (pooled.count > 0 ? pooled.quantile(p) : null);
  const slos = results[0].slos.map((_, i) => judgeReplicated(results.map((result) => result.slos[i])));
  return {
    kind: "clustersim-replications",
    setVersion: 1,
    engineVersion: ENGINE_VERSION,
    scenario: results[0].scenario,
    seedFirst: results[0].seed,
    replications: results.length,
    confidenceLevel: 0.95,
    sloRule: SLO_RULE,
    metrics,
    pooledLatencyMs: { p50: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99), p999: quantile(0.999) },
    slos,
    slosPassed: slos.every((slo) => slo.passed),
    results: [...results],
  };
}

/** Whether parsed JSON is a replication set (as opposed to a single Result). */
export function isReplicationSet(value: unknown): value is ReplicationSet {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "clustersim-replications";
}
