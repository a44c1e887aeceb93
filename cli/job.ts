/**
 * One simulation job: a checked scenario and a seed in; the serialised Result
 * (or its summary, for sweeps) out. The same code runs on the main thread (single runs, so
 * start-up pays for no worker) and in worker threads (replications and sweeps), which is what
 * makes output independent of where and how many ways the work was split.
 */
import { formatProblem, plan, prepareRun, serializeResult, startRun, sweepSummary, type LoadedScenario, type Result, type RunSummary as PlanRunSummary, type SweepRunSummary } from "../engine";
import type { ScenarioInput } from "./scenario-input";
import { TelemetryRecorder, type WindowTelemetry } from "./telemetry/window-recorder";

/** Plain, structured-cloneable description of one run. */
export interface RunJob {
  input: ScenarioInput;
  /** Root seed (overrides the scenario's). */
  seed: number;
  /** "result": the full Result as canonical JSON; "summary": a SweepRunSummary (sweeps); "plan": the capacity planner's summary. */
  output: "result" | "summary" | "plan";
  /** With output "result": also record per-window telemetry for exported metrics (latency SLO thresholds, ms). */
  telemetry?: { thresholdsMs: number[] };
  /** With output "summary": Result paths whose numbers the summary carries (`sweep --metric`). */
  metricPaths?: string[];
  /** Runs with the same affinity go to the worker that ran the last one when it can (a planner run's shared pre-crash prefix: engine/plan/shared-prefix.ts); changes no output. */
  affinity?: string;
}

/**
 * What a job returns. A planner run's `forked`: it went on from this worker's shared run before
 * its crash (engine/plan/shared-prefix.ts); its summary is the same as a run from time 0.
 */
export type JobOutput = { kind: "result"; resultJson: string; telemetry?: WindowTelemetry } | { kind: "summary"; summary: SweepRunSummary } | { kind: "plan"; summary: PlanRunSummary; forked: boolean };

/** Progress of one job, between slices. */
export interface JobProgress {
  nowMs: number;
  durationMs: number;
  events: number;
  /** Share of the run's work done (RunProgress.workShare): its expected requests due by `nowMs`. */
  workShare: number;
}

/** Events per slice: small enough that progress and Ctrl-C are prompt (about 30 ms), large enough to cost nothing. */
export const SLICE_EVENTS = 50_000;

/**
 * Runs a job in slices, yielding progress once before the first event and then after each
 * slice, and returning the output. `compiled` is the job's scenario already compiled on this
 * thread (checkScenario's): then the run starts from it; otherwise the job compiles its input.
 * @throws Error when the scenario no longer loads (it was checked before, so that is a bug).
 */
export function* runJobSlices(job: RunJob, compiled?: LoadedScenario): Generator<JobProgress, JobOutput, void> {
  const prepared = compiled === undefined ? prepareRun(job.input.scenario, { files: job.input.files, seed: job.seed }) : startRun(compiled, { seed: job.seed });
  if (!prepared.ok) {
    const lines = prepared.problems.map((problem) => formatProblem(problem, { fileName: job.input.displayName }));
    throw new Error(`scenario failed to load in the runner after it was checked:\n${lines.join("\n")}`);
  }
  const recorder = job.telemetry === undefined ? null : new TelemetryRecorder(prepared.run, job.telemetry.thresholdsMs);
  // A first report before any event: the run is compiled and about to start.
  yield { nowMs: 0, durationMs: prepared.spec.model.durationMs, events: 0, workShare: 0 };
  if (job.output === "plan") {
    // A planner run stops once an SLO can no longer pass (engine/plan/loss-watch.ts); crash-at-peak
    // cases share their run before the crash (engine/plan/shared-prefix.ts, per worker).
    const forkedBefore = plan.sharedPrefixes.forked;
    const slices = plan.planRunSlices(prepared, { sliceEvents: SLICE_EVENTS, files: job.input.files });
    for (;;) {
      const step = slices.next();
      if (step.done) return { kind: "plan", summary: step.value, forked: plan.sharedPrefixes.forked > forkedBefore };
      yield { nowMs: step.value.nowMs, durationMs: step.value.durationMs, events: step.value.events, workShare: step.value.workShare };
    }
  }
  for (;;) {
    const progress = prepared.run.advance({ eventsMax: SLICE_EVENTS });
    if (progress.done) break;
    yield { nowMs: progress.nowMs, durationMs: progress.durationMs, events: progress.events, workShare: progress.workShare };
  }
  const result = prepared.run.result();
  if (job.output === "summary") return { kind: "summary", summary: sweepSummary(result, job.metricPaths) };
  const resultJson = serializeResult(result);
  return recorder === null ? { kind: "result", resultJson } : { kind: "result", resultJson, telemetry: recorder.telemetry };
}

/** Runs a job to the end without yielding (the worker's loop when progress is not wanted). */
export function runJob(job: RunJob, onProgress: (progress: JobProgress) => void = () => {}): JobOutput {
  const slices = runJobSlices(job);
  for (;;) {
    const step = slices.next();
    if (step.done) return step.value;
    onProgress(step.value);
  }
}

/** Parses a job's Result JSON (the text stays the canonical bytes for output). */
export function parseResult(resultJson: string): Result {
  return JSON.parse(resultJson) as Result;
}
