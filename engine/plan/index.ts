/**
 * The planning layer's public surface (re-exported by engine/index.ts): plan a scenario with
 * {@link planCapacity} and an {@link EvaluateRuns} (in-process: {@link createLocalEvaluator}; in a
 * worker: {@link runForPlan} on each request), and number and shard a sweep (sweep-plan.ts).
 */
export { planCapacity, PLAN_DEFAULTS, type PlanRequest, type PlanOutcome } from "./planner";
export { createLocalEvaluator, planRunSlices, runForPlan, summarizeResult, type PlanScenarioSource } from "./run-summary";
export { advancePlanRun, lostRunSummary, lostSlo } from "./loss-watch";
export { AffinityRouter, planRunAffinity, sharedPrefixes, sharedPrefixKey } from "./shared-prefix";
export { parseVariable, type DecisionVariable } from "./variables";
export { AS_WRITTEN, SURVIVE_KINDS, type SurviveKind } from "./failure-cases";
export { HOURS_PER_MONTH } from "./space";
export { gridPoints, inShard, parseGrid, resolveShard, splitGridValues, sweepId, sweepLine, sweepSummary, type GridAxis, type GridPoint, type Shard, type ShardOutcome, type SweepLine, type SweepRunSummary } from "./sweep-plan";
export type { CandidateReport, CaseReport, FailingCheck, HeadroomReport, MonotonicityViolation, PlanReport, SearchStep } from "./report";
export { sloRule, type CheckEvidence } from "./evidence";
export { buildReplicationSet, intervalOf, isReplicationSet, judgeReplicatedSlo, type Interval, type ReplicatedSlo, type ReplicationSet } from "./replication-set";
export type { AnalyticGuess, VariableGuess } from "./analytic";
export type { EvaluateRuns, LostSlo, PlanOverride, PlanProgress, RunRequest, RunSummary, Verdict } from "./types";
export { failingText, headroomText } from "./plan-text";
