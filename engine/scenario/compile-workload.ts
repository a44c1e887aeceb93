/**
 * Compiles `workload` to the model's WorkloadSpec: a closed loop, exact timestamps (a trace,
 * optionally classed by a column of the log), or an open-loop rate curve — a shape, or
 * recorded traffic (one series for the whole workload, or one per request class) with spikes
 * and growth on top.
 *
 * Recorded traffic arrives as text in `files`: a file by the path the scenario gives, a
 * Prometheus `source:` (fetched by the CLI) under its {@link prometheusSourceKey}. Parser
 * problems become compile problems at the field that names the data; parser notes (NaN
 * samples skipped, rows sorted, a window applied) become compile notes.
 */
import { ParameterError } from "../core/assert";
import type { PathSegment } from "../input/problems";
import { formatDurationMs } from "../input/units";
import { RateProfile, type RatePoint } from "../model/rate-profile";
import { buildRateProfile, type ProfileShape } from "../model/rate-shapes";
import type { WorkloadSpec } from "../model/spec";
import type { CompileContext } from "./compile-context";
import { parsePrometheusClasses, parsePrometheusMatrix, parseRateCsv, parseRateCsvClasses, parseTimestampCsv, type ClassRatesResult, type RatePointsResult, type ReplayProblem, type SeriesSelector } from "./replay";
import { toDistributionSpec, type Scenario } from "./schema";
import { prometheusSourceKey, type ReplayValue } from "./schema-replay";

type Workload = Scenario["workload"];
type Rate = NonNullable<Workload["rate"]>;

/** Where the compile reads data and reports: the context, the files, the class names in order. */
export interface WorkloadInputs {
  context: CompileContext;
  files: Readonly<Record<string, string>>;
  classNames: readonly string[];
  durationMs: number;
}

const REPLAY_PATH = ["workload", "rate", "replay"];
const SOURCE_PATH = "workload.rate.replay.source";

/**
 * Compiles the workload section; problems and notes go to `inputs.context`. `originMs` is the
 * wall-clock time (epoch ms) of the run's time 0 when it replays Prometheus data.
 */
export function compileWorkload(workload: Workload, inputs: WorkloadInputs): { spec: WorkloadSpec; originMs?: number } {
  const recorded = workload.rate?.replay ? replayShapes(workload.rate.replay, inputs) : undefined;
  const spec = workloadSpec(workload, recorded, inputs);
  return recorded?.originMs === undefined ? { spec } : { spec, originMs: recorded.originMs };
}

/** The WorkloadSpec, given the recorded shapes already read. */
function workloadSpec(workload: Workload, recorded: RecordedShapes | undefined, inputs: WorkloadInputs): WorkloadSpec {
  if (workload.closed) return { kind: "closed", users: workload.closed.users, thinkTime: toDistributionSpec(workload.closed.thinkTime), rampMs: workload.closed.ramp };
  if (workload.trace) return compileTrace(workload.trace, inputs);
  const rate = workload.rate!;
  // Recorded traffic that failed to read has been reported; a rate of 0 keeps the compile going.
  const shape = rate.replay ? (recorded?.total ?? { type: "constant", ratePerS: 0 }) : baseShape(rate);
  const spikes = rate.spikes.map((spike) => ({ atMs: spike.at, rampMs: spike.ramp, holdMs: spike.hold, decayMs: spike.decay ?? spike.ramp, multiplier: spike.multiplier }));
  try {
    const profile = buildRateProfile({ shape, spikes, untilMs: inputs.durationMs, growthFactor: rate.growth });
    if (recorded?.classes === undefined) return { kind: "open", arrivals: workload.arrivals, profile };
    return { kind: "open", arrivals: workload.arrivals, profile, classProfiles: recorded.classes.map((points) => RateProfile.fromPoints(stepsToPoints(points))) };
  } catch (error) {
    if (!(error instanceof ParameterError)) throw error;
    inputs.context.problem(["workload", "rate"], error.message);
    return { kind: "open", arrivals: workload.arrivals, profile: buildRateProfile({ shape: { type: "constant", ratePerS: 0 }, untilMs: inputs.durationMs }) };
  }
}

/** The base shape of a rate without recorded traffic. */
function baseShape(rate: Rate): ProfileShape {
  const points = (list: Array<{ at: number; rate: number }>): RatePoint[] => list.map((p) => ({ atMs: p.at, ratePerS: p.rate }));
  if (rate.constant !== undefined) return { type: "constant", ratePerS: rate.constant };
  if (rate.points) return { type: "points", points: points(rate.points) };
  if (rate.steps) return { type: "steps", steps: points(rate.steps) };
  const d = rate.diurnal!;
  return { type: "diurnal", meanRatePerS: d.mean, amplitude: d.amplitude, periodMs: d.period, peakAtMs: d.peakAt };
}

/** The recorded data's text and how messages name it, or undefined after a problem. */
function replayText(replay: ReplayValue, inputs: WorkloadInputs): { text: string; name: string; path: PathSegment[] } | undefined {
  if (replay.file !== undefined) {
    const path = [...REPLAY_PATH, "file"];
    const text = inputs.files[replay.file];
    if (text === undefined) inputs.context.problem(path, `file "${replay.file}" was not provided (is the path relative to the scenario file?)`);
    return text === undefined ? undefined : { text, name: replay.file, path };
  }
  const path = [...REPLAY_PATH, "source"];
  const text = inputs.files[prometheusSourceKey(SOURCE_PATH)];
  if (text === undefined) inputs.context.problem(path, "the Prometheus query was not fetched: the command line (clustersim run, validate) fetches source: queries; elsewhere, save the query's JSON and replay it with file:");
  return text === undefined ? undefined : { text, name: "the Prometheus query", path };
}

/** Reports a parser's problems at the field naming the data, as `name:line: path: message`. */
function reportProblems(problems: readonly ReplayProblem[], where: { name: string; path: PathSegment[] }, inputs: WorkloadInputs): void {
  for (const p of problems) inputs.context.problem(where.path, `${where.name}${p.line ? `:${p.line}` : ""}: ${p.path ? `${p.path}: ` : ""}${p.message}`);
}

/** Recorded traffic read: the total steps, per class when `classes` is given, and Prometheus data's wall-clock origin. */
interface RecordedShapes {
  total: ProfileShape;
  classes?: RatePoint[][];
  originMs?: number;
}

/** The recorded traffic of a replay; undefined after problems. */
function replayShapes(replay: ReplayValue, inputs: WorkloadInputs): RecordedShapes | undefined {
  const data = replayText(replay, inputs);
  if (data === undefined) return undefined;
  const format = replay.format ?? "prometheus";
  const window = { ...(replay.from === undefined ? {} : { from: replay.from }), ...(replay.to === undefined ? {} : { to: replay.to }) };
  const common = { window, allowMonotonic: replay.allowMonotonic, ...(replay.source === undefined ? {} : { stepMs: replay.source.step }) };
  if (replay.classes === undefined) {
    const parsed: RatePointsResult = format === "prometheus"
      ? parsePrometheusMatrix(data.text, { ...common, ...(replay.series === undefined ? {} : { series: replay.series }) })
      : parseRateCsv(data.text, { unit: replay.unit, ...common });
    if (!parsed.ok) return void reportProblems(parsed.problems, data, inputs);
    reportNotes(parsed.notes, parsed.points, data, inputs);
    return { total: { type: "steps", steps: parsed.points }, ...(format === "prometheus" ? { originMs: parsed.originMs } : {}) };
  }
  const classes = classSelectors(replay.classes, format, inputs);
  if (classes === undefined) return undefined;
  const parsed: ClassRatesResult = format === "prometheus"
    ? parsePrometheusClasses(data.text, { ...common, classes: classes as Array<{ name: string; series: SeriesSelector }> })
    : parseRateCsvClasses(data.text, { unit: replay.unit, ...common, classes: classes as Array<{ name: string; column: string | number }> });
  if (!parsed.ok) return void reportProblems(parsed.problems, data, inputs);
  const total = sumSteps(parsed.classes.map((c) => c.points));
  reportNotes(parsed.notes, total, data, inputs);
  return { total: { type: "steps", steps: total }, classes: parsed.classes.map((c) => c.points), ...(format === "prometheus" ? { originMs: parsed.originMs } : {}) };
}

/** Notes of the parser, and one when the run outlasts a recording that ends (rate 0 after). */
function reportNotes(notes: readonly string[], points: readonly RatePoint[], data: { name: string; path: PathSegment[] }, inputs: WorkloadInputs): void {
  for (const note of notes) inputs.context.note(data.path, `${data.name}: ${note}`);
  const last = points[points.length - 1];
  if (last !== undefined && last.ratePerS === 0 && last.atMs < inputs.durationMs && points.some((p) => p.ratePerS > 0)) {
    inputs.context.note(data.path, `${data.name}: the recording covers ${formatDurationMs(last.atMs)}, the run ${formatDurationMs(inputs.durationMs)}: no arrivals after ${formatDurationMs(last.atMs)}`);
  }
}

/**
 * `classes` in the scenario's class order, each with its series or column, after checking that
 * every class has one, every name is a class, and the selector fits the format.
 */
function classSelectors(classes: NonNullable<ReplayValue["classes"]>, format: "prometheus" | "rate-csv", inputs: WorkloadInputs): Array<{ name: string; series?: SeriesSelector; column?: string | number }> | undefined {
  const before = inputs.context.problems.length;
  const path = [...REPLAY_PATH, "classes"];
  for (const name of Object.keys(classes)) inputs.context.ref(inputs.classNames, name, "request class", [...path, name]);
  const missing = inputs.classNames.filter((name) => classes[name] === undefined);
  if (missing.length > 0) inputs.context.problem(path, `every request class needs its series or column; missing: ${missing.join(", ")}`);
  const selected = inputs.classNames.filter((name) => classes[name] !== undefined).map((name) => {
    const selector = classes[name]!;
    if (format === "prometheus" && typeof selector === "string") inputs.context.problem([...path, name], `a Prometheus series is chosen by index or labels ({ handler: "/x" }), got the column name ${JSON.stringify(selector)}`);
    if (format === "rate-csv" && typeof selector === "object") inputs.context.problem([...path, name], "a CSV rate column is chosen by header name or index, not by labels");
    return format === "prometheus" ? { name, series: selector as SeriesSelector } : { name, column: selector as string | number };
  });
  return inputs.context.problems.length > before ? undefined : selected;
}

/** Step points (each rate holds until the next point) as profile points. */
function stepsToPoints(steps: readonly RatePoint[]): RatePoint[] {
  return buildRateProfile({ shape: { type: "steps", steps: [...steps] }, untilMs: 1 }).points.map((p) => ({ atMs: p.atMs, ratePerS: p.ratePerS }));
}

/** The sum of several step curves, as steps at the union of their breakpoints. */
function sumSteps(curves: readonly RatePoint[][]): RatePoint[] {
  const profiles = curves.map((points) => RateProfile.fromPoints(stepsToPoints(points)));
  const timesMs = [...new Set(curves.flatMap((points) => points.map((p) => p.atMs)))].sort((a, b) => a - b);
  return timesMs.map((atMs) => ({ atMs, ratePerS: profiles.reduce((sum, profile) => sum + profile.ratePerSAt(atMs), 0) }));
}

/** A trace: exact timestamps, classed by a column of the log when `classes` is given. */
function compileTrace(trace: NonNullable<Workload["trace"]>, inputs: WorkloadInputs): WorkloadSpec {
  const path = ["workload", "trace", "file"];
  const empty: WorkloadSpec = { kind: "trace", timestampsMs: new Float64Array(0) };
  const before = inputs.context.problems.length;
  const rules = trace.classes?.match.map((rule, r) => ({ value: rule.value, classIndex: inputs.context.ref(inputs.classNames, rule.class, "request class", ["workload", "trace", "classes", "match", r, "class"]) }));
  const text = inputs.files[trace.file];
  if (text === undefined) inputs.context.problem(path, `file "${trace.file}" was not provided (is the path relative to the scenario file?)`);
  if (text === undefined || inputs.context.problems.length > before) return empty;
  const window = { ...(trace.from === undefined ? {} : { from: trace.from }), ...(trace.to === undefined ? {} : { to: trace.to }) };
  const classes = trace.classes === undefined ? {} : { classes: { column: trace.classes.column, match: rules! } };
  const parsed = parseTimestampCsv(text, { column: trace.column, unit: trace.unit, window, ...classes });
  const where = { name: trace.file, path };
  if (!parsed.ok) {
    reportProblems(parsed.problems, where, inputs);
    return empty;
  }
  for (const note of parsed.notes) inputs.context.note(path, `${trace.file}: ${note}`);
  return parsed.classIndexes === undefined ? { kind: "trace", timestampsMs: parsed.timestampsMs } : { kind: "trace", timestampsMs: parsed.timestampsMs, classIndexes: parsed.classIndexes };
}
