/**
 * One run, from scenario to Result: load (parse, validate, compile to a RunSpec, once each),
 * build the run (one ClusterModel with its mechanisms), advance it, serialise the Result.
 * Everything above a single run (plan/, lessons/) and both front ends go through here;
 * engine/index.ts only re-exports it.
 */
import { digestString } from "./core/hash";
import { ScenarioError, type Problem } from "./input/problems";
import { HybridController } from "./hybrid/hybrid-controller";
import { ModelRun } from "./model/run";
import type { RunSpec } from "./model/run-spec";
export type { RunSnapshot } from "./model/run-snapshot";
export type { ModelRun, RunProgress, SloProgress } from "./model/run";
import type { SloProgress } from "./model/run";
import { deterministicArrivals, poissonArrivals } from "./model/arrivals";
import { RandomStreams } from "./core/rng";
import type { Result } from "./result/result";
import { compileScenario } from "./scenario/compile";
import { loadScenario, type LoadedScenario, type LoadOptions } from "./scenario/load";
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
  spec: RunSpec;
  seed: number;
}

/**
 * Loads a scenario (YAML/JSON text, or an already validated Scenario object) and prepares a
 * run. Returns every problem instead of throwing for bad input.
 */
export function prepareRun(input: string | Scenario, options: SimulateOptions = {}): PreparedRun | { ok: false; problems: Problem[] } {
  const loaded = typeof input === "string" ? loadScenario(input, options) : compileValidated(input, options);
  if (!loaded.ok) return loaded;
  return startRun(loaded, options);
}

/**
 * Prepares a run of a scenario already loaded (compiled) by `loadScenario` or
 * `compileParsedScenario`: builds the model, nothing is parsed or compiled again.
 */
export function startRun(loaded: LoadedScenario, options: { seed?: number } = {}): PreparedRun {
  const seed = options.seed ?? loaded.scenario.seed;
  const run = new ModelRun(loaded.spec, { seed, engineVersion: ENGINE_VERSION, extensions: fidelityExtensions(loaded.spec) });
  return { ok: true, run, scenario: loaded.scenario, spec: loaded.spec, seed };
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

/**
 * The run of `loaded` continued from `snapshot` (ModelRun.snapshot) instead of time 0, when
 * `loaded` differs from the snapshot's run only by faults that have not started or are added
 * after it (a fork: engine/model/run-fork.ts); byte-identical to running `loaded` from 0. A
 * hybrid run's hybrid engine is rebuilt with it (ModelRun.restore alone refuses such a snapshot).
 * @throws ForkError, SnapshotError when it cannot be.
 */
export function resumeRun(snapshot: unknown, loaded: Pick<LoadedScenario, "spec">): ModelRun {
  return ModelRun.restoreAsFork(snapshot, loaded.spec, { engineVersion: ENGINE_VERSION, extensions: fidelityExtensions(loaded.spec) });
}

/** A hybrid run is the same model with the hybrid engine installed after the mechanisms. */
function fidelityExtensions(spec: RunSpec): HybridController[] {
  return spec.fidelity === "hybrid" ? [new HybridController(spec)] : [];
}

/** The Result as canonical JSON text (fixed key order, no NaN): the bytes that get digested. */
export function serializeResult(result: Result): string {
  return JSON.stringify(result);
}

/** A short digest of a Result: equal digests mean byte-identical Results. */
export function resultDigest(result: Result): string {
  return digestString(serializeResult(result));
}

function compileValidated(scenario: Scenario, options: SimulateOptions): LoadedScenario | { ok: false; problems: Problem[] } {
  const compiled = compileScenario(scenario, options.files ?? {});
  if (!compiled.ok) return compiled;
  const loaded: LoadedScenario = { ok: true, scenario, spec: compiled.spec, notes: compiled.notes };
  if (compiled.recordingOriginMs !== undefined) loaded.recordingOriginMs = compiled.recordingOriginMs;
  return loaded;
}

/**
 * Calls `visit` with each arrival time before `durationMs` of a run's open or traced workload,
 * replaying the run's own "workload/arrivals" stream (engine/model/cluster-model.ts start), so
 * the times are the run's (the capacity planner counts arrivals ahead: engine/plan/loss-watch.ts).
 * @returns false for a closed workload (its arrivals depend on the answers).
 */
export function replayArrivals(progress: Pick<SloProgress, "workload" | "seed">, durationMs: number, visit: (timeMs: number) => void): boolean {
  const workload = progress.workload;
  if (workload.kind === "closed") return false;
  if (workload.kind === "trace") {
    for (const t of workload.timestampsMs) if (t < durationMs) visit(t);
    return true;
  }
  const arrivals = workload.arrivals === "poisson" ? poissonArrivals(workload.profile, new RandomStreams(progress.seed).get("workload/arrivals")) : deterministicArrivals(workload.profile);
  for (let t = arrivals.next(0); t < durationMs; t = arrivals.next(t)) visit(t);
  return true;
}
