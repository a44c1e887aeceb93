/**
 * Assembles the {@link PlanReport} from the search: the recommendation or the closest miss,
 * every candidate's evidence, monotonicity, headroom, the frontier, and the comparison with the
 * analytic guess.
 */
import type { AnalyticGuess } from "./analytic";
import type { SloCheck } from "./evidence";
import type { SurviveKind } from "./failure-cases";
import { measureHeadroom } from "./headroom";
import { monotonicityViolations } from "./monotonicity";
import type { ReplicationRunner } from "./replications";
import { candidateReport, compareIndexes, failingCheck, paretoFrontier, PLAN_REPORT_VERSION, type CandidateReport, type MonotonicityViolation, type PlanReport } from "./report";
import type { SearchOutcome } from "./search";
import type { CandidateSpace } from "./space";
import type { DecisionVariable } from "./variables";
import type { PlanProgress } from "./types";

/** Inputs of {@link buildPlanReport}. */
export interface PlanReportInputs {
  request: { scenario: string; fidelity: "exact" | "hybrid"; seed: number; confidence: number; replicationsMin: number; replicationsMax: number; survive: SurviveKind[]; headroom: false | { step: number; max: number } };
  variables: readonly DecisionVariable[];
  checks: readonly SloCheck[];
  space: CandidateSpace;
  runner: ReplicationRunner;
  search: SearchOutcome;
  guess: AnalyticGuess;
  /** Features of the scenario the analytic guess leaves out. */
  notes: string[];
  onProgress?: (progress: PlanProgress) => void;
}

/** Builds the report, measuring headroom at the recommendation first (more runs). */
export async function buildPlanReport(inputs: PlanReportInputs): Promise<PlanReport> {
  const { request, variables, checks, runner, search, guess } = inputs;
  const reportOf = (entry: SearchOutcome["evaluated"][number]) => candidateReport(entry.candidate, entry.evidence);
  const candidates = search.evaluated.map(reportOf).sort((a, b) => a.costPerHour - b.costPerHour || compareIndexes(a.indexes, b.indexes));
  const recommendation = search.recommended === null ? null : candidates.find((c) => c.key === search.recommended!.key) ?? null;
  const violations = allViolations(inputs);
  const searchRuns = runner.runs;
  const searchBatches = runner.batches;
  const headroom = search.recommended !== null && request.headroom !== false ? await measureHeadroom({ runner, candidate: search.recommended, ...request.headroom, onJudged: (label, verdict) => inputs.onProgress?.({ phase: "headroom", label, verdict, runs: runner.runs }) }) : null;
  return {
    planVersion: PLAN_REPORT_VERSION,
    scenario: request.scenario,
    fidelity: request.fidelity,
    seed: request.seed,
    confidence: request.confidence,
    replicationsMin: request.replicationsMin,
    replicationsMax: request.replicationsMax,
    variables: variables.map(variableReport),
    survive: request.survive,
    checks: checks.map((c) => ({ name: c.name, kind: c.kind, objective: c.objective })),
    feasible: recommendation !== null,
    recommendation,
    closest: recommendation === null ? closestMiss(candidates) : null,
    analytic: { ...guess, notes: inputs.notes, comparison: compareWithGuess(guess, recommendation, variables) },
    search: { method: search.method, steps: search.steps, candidatesEvaluated: search.evaluated.length, runs: searchRuns, batches: searchBatches, stoppedBy: search.stoppedBy },
    monotonicity: { violations, handling: handlingOf(violations, search) },
    headroom,
    frontier: variables.length > 1 ? paretoFrontier(candidates).map((c) => ({ label: c.label, costPerHour: c.costPerHour, worstRatio: c.worstRatio, verdict: c.verdict })) : null,
    candidates,
    runs: runner.runs,
    runsStopped: runner.runsStopped,
    runsReused: runner.runsReused,
    notes: planNotes(inputs, candidates),
  };
}

function variableReport(v: DecisionVariable): PlanReport["variables"][number] {
  const common = { label: v.label, path: v.path, kind: v.kind, count: v.values.length };
  if (v.kind === "choice") return { ...common, range: null, values: v.values, prices: v.prices?.texts ?? null };
  const values = v.values as number[];
  const step = values.length > 1 ? Number((values[1]! - values[0]!).toPrecision(12)) : 1;
  return { ...common, range: { min: values[0]!, max: values[values.length - 1]!, step }, values: null, prices: null };
}

function allViolations(inputs: PlanReportInputs): MonotonicityViolation[] {
  const { search, checks, request } = inputs;
  const found = monotonicityViolations({ evaluated: search.evaluated, checks, confidence: request.confidence });
  for (const v of search.boundaryViolations) {
    if (found.some((f) => f.kind === "verdict" && f.smaller === v.passed && f.larger === v.failed)) continue;
    found.unshift({ kind: "verdict", smaller: v.passed, larger: v.failed, detail: `${v.passed} meets every SLO but ${v.failed} was not shown to (undecided within the replication budget)` });
  }
  return found;
}

function handlingOf(violations: readonly MonotonicityViolation[], search: SearchOutcome): string {
  if (violations.length === 0) return "None seen: every candidate tried above a passing one passed, and no SLO got significantly worse with more capacity (paired over common seeds).";
  if (search.boundaryViolations.length > 0) {
    return "A passing size had a failing size just above it, so the pass is not trusted: the search continued above the failure, and the recommendation is the smallest passing size with every larger size tried also passing. Look for retry storms or metastable behaviour near the boundary.";
  }
  if (violations.some((v) => v.kind === "verdict")) return "Some larger configuration failed where a smaller one passed (see violations); the cost-ordered search assumes monotonicity, so treat the recommendation with care and check its neighbours.";
  return "More capacity made an SLO measurably worse without changing a verdict; the recommendation stands, but the scenario has non-monotone behaviour (retries, hedging or balancing) worth a look.";
}

/**
 * The candidate nearest to passing and what it fails: the smallest worst ratio, and among equals
 * the dearest (with the most capacity; `candidates` is in cost order).
 */
function closestMiss(candidates: readonly CandidateReport[]): PlanReport["closest"] {
  let best: CandidateReport | null = null;
  for (const c of candidates) {
    const ratio = c.worstRatio ?? Infinity;
    if (best === null || ratio <= (best.worstRatio ?? Infinity)) best = c;
  }
  if (best === null) return null;
  const failing = failingCheck(best);
  return failing === null ? null : { candidate: best, failing };
}

/** One sentence comparing the analytic guess with the simulated answer, per variable with a guess. */
function compareWithGuess(guess: AnalyticGuess, recommendation: CandidateReport | null, variables: readonly DecisionVariable[]): string {
  const parts: string[] = [];
  guess.variables.forEach((g, v) => {
    if (g.index === null) {
      parts.push(`${g.label}: no analytic guess (${g.reason})`);
      return;
    }
    if (recommendation === null) {
      parts.push(`${g.label}: ${guessName(variables[v]!)} says ${g.value}; the simulation found nothing in range that passes`);
      return;
    }
    const simulated = recommendation.values[v]!;
    const steps = recommendation.indexes[v]! - g.index;
    const gap = steps === 0 ? "they agree" : `the simulation needs ${Math.abs(steps)} step${Math.abs(steps) === 1 ? "" : "s"} ${steps > 0 ? "more" : "less"}`;
    const relative = typeof simulated === "number" && typeof g.value === "number" && g.value !== 0 && steps !== 0 ? ` (${steps > 0 ? "+" : ""}${Math.round((100 * (simulated - g.value)) / g.value)}%)` : "";
    parts.push(`${variables[v]!.label}: ${guessName(variables[v]!)} says ${g.value}, the simulation ${simulated}; ${gap}${relative}`);
  });
  return `${parts.join("; ")}.`;
}

/** Which model made a variable's guess (engine/plan/analytic.ts): an autoscaler's floor is played by the fluid autoscaler model. */
function guessName(variable: DecisionVariable): string {
  return /^autoscaling\[\d+\]\.min$/.test(variable.path) ? "the fluid autoscaler model" : "Erlang C";
}

function planNotes(inputs: PlanReportInputs, candidates: readonly CandidateReport[]): string[] {
  const { request, search } = inputs;
  const level = `${Number((request.confidence * 100).toFixed(4))}%`;
  const notes = [
    `Replication i of every candidate uses seed ${request.seed} + i (common random numbers), so sizes are compared on the same traffic.`,
    `A verdict is reached when the ${level} t-interval over replications (one value per run: its percentile or success share${candidates.some((c) => c.cases.some((k) => k.checks.some((x) => x.kind !== "latency" && x.kind !== "availability" && x.kind !== "windows"))) ? ", or a mechanism's figure" : ""}) lies wholly on one side of the threshold; SLOs and failure cases are judged separately without a multiplicity correction, and replications are added until a verdict is reached, so the joint confidence is somewhat below ${level}.`,
  ];
  // A size screened beside another and never needed has cases that did not run: not out of budget.
  const undecided = candidates.filter((c) => c.verdict === "undecided" && c.cases.every((k) => k.n > 0));
  const screenedOut = candidates.filter((c) => c.verdict === "fail" && c.cases.some((k) => k.n === 0 && k.stopped?.startsWith("not run") === true));
  if (screenedOut.length > 0) notes.push(`Screening: each candidate ran first the failure case likeliest to fail (the one that failed the most candidates so far), and the others only if it did not fail; ${screenedOut.length} candidate${screenedOut.length === 1 ? "" : "s"} failed there, so ${screenedOut.length === 1 ? "its" : "their"} other cases did not run. A candidate fails when any case fails, so the verdict is the one every case run would give.`);
  const unneeded = candidates.filter((c) => c.verdict === "undecided" && c.cases.some((k) => k.n === 0));
  if (unneeded.length > 0) notes.push(`${unneeded.length} candidate${unneeded.length === 1 ? " was" : "s were"} screened beside a size the search needed (${unneeded.map((c) => c.label).join("; ")}): ${unneeded.length === 1 ? "its" : "their"} screening case passed, and the search never needed ${unneeded.length === 1 ? "its" : "their"} verdict, so the other cases did not run.`);
  if (undecided.length > 0) notes.push(`${undecided.length} candidate${undecided.length === 1 ? "" : "s"} stayed undecided after ${request.replicationsMax} replications (${undecided.map((c) => c.label).join("; ")}) and count as not passing; raise the replication budget to settle them.`);
  const reused = inputs.runner.runsReused;
  if (reused > 0) notes.push(`${reused} replication${reused === 1 ? " was" : "s were"} not run again: the same scenario after its overrides with the same seed had run already (a zone loss can bring two floors to the same surviving floor), and a run is deterministic, so ${reused === 1 ? "it reuses" : "they reuse"} that run's result; runs counts runs simulated.`);
  const stopped = inputs.runner.runsStopped;
  if (stopped > 0) notes.push(`${stopped} run${stopped === 1 ? "" : "s"} stopped early, once an SLO could no longer pass whatever the rest of the run did (more windows already missed than its windows share allows, or more requests already failed than its availability allows even if every request still in flight or to arrive succeeds); such a run fails that SLO, as the whole run would, and its case fails.`);
  for (const text of search.invalid) notes.push(`Invalid in range, counted as failing: ${text}`);
  return notes;
}
