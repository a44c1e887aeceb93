/**
 * A replication set: the same scenario run with seeds N, N+1, …, N+R-1, summarised by the mean
 * and confidence interval of each headline metric, latency percentiles pooled over all seeds,
 * and each SLO judged over the replications by the one SLO rule, the planner's (evidence.ts):
 * the Student-t interval of the SLO's per-run value lies wholly on the passing side of its
 * threshold (pass), wholly on the other side (fail), or straddles it (undecided). A latency SLO
 * with `windows` is judged twice, on its percentile and on its share of windows, and passes only
 * when both do. `clustersim run -r` writes this; `clustersim plan` and the browser planner judge
 * every candidate by the same rule, so they all agree on what "passes" means.
 *
 * The pooled latency percentiles merge the replications' histograms (exactly: same buckets),
 * i.e. percentiles of all requests of all seeds together.
 */
import { assert } from "../core/assert";
import { LatencyHistogram } from "../metrics/histogram";
import { confidenceInterval } from "../theory/inference";
import { HEADLINE_METRICS } from "../result/headline-metrics";
import type { Result } from "../result/result";
import type { Scenario } from "../scenario/schema";
import { checkValue, combineVerdicts, judgeCheck, sloChecks, sloRule, type SloCheck } from "./evidence";
import type { Verdict } from "./types";
import type { SloKind } from "../metrics/slo";

/** A mean with its confidence interval; infinities (n < 2) are written as null. */
export interface Interval {
  mean: number | null;
  halfWidth: number | null;
  low: number | null;
  high: number | null;
  /** Values the interval is over (replications with a value). */
  n: number;
}

/** One SLO judged over the replications. */
export interface ReplicatedSlo {
  name: string;
  kind: SloKind;
  class: string;
  objective: string;
  /** Latency: the threshold, ms; availability: the target share. */
  target: number;
  /** The measured value over the replications: ms, or a share in [0, 1]. */
  measured: Interval;
  /** Latency SLOs with `windows`: the required share of windows, and the share met over the replications; otherwise null. */
  windows: { target: number; share: Interval } | null;
  /** How many single replications met the SLO by their own verdict. */
  replicationsPassed: number;
  /** By the SLO rule: "pass" only when every part of the SLO passes. */
  verdict: Verdict;
  /** verdict === "pass". */
  passed: boolean;
}

/** What `run --replications R --format json` writes. Plain data with a fixed key order. */
export interface ReplicationSet {
  kind: "clustersim-replications";
  /** 2: SLOs carry a verdict (pass, fail, undecided) and their windows share. */
  setVersion: 2;
  engineVersion: string;
  scenario: string;
  seedFirst: number;
  replications: number;
  confidenceLevel: number;
  /** The SLO rule in words (evidence.ts sloRule). */
  sloRule: string;
  /** Each headline metric's interval, by key, in catalogue order. */
  metrics: Record<string, Interval>;
  pooledLatencyMs: { p50: number | null; p90: number | null; p99: number | null; p999: number | null };
  slos: ReplicatedSlo[];
  /** Every SLO's verdict is "pass" (true when there are none). */
  slosPassed: boolean;
  /** The Results in seed order. */
  results: Result[];
}

/** Mean and confidence interval (default 95 %) of `values`, with nulls (no data) left out. */
export function intervalOf(values: ReadonlyArray<number | null>, confidence = 0.95): Interval {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return { mean: null, halfWidth: null, low: null, high: null, n: 0 };
  const ci = confidenceInterval(present, confidence);
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return { mean: finite(ci.mean), halfWidth: finite(ci.halfWidth), low: finite(ci.low), high: finite(ci.high), n: ci.n };
}

/**
 * Judges one SLO over the replications: `checks` are the SLO's checks (sloChecks: one, or two
 * for a windowed latency SLO) and `runs` each replication's SLO outcomes, in seed order.
 */
export function judgeReplicatedSlo(checks: readonly SloCheck[], runs: ReadonlyArray<Result["slos"]>, confidence: number): ReplicatedSlo {
  assert(checks.length > 0 && runs.length > 0, "an SLO is judged on its checks over at least one run");
  const name = checks[0]!.slo;
  const outcomes = runs.map((slos) => slos.find((slo) => slo.name === name));
  assert(outcomes.every((outcome) => outcome !== undefined), `every replication judged SLO ${name}`);
  const first = outcomes[0]!;
  const valuesOf = (check: SloCheck) => runs.map((slos) => checkValue(check, { slos }));
  const verdicts = checks.map((check) => judgeCheck(check, valuesOf(check), confidence).verdict);
  const windowsCheck = checks.find((check) => check.kind === "windows");
  const verdict = combineVerdicts(verdicts);
  return {
    name,
    kind: first.kind,
    class: first.class,
    objective: first.objective,
    target: first.target,
    measured: intervalOf(outcomes.map((outcome) => outcome!.measured), confidence),
    windows: windowsCheck === undefined ? null : { target: windowsCheck.target, share: intervalOf(valuesOf(windowsCheck), confidence) },
    replicationsPassed: outcomes.filter((outcome) => outcome!.passed).length,
    verdict,
    passed: verdict === "pass",
  };
}

/**
 * Summarises Results of consecutive seeds of `scenario` (in seed order) as a replication set,
 * each interval at `confidence` (default 0.95).
 * @throws AssertionError with fewer than two results (one run is a Result, not a set).
 */
export function buildReplicationSet(results: readonly Result[], options: { scenario: Scenario; confidence?: number }): ReplicationSet {
  assert(results.length >= 2, `a replication set needs at least 2 results, got ${results.length}`);
  const confidence = options.confidence ?? 0.95;
  const metrics: Record<string, Interval> = {};
  for (const metric of HEADLINE_METRICS) metrics[metric.key] = intervalOf(results.map((result) => metric.get(result)), confidence);
  const pooled = new LatencyHistogram();
  for (const result of results) pooled.merge(LatencyHistogram.fromJSON(result.requests.histogram));
  const quantile = (p: number): number | null => (pooled.count > 0 ? pooled.quantile(p) : null);
  const checks = sloChecks(options.scenario);
  const runs = results.map((result) => result.slos);
  const slos = options.scenario.slos.map((slo) => judgeReplicatedSlo(checks.filter((check) => check.slo === slo.name), runs, confidence));
  return {
    kind: "clustersim-replications",
    setVersion: 2,
    engineVersion: results[0]!.engineVersion,
    scenario: results[0]!.scenario,
    seedFirst: results[0]!.seed,
    replications: results.length,
    confidenceLevel: confidence,
    sloRule: sloRule(confidence),
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
