/**
 * From lesson file text to a Lesson ready to check answers: parse (YAML with lines), validate
 * against the lesson schema, load the starting scenario (a sibling file whose text the caller
 * supplies, or inline), resolve the knobs against it, and compile the runs, the check and the
 * reference answer. Every problem comes back at once with its path in the lesson file (and its
 * line); nothing here reads files, so the same code runs in Node and in the browser.
 */
import type { PathSegment, Problem } from "../input/problems";
import { didYouMean, formatProblem } from "../input/problems";
import { applyOverrides, type OverrideSpec } from "../input/overrides";
import { attachLines, parseScenarioText } from "../input/source";
import { parseScenario, validateScenario } from "../scenario/load";
import { requiredFiles } from "../scenario/compile";
import type { Scenario } from "../scenario/schema";
import { validate } from "../input/schema";
import { compileCondition, compileFigure, type Condition, type Figure } from "./conditions";
import { compileKnob, type Knob } from "./knobs";
import { lessonSchema, type ChartDefinition, type LessonDefinition } from "./lesson-schema";

/** One override of a lesson: a path as `--set` writes it, and a value as a scenario writes it. */
export interface SetEntry {
  path: string;
  value: unknown;
}

/** Another run of a lesson: the student's scenario with some fields set. */
export interface LessonRunSpec {
  name: string;
  label: string;
  set: SetEntry[];
}

/** A lesson ready to check answers against. */
export interface Lesson {
  id: string;
  order: number;
  title: string;
  goal: string;
  /** Paragraphs of the explanation. */
  explanation: string[];
  hints: string[];
  /** The sibling file the scenario came from, or null when it is inline. */
  scenarioFile: string | null;
  /** The starting scenario as written (plain data), and validated. */
  startData: unknown;
  start: Scenario;
  /** The seed every run uses (the scenario's; an answer may not change it). */
  seed: number;
  knobs: Knob[];
  runs: LessonRunSpec[];
  conditions: Condition[];
  figures: Figure[];
  /** The chart of the lesson's question (knob path on x, figure names), or null. */
  chart: ChartDefinition | null;
  /** The why page: paragraphs whose {name} placeholders name figures; empty when the lesson has none. */
  why: string[];
  /** The reference answer: knob settings on the starting scenario, or a whole scenario (data). */
  reference: { set: SetEntry[] } | { scenario: unknown };
}

/** Options for {@link loadLesson}. */
export interface LoadLessonOptions {
  /** Shown in messages only. */
  fileName?: string;
  /** Text of the sibling files the lesson names (its scenario), by the name it uses. */
  files?: Readonly<Record<string, string>>;
}

/** Run names with a fixed meaning: the student's scenario, and the lesson's as given. */
export const BUILT_IN_RUNS = { answer: "your run", start: "the starting scenario" } as const;

/**
 * The sibling file a lesson's `scenario:` names, or null (inline, or the text does not parse):
 * read it and pass it to {@link loadLesson} in `files`.
 */
export function lessonScenarioFile(text: string): string | null {
  const parsed = parseScenarioText(text);
  if (!parsed.ok || typeof parsed.data !== "object" || parsed.data === null) return null;
  const scenario = (parsed.data as Record<string, unknown>).scenario;
  return typeof scenario === "string" ? scenario : null;
}

/** Loads a lesson file; returns every problem (with lines) instead of throwing. */
export function loadLesson(text: string, options: LoadLessonOptions = {}): { ok: true; lesson: Lesson } | { ok: false; problems: Problem[] } {
  const parsed = parseScenarioText(text, options.fileName === undefined ? {} : { fileName: options.fileName });
  if (!parsed.ok) return parsed;
  const validated = validate(lessonSchema, parsed.data);
  if (!validated.ok) return { ok: false, problems: attachLines(validated.problems, parsed.lineOf) };
  const compiled = compileLesson(validated.value, options.files ?? {});
  if (!compiled.ok) return { ok: false, problems: attachLines(compiled.problems, parsed.lineOf) };
  return compiled;
}

/** Loads the starting scenario, then compiles knobs, runs, check and reference answer. */
function compileLesson(definition: LessonDefinition, files: Readonly<Record<string, string>>): { ok: true; lesson: Lesson } | { ok: false; problems: Problem[] } {
  const start = loadStart(definition.scenario, files);
  if (!start.ok) return start;
  const problems: Problem[] = [];
  const knobs: Knob[] = [];
  definition.knobs.forEach((k, i) => {
    const compiled = compileKnob(k, start.data, `knobs[${i}]`);
    if (compiled.ok) knobs.push(compiled.knob);
    else problems.push(...compiled.problems);
  });
  const runs = compileRuns(definition, start.data, problems);
  const runNames = new Set<string>([...Object.keys(BUILT_IN_RUNS), ...runs.map((r) => r.name)]);
  const conditions = definition.check.map((c, i) => compileCondition(c, `check[${i}]`, runNames, problems));
  const figures = definition.watch.map((f, i) => compileFigure(f, `watch[${i}]`, runNames, problems));
  const why = definition.why === undefined ? [] : paragraphs(definition.why);
  checkPlaceholders(why, figures, problems);
  const chart = definition.chart ?? null;
  if (chart !== null) checkChart(chart, knobs, figures, problems);
  const reference = definition.answer.set !== undefined
    ? { set: Object.entries(definition.answer.set).map(([path, value]) => ({ path, value })) }
    : { scenario: definition.answer.scenario };
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    lesson: {
      id: definition.id, order: definition.order, title: definition.title, goal: definition.goal.trim(),
      explanation: paragraphs(definition.explanation), hints: definition.hints.map((h) => h.trim()),
      scenarioFile: typeof definition.scenario === "string" ? definition.scenario : null,
      startData: start.data, start: start.scenario, seed: start.scenario.seed,
      knobs, runs, conditions, figures, chart, why, reference,
    },
  };
}

/** The starting scenario: a sibling file (from `files`) or inline data, validated. */
function loadStart(scenario: unknown, files: Readonly<Record<string, string>>): { ok: true; data: unknown; scenario: Scenario } | { ok: false; problems: Problem[] } {
  const fail = (message: string, path: PathSegment[] = []): { ok: false; problems: Problem[] } => ({ ok: false, problems: [{ path: ["scenario", ...path].join("."), message }] });
  let data: unknown;
  let validated: { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };
  if (typeof scenario === "string") {
    const text = files[scenario];
    if (text === undefined) return fail(`cannot find the scenario file ${JSON.stringify(scenario)} (it is read from the lesson's folder)`);
    const source = parseScenarioText(text, { fileName: scenario });
    if (!source.ok) return fail(source.problems.map((p) => formatProblem(p, { fileName: scenario })).join("; "));
    data = source.data;
    const loaded = parseScenario(text, { fileName: scenario });
    if (!loaded.ok) return fail(loaded.problems.map((p) => formatProblem(p, { fileName: scenario })).join("; "));
    validated = { ok: true, scenario: loaded.scenario };
  } else if (typeof scenario === "object" && scenario !== null && !Array.isArray(scenario)) {
    data = scenario;
    validated = validateScenario(data);
    if (!validated.ok) return { ok: false, problems: validated.problems.map((p) => ({ ...p, path: p.path === "" ? "scenario" : `scenario.${p.path}` })) };
  } else {
    return fail("expected a scenario file name like \"01-utilisation.yaml\" or the scenario inline");
  }
  if (requiredFiles(validated.scenario).length > 0) return fail("lesson scenarios cannot use data files (recorded traffic) yet");
  return { ok: true, data, scenario: validated.scenario };
}

/** Compiles `runs`: each override set must apply to the starting scenario and validate. */
function compileRuns(definition: LessonDefinition, startData: unknown, problems: Problem[]): LessonRunSpec[] {
  return Object.entries(definition.runs).map(([name, run]) => {
    if (Object.hasOwn(BUILT_IN_RUNS, name)) problems.push({ path: `runs.${name}`, message: `"${name}" is a built-in run; choose another name` });
    const set = Object.entries(run.set).map(([path, value]) => ({ path, value }));
    const checked = validateScenario(startData, { overrides: set });
    if (!checked.ok) for (const p of checked.problems) problems.push({ path: `runs.${name}.set`, message: `${p.path.replace(/^--set /, "")}: ${p.message}` });
    return { name, label: run.label, set };
  });
}

/** The chart's x must be a knob and its figures watched figures. */
function checkChart(chart: ChartDefinition, knobs: readonly Knob[], figures: readonly Figure[], problems: Problem[]): void {
  if (chart.x !== undefined && !knobs.some((k) => k.path === chart.x)) problems.push({ path: "chart.x", message: `not a knob of the lesson; the knobs are ${knobs.map((k) => k.path).join(", ")}` });
  const names = figures.map((f) => f.name).filter((n): n is string => n !== null);
  for (const key of ["y", "also"] as const) {
    const name = chart[key];
    if (name !== undefined && !names.includes(name)) problems.push({ path: `chart.${key}`, message: `names no watched figure${names.length === 0 ? "" : `; the names are ${names.join(", ")}`}` });
  }
}

/** Every {name} in the why page must name a watched figure, and figure names must be unique. */
function checkPlaceholders(why: readonly string[], figures: readonly Figure[], problems: Problem[]): void {
  const names = new Set<string>();
  figures.forEach((f, i) => {
    if (f.name === null) return;
    if (names.has(f.name)) problems.push({ path: `watch[${i}].name`, message: `another figure is already named ${JSON.stringify(f.name)}` });
    names.add(f.name);
  });
  for (const match of why.join("\n").matchAll(/\{([^{}]*)\}/g)) {
    const name = match[1]!;
    if (names.has(name)) continue;
    const suggestion = didYouMean(name, names);
    problems.push({ path: "why", message: `{${name}} names no watched figure${suggestion === undefined ? (names.size === 0 ? " (give a figure a name)" : `; the names are ${[...names].join(", ")}`) : ` (did you mean {${suggestion}}?)`}` });
  }
}

/** Splits text into paragraphs at blank lines, joining wrapped lines. */
function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, " ").trim()).filter((p) => p !== "");
}

/** Applies override specs to plain data (used for runs and reference answers). */
export function applySet(data: unknown, set: readonly OverrideSpec[]): { ok: true; data: unknown } | { ok: false; problems: Problem[] } {
  return applyOverrides(data, set);
}
