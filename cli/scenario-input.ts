/**
 * From a scenario argument to everything a run needs, as plain data that can cross to a worker:
 * the text, the data files it refers to (recorded traffic, read relative to the scenario file)
 * and the `--set` overrides. Every problem becomes a `file:line: path: message` line on stderr
 * with exit code 2, before any simulation starts.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { compileParsedScenario, formatProblem, parseScenario, requiredFiles, type LoadedScenario, type ParsedScenario, type Problem, type Scenario } from "../engine";
import { CliError, ExitCode } from "./exit-codes";
import { describeFsError, MAX_DATA_FILE_BYTES, readTextFile } from "./files";

/** A scenario ready to run anywhere (main thread or worker): plain, structured-cloneable data. */
export interface ScenarioInput {
  /** The path as the user wrote it (or as `list` shows it); used in messages. */
  displayName: string;
  text: string;
  /** The validated scenario with the overrides applied: what runs (compiling it is cheap). */
  scenario: Scenario;
  /** Data files by the name the scenario uses. */
  files: Record<string, string>;
  /** The `path=value` overrides already applied to `scenario` (part of a sweep's identity). */
  overrides: string[];
}

/** A scenario input that validated and compiled, with the validated scenario and what it compiled to. */
export interface CheckedScenario {
  input: ScenarioInput;
  scenario: Scenario;
  /** The compiled scenario: a run on this thread starts from it instead of compiling again. */
  loaded: LoadedScenario;
}

/**
 * Finds the scenario file for an argument: a path (relative to `cwd`), or the name of a
 * built-in scenario (`three-tier` -> scenarios/three-tier.yaml, `lessons/x` or `x` ->
 * scenarios/lessons/x.yaml).
 * @throws CliError (exit 2) when neither exists.
 */
export function resolveScenarioPath(argument: string, options: { cwd: string; packageRoot: string }): string {
  const direct = path.resolve(options.cwd, argument);
  if (existsSync(direct)) return direct;
  // A built-in by the name `list` shows: `three-tier`, `lessons/retries`, or a lesson's bare name.
  if (/^[a-z0-9-]+(\/[a-z0-9-]+)?$/.test(argument)) {
    for (const dir of builtInScenarioDirs(options.packageRoot)) {
      const candidate = path.join(dir, `${argument}.yaml`);
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new CliError(`cannot read ${argument}: no such file or directory (clustersim list shows the built-in scenarios)`, ExitCode.usage);
}

/** The folders holding built-in scenarios: scenarios/ and scenarios/lessons/ when present. */
export function builtInScenarioDirs(packageRoot: string): string[] {
  const top = path.join(packageRoot, "scenarios");
  const dirs = [top];
  const lessons = path.join(top, "lessons");
  if (existsSync(lessons)) dirs.push(lessons);
  return dirs.filter((dir) => existsSync(dir));
}

/** The scenario `.yaml` files of a folder (not `.lesson.yaml`), sorted by name (byte order, so every machine agrees). */
export function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.endsWith(".lesson.yaml")).sort().map((name) => path.join(dir, name));
}

/** Options of {@link checkScenario}. */
export interface CheckOptions {
  cwd: string;
  packageRoot: string;
  overrides: readonly string[];
  /** --duration was given: a warm-up problem then gets a hint. */
  durationHint?: boolean;
  /**
   * --from/--to: replay only this window of the scenario's recorded traffic (its trace or
   * replayed rate gets `from`/`to`, applied after the overrides). Without --duration
   * (`durationHint`), the run lasts the window when its length is known from the two bounds.
   */
  replayWindow?: { from?: string; to?: string };
}

/** A scenario read and validated, with its data files, before its compile. */
export interface ReadScenario {
  displayName: string;
  text: string;
  parsed: ParsedScenario;
  files: Record<string, string>;
  overrides: string[];
  /** The run's duration when --from/--to set it to the replayed window's length (no --duration), ms. */
  durationFromWindowMs?: number;
}

/**
 * The overrides that replay only [from, to] of the recorded traffic of `workload`.
 * @throws CliError (exit 2) when the workload replays nothing.
 */
function replayWindowOverrides(workload: ParsedScenarioWorkload, window: { from?: string; to?: string }): string[] {
  const base = workload.trace !== undefined ? "workload.trace" : workload.rate?.replay !== undefined ? "workload.rate.replay" : null;
  if (base === null) throw new CliError("--from/--to: the scenario replays no recorded traffic (it has neither workload.trace nor workload.rate.replay)", ExitCode.usage);
  return [
    ...(window.from === undefined ? [] : [`${base}.from=${window.from}`]),
    ...(window.to === undefined ? [] : [`${base}.to=${window.to}`]),
  ];
}

type ParsedScenarioWorkload = Extract<ReturnType<typeof parseScenario>, { ok: true }>["scenario"]["workload"];

/**
 * Reads, validates and compiles a scenario with overrides, reading the data files it names.
 * The text is parsed once and compiled once; no model is built. A Prometheus `source:` is not
 * fetched here (see checkScenarioFetching in scenario-sources.ts): its compile reports it.
 * @throws CliError (exit 2) listing every problem as `file:line: path: message`.
 */
export function checkScenario(argument: string, options: CheckOptions): CheckedScenario {
  return compileRead(readScenario(argument, options));
}

/**
 * The length of the replayed window of `workload`, ms, when both bounds are of one kind (two
 * durations from the recording's start, or two wall-clock times): then it does not depend on
 * the recording. Null otherwise, or when a bound is missing.
 */
function windowLengthMs(workload: ParsedScenarioWorkload): number | null {
  const bounds = workload.trace ?? workload.rate?.replay;
  const from = bounds?.from;
  const to = bounds?.to;
  if (from === undefined || to === undefined) return null;
  if ("offsetMs" in from && "offsetMs" in to) return to.offsetMs > from.offsetMs ? to.offsetMs - from.offsetMs : null;
  if ("atEpochMs" in from && "atEpochMs" in to) return to.atEpochMs > from.atEpochMs ? to.atEpochMs - from.atEpochMs : null;
  return null;
}

/**
 * The first half of {@link checkScenario}: reads the text, validates it with the overrides and
 * reads the data files it names.
 * @throws CliError (exit 2) listing every problem.
 */
export function readScenario(argument: string, options: CheckOptions): ReadScenario {
  const filePath = resolveScenarioPath(argument, options);
  const displayName = displayNameOf(argument, filePath, options.cwd);
  const text = readTextFile(filePath, argument);
  const overrides = [...options.overrides];
  let parsed = parseScenario(text, { fileName: displayName, overrides });
  if (!parsed.ok) throw problemsError(displayName, parsed.problems, options.durationHint === true);
  const window = options.replayWindow;
  let durationFromWindowMs: number | undefined;
  if (window !== undefined && (window.from !== undefined || window.to !== undefined)) {
    overrides.push(...replayWindowOverrides(parsed.scenario.workload, window));
    parsed = parseScenario(text, { fileName: displayName, overrides });
    if (!parsed.ok) throw problemsError(displayName, parsed.problems, options.durationHint === true);
    // A window of a day-long recording should not run for the rest of the day without traffic.
    const lengthMs = options.durationHint === true ? null : windowLengthMs(parsed.scenario.workload);
    if (lengthMs !== null) {
      durationFromWindowMs = lengthMs;
      overrides.push(`run.duration=${lengthMs}ms`);
      parsed = parseScenario(text, { fileName: displayName, overrides });
      if (!parsed.ok) throw problemsError(displayName, parsed.problems, false);
    }
  }
  const files: Record<string, string> = {};
  const fileProblems: Problem[] = [];
  for (const name of requiredFiles(parsed.scenario)) {
    const dataPath = path.resolve(path.dirname(filePath), name);
    try {
      files[name] = readTextFile(dataPath, `${JSON.stringify(name)} (${dataPath})`, MAX_DATA_FILE_BYTES);
    } catch (error) {
      const fieldPath = dataFileField(parsed.scenario, name);
      const line = parsed.lineOf(fieldPath.split("."));
      const message = error instanceof CliError ? error.message : `cannot read ${JSON.stringify(name)} (${dataPath}): ${describeFsError(error)}`;
      fileProblems.push({ path: fieldPath, message, ...(line === undefined ? {} : { line }) });
    }
  }
  if (fileProblems.length > 0) throw problemsError(displayName, fileProblems, false);
  return { displayName, text, parsed, files, overrides, ...(durationFromWindowMs === undefined ? {} : { durationFromWindowMs }) };
}

/**
 * The second half of {@link checkScenario}: compiles a read scenario (with `files` holding its
 * data and any fetched sources).
 * @throws CliError (exit 2) listing every problem.
 */
export function compileRead(read: ReadScenario): CheckedScenario {
  const loaded = compileParsedScenario(read.parsed, read.files);
  if (!loaded.ok) throw problemsError(read.displayName, loaded.problems, false);
  const { displayName, text, files, overrides } = read;
  return { input: { displayName, text, scenario: read.parsed.scenario, files, overrides }, scenario: read.parsed.scenario, loaded };
}

/** The compile's notes as `file:line: path: note: message` lines. */
export function formatNotes(checked: CheckedScenario): string[] {
  return checked.loaded.notes.map((note) => formatProblem({ ...note, message: `note: ${note.message}` }, { fileName: checked.input.displayName }));
}

/**
 * How messages name the file: as the user wrote it, or for a built-in scenario found by name,
 * its path relative to the working directory (absolute when that would climb out of it).
 */
function displayNameOf(argument: string, filePath: string, cwd: string): string {
  if (existsSync(path.resolve(cwd, argument))) return argument;
  const relative = path.relative(cwd, filePath);
  return relative.startsWith("..") ? filePath : relative;
}

/** The field that names a data file, for the message when it cannot be read. */
function dataFileField(scenario: Scenario, name: string): string {
  if (scenario.workload.trace?.file === name) return "workload.trace.file";
  return "workload.rate.replay.file";
}

/**
 * One line per problem, `file:line: path: message`; when `--duration` made the warm-up too
 * long, a hint on how to shorten it.
 */
export function problemsError(displayName: string, problems: readonly Problem[], durationHint: boolean): CliError {
  const lines = problems.map((problem) => formatProblem(problem, { fileName: displayName }));
  if (durationHint && problems.some((problem) => problem.path === "run.warmup")) {
    lines.push(`hint: --duration shortened the run; shorten the warm-up too, e.g. --set run.warmup=5s`);
  }
  return new CliError(lines, ExitCode.usage);
}
