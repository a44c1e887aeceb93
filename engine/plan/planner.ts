/**
 * The capacity planner: the cheapest configuration, within the ranges given, that meets every
 * SLO of a scenario in every failure case, with stated confidence.
 *
 * 1. Check the request: the scenario, each `--vary` variable at its ends, the options.
 * 2. Guess with queueing theory (engine/plan/analytic.ts) where to start.
 * 3. Search: one variable by galloping and bisection from the guess (engine/plan/gallop.ts),
 *    two sizes per batch,
 *    several by a cost-ordered frontier walk (engine/plan/frontier-search.ts). Each candidate is
 *    judged by adaptive replications with common random numbers (engine/plan/replications.ts),
 *    unless the fluid overload bound shows it cannot pass (engine/plan/overload-bound.ts),
 *    its likeliest failing case first, and a run identical to one done before is not run again
 *    (engine/plan/run-identity.ts).
 * 4. Check monotonicity over everything evaluated, measure headroom at the recommendation, and
 *    report (engine/plan/report.ts).
 *
 * The planner never runs a simulation itself: every run goes through the injected
 * {@link EvaluateRuns}, one batch per round of replications, so the caller decides where runs
 * happen. Given the same request and seed the report is identical however runs are executed.
 */
import { parseScenarioText } from "../input/source";
import type { ModelSpec } from "../model/spec";
import type { AutoscalerSpec } from "./autoscaler-fluid";
import { loadScenario } from "../scenario/load";
import type { Scenario } from "../scenario/schema";
import { formatPath, type Problem } from "../input/problems";
import { parseOverride } from "../input/overrides";
import { analyticGuess } from "./analytic";
import { analyticNotes } from "./analytic-notes";
import { sloChecks } from "./evidence";
import { SURVIVE_KINDS, type SurviveKind } from "./failure-cases";
import { ReplicationRunner } from "./replications";
import { runIdentity } from "./run-identity";
import type { PlanReport } from "./report";
import { buildPlanReport } from "./build-report";
import type { PlanScenarioSource } from "./run-summary";
import { searchCapacity } from "./search";
import { CandidateSpace, type Candidate } from "./space";
import { overloadRejection } from "./overload-bound";
import { compileScenario } from "../scenario/compile";
import { peakTimeMs } from "./tier-loads";
import type { EvaluateRuns, PlanOverride, PlanProgress } from "./types";
import { parseVariable, type DecisionVariable } from "./variables";

/** What to plan. */
export interface PlanRequest extends PlanScenarioSource {
  /** `path=value` overrides applied to every candidate before its variables (the CLI's --set). */
  overrides?: readonly string[];
  /** Decision variables in `--vary` syntax (engine/plan/variables.ts), at least one. */
  variables: readonly string[];
  /** Failure cases to survive besides the scenario as written: "zone-loss", "node-loss". */
  survive?: readonly string[];
  /** Confidence level of every interval, in (0, 1); default 0.95. */
  confidence?: number;
  /** Replications per candidate and case before a verdict; default 3, at least 2. */
  replicationsMin?: number;
  /** Most replications per candidate and case; default 10. */
  replicationsMax?: number;
  /** Seed of replication 0 (replication i uses seed + i); default the scenario's seed. */
  seed?: number;
  /** Headroom search: growth resolution and largest growth, as fractions; false to skip. Default { step: 0.05, max: 2 }. */
  headroom?: false | { step: number; max: number };
  /** Most candidates evaluated by a several-variable search; default 200. */
  candidatesMax?: number;
  /** Called after each candidate is judged. */
  onProgress?: (progress: PlanProgress) => void;
}

/** A plan, or every problem with the request (bad input: exit code 2 in the CLI). */
export type PlanOutcome = { ok: true; report: PlanReport } | { ok: false; problems: Problem[] };

/** Defaults of {@link PlanRequest}. */
export const PLAN_DEFAULTS = { confidence: 0.95, replicationsMin: 3, replicationsMax: 10, headroom: { step: 0.05, max: 2 }, candidatesMax: 200 } as const;

/** Plans capacity; see the file comment. Rejects only for internal errors (including the runner's). */
export async function planCapacity(request: PlanRequest, evaluate: EvaluateRuns): Promise<PlanOutcome> {
  const checked = checkRequest(request);
  if (!checked.ok) return checked;
  const { variables, survive, space, spec, autoscalers, scenario, data, fidelity } = checked;
  const confidence = request.confidence ?? PLAN_DEFAULTS.confidence;
  const replicationsMin = request.replicationsMin ?? PLAN_DEFAULTS.replicationsMin;
  const replicationsMax = request.replicationsMax ?? PLAN_DEFAULTS.replicationsMax;
  const seed = request.seed ?? scenario.seed;
  const checks = sloChecks(scenario);
  const runner = new ReplicationRunner({ evaluate, checks, confidence, replicationsMin, replicationsMax, seed, runIdentity: runIdentity(data) });
  const guess = analyticGuess({ spec, autoscalers, scenario, variables, survive });
  const rejectWithoutRun = (candidate: Candidate): string | null => {
    const compiled = compileScenario(candidate.scenario, request.files ?? {});
    return compiled.ok ? overloadRejection(compiled.spec.model, compiled.spec.operations.autoscalers) : null;
  };
  const search = await searchCapacity({ space, runner, guess, rejectWithoutRun, candidatesMax: request.candidatesMax ?? PLAN_DEFAULTS.candidatesMax, ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }) });
  const report = await buildPlanReport({
    request: { scenario: scenario.name, fidelity, seed, confidence, replicationsMin, replicationsMax, survive, headroom: request.headroom ?? PLAN_DEFAULTS.headroom },
    variables, checks, space, runner, search, guess, notes: analyticNotes({ spec, scenario, survive }),
    ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
  });
  return { ok: true, report };
}

type CheckedRequest =
  | { ok: true; variables: DecisionVariable[]; survive: SurviveKind[]; space: CandidateSpace; spec: ModelSpec; autoscalers: AutoscalerSpec[]; scenario: Scenario; data: unknown; fidelity: "exact" | "hybrid" }
  | { ok: false; problems: Problem[] };

/** Every problem with the request, or its parsed parts. */
function checkRequest(request: PlanRequest): CheckedRequest {
  const problems = optionProblems(request);
  const variables: DecisionVariable[] = [];
  if (request.variables.length === 0) problems.push({ path: "--vary", message: "give at least one variable, e.g. --vary topology.groups.web.count=2..64" });
  for (const text of request.variables) {
    const parsed = parseVariable(text);
    if (!parsed.ok) problems.push({ ...parsed.problem, path: `--vary ${parsed.problem.path}`.trim() });
    else if (variables.some((v) => v.path === parsed.variable.path)) problems.push({ path: `--vary ${parsed.variable.path}`, message: "varied twice; give each path once" });
    else variables.push(parsed.variable);
  }
  const survive = (request.survive ?? []).filter((kind): kind is SurviveKind => (SURVIVE_KINDS as readonly string[]).includes(kind));
  const baseOverrides: PlanOverride[] = [];
  for (const text of request.overrides ?? []) {
    const parsed = parseOverride(text);
    if (!parsed.ok) problems.push({ ...parsed.problem, path: `--set ${parsed.problem.path}`.trim() });
    else baseOverrides.push({ path: formatPath(parsed.override.path), value: parsed.override.value });
  }
  if (problems.length > 0) return { ok: false, problems };
  const options = { ...(request.fileName === undefined ? {} : { fileName: request.fileName }), ...(request.files === undefined ? {} : { files: request.files }), overrides: baseOverrides };
  const loaded = loadScenario(request.text, options);
  if (!loaded.ok) return loaded;
  const parsed = parseScenarioText(request.text, request.fileName === undefined ? {} : { fileName: request.fileName });
  if (!parsed.ok) return parsed;
  if (loaded.scenario.slos.length === 0) return { ok: false, problems: [{ path: "slos", message: "the scenario has no SLOs, so every size meets them; add slos: (latency or availability) for the planner to meet" }] };
  const zones = loaded.scenario.topology.regions.flatMap((r) => r.zones);
  if (survive.includes("zone-loss") && zones.length < 2) return { ok: false, problems: [{ path: "--survive", message: `zone-loss needs at least two zones; the scenario has one (${zones[0]}); add zones under topology.regions` }] };
  const space = new CandidateSpace({ data: parsed.data, variables, survive, baseOverrides, peakAtMs: peakTimeMs(loaded.spec.model) });
  const spaceProblems = space.check();
  if (spaceProblems.length > 0) return { ok: false, problems: spaceProblems };
  return {
    ok: true, variables, survive, space, spec: loaded.spec.model, autoscalers: loaded.spec.operations.autoscalers, scenario: loaded.scenario, data: parsed.data,
    fidelity: loaded.spec.fidelity ?? "exact",
  };
}

/** Problems with the numeric options and `survive`. */
function optionProblems(request: PlanRequest): Problem[] {
  const problems: Problem[] = [];
  const { confidence, replicationsMin, replicationsMax, seed, headroom, candidatesMax } = request;
  if (confidence !== undefined && !(confidence > 0 && confidence < 1)) problems.push({ path: "--confidence", message: `expected a level between 0 and 1 (e.g. 0.95), got ${confidence}` });
  const min = replicationsMin ?? PLAN_DEFAULTS.replicationsMin;
  if (!(Number.isSafeInteger(min) && min >= 2)) problems.push({ path: "--replications-min", message: `expected an integer >= 2 (an interval needs two replications), got ${min}` });
  const max = replicationsMax ?? Math.max(min, PLAN_DEFAULTS.replicationsMax);
  if (!(Number.isSafeInteger(max) && max >= min)) problems.push({ path: "--replications-max", message: `expected an integer >= ${min} (the replications a verdict starts with), got ${max}` });
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) problems.push({ path: "--seed", message: `expected an integer >= 0, got ${seed}` });
  if (candidatesMax !== undefined && !(Number.isSafeInteger(candidatesMax) && candidatesMax >= 1)) problems.push({ path: "candidatesMax", message: `expected an integer >= 1, got ${candidatesMax}` });
  if (headroom !== undefined && headroom !== false && !(headroom.step > 0 && headroom.max >= headroom.step)) problems.push({ path: "headroom", message: `expected step > 0 and max >= step, got step ${headroom.step}, max ${headroom.max}` });
  for (const kind of request.survive ?? []) {
    if (!(SURVIVE_KINDS as readonly string[]).includes(kind)) problems.push({ path: "--survive", message: `unknown failure case ${JSON.stringify(kind)}; expected ${SURVIVE_KINDS.join(" or ")}` });
  }
  return problems;
}
