/**
 * Evidence about one configuration under one failure case: per SLO, the value measured in each
 * replication, a Student-t confidence interval over replications, and a verdict.
 *
 * The statistic is the replication/deletion approach (Law and Kelton, "Simulation Modeling and
 * Analysis", 5th ed., 9.4): each replication is an independent run with its own seed, warm-up
 * excluded, and yields one number per SLO (its p99, its success share); those numbers are
 * i.i.d., so the t-interval over them is valid however autocorrelated the requests inside a run
 * are. A verdict is reached when the two-sided interval at the confidence level lies wholly on
 * one side of the SLO threshold: "pass" when it clears it (for a latency SLO the upper end is
 * below the threshold; for a mechanism SLO bounded above — writes lost, RPO, RTO, detection
 * time, waits, origin peak — the upper end at or below its bound; for one bounded below the
 * lower end at or above it), "fail" when it lies wholly beyond it, otherwise "undecided". Each verdict
 * is therefore a one-sided test at level (1 + confidence) / 2; verdicts on several SLOs and
 * failure cases are not adjusted for multiplicity, and adding replications until a verdict is
 * reached ("peeking") makes the stated level approximate. Both are said in the report.
 *
 * This is the one rule for "does this pass over replications": the planner judges candidates by
 * it (replications.ts), and `clustersim run -r` its replication sets (replication-set.ts).
 */
import { confidenceInterval } from "../theory/inference";
import type { Scenario } from "../scenario/schema";
import { MECHANISM_SLO_KIND_NAMES, mechanismObjective, type SloKind } from "../metrics/slo";
import { sloDirection } from "../result/headline-metrics";
import { formatMetric } from "../input/units";
import type { RunSummary, Verdict } from "./types";

/** One threshold the planner checks: an SLO, or the windows share of a windowed latency SLO. */
export interface SloCheck {
  /** `checkout-p99`, or `checkout-p99/windows` for the windows requirement of the same SLO. */
  name: string;
  /** The SLO's name in the scenario. */
  slo: string;
  /**
   * latency: ms, must be below `target`; availability and windows: a share, must be >= `target`;
   * a mechanism SLO: in its kind's unit, at most or at least `target` as its direction says.
   */
  kind: SloKind | "windows";
  target: number;
  /** Human-readable objective: `p99 < 300 ms`, `availability >= 99.9%`, `p99 < 300 ms in >= 95% of windows`. */
  objective: string;
}

/** The checks for a scenario's SLOs, in scenario order (a windowed latency SLO gives two). */
export function sloChecks(scenario: Scenario): SloCheck[] {
  const checks: SloCheck[] = [];
  for (const slo of scenario.slos) {
    const scope = slo.class === undefined ? "" : `, class ${slo.class}`;
    if (slo.latency !== undefined) {
      const { percentile, below, windows } = slo.latency;
      checks.push({ name: slo.name, slo: slo.name, kind: "latency", target: below, objective: `${percentile} < ${formatMetric(below, "ms")}${scope}` });
      if (windows !== undefined) {
        const objective = `${percentile} < ${formatMetric(below, "ms")} in >= ${formatShare(windows)} of windows${scope}`;
        checks.push({ name: `${slo.name}/windows`, slo: slo.name, kind: "windows", target: windows, objective });
      }
    } else if (slo.availability !== undefined) {
      checks.push({ name: slo.name, slo: slo.name, kind: "availability", target: slo.availability, objective: `availability >= ${formatShare(slo.availability)}${scope}` });
    } else {
      const kind = MECHANISM_SLO_KIND_NAMES.find((k) => slo[k] !== undefined)!;
      const target = slo[kind] as number;
      const where = slo.service !== undefined ? { kind: "service" as const, name: slo.service } : slo.region !== undefined ? { kind: "region" as const, name: slo.region } : slo.detector !== undefined ? { kind: "detector" as const, name: slo.detector } : { kind: "policy" as const, name: slo.policy! };
      checks.push({ name: slo.name, slo: slo.name, kind, target, objective: mechanismObjective(kind, target, where) });
    }
  }
  return checks;
}

function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(4))}%`;
}

/**
 * The SLO rule in words, at `confidence` (0.95 reads "95%"): printed with every replication
 * set, so a reader knows what PASS, FAIL and UNDECIDED mean.
 */
export function sloRule(confidence: number): string {
  return `an SLO passes when the ${formatShare(confidence)} confidence interval of its measured value over the replications lies entirely on the passing side of its threshold (upper bound below a latency threshold, or at or below a mechanism's upper bound; lower bound at or above an availability target, a required share of windows, or a mechanism's lower bound), fails when it lies entirely on the other side, and is undecided otherwise; a replication with no measurement fails it`;
}

/** The value of `check` in one run (a RunSummary, or a Result's SLO outcomes); null when the run has no such value (no successful request). */
export function checkValue(check: SloCheck, run: Pick<RunSummary, "slos">): number | null {
  const slo = run.slos.find((s) => s.name === check.slo);
  if (slo === undefined) return null;
  return check.kind === "windows" ? slo.windowsMeetingShare : slo.measured;
}

/** The evidence on one check: the interval over replications and what it shows. */
export interface CheckEvidence {
  name: string;
  /** latency: values in ms; availability and windows: shares in [0, 1]; a mechanism SLO: its unit. */
  kind: SloCheck["kind"];
  objective: string;
  target: number;
  /** Replications seen. */
  n: number;
  /** Replications with no value (no successful request); any makes the verdict "fail". */
  missing: number;
  /** Mean over replications and the confidence interval; null before any value arrived. */
  mean: number | null;
  low: number | null;
  high: number | null;
  /** Measured over allowed: mean / target for lower-is-better checks, (1 - mean) / (1 - target) for shares; > 1 misses. */
  ratio: number | null;
  verdict: Verdict;
}

/** Judges one check from its per-replication values (null = no value) at `confidence`. */
export function judgeCheck(check: SloCheck, values: ReadonlyArray<number | null>, confidence: number): CheckEvidence {
  const present = values.filter((v): v is number => v !== null);
  const missing = values.length - present.length;
  const base = { name: check.name, kind: check.kind, objective: check.objective, target: check.target, n: values.length, missing };
  if (present.length === 0) return { ...base, mean: null, low: null, high: null, ratio: null, verdict: missing > 0 ? "fail" : "undecided" };
  const ci = confidenceInterval(present, confidence);
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  const evidence = { ...base, mean: ci.mean, low: finite(ci.low), high: finite(ci.high), ratio: sloRatio(check, ci.mean) };
  if (missing > 0) return { ...evidence, verdict: "fail" };
  return { ...evidence, verdict: intervalVerdict(check, ci.low, ci.high) };
}

/** "pass" when [low, high] clears the threshold, "fail" when it lies wholly beyond, else "undecided". */
function intervalVerdict(check: SloCheck, low: number, high: number): Verdict {
  if (check.kind === "latency") return high < check.target ? "pass" : low >= check.target ? "fail" : "undecided";
  if (sloDirection(check.kind) === "lower") return high <= check.target ? "pass" : low > check.target ? "fail" : "undecided";
  return low >= check.target ? "pass" : high < check.target ? "fail" : "undecided";
}

/**
 * Measured over allowed (see {@link CheckEvidence.ratio}); a target of 100% (or an upper bound of
 * 0) allows nothing, so any shortfall (any excess) is Infinity.
 */
export function sloRatio(check: SloCheck, mean: number): number {
  if (sloDirection(check.kind) === "lower") {
    if (check.target > 0) return mean / check.target;
    return mean > 0 ? Infinity : 0;
  }
  const allowed = 1 - check.target;
  const shortfall = Math.max(0, 1 - mean);
  if (allowed <= 0) return shortfall > 0 ? Infinity : 0;
  return shortfall / allowed;
}

/** Combines verdicts: any "fail" fails, all "pass" pass, anything else is undecided. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes("fail")) return "fail";
  return verdicts.every((v) => v === "pass") ? "pass" : "undecided";
}

/**
 * How many replications in all an undecided check probably needs to reach a verdict: the
 * interval's half-width shrinks like 1/sqrt(n), so to bring half-width h down to the distance d
 * between the mean and the threshold takes about n (h / d)^2. (The t quantile also falls with n,
 * so this overestimates slightly, which errs towards fewer rounds.) At least n + 1.
 */
export function replicationsWanted(evidence: CheckEvidence): number {
  const n = evidence.n;
  if (evidence.mean === null || evidence.high === null || evidence.low === null) return n + 1;
  const halfWidth = (evidence.high - evidence.low) / 2;
  const distance = Math.abs(evidence.mean - evidence.target);
  if (distance === 0 || halfWidth === 0) return n + 1;
  const ratio = halfWidth / distance; // squared by hand: ** is Math.pow, which differs between JS engines
  return Math.max(n + 1, Math.ceil(n * ratio * ratio));
}
