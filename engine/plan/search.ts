/**
 * The search step of the planner: judges candidates through the replication runner, one
 * variable by galloping and bisection from the analytic guess, several by the cost-ordered
 * frontier walk, and keeps every candidate it evaluated, in order, for the report.
 */
import type { AnalyticGuess } from "./analytic";
import { cheapestTrue } from "./frontier-search";
import { firstTrue } from "./gallop";
import type { CandidateEvidence, ReplicationRunner } from "./replications";
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
  /** Judges several candidates in one go (their replications share batches); true for each that passes. */
  const judgeTogether = async (points: ReadonlyArray<readonly number[]>, phase: string): Promise<boolean[]> => {
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
    }));
    const passed = new Map<Candidate, boolean>();
    valid.forEach((candidate, i) => {
      const evidence = evidences[i]!;
      evaluated.push({ candidate, evidence });
      steps.push({ label: candidate.label, phase, verdict: evidence.verdict, runs: evidence.runs });
      options.onProgress?.({ phase: "search", label: candidate.label, verdict: evidence.verdict, runs: runner.runs });
      passed.set(candidate, evidence.verdict === "pass");
    });
    return candidates.map((candidate) => (Array.isArray(candidate) ? false : passed.get(candidate)!));
  };
  const judge = async (indexes: readonly number[], phase: string): Promise<boolean> => (await judgeTogether([indexes], phase))[0]!;
  const starts = options.guess.variables.map((g) => g.index);
  if (space.variables.length === 1) {
    // Two sizes per batch (gallop.ts): both workers stay busy, and neighbouring sizes share seeds.
    const verdicts = new Map<number, boolean>();
    const prefetch = async (indexes: number[], phase: string): Promise<void> => {
      const pass = await judgeTogether(indexes.map((index) => [index]), phase);
      indexes.forEach((index, i) => verdicts.set(index, pass[i]!));
    };
    const probe = async (index: number, phase: string): Promise<boolean> => {
      if (!verdicts.has(index)) await prefetch([index], phase);
      return verdicts.get(index)!;
    };
    const found = await firstTrue({ size: space.sizes[0]!, start: starts[0] ?? 0, probe, prefetch });
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
