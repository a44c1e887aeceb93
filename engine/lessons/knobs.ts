/**
 * Knobs: the scenario fields a lesson lets the student turn, and the rules an answer follows.
 *
 * A knob's bounds and choices are written as the scenario writes the field ("1/s", "250ms",
 * `{ count: 1, cores: 4 }`), so they are read by the scenario schema itself: each is put into
 * the lesson's scenario and validated, and the validated value (engine units, defaults filled
 * in) is what answers are compared with. An answer may differ from the lesson's scenario only
 * at its knobs (and in `name` and `description`), and each knob must be within its range or
 * one of its choices; otherwise the check fails with a message naming the field.
 */
import type { PathSegment, Problem } from "../input/problems";
import { formatPath, parsePath, describeValue } from "../input/problems";
import type { Scenario } from "../scenario/schema";
import { validateScenario } from "../scenario/load";
import { readablePath, resolveDataPath, valueAt, withValueAt } from "../input/data-paths";
import type { KnobDefinition } from "./lesson-schema";

/** One choice of a knob, resolved. */
export interface KnobOption {
  label: string;
  /** The value as written in the lesson (undefined for "absent"). */
  value: unknown;
  absent: boolean;
  /** JSON of the validated value at the knob's path ("absent" when left out): what answers are compared with. */
  key: string;
}

/** A knob with its path resolved against the lesson's scenario and its range read. */
export interface Knob {
  /** The path as written in the lesson. */
  path: string;
  /** Concrete segments in the lesson's scenario (list indexes as numbers). */
  segments: PathSegment[];
  label: string;
  help: string;
  /** True when the student may leave the field out. */
  optional: boolean;
  /** The field's value in the lesson's scenario, as written there (undefined when absent). */
  startValue: unknown;
  /** Bounds: as written, and in engine units (ms, per second, fractions...). */
  min: { text: string; value: number } | null;
  max: { text: string; value: number } | null;
  /** Choices, when the knob is a list to pick from. */
  options: KnobOption[] | null;
}

/** Key of an absent field in {@link KnobOption.key}. */
const ABSENT_KEY = "absent";

/** The validated value at a knob's path after putting `raw` there, or the problems. */
function normalise(startData: unknown, segments: readonly PathSegment[], raw: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const data = withValueAt(startData, segments, raw);
  const validated = validateScenario(data);
  const here = formatPath(segments);
  if (!validated.ok) return { ok: false, message: validated.problems.map((p) => (p.path === here ? p.message : `${p.path}: ${p.message}`)).join("; ") };
  return { ok: true, value: valueAt(validated.scenario, segments) };
}

/**
 * Resolves one knob against the lesson's scenario (raw data): the path must exist (or be a
 * new key of an existing object, for an optional field), and every bound and choice must be a
 * valid value of the field. Problems are reported at `at` (e.g. `knobs[1]`).
 */
export function compileKnob(definition: KnobDefinition, startData: unknown, at: string): { ok: true; knob: Knob } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const parsed = parsePath(definition.path);
  const resolved = parsed.ok ? resolveDataPath(startData, parsed.segments, { allowNewKey: true }) : { ok: false as const, message: parsed.message };
  if (!resolved.ok) return { ok: false, problems: [{ path: `${at}.path`, message: `not a field of the lesson's scenario: ${resolved.message}` }] };
  const segments = resolved.segments;
  const knob: Knob = {
    path: definition.path, segments, label: definition.label, help: definition.help, optional: definition.optional,
    startValue: resolved.value, min: null, max: null, options: null,
  };
  if (resolved.value === undefined && !definition.optional && !definition.options?.some((o) => o.absent)) {
    problems.push({ path: `${at}.path`, message: "the lesson's scenario leaves this field out; give it a starting value there, or mark the knob optional: true" });
  }
  for (const bound of ["min", "max"] as const) {
    const raw = definition[bound];
    if (raw === undefined) continue;
    const value = normalise(startData, segments, raw);
    if (!value.ok) problems.push({ path: `${at}.${bound}`, message: `not a valid value of ${definition.path}: ${value.message}` });
    else if (typeof value.value !== "number") problems.push({ path: `${at}.${bound}`, message: `${definition.path} is not a number, so it has no ${bound}; use options` });
    else knob[bound] = { text: String(raw), value: value.value };
  }
  if (knob.min && knob.max && knob.min.value > knob.max.value) problems.push({ path: `${at}.max`, message: `must be ≥ min (${knob.min.text}), got ${knob.max.text}` });
  if (definition.options) {
    knob.options = [];
    definition.options.forEach((option, i) => {
      if (option.absent) return knob.options!.push({ label: option.label, value: undefined, absent: true, key: ABSENT_KEY });
      const value = normalise(startData, segments, option.value);
      if (!value.ok) problems.push({ path: `${at}.options[${i}].value`, message: `not a valid value of ${definition.path}: ${value.message}` });
      else knob.options!.push({ label: option.label, value: option.value, absent: false, key: JSON.stringify(value.value) });
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, knob };
}

/** Top-level scenario keys an answer may change freely (they change no number). */
const FREE_KEYS = new Set(["name", "description"]);

/**
 * What is wrong with an answer as an answer to this lesson (not as a scenario): fields changed
 * outside the knobs, knobs outside their range or choices. Each scenario comes validated and,
 * as `data`, as written (for messages). Empty when the answer plays by the rules.
 */
export function knobProblems(knobs: readonly Knob[], start: { scenario: Scenario; data: unknown }, answer: { scenario: Scenario; data: unknown }): Problem[] {
  const problems: Problem[] = [];
  const knobKeys = new Set(knobs.map((k) => formatPath(k.segments)));
  const knobList = knobs.map((k) => k.path).join(", ");
  diffOutsideKnobs(start.scenario, answer.scenario, [], { knobKeys, found: (segments) => {
    const written = valueAt(start.data, segments);
    const fix = written === undefined ? "leave it as the lesson's scenario has it" : `set it back to ${describeValue(written)}`;
    problems.push({ path: readablePath(answer.scenario, segments), message: `changed, but this lesson only lets you turn ${knobList}; ${fix}` });
  } });
  for (const knob of knobs) {
    const problem = knobValueProblem(knob, valueAt(answer.scenario, knob.segments), valueAt(answer.data, knob.segments));
    if (problem !== null) problems.push({ path: knob.path, message: problem });
  }
  return problems;
}

/** Why a knob's value (validated, and as written) is not allowed, or null. */
function knobValueProblem(knob: Knob, value: unknown, written: unknown): string | null {
  const shown = written === undefined ? "nothing" : describeValue(written);
  if (knob.options) {
    const key = value === undefined ? ABSENT_KEY : JSON.stringify(value);
    if (knob.options.some((o) => o.key === key)) return null;
    return `must be one of this lesson's choices (${knob.options.map((o) => o.label).join("; ")}), got ${shown}`;
  }
  if (value === undefined) return knob.optional ? null : "required by this lesson";
  if (typeof value !== "number") return null;
  if (knob.min && value < knob.min.value) return `must be at least ${knob.min.text} in this lesson, got ${shown}`;
  if (knob.max && value > knob.max.value) return `must be at most ${knob.max.text} in this lesson, got ${shown}`;
  return null;
}

/**
 * Calls `found` with the concrete path of every difference between `a` and `b` outside the
 * knobs: the shallowest differing field (a list that changed length counts as one difference).
 */
function diffOutsideKnobs(a: unknown, b: unknown, segments: PathSegment[], options: { knobKeys: Set<string>; found: (segments: PathSegment[]) => void }): void {
  if (options.knobKeys.has(formatPath(segments))) return;
  if (segments.length === 1 && FREE_KEYS.has(String(segments[0]))) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return options.found(segments);
    a.forEach((item, i) => diffOutsideKnobs(item, b[i], [...segments, i], options));
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.hasOwn(a, k))];
    for (const key of keys) diffOutsideKnobs(a[key], b[key], [...segments, key], options);
    return;
  }
  if (a !== b) options.found(segments);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
