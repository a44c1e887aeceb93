/**
 * The search step of the planner: judges candidates through the replication runner, one
 * variable by galloping and bisection from the analytic guess, several by the cost-ordered
 * frontier walk, and keeps every candidate it evaluated, in order, for the report.
 */
import type { AnalyticGuess } from "./analytic";
import { cheapestTrue } from "./frontier-search";
import { firstTrue } from "./gallop";
import { isSettled, type CandidateEvidence, type ReplicationRunner } from "./replications";
import type { SearchStep } from "./report";
import type { Candidate, CandidateSpace } from "./space";
import type { PlanProgress } from "./types";

/** What the search found and everything it evaluated. */
export interface SearchOutcome {
  method: "gallop-bisect" | "cost-frontier";
  /** The cheapest candidate found passing (with every larger one tried passing); null if none. */
  recommended: Candidate | null;
  /** Candidates evaluated, in evaluation order, with their evidence. */
  evaluated: Array<{ candidate: Candidate; evidence: CandidateEvidence }>;
  steps: SearchStep[];
  stoppedBy: string;
  /** One-variable search: boundaries where a passing size had a failing size just above it. */
  boundaryViolations: Array<{ passed: string; failed: string }>;
  /** Candidates in range that the scenario rejects (skipped as failing), with the first problem. */
  invalid: string[];
}

/** Options of {@link searchCapacity}. */
export interface SearchOptions {
  space: CandidateSpace;
  runner: ReplicationRunner;
  guess: AnalyticGuess;
  candidatesMax: number;
  onProgress?: (progress: PlanProgress) => void;
  /** Why a candidate fails without a run (engine/plan/overload-bound.ts), or null when it must be run. */
  rejectWithoutRun?: (candidate: Candidate) => string | null;
}

/** Runs the search suited to the number of variables. */
export async function searchCapacity(options: SearchOptions): Promise<SearchOutcome> {
  const { space, runner } = options;
  const evaluated: SearchOutcome["evaluated"] = [];
  const steps: SearchStep[] = [];
  const invalid: string[] = [];
  /** Records a candidate's evidence once it is settled (or the search is over): the report lists it, progress says so. */
  const record = (candidate: Candidate, evidence: CandidateEvidence, phase: string): void => {
    evaluated.push({ candidate, evidence });
    steps.push({ label: candidate.label, phase, verdict: evidence.verdict, runs: evidence.runs });
    options.onProgress?.({ phase: "search", label: candidate.label, verdict: evidence.verdict, runs: runner.runs });
  };
  /**
   * Judges several candidates in one go (their replications share batches). For each: true
   * when it passes, false when it does not (or is invalid), null when `screenOnly` left it
   * unsettled (its screening case passed; its other cases have not run).
   */
  const judgeTogether = async (points: ReadonlyArray<readonly number[]>, phase: string, screenOnly = false): Promise<Array<boolean | null>> => {
    const candidates = points.map((indexes) => space.candidate(indexes));
    const valid: Candidate[] = [];
    candidates.forEach((candidate, p) => {
      if (!Array.isArray(candidate)) valid.push(candidate);
      else {
        const label = space.variables.map((v, i) => `${v.label}=${v.values[points[p]![i]!]}`).join(", ");
        invalid.push(`${label}: ${candidate[0]?.path}: ${candidate[0]?.message}`);
      }
    });
    const evidences = await runner.judge(valid.map((candidate) => {
      const rejectedBy = runner.known(candidate.key) === undefined ? options.rejectWithoutRun?.(candidate) ?? null : null;
      return { key: candidate.key, overrides: candidate.overrides, cases: candidate.cases, ...(rejectedBy === null ? {} : { rejectedBy }) };
    }), { screenOnly });
    const passed = new Map<Candidate, boolean | null>();
    valid.forEach((candidate, i) => {
      const evidence = evidences[i]!;
      if (!isSettled(evidence)) {
        passed.set(candidate, null);
        return;
      }
      record(candidate, evidence, phase);
      passed.set(candidate, evidence.verdict === "pass");
    });
    return candidates.map((candidate) => (Array.isArray(candidate) ? false : passed.get(candidate)!));
  };
  const judge = async (indexes: readonly number[], phase: string): Promise<boolean> => (await judgeTogether([indexes], phase))[0] === true;
  const starts = options.guess.variables.map((g) => g.index);
  if (space.variables.length === 1) {
    // Two sizes per batch (gallop.ts): both workers stay busy, and neighbouring sizes share
    // seeds. A size fetched ahead is screened only (its likeliest failure case; replications.ts):
    // when it fails there it is settled, otherwise its other cases run once the search reads it.
    const verdicts = new Map<number, boolean>();
    const screened = new Map<number, string>();
    const prefetch = async (indexes: number[], phase: string): Promise<void> => {
      const pass = await judgeTogether(indexes.map((index) => [index]), phase, true);
      indexes.forEach((index, i) => {
        if (pass[i] === null) screened.set(index, phase);
        else verdicts.set(index, pass[i]!);
      });
    };
    const probe = async (index: number, phase: string): Promise<boolean> => {
      if (!verdicts.has(index)) {
        const [pass] = await judgeTogether([[index]], screened.get(index) ?? phase);
        screened.delete(index);
        verdicts.set(index, pass === true);
      }
      return verdicts.get(index)!;
    };
    const found = await firstTrue({ size: space.sizes[0]!, start: starts[0] ?? 0, probe, prefetch });
    // Sizes screened beside a size the search needed and then never read: listed with what was run.
    for (const [index, phase] of screened) {
      const candidate = space.valid([index]);
      const evidence = runner.known(candidate.key)!;
      for (const c of evidence.cases) if (c.n === 0 && c.stopped === null) c.stopped = "not run: this size was screened beside the one the search needed and passed its screening case; the search never needed its verdict";
      record(candidate, evidence, phase);
    }
    const label = (index: number) => space.valid([index]).label;
    return {
      method: "gallop-bisect",
      recommended: found.first === null ? null : space.valid([found.first]),
      evaluated,
      steps,
      stoppedBy: found.first === null ? "nothing in range passes" : "found the boundary",
      boundaryViolations: found.violations.map((v) => ({ passed: label(v.trueAt), failed: label(v.falseAt) })),
      invalid,
    };
  }
  const found = await cheapestTrue({ sizes: space.sizes, costOf: (indexes) => costOf(space, indexes), probe: judge, starts, probesMax: options.candidatesMax });
  const stoppedBy = {
    found: `found the cheapest passing configuration (${found.skipped} skipped as implied failures)`,
    "nothing-passes": "nothing in range passes: the largest value of every variable together fails",
    exhausted: "every configuration in range fails",
    "probe-budget": `stopped after ${options.candidatesMax} candidates (the candidate budget)`,
  }[found.stoppedBy];
  return { method: "cost-frontier", recommended: found.first === null ? null : space.valid(found.first), evaluated, steps, stoppedBy, boundaryViolations: [], invalid };
}

/** Provisioned cost of a candidate; an invalid one sorts last. */
function costOf(space: CandidateSpace, indexes: readonly number[]): number {
  const candidate = space.candidate(indexes);
  return Array.isArray(candidate) ? Infinity : candidate.costPerHour;
}
