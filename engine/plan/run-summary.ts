/**
 * From a run's Result to the few numbers the planner needs, and the simplest {@link EvaluateRuns}:
 * run each request in this thread, one after another. The CLI and the web app run the same
 * {@link runForPlan} inside their workers, so every runner produces identical summaries.
 */
import { ScenarioError } from "../input/problems";
import type { Result } from "../result/result";
import { prepareRun, type PreparedRun, type RunProgress } from "../simulate";
import { advancePlanRun, lostRunSummary } from "./loss-watch";
import type { ScenarioFiles } from "../scenario/compile";
import { sharedPrefixes, type SharedPrefixRuns } from "./shared-prefix";
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
 * (engine/plan/loss-watch.ts; then the summary says which and when). Crash-at-peak cases share
 * their run before the crash (engine/plan/shared-prefix.ts).
 * @throws ScenarioError if the overrides make the scenario invalid (the planner checks every
 *   candidate first, so this means a bug or a runner given the wrong scenario).
 */
export function runForPlan(source: PlanScenarioSource, request: RunRequest): RunSummary {
  const options = { seed: request.seed, overrides: request.overrides, ...(source.files === undefined ? {} : { files: source.files }), ...(source.fileName === undefined ? {} : { fileName: source.fileName }) };
  const prepared = prepareRun(source.text, options);
  if (!prepared.ok) throw new ScenarioError(prepared.problems, source.fileName === undefined ? {} : { fileName: source.fileName });
  const slices = planRunSlices(prepared, { sliceEvents: PLAN_SLICE_EVENTS, ...(source.files === undefined ? {} : { files: source.files }) });
  for (;;) {
    const step = slices.next();
    if (step.done) return step.value;
  }
}

/**
 * A prepared planner run advanced in slices of at most `sliceEvents` events (progress after
 * each), stopped once an SLO can no longer pass (loss-watch.ts); returns its summary. A
 * crash-at-peak case forks from, or leaves, a shared pre-crash snapshot in `prefixes` (default:
 * this process's; null: none), which changes no summary. `files`: the scenario's data files.
 */
export function* planRunSlices(prepared: PreparedRun, options: { sliceEvents: number; files?: ScenarioFiles; prefixes?: SharedPrefixRuns | null }): Generator<RunProgress, RunSummary, void> {
  const prefixes = options.prefixes === undefined ? sharedPrefixes : options.prefixes;
  const start = prefixes === null ? { run: prepared.run } : prefixes.start(prepared, options.files);
  const slices = advancePlanRun(start.run, { sliceEvents: options.sliceEvents, hybrid: prepared.spec.fidelity === "hybrid", ...(start.keep === undefined ? {} : { keep: start.keep }) });
  let events = 0;
  for (;;) {
    const step = slices.next();
    if (step.done) return step.value === null ? summarizeResult(start.run.result()) : lostRunSummary(step.value, events);
    events = step.value.events;
    yield step.value;
  }
}

/**
 * An {@link EvaluateRuns} that runs every request here, in order. Deterministic and simple; the
 * CLI swaps in a worker pool for speed.
 */
export function createLocalEvaluator(source: PlanScenarioSource): EvaluateRuns {
  return async (requests) => requests.map((request) => runForPlan(source, request));
}
