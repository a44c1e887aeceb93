/**
 * clustersim's engine: the public API. `web/` and `cli/` import from here and nowhere else in
 * engine/.
 *
 * @example
 * import { simulate } from "clustersim";   // in this repository: from "./engine"
 * const result = simulate(scenarioYamlText, { seed: 42 });
 * console.log(result.requests.latencyMs.p99, result.slosPassed);
 */
export { ENGINE_VERSION, prepareRun, resumeRun, startRun, simulate, serializeResult, resultDigest, type SimulateOptions, type PreparedRun } from "./simulate";
export { ModelRun, type RunProgress, type RestoreOptions } from "./model/run";
export type { RunSpec } from "./model/run-spec";
export { RUN_SNAPSHOT_VERSION, SnapshotError, type RunSnapshot } from "./model/run-snapshot";
export { ForkError, type ForkOverrides } from "./model/run-fork";
export { RunLimitError } from "./model/memory-guard";
export type { WindowView, WindowListener, NodesView, NodeState, ReadonlySeries, ReadonlyLatencyHistogram } from "./model/window-view";
export type { MechanismSloKind, Result, RequestSummary, Series, SloKind, SloOutcome, SloScopeKind, SloUnit, TimelineEvent } from "./result";
export { MECHANISM_SLO_KIND_NAMES, MECHANISM_SLO_KINDS } from "./result";
export { parseResultPath, readResultNumber, RESULT_SECTIONS, type ResultPath } from "./result/result-path";
export { ScenarioError, formatProblem, formatPath, parsePath, didYouMean, type PathSegment, type Problem } from "./input/problems";
export { loadScenario, parseScenario, compileParsedScenario, validateScenario, requiredFiles, requiredQueries, type LoadOptions, type LoadedScenario, type ParsedScenario } from "./scenario/load";
export type { RequiredQuery } from "./scenario/compile";
export { scenarioSchema, type Scenario } from "./scenario/schema";
export { scenarioJsonSchema } from "./scenario/json-schema";
export { applyOverrides, parseOverride } from "./input/overrides";
export { parseScenarioText } from "./input/source";
export type { ScenarioFiles } from "./scenario/compile";
export { formatDurationMs, formatRatePerS, formatPercent, parseDurationMs, parseRatePerS, formatMetric, formatHalfWidth, formatMetricChange, METRIC_UNITS, NO_VALUE, type MetricUnit } from "./input/units";
export { HEADLINE_METRICS, SLOS_MET_METRIC, capacityShares, sloDirection, sloUnit, type HeadlineMetric, type MetricDirection, type ResultCore } from "./result/headline-metrics";
export { capacityText, COST_CURRENCY, costPeriodText, costText, sloMeasuredText, sloObjectiveText, sloRuleText } from "./result/headline-text";
export { formatCell, hasMechanismTables, hasRequestHeadline, hybridTable, resultTables, bootLagMs, type ColumnUnit, type ResultTable, type TableCell, type TableColumn, type TableRank, type TableRow } from "./result/tables";
export { LatencyHistogram } from "./metrics/histogram";
export { RunningStats } from "./metrics/running-stats";
export { confidenceInterval, welchTTest } from "./theory/inference";
export { studentTQuantile } from "./core/distributions/student-t";
export * as queueing from "./theory/queueing";
export { digestString } from "./core/hash";
export * as plan from "./plan";
export { buildReplicationSet, intervalOf, isReplicationSet, sloRule, type Interval, type ReplicatedSlo, type ReplicationSet, type Verdict } from "./plan";
export { gridPoints, inShard, parseGrid, resolveShard, splitGridValues, sweepId, sweepLine, sweepSummary, type GridAxis, type GridPoint, type Shard, type SweepLine, type SweepRunSummary } from "./plan";
export { planCapacity, createLocalEvaluator, runForPlan, failingText, headroomText, PLAN_DEFAULTS, type PlanReport, type PlanRequest, type PlanScenarioSource, type PlanProgress, type EvaluateRuns, type RunRequest, type RunSummary, type CandidateReport, type CheckEvidence, type FailingCheck } from "./plan";
export { loadLesson, lessonScenarioFile, prepareAnswer, judgeAnswer, checkAnswer, referenceAnswer, startingAnswer, type Lesson, type LessonAnswer, type LessonRun, type LessonVerdict, type PreparedAnswer, type KnobSetting, type Knob, type ConditionOutcome, type FigureOutcome, type CheckedResult } from "./lessons";
