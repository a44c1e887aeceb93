/**
 * clustersim's engine: the public API. `web/` and `cli/` import from here and nowhere else in
 * engine/.
 *
 * @example
 * import { simulate } from "../engine";
 * const result = simulate(scenarioYamlText, { seed: 42 });
 * console.log(result.requests.latencyMs.p99, result.slosPassed);
 */
import { digestString } from "./core/hash";
import type { Result } from "./result/result";
import { ModelRun } from "./model/run";
import { scenarioExtensions } from "./scenario/extensions";
import type { ModelSpec } from "./model/spec";
import { compileScenario, type ScenarioFiles } from "./scenario/compile";
import { loadScenario, type LoadOptions } from "./scenario/load";
import { ScenarioError, type Problem } from "./input/problems";
import type { Scenario } from "./scenario/schema";

/** The engine's version, printed in every Result and report. */
export const ENGINE_VERSION = "0.1.0";

/** Options for {@link simulate} and {@link prepareRun}. */
export interface SimulateOptions extends LoadOptions {
  /** Root seed; overrides the scenario's `seed`. */
  seed?: number;
}

/** A run ready to advance in slices (see ModelRun), with the seed it uses. */
export interface PreparedRun {
  ok: true;
  run: ModelRun;
  scenario: Scenario;
  spec: ModelSpec;
  seed: number;
}

/**
 * Loads a scenario (YAML/JSON text, or an already validated Scenario object) and prepares a
 * run. Returns every problem instead of throwing for bad input.
 */
export function prepareRun(input: string | Scenario, options: SimulateOptions = {}): PreparedRun | { ok: false; problems: Problem[] } {
  let scenario: Scenario;
  let spec: ModelSpec;
  if (typeof input === "string") {
    const loaded = loadScenario(input, options);
    if (!loaded.ok) return loaded;
    scenario = loaded.scenario;
    spec = loaded.spec;
  } else {
    const compiled = compileScenario(input, options.files ?? {});
    if (!compiled.ok) return compiled;
    scenario = input;
    spec = compiled.spec;
  }
  const seed = options.seed ?? scenario.seed;
  const extensions = scenarioExtensions(scenario, spec);
  const run = new ModelRun(spec, { seed, engineVersion: ENGINE_VERSION, extensions });
  return { ok: true, run, scenario, spec, seed };
}

/**
 * Runs a scenario to the end and returns its Result.
 * @throws ScenarioError listing every problem when the scenario is invalid.
 */
export function simulate(input: string | Scenario, options: SimulateOptions = {}): Result {
  const prepared = prepareRun(input, options);
  if (!prepared.ok) throw new ScenarioError(prepared.problems, options.fileName === undefined ? {} : { fileName: options.fileName });
  prepared.run.advance();
  return prepared.run.result();
}

/** The Result as canonical JSON text (fixed key order, no NaN): the bytes that get digested. */
export function serializeResult(result: Result): string {
  return JSON.stringify(result);
}

/** A short digest of a Result: equal digests mean byte-identical Results. */
export function resultDigest(result: Result): string {
  return digestString(serializeResult(result));
}

export { ModelRun, type RunProgress } from "./model/run";
export type { Result, RequestSummary, Series, SloOutcome, TimelineEvent } from "./result";
export { ScenarioError, formatProblem, formatPath, parsePath, didYouMean, type PathSegment, type Problem } from "./input/problems";
export { loadScenario, parseScenario, validateScenario, requiredFiles, type LoadOptions } from "./scenario/load";
export { scenarioSchema, type Scenario } from "./scenario/schema";
export { scenarioJsonSchema } from "./scenario/json-schema";
export { applyOverrides, parseOverride } from "./input/overrides";
export { parseScenarioText } from "./input/source";
export type { ScenarioFiles };
export { formatDurationMs, formatRatePerS, formatPercent, parseDurationMs, parseRatePerS } from "./input/units";
export { LatencyHistogram } from "./metrics/histogram";
export { RunningStats } from "./metrics/running-stats";
export { confidenceInterval, welchTTest } from "./theory/inference";
export { studentTQuantile } from "./core/distributions/student-t";
export * as queueing from "./theory/queueing";
export { digestString } from "./core/hash";
export * as plan from "./plan";
export { planCapacity, createLocalEvaluator, runForPlan, type PlanReport, type PlanRequest, type EvaluateRuns, type RunRequest, type RunSummary, type CandidateReport, type CheckEvidence, type FailingCheck } from "./plan";
export { loadLesson, lessonScenarioFile, prepareAnswer, judgeAnswer, checkAnswer, referenceAnswer, startingAnswer, formatMetric, type Lesson, type LessonAnswer, type LessonRun, type LessonVerdict, type PreparedAnswer, type KnobSetting, type Knob, type ConditionOutcome, type FigureOutcome, type CheckedResult } from "./lessons";
