/**
 * Adaptive replications with common random numbers.
 *
 * Every configuration is run with the same seeds, planSeed + 0, + 1, + 2, ...: replication i
 * of every candidate sees the same arrivals and service-time draws (each component draws from
 * its own named stream), so two neighbouring sizes differ by their capacity and not by luck,
 * and their difference is judged far more precisely than two independent samples would allow
 * (common random numbers: Law and Kelton, 5th ed., 11.2).
 *
 * A candidate starts with `replicationsMin` replications of each failure case. After each
 * round, a case whose SLO checks are all decided stops; an undecided one gets more, about as
 * many as its interval's width says it needs (at most doubling per round), until
 * `replicationsMax`. A candidate fails as soon as any case fails, so its other cases stop too.
 * One round of all the candidates asked about at once is one batch for the runner.
 *
 * Screening: a candidate with several failure cases is judged on one case first, the case
 * likeliest to fail (the one that failed the most candidates so far; before any failure the
 * first generated loss, which failure-cases.ts orders by capacity lost, else the scenario as
 * written), and its other cases run only when that one did not fail. A fail there fails the
 * candidate, as it would with every case run at once, and its other cases are not run (their
 * `stopped` says so). The verdict is the one all cases together would give: each case's
 * replications depend only on its own values (replicationsNext), so a case reaches the same
 * verdict whenever it runs, and a candidate fails when any case fails, passes when all pass,
 * and is undecided otherwise, in either order (replications.test.ts compares both on every
 * candidate of seeded random plans). `judge(works, { screenOnly: true })` runs the screening
 * case only: the search screens a size it may not need beside one it does, and completes it
 * only if it reads it.
 *
 * A request identical to a run already done (the same scenario after its overrides, and the
 * same seed: engine/plan/run-identity.ts) reuses that run's summary; a deterministic run would
 * give the same again. `runs` counts runs simulated, `runsReused` the replications answered so.
 *
 * A run that loses an SLO beyond recovery stops there (engine/plan/loss-watch.ts): its verdict
 * on that SLO is fail, as the whole run's would be, and it counts as a replication without a
 * value, which fails the check (the rule evidence.ts already applies to runs that measured
 * nothing), so the case fails and `stopped` says which run stopped, when and why.
 */
import { assert } from "../core/assert";
import { formatDurationMs } from "../input/units";
import { checkValue, combineVerdicts, judgeCheck, replicationsWanted, type CheckEvidence, type SloCheck } from "./evidence";
import type { FailureCase } from "./failure-cases";
import type { RunIdentity } from "./run-identity";
import type { EvaluateRuns, LostSlo, PlanOverride, RunRequest, RunSummary, Verdict } from "./types";

/** A configuration to judge: its settings and the failure cases it must survive. */
export interface CandidateWork {
  /** Identifies the configuration; a second request with the same key continues its evidence. */
  key: string;
  /** The candidate's own overrides (its variable values, and any traffic growth). */
  overrides: PlanOverride[];
  cases: FailureCase[];
  /** Set when the candidate is known to fail without a run (engine/plan/overload-bound.ts): the reason. */
  rejectedBy?: string;
}

/** Evidence on one failure case of one candidate. */
export interface CaseEvidence {
  name: string;
  description: string;
  /** Replications run. */
  n: number;
  /** Per check, the value of each replication in seed order (null: no value). */
  values: Array<Array<number | null>>;
  checks: CheckEvidence[];
  verdict: Verdict;
  /** Replications in which every SLO passed by the run's own verdict ("passed in k of n runs"). */
  runsPassed: number;
  /** Sum of the average spend of the runs that ran to the end, $ per hour (divide by `costRuns` for the mean). */
  costPerHourSum: number;
  /** Runs that ran to the end (the others stopped once an SLO could no longer pass). */
  costRuns: number;
  /** Runs stopped early because an SLO could no longer pass (engine/plan/loss-watch.ts), by replication. */
  lost: Array<LostSlo & { replication: number }>;
  /** Why the case stopped without the usual verdict: rejected without a run, or stopped undecided early; null otherwise. */
  stopped: string | null;
}

/** Evidence on one candidate across its failure cases. */
export interface CandidateEvidence {
  key: string;
  cases: CaseEvidence[];
  verdict: Verdict;
  /** Replications recorded for this candidate (one answered by an earlier identical run counts too: ReplicationRunner.runsReused). */
  runs: number;
}

/** Settings of a {@link ReplicationRunner}. */
export interface ReplicationSettings {
  evaluate: EvaluateRuns;
  checks: SloCheck[];
  /** Confidence level of each interval, in (0, 1). */
  confidence: number;
  /** Replications per case before any verdict, >= 2. */
  replicationsMin: number;
  /** Most replications per case, >= replicationsMin. */
  replicationsMax: number;
  /** Seed of replication 0; replication i uses seed + i. */
  seed: number;
  /** Called after each batch with the runs it held. */
  onBatch?: (runs: number) => void;
  /** A run's identity (engine/plan/run-identity.ts): a request with the identity and seed of an earlier run reuses its summary instead of running again. */
  runIdentity?: RunIdentity;
  /** Judge one failure case first (see the file comment); default true. False: every case advances together (the reference the tests compare against). */
  screening?: boolean;
}

/** Options of {@link ReplicationRunner.judge}. */
export interface JudgeOptions {
  /** Run each candidate's screening case only (a later judge of the same key continues with the others). */
  screenOnly?: boolean;
}

/** Judges candidates with adaptive, common-random-number replications; remembers all evidence. */
export class ReplicationRunner {
  /** Runs simulated so far, over all candidates. */
  runs = 0;
  /** Replications answered by an earlier identical run (same overridden scenario and seed) instead of a new one. */
  runsReused = 0;
  /** Runs simulated and stopped early because an SLO could no longer pass, over all candidates. */
  runsStopped = 0;
  /** Batches sent to the runner so far. */
  batches = 0;
  private readonly evidence = new Map<string, CandidateEvidence>();
  /** Summaries of the runs so far by identity and seed (runs without an identity are not kept). */
  private readonly done = new Map<string, RunSummary>();
  /** The screening case of each candidate, by key, chosen when it is first judged. */
  private readonly screenCase = new Map<string, number>();

  constructor(private readonly settings: ReplicationSettings) {}

  /** Evidence already gathered for `key`, if any. */
  known(key: string): CandidateEvidence | undefined {
    return this.evidence.get(key);
  }

  /**
   * Judges every candidate in `works` until each is decided or out of budget, its screening case
   * first (see the file comment); each round of all of them is one batch. Returns the evidence
   * in `works` order; "undecided" means out of budget (or, with `screenOnly`, that the other
   * cases have not run yet: see {@link isSettled}).
   */
  async judge(works: readonly CandidateWork[], options: JudgeOptions = {}): Promise<CandidateEvidence[]> {
    const states = works.map((work) => this.stateOf(work));
    if (this.settings.screening !== false) {
      const order = this.screeningOrder();
      const screens = states.map((state) => this.screenOf(state, order));
      await this.rounds(works, states, (w, caseIndex) => caseIndex === screens[w]);
    }
    if (options.screenOnly !== true) await this.rounds(works, states, () => true);
    for (const state of states) markNotRun(state);
    return states;
  }

  /** Rounds of replications of the cases `included` lets in, until each is decided or out of budget. */
  private async rounds(works: readonly CandidateWork[], states: readonly CandidateEvidence[], included: (work: number, caseIndex: number) => boolean): Promise<void> {
    for (let round = 0; round <= this.settings.replicationsMax; round++) {
      const requests: RunRequest[] = [];
      const targets: Array<{ state: CandidateEvidence; caseIndex: number }> = [];
      states.forEach((state, w) => {
        if (state.verdict !== "undecided") return;
        state.cases.forEach((evidence, caseIndex) => {
          if (evidence.verdict !== "undecided" || !included(w, caseIndex)) return;
          const wanted = this.replicationsNext(evidence);
          for (let i = evidence.n; i < wanted; i++) {
            requests.push({ overrides: [...works[w]!.overrides, ...works[w]!.cases[caseIndex]!.overrides], seed: this.settings.seed + i });
            targets.push({ state, caseIndex });
          }
        });
      });
      if (requests.length === 0) break;
      const results = await this.evaluateOnce(requests);
      results.forEach((result, i) => this.record(targets[i]!.state, targets[i]!.caseIndex, result.summary, result.reused));
      for (const state of states) this.rejudge(state);
    }
  }

  /**
   * Summaries of `requests`, in order: a request identical to a run done before (or earlier in
   * the same batch) reuses its summary; the others are one batch for the runner (none when all
   * are reused).
   */
  private async evaluateOnce(requests: readonly RunRequest[]): Promise<Array<{ summary: RunSummary; reused: boolean }>> {
    const identityOf = this.settings.runIdentity;
    const keys = requests.map((request) => {
      const identity = identityOf?.(request.overrides) ?? null;
      return identity === null ? null : `${request.seed}\n${identity}`;
    });
    const fresh: RunRequest[] = [];
    const freshKeys = new Map<string, number>();
    const slot = requests.map((request, i) => {
      const key = keys[i]!;
      if (key !== null && (this.done.has(key) || freshKeys.has(key))) return -1;
      if (key !== null) freshKeys.set(key, fresh.length);
      fresh.push(request);
      return fresh.length - 1;
    });
    const results = fresh.length === 0 ? [] : await this.settings.evaluate(fresh);
    if (results.length !== fresh.length) assert(false, `the runner returned ${results.length} results for ${fresh.length} runs`);
    if (fresh.length > 0) {
      this.runs += fresh.length;
      this.batches += 1;
      this.settings.onBatch?.(fresh.length);
    }
    freshKeys.forEach((index, key) => this.done.set(key, results[index]!));
    this.runsReused += requests.length - fresh.length;
    return requests.map((_, i) => (slot[i]! >= 0 ? { summary: results[slot[i]!]!, reused: false } : { summary: this.done.get(keys[i]!)!, reused: true }));
  }

  /** Case names by how many candidates judged so far failed in them, most first (ties: first seen). */
  private screeningOrder(): Map<string, number> {
    const failures = new Map<string, number>();
    for (const state of this.evidence.values()) {
      for (const evidence of state.cases) if (evidence.verdict === "fail" && evidence.n > 0) failures.set(evidence.name, (failures.get(evidence.name) ?? 0) + 1);
    }
    return failures;
  }

  /**
   * The screening case of a candidate, chosen once: the case that failed the most candidates so
   * far; among equals the first generated loss (index 1 on), then the scenario as written.
   */
  private screenOf(state: CandidateEvidence, failures: ReadonlyMap<string, number>): number {
    const known = this.screenCase.get(state.key);
    if (known !== undefined) return known;
    let best = 0;
    let bestRank = -Infinity;
    state.cases.forEach((evidence, caseIndex) => {
      // Failures first; among equals a generated loss (they remove capacity) before the scenario as written.
      const rank = 2 * (failures.get(evidence.name) ?? 0) + (caseIndex > 0 ? 1 : 0);
      if (rank > bestRank) {
        best = caseIndex;
        bestRank = rank;
      }
    });
    this.screenCase.set(state.key, best);
    return best;
  }

  private stateOf(work: CandidateWork): CandidateEvidence {
    const existing = this.evidence.get(work.key);
    if (existing !== undefined) return existing;
    const cases = work.cases.map((c) => ({
      name: c.name, description: c.description, n: 0, values: this.settings.checks.map(() => []), checks: [], verdict: "undecided" as Verdict, runsPassed: 0, costPerHourSum: 0, costRuns: 0, lost: [], stopped: null as string | null,
    }));
    const state: CandidateEvidence = { key: work.key, cases, verdict: "undecided", runs: 0 };
    if (work.rejectedBy !== undefined && cases.length > 0) {
      cases[0]!.verdict = "fail";
      cases[0]!.stopped = work.rejectedBy;
      state.verdict = "fail";
    }
    this.evidence.set(work.key, state);
    return state;
  }

  /**
   * How many replications a case should have after the next round; its current n when out of
   * budget. Sequential stopping with an indifference zone: an undecided check whose mean lies
   * within the zone around its threshold ({@link indifferenceZone}), or whose interval would need
   * more than twice the budget to clear the threshold (n (h / d)^2, {@link replicationsWanted}),
   * stops now as undecided, which counts as not passing as it would at the cap; `stopped` says so.
   */
  private replicationsNext(evidence: CaseEvidence): number {
    const { replicationsMin, replicationsMax } = this.settings;
    if (evidence.n === 0) return replicationsMin;
    if (evidence.n >= replicationsMax || evidence.stopped !== null) return evidence.n;
    let wanted = evidence.n + 1;
    for (const check of evidence.checks) {
      if (check.verdict !== "undecided") continue;
      const needed = replicationsWanted(check);
      if (check.mean !== null && Math.abs(check.mean - check.target) <= indifferenceZone(check)) {
        evidence.stopped = `stopped undecided after ${evidence.n} runs: ${check.name}'s mean is within the indifference zone of its threshold (±${Number(indifferenceZone(check).toPrecision(3))}), too close to tell at any affordable number of runs`;
        return evidence.n;
      }
      if (needed > 2 * replicationsMax) {
        evidence.stopped = `stopped undecided after ${evidence.n} runs: ${check.name} would need about ${needed} runs to clear its threshold, more than twice the budget of ${replicationsMax}`;
        return evidence.n;
      }
      wanted = Math.max(wanted, needed);
    }
    return Math.min(replicationsMax, wanted, 2 * evidence.n);
  }

  private record(state: CandidateEvidence, caseIndex: number, result: RunSummary, reused: boolean): void {
    const evidence = state.cases[caseIndex]!;
    // A run stopped early has no values: null, which fails the check it lost (judgeCheck's
    // "missing") and is left out of the others (rejudge).
    this.settings.checks.forEach((check, c) => evidence.values[c]!.push(result.lost === undefined ? checkValue(check, result) : null));
    if (result.lost !== undefined) {
      evidence.lost.push({ ...result.lost, replication: evidence.n });
      if (!reused) this.runsStopped += 1;
      const { slo, atMs, reason } = result.lost;
      if (evidence.stopped === null) evidence.stopped = `replication ${evidence.n + 1} (seed ${this.settings.seed + evidence.n}) stopped at ${formatDurationMs(atMs)}: ${slo} can no longer pass (${reason})`;
    } else {
      evidence.costPerHourSum += result.costPerHour;
      evidence.costRuns += 1;
    }
    evidence.n += 1;
    if (result.slos.every((slo) => slo.passed)) evidence.runsPassed += 1;
    state.runs += 1;
  }

  /** Recomputes the verdicts. A case out of budget gets no more runs, so "undecided" then is final. */
  private rejudge(state: CandidateEvidence): void {
    const { checks, confidence } = this.settings;
    for (const evidence of state.cases) {
      if (evidence.n === 0) continue;
      const lostAt = new Set(evidence.lost.map((lost) => lost.replication));
      evidence.checks = checks.map((check, c) => {
        const values = evidence.values[c]!;
        if (lostAt.size === 0 || isLostCheck(check, evidence.lost)) return judgeCheck(check, values, confidence);
        return judgeCheck(check, values.filter((_, i) => !lostAt.has(i)), confidence);
      });
      evidence.verdict = combineVerdicts(evidence.checks.map((check) => check.verdict));
    }
    state.verdict = combineVerdicts(state.cases.map((c) => c.verdict));
  }
}

/**
 * Whether a candidate's evidence is complete: it failed (no further case can change that), or
 * every case has run. False for a candidate judged with `screenOnly` whose screening case did
 * not fail: its other cases have not run, so its "undecided" is not a verdict yet.
 */
export function isSettled(evidence: CandidateEvidence): boolean {
  return evidence.verdict === "fail" || evidence.cases.every((c) => c.n > 0 || c.stopped !== null);
}

/** Says why each case of a failed candidate that never ran did not run. */
function markNotRun(state: CandidateEvidence): void {
  if (state.verdict !== "fail") return;
  const failed = state.cases.find((c) => c.verdict === "fail");
  for (const evidence of state.cases) {
    if (evidence.n === 0 && evidence.stopped === null && failed !== undefined) evidence.stopped = `not run: the candidate already failed in ${failed.name}, and failing one case fails it`;
  }
}

/**
 * Half-width of the indifference zone around a check's threshold: differences smaller than this
 * do not matter for a capacity decision. Latency and mechanism bounds: 1 % of the threshold;
 * shares (availability, windows): 5 % of what the target allows to miss (1 - target), so 0.005
 * percentage points for 99.9 %.
 */
export function indifferenceZone(check: CheckEvidence): number {
  if (check.kind === "availability" || check.kind === "windows") return 0.05 * (1 - check.target);
  return 0.01 * Math.abs(check.target);
}

/**
 * Whether a run stopped early failed `check`: the windows requirement of a latency SLO it lost,
 * or an availability SLO it lost (the losses engine/plan/loss-watch.ts proves). A lost run then
 * counts as a replication without a value, which fails the check (judgeCheck). With up to 4
 * replications (the usual 3) at 95 % no interval with one value beyond a threshold could pass
 * anyway (Samuelson: a value lies within s (n - 1) / sqrt(n) of the mean, inside the half-width
 * t s / sqrt(n) while t >= n - 1).
 */
function isLostCheck(check: SloCheck, lost: ReadonlyArray<LostSlo>): boolean {
  return check.kind !== "latency" && lost.some((l) => l.slo === check.slo);
}
