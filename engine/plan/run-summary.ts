/**
 * From a run's Result to the few numbers the planner needs, and the simplest {@link EvaluateRuns}:
 * run each request in this thread, one after another. The CLI and the web app run the same
 * {@link runForPlan} inside their workers, so every runner produces identical summaries.
 */
import { ScenarioError } from "../input/problems";
import type { Result } from "../result/result";
import { prepareRun } from "../simulate";
import { advancePlanRun, lostRunSummary } from "./loss-watch";
import type { ScenarioFiles } from "../scenario/compile";
import type { EvaluateRuns, RunRequest, RunSummary } from "./types";

/** The scenario text a runner needs: the same for every run of a plan. */
export interface PlanScenarioSource {
  /** YAML or JSON text of the scenario. */
  text: string;
  /** Shown in messages only. */
  fileName?: string;
  /** Text of the files the scenario refers to (recorded traffic), by path as written. */
  files?: ScenarioFiles;
}

/** The planner's view of a Result: SLO values, completions and events. */
export function summarizeResult(result: Result): RunSummary {
  return {
    slos: result.slos.map((slo) => ({ name: slo.name, measured: slo.measured, windowsMeetingShare: slo.windowsMeetingShare, passed: slo.passed })),
    requestsCompleted: result.requests.completed,
    events: result.events,
    costPerHour: result.cost.perHour,
  };
}

/** Events per slice of a planner run (any size gives the same summary: runs stop at window ends). */
const PLAN_SLICE_EVENTS = 50_000;

/**
 * Runs one planner request and summarises it: to the end, or until an SLO can no longer pass
 * (engine/plan/loss-watch.ts; then the summary says which and when).
 * @throws ScenarioError if the overrides make the scenario invalid (the planner checks every
 *   candidate first, so this means a bug or a runner given the wrong scenario).
 */
export function runForPlan(source: PlanScenarioSource, request: RunRequest): RunSummary {
  const options = { seed: request.seed, overrides: request.overrides, ...(source.files === undefined ? {} : { files: source.files }), ...(source.fileName === undefined ? {} : { fileName: source.fileName }) };
  const prepared = prepareRun(source.text, options);
  if (!prepared.ok) throw new ScenarioError(prepared.problems, source.fileName === undefined ? {} : { fileName: source.fileName });
  const slices = advancePlanRun(prepared.run, { sliceEvents: PLAN_SLICE_EVENTS, hybrid: prepared.spec.fidelity === "hybrid" });
  let events = 0;
  for (;;) {
    const step = slices.next();
    if (!step.done) events = step.value.events;
    else return step.value === null ? summarizeResult(prepared.run.result()) : lostRunSummary(step.value, events);
  }
}

/**
 * An {@link EvaluateRuns} that runs every request here, in order. Deterministic and simple; the
 * CLI swaps in a worker pool for speed.
 */
export function createLocalEvaluator(source: PlanScenarioSource): EvaluateRuns {
  return async (requests) => requests.map((request) => runForPlan(source, request));
}
