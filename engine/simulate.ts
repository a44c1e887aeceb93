/**
 * One run, from scenario to Result: load (parse, validate, compile), build the run, advance
 * it, serialise the Result. Everything above a single run (plan/, lessons/) and both front
 * ends go through here; engine/index.ts only re-exports it.
 */
import { digestString } from "./core/hash";
import { ScenarioError, type Problem } from "./input/problems";
import { ModelRun } from "./model/run";
import type { ModelSpec } from "./model/spec";
import type { Result } from "./result/result";
import { compileScenario } from "./scenario/compile";
import { scenarioExtensions } from "./scenario/extensions";
import { loadScenario, type LoadOptions } from "./scenario/load";
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
