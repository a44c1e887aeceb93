/**
 * The plan report: everything a capacity engineer needs to defend a recommendation, as plain
 * data with a fixed key order (same scenario, variables and seed: same bytes, whatever the
 * number of workers). The CLI prints it as a table or JSON and draws it in HTML; the web app
 * shows the same object.
 */
import type { AnalyticGuess } from "./analytic";
import type { CheckEvidence } from "./evidence";
import type { SurviveKind } from "./failure-cases";
import type { CandidateEvidence } from "./replications";
import { HOURS_PER_MONTH, type Candidate } from "./space";
import type { Verdict } from "./types";

/** Version of the report's shape; bumped on incompatible changes. */
export const PLAN_REPORT_VERSION = 1;

/** One failure case of one candidate. */
export interface CaseReport {
  name: string;
  description: string;
  /** Replications run. */
  n: number;
  verdict: Verdict;
  /** Replications in which every SLO passed by the run's own verdict. */
  runsPassed: number;
  checks: CheckEvidence[];
  /** Why the case has no ordinary verdict: rejected without a run, stopped undecided early, or a run stopped once an SLO could no longer pass; null otherwise. */
  stopped: string | null;
  /** Runs stopped early because an SLO could no longer pass (engine/plan/loss-watch.ts). */
  runsStopped: number;
}

/** One configuration tried. */
export interface CandidateReport {
  key: string;
  label: string;
  /** Value index per variable (0 = smallest capacity). */
  indexes: number[];
  /** The variables' values, in variable order. */
  values: Array<number | string>;
  /** Provisioned cost: nodes (at least each autoscaler's minimum) x price per node-hour, $. */
  costPerHour: number;
  costPerMonth: number;
  /** Average spend in the runs of the scenario as written, $ per hour (differs with autoscaling); null before any. */
  spentPerHour: number | null;
  /** "pass": every SLO cleared in every failure case at the confidence level. */
  verdict: Verdict;
  runs: number;
  /** The largest measured-over-allowed ratio of any SLO in any case run (> 1 misses); null without data. */
  worstRatio: number | null;
  cases: CaseReport[];
}

/** The SLO that keeps the closest candidate from passing. */
export interface FailingCheck {
  check: string;
  kind: CheckEvidence["kind"];
  objective: string;
  case: string;
  mean: number | null;
  low: number | null;
  high: number | null;
  target: number;
  verdict: Verdict;
}

/** A place where more capacity did worse. */
export interface MonotonicityViolation {
  /** verdict: the smaller passed and the larger failed; metric: an SLO's value got significantly worse with more capacity (paired over common seeds). */
  kind: "verdict" | "metric";
  smaller: string;
  larger: string;
  detail: string;
}

/** How much traffic growth the recommendation absorbs (the workload's `rate.growth` scaled up). */
export interface HeadroomReport {
  /** Growth absorbed with every SLO still met in every case, as a fraction (0.35 = +35 %); a lower bound when `limitedBy` is null. */
  absorbed: number;
  /** Resolution of the search, as a fraction of the traffic. */
  step: number;
  /** Largest growth tried, as a fraction. */
  max: number;
  /** The first growth that fails and the SLO that fails there; null if none up to `max`. */
  limitedBy: ({ growth: number } & FailingCheck) | null;
  steps: Array<{ growth: number; verdict: Verdict; runs: number }>;
  runs: number;
}

/** One probe of the search, in order. */
export interface SearchStep {
  label: string;
  phase: string;
  verdict: Verdict;
  runs: number;
}

/** The whole plan. */
export interface PlanReport {
  planVersion: number;
  scenario: string;
  /** How every run simulated: `hybrid` when the scenario or its overrides set run.fidelity: hybrid (README "Hybrid fidelity"). */
  fidelity: "exact" | "hybrid";
  seed: number;
  confidence: number;
  replicationsMin: number;
  replicationsMax: number;
  /** Each variable: a range as min, max and step (its values are not listed), or a choice list with its values (and prices for node types). */
  variables: Array<{ label: string; path: string; kind: "range" | "choice"; count: number; range: { min: number; max: number; step: number } | null; values: Array<number | string> | null; prices: string[] | null }>;
  survive: SurviveKind[];
  checks: Array<{ name: string; kind: CheckEvidence["kind"]; objective: string }>;
  feasible: boolean;
  recommendation: CandidateReport | null;
  /** When nothing is feasible: the candidate nearest to passing and what fails. */
  closest: { candidate: CandidateReport; failing: FailingCheck } | null;
  analytic: AnalyticGuess & { notes: string[]; comparison: string };
  search: { method: "gallop-bisect" | "cost-frontier"; steps: SearchStep[]; candidatesEvaluated: number; runs: number; batches: number; stoppedBy: string };
  monotonicity: { violations: MonotonicityViolation[]; handling: string };
  headroom: HeadroomReport | null;
  /** Several variables: evaluated candidates no other beats on both cost and worst ratio, cheapest first. */
  frontier: Array<{ label: string; costPerHour: number; worstRatio: number | null; verdict: Verdict }> | null;
  /** Every candidate evaluated, ordered by cost, then values. */
  candidates: CandidateReport[];
  /** Runs simulated in all (search and headroom). */
  runs: number;
  /** Of those, runs stopped early because an SLO could no longer pass (engine/plan/loss-watch.ts). */
  runsStopped: number;
  /** Replications not simulated because an identical run (same scenario after overrides, same seed) had run already: they reuse its result (engine/plan/run-identity.ts). */
  runsReused: number;
  notes: string[];
}

/** The report of one candidate from its evidence. */
export function candidateReport(candidate: Candidate, evidence: CandidateEvidence): CandidateReport {
  const cases = evidence.cases.filter((c) => c.n > 0 || c.stopped !== null).map((c) => ({ name: c.name, description: c.description, n: c.n, verdict: c.verdict, runsPassed: c.runsPassed, checks: c.checks, stopped: c.stopped, runsStopped: c.lost.length }));
  const ratios = cases.flatMap((c) => c.checks.map((check) => (check.missing > 0 ? Infinity : check.ratio))).filter((r): r is number => r !== null);
  return {
    key: candidate.key,
    label: candidate.label,
    indexes: candidate.indexes,
    values: candidate.values,
    costPerHour: candidate.costPerHour,
    costPerMonth: candidate.costPerHour * HOURS_PER_MONTH,
    spentPerHour: evidence.cases[0] !== undefined && evidence.cases[0].costRuns > 0 ? evidence.cases[0].costPerHourSum / evidence.cases[0].costRuns : null,
    verdict: evidence.verdict,
    runs: evidence.runs,
    worstRatio: ratios.length === 0 ? null : Math.max(...ratios),
    cases,
  };
}

/** The check that most keeps a candidate from passing: a decided failure first, then the largest ratio. */
export function failingCheck(candidate: CandidateReport): FailingCheck | null {
  let best: FailingCheck | null = null;
  let bestScore = -Infinity;
  for (const c of candidate.cases) {
    for (const check of c.checks) {
      if (check.verdict === "pass") continue;
      const ratio = check.missing > 0 ? Infinity : (check.ratio ?? 0);
      const score = (check.verdict === "fail" ? 1e12 : 0) + Math.min(ratio, 1e11);
      if (score > bestScore) {
        bestScore = score;
        best = { check: check.name, kind: check.kind, objective: check.objective, case: c.name, mean: check.mean, low: check.low, high: check.high, target: check.target, verdict: check.verdict };
      }
    }
  }
  return best;
}

/** Candidates no other beats on both cost and worst ratio (lower is better for both), cheapest first. */
export function paretoFrontier(candidates: readonly CandidateReport[]): CandidateReport[] {
  const ratio = (c: CandidateReport) => c.worstRatio ?? Infinity;
  const sorted = [...candidates].sort((a, b) => a.costPerHour - b.costPerHour || ratio(a) - ratio(b) || compareIndexes(a.indexes, b.indexes));
  const frontier: CandidateReport[] = [];
  let bestRatio = Infinity;
  for (const candidate of sorted) {
    if (ratio(candidate) < bestRatio) {
      frontier.push(candidate);
      bestRatio = ratio(candidate);
    }
  }
  return frontier;
}

/** Orders index vectors element by element; 0 only for equal vectors. */
export function compareIndexes(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
