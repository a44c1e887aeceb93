/**
 * The capacity planner's runner in the browser: an {@link EvaluateRuns} that sends each batch of
 * the planner's `{overrides, seed}` runs to the page's worker pool, where every worker runs the
 * engine's runForPlan, just as `clustersim plan` sends them to its worker threads. The planner
 * (engine/plan, planCapacity) decides what to run and judges it; this only runs it, so the page
 * and the CLI recommend the same size for the same scenario, variables and seed.
 */
import type { EvaluateRuns, PlanScenarioSource, RunSummary } from "../../engine/index";
import type { PlanRunOutcome } from "../worker/run-protocol";
import type { WorkerPool } from "../worker/worker-pool";

/** Why a batch did not complete: a cancel, or a run that failed in its worker (a bug). */
export class PlanRunsStopped extends Error {
  constructor(readonly outcome: Exclude<PlanRunOutcome, { kind: "done" }>) {
    super(outcome.kind === "cancelled" ? "cancelled" : outcome.message);
    this.name = "PlanRunsStopped";
  }
}

/**
 * Runs each batch in `pool` and returns the summaries in request order; `onRun` is called as each
 * run finishes (for progress), with whether it went on from a run before its crash that another
 * failure case of the same size and seed kept in its worker.
 * @throws PlanRunsStopped (the batch's promise rejects) when a run was cancelled or failed, so
 *   planCapacity stops.
 */
export function createPoolEvaluator(pool: WorkerPool, source: PlanScenarioSource, options: { onRun?: (forked: boolean) => void } = {}): EvaluateRuns {
  return async (requests) => {
    const outcomes = await Promise.all(requests.map((request) => pool.submitPlan(source, request).then((outcome) => {
      options.onRun?.(outcome.kind === "done" && outcome.forked);
      return outcome;
    })));
    return outcomes.map((outcome): RunSummary => {
      if (outcome.kind !== "done") throw new PlanRunsStopped(outcome);
      return outcome.summary;
    });
  };
}
