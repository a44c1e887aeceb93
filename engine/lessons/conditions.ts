/**
 * A lesson's check: conditions on the Results of its runs, compiled from the lesson file and
 * evaluated without any code from the file. A condition reads one metric (a path into a run's
 * Result, optionally divided by another metric of the same run) and compares it with a number,
 * a boolean or another metric times a factor. Each outcome carries a sentence in plain words:
 * "p99 latency in your run is 130 ms, but it must be at most 98.5 ms (2 × p99 latency in the
 * light-load run: 49.3 ms)."
 */
import type { Result } from "../result/result";
import type { PathSegment, Problem } from "../input/problems";
import { didYouMean, parsePath } from "../input/problems";
import { parseDurationMs, parsePercent, parseRatePerS, parseMoneyPerHour } from "../input/units";
import type { MetricUnit } from "../input/units";
import { resolveDataPath } from "../input/data-paths";
import { RESULT_SECTIONS } from "../result/result-path";
import type { Comparison, ConditionDefinition, FigureDefinition } from "./lesson-schema";
import type { TheoryRef } from "./theory-figures";

/** A Result as the check reads it: everything but the series (what the browser's workers return). */
export type CheckedResult = Omit<Result, "series">;

/** A metric of one run: `requests.latencyMs.p99` of run `answer`, maybe divided by another. */
export interface MetricRef {
  /** The path as written, and its segments. */
  metric: string;
  segments: PathSegment[];
  run: string;
  per: { metric: string; segments: PathSegment[] } | null;
}

/** What a metric is compared with. */
export type Operand =
  | { kind: "value"; value: number | boolean }
  | { kind: "metric"; ref: MetricRef; times: number };

/** A compiled condition. */
export interface Condition {
  label: string;
  unit: MetricUnit;
  ref: MetricRef;
  comparison: Comparison;
  operand: Operand;
  otherwise: string | null;
}

/** A compiled watched figure: a metric of a run, or a closed form of its scenario. */
export interface Figure {
  label: string;
  /** How the lesson's why page refers to it ({name}), or null. */
  name: string | null;
  unit: MetricUnit;
  /** The metric; for a theory figure, its run with no segments. */
  ref: MetricRef;
  theory: TheoryRef | null;
}

/** Compiles a metric path and run name, reporting problems at `at`. */
function compileRef(fields: { metric: string; run: string; per?: string }, at: string, runs: ReadonlySet<string>, problems: Problem[]): MetricRef {
  const segmentsOf = (text: string, key: string): PathSegment[] => {
    const parsed = parsePath(text);
    if (!parsed.ok) return [];
    const head = String(parsed.segments[0]);
    if (!RESULT_SECTIONS.has(head)) {
      const suggestion = didYouMean(head, RESULT_SECTIONS);
      problems.push({ path: `${at}.${key}`, message: `the Result has no section ${JSON.stringify(head)}${suggestion === undefined ? "" : ` (did you mean ${JSON.stringify(suggestion)}?)`}` });
    }
    return parsed.segments;
  };
  if (!runs.has(fields.run)) {
    const suggestion = didYouMean(fields.run, runs);
    problems.push({ path: `${at}.run`, message: `no run named ${JSON.stringify(fields.run)}${suggestion === undefined ? `; there are ${[...runs].join(", ")}` : ` (did you mean ${JSON.stringify(suggestion)}?)`}` });
  }
  return {
    metric: fields.metric, segments: segmentsOf(fields.metric, "metric"), run: fields.run,
    per: fields.per === undefined ? null : { metric: fields.per, segments: segmentsOf(fields.per, "per") },
  };
}

/** Reads a threshold written with a unit ("50ms", "90%", "40/s") in the condition's unit. */
function parseThreshold(text: string, unit: MetricUnit): { ok: true; value: number } | { ok: false; message: string } {
  const parse = unit === "ms" ? parseDurationMs : unit === "percent" ? (v: unknown) => parsePercent(v) : unit === "per-second" ? parseRatePerS : unit === "money" ? parseMoneyPerHour : null;
  if (parse === null) return { ok: false, message: `a ${unit} condition takes a number, got ${JSON.stringify(text)}` };
  return parse(text);
}

/** Compiles one condition of `check`; `runs` are the run names conditions may use. */
export function compileCondition(definition: ConditionDefinition, at: string, runs: ReadonlySet<string>, problems: Problem[]): Condition {
  const comparison = (["below", "atMost", "above", "atLeast", "equals"] as const).find((c) => definition[c] !== undefined)!;
  const written = definition[comparison]!;
  const ref = compileRef(definition, at, runs, problems);
  let operand: Operand = { kind: "value", value: 0 };
  if (typeof written === "number" || typeof written === "boolean") {
    operand = { kind: "value", value: written };
    if (typeof written === "boolean" && comparison !== "equals") problems.push({ path: `${at}.${comparison}`, message: "true and false can only be compared with equals" });
  } else if (typeof written === "string") {
    const parsed = parseThreshold(written, definition.unit);
    if (!parsed.ok) problems.push({ path: `${at}.${comparison}`, message: parsed.message });
    else operand = { kind: "value", value: parsed.value };
  } else {
    operand = { kind: "metric", ref: compileRef(written, `${at}.${comparison}`, runs, problems), times: written.times };
  }
  return { label: definition.label, unit: definition.unit, ref, comparison, operand, otherwise: definition.otherwise ?? null };
}

/** Compiles one watched figure (a theory figure reads the student's scenario, so only run `answer`). */
export function compileFigure(definition: FigureDefinition, at: string, runs: ReadonlySet<string>, problems: Problem[]): Figure {
  const name = definition.name ?? null;
  if (definition.theory !== undefined) {
    if (definition.run !== "answer") problems.push({ path: `${at}.run`, message: "a theory figure is computed from your scenario: leave run out (answer)" });
    const ref: MetricRef = { metric: "", segments: [], run: "answer", per: null };
    return { label: definition.label, name, unit: definition.unit, ref, theory: { kind: "cheHitRatio", service: definition.theory.cheHitRatio } };
  }
  const fields = { metric: definition.metric!, run: definition.run, ...(definition.per === undefined ? {} : { per: definition.per }) };
  return { label: definition.label, name, unit: definition.unit, ref: compileRef(fields, at, runs, problems), theory: null };
}

/** The runs a condition or figure reads. */
export function runsOf(item: Condition | Figure): string[] {
  const runs = [item.ref.run];
  if ("operand" in item && item.operand.kind === "metric") runs.push(item.operand.ref.run);
  return runs;
}

/** A metric's value: a number, a boolean, or null (no value: a percentile of zero requests, a ratio over zero). */
export type MetricValue = number | boolean | null;

/**
 * Reads a metric from a run's Result.
 * @returns the value, or a message when the path is not in the Result (a mistake in the lesson).
 */
export function readMetric(result: CheckedResult, ref: MetricRef): { ok: true; value: MetricValue } | { ok: false; message: string } {
  const read = (segments: PathSegment[], text: string): { ok: true; value: MetricValue } | { ok: false; message: string } => {
    const found = resolveDataPath(result, segments);
    if (!found.ok) return { ok: false, message: `the Result has no ${text}: ${found.message}` };
    const value = found.value;
    if (value === null || typeof value === "number" || typeof value === "boolean") return { ok: true, value };
    return { ok: false, message: `${text} is not a number or true/false in the Result` };
  };
  const value = read(ref.segments, ref.metric);
  if (!value.ok || ref.per === null) return value;
  const per = read(ref.per.segments, ref.per.metric);
  if (!per.ok) return per;
  if (typeof value.value !== "number" || typeof per.value !== "number" || per.value === 0) return { ok: true, value: null };
  return { ok: true, value: value.value / per.value };
}

/** Whether `measured` satisfies the comparison with `expected`. */
export function compare(measured: MetricValue, comparison: Comparison, expected: MetricValue): boolean {
  if (measured === null || expected === null) return false;
  if (comparison === "equals") return measured === expected;
  if (typeof measured !== "number" || typeof expected !== "number") return false;
  switch (comparison) {
    case "below": return measured < expected;
    case "atMost": return measured <= expected;
    case "above": return measured > expected;
    case "atLeast": return measured >= expected;
  }
}

/** The comparison in words: "at most". */
export const COMPARISON_WORDS: Record<Comparison, string> = { below: "below", atMost: "at most", above: "above", atLeast: "at least", equals: "" };
