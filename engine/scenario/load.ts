/**
 * The whole path from scenario text to a runnable RunSpec, collecting problems at each
 * stage: parse (YAML/JSON syntax, with lines) -> overrides (`--set path=value`) -> validate
 * (schema, with lines) -> compile (references, recorded traffic). Each stage runs once, and
 * only when the previous one succeeded, so a user sees the problems that matter first.
 * Nothing here builds a model: validating a scenario costs a parse and a compile.
 */
import type { RunSpec } from "../model/run-spec";
import { applyOverrides, type OverrideSpec } from "../input/overrides";
import type { Problem } from "../input/problems";
import { attachLines, parseScenarioText } from "../input/source";
import { compileScenario, requiredFiles, requiredQueries, type ScenarioFiles } from "./compile";
import { validate } from "../input/schema";
import { scenarioSchema, type Scenario } from "./schema";

/** Options for {@link loadScenario}. */
export interface LoadOptions {
  /** Shown in messages only. */
  fileName?: string;
  /** `path=value` overrides applied before validation (the CLI's --set). */
  overrides?: ReadonlyArray<string | OverrideSpec>;
  /** Text of the files the scenario refers to; see {@link requiredFiles}. */
  files?: ScenarioFiles;
}

/** A loaded scenario: validated and compiled to its RunSpec, ready to run. */
export interface LoadedScenario {
  ok: true;
  scenario: Scenario;
  spec: RunSpec;
  /** What the compile fixed or wants the user to know (recorded traffic's NaN samples skipped...), with lines. */
  notes: Problem[];
  /** When the workload replays Prometheus data: the wall-clock time (epoch ms) of the run's time 0. */
  recordingOriginMs?: number;
}

/** The outcome of {@link loadScenario}: the loaded scenario, or every problem found. */
export type LoadResult = LoadedScenario | { ok: false; problems: Problem[] };

/** A validated scenario and where each of its fields was written ({@link parseScenario}). */
export interface ParsedScenario {
  ok: true;
  scenario: Scenario;
  /** The 1-based line of the field at `path` in the text, when known. */
  lineOf: (path: ReadonlyArray<string | number>) => number | undefined;
}

/** Validates already-parsed data (for example an object built in code). */
export function validateScenario(data: unknown, options: Omit<LoadOptions, "fileName"> = {}): { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] } {
  let input = data;
  if (options.overrides && options.overrides.length > 0) {
    const overridden = applyOverrides(data, options.overrides);
    if (!overridden.ok) return { ok: false, problems: overridden.problems.map((p) => ({ ...p, path: `--set ${p.path}` })) };
    input = overridden.data;
  }
  const validated = validate(scenarioSchema, input);
  if (!validated.ok) return { ok: false, problems: validated.problems };
  return { ok: true, scenario: validated.value };
}

/** Text -> validated Scenario (no compile), with line numbers on problems. */
export function parseScenario(text: string, options: LoadOptions = {}): ParsedScenario | { ok: false; problems: Problem[] } {
  const parsed = parseScenarioText(text, options.fileName === undefined ? {} : { fileName: options.fileName });
  if (!parsed.ok) return parsed;
  const validated = validateScenario(parsed.data, options);
  if (!validated.ok) return { ok: false, problems: attachLines(validated.problems, parsed.lineOf) };
  return { ok: true, scenario: validated.scenario, lineOf: parsed.lineOf };
}

/**
 * Compiles a scenario from {@link parseScenario}, putting the lines of its text on compile
 * problems (the text is not parsed again). `files` holds the files of {@link requiredFiles}.
 */
export function compileParsedScenario(parsed: ParsedScenario, files: ScenarioFiles = {}): LoadResult {
  const compiled = compileScenario(parsed.scenario, files);
  if (!compiled.ok) return { ok: false, problems: attachLines(compiled.problems, parsed.lineOf) };
  const loaded: LoadedScenario = { ok: true, scenario: parsed.scenario, spec: compiled.spec, notes: attachLines(compiled.notes, parsed.lineOf) };
  if (compiled.recordingOriginMs !== undefined) loaded.recordingOriginMs = compiled.recordingOriginMs;
  return loaded;
}

/** Text -> Scenario -> RunSpec, or every problem with its path (and line, for YAML). */
export function loadScenario(text: string, options: LoadOptions = {}): LoadResult {
  const parsed = parseScenario(text, options);
  if (!parsed.ok) return parsed;
  return compileParsedScenario(parsed, options.files ?? {});
}

export { requiredFiles, requiredQueries };
