/**
 * Checking a student's answer to a lesson, in three steps so that the browser can run the
 * simulations in its workers and the CLI in-process:
 *
 *   prepareAnswer  the answer (a whole scenario, or knob settings) -> validated scenario, the
 *                  rule problems (fields outside the knobs) and the runs the check needs;
 *   (run each)     every run is a scenario text run with the lesson's seed;
 *   judgeAnswer    the Results -> a verdict with every condition's outcome in plain words.
 *
 * {@link checkAnswer} does all three with `simulate`. Invalid input (an answer that is not a
 * valid scenario) is returned as problems, never thrown; an answer that breaks the lesson's
 * rules is a failed verdict that says which field to set back.
 */
import type { Result } from "../result/result";
import type { Problem } from "../input/problems";
import { formatPath, parsePath } from "../input/problems";
import { parseScenario, validateScenario } from "../scenario/load";
import { requiredFiles } from "../scenario/compile";
import { parseScenarioText, parseYamlValue } from "../input/source";
import type { Scenario } from "../scenario/schema";
import { runsOf, type CheckedResult } from "./conditions";
import { withValueAt } from "../input/data-paths";
import { knobProblems } from "./knobs";
import { applySet, BUILT_IN_RUNS, type Lesson } from "./load-lesson";
import { judgeConditions, type LessonVerdict } from "./verdict";

/** How the student set one knob in the lessons screen. */
export type KnobSetting =
  /** A value typed as in a scenario: `48/s`, `25ms`, `8`. */
  | { text: string }
  /** The index of one of the knob's options. */
  | { option: number }
  /** Leave the field out (optional knobs). */
  | { absent: true };

/** An answer: a whole scenario (a student's file), or knob settings on the lesson's scenario. */
export type LessonAnswer =
  | { scenarioText: string; fileName?: string }
  | { knobs: Readonly<Record<string, KnobSetting>> };

/** One simulation the check needs. */
export interface LessonRun {
  /** `answer`, `start` or a name from the lesson's runs. */
  name: string;
  /** How explanations name it: "your run", "the light-load run". */
  label: string;
  /** The scenario to run (JSON text, which is YAML too); it carries the lesson's seed. */
  scenarioText: string;
}

/** An answer ready to run: its scenario, whether it keeps to the lesson's knobs, and its runs. */
export interface PreparedAnswer {
  /** The answer as written (plain data) and validated. */
  data: unknown;
  scenario: Scenario;
  /** Fields changed outside the knobs, knobs out of range: the answer fails without running. */
  ruleProblems: Problem[];
  /** The runs to simulate (none when there are rule problems). */
  runs: LessonRun[];
}

/**
 * Validates an answer and lists the runs its check needs. Returns problems (bad input: not a
 * valid scenario, a knob value that does not parse) with scenario paths; a problem with a knob
 * value carries the knob's path as written in the lesson.
 */
export function prepareAnswer(lesson: Lesson, answer: LessonAnswer): { ok: true; answer: PreparedAnswer } | { ok: false; problems: Problem[] } {
  const loaded = "scenarioText" in answer ? answerFromText(answer) : answerFromKnobs(lesson, answer.knobs);
  if (!loaded.ok) return loaded;
  const { data, scenario } = loaded;
  const ruleProblems = knobProblems(lesson.knobs, { scenario: lesson.start, data: lesson.startData }, { scenario, data });
  if (ruleProblems.length > 0) return { ok: true, answer: { data, scenario, ruleProblems, runs: [] } };
  const runs = runsFor(lesson, data);
  if (!runs.ok) return runs;
  return { ok: true, answer: { data, scenario, ruleProblems, runs: runs.runs } };
}

/** The answer a lesson's reference gives (for tests, and the "show me" button). */
export function referenceAnswer(lesson: Lesson): LessonAnswer {
  if ("scenario" in lesson.reference) return { scenarioText: JSON.stringify(lesson.reference.scenario) };
  const knobs: Record<string, KnobSetting> = {};
  for (const { path, value } of lesson.reference.set) {
    const knob = lesson.knobs.find((k) => k.path === path);
    const option = knob?.options?.findIndex((o) => !o.absent && JSON.stringify(o.value) === JSON.stringify(value)) ?? -1;
    knobs[path] = option >= 0 ? { option } : { text: typeof value === "string" ? value : JSON.stringify(value) };
  }
  return { knobs };
}

/** The starting scenario as an answer: every knob as the lesson's scenario has it. */
export function startingAnswer(lesson: Lesson): LessonAnswer {
  return { scenarioText: JSON.stringify(lesson.startData) };
}

function answerFromText(answer: { scenarioText: string; fileName?: string }): { ok: true; data: unknown; scenario: Scenario } | { ok: false; problems: Problem[] } {
  const parsed = parseScenario(answer.scenarioText, answer.fileName === undefined ? {} : { fileName: answer.fileName });
  if (!parsed.ok) return parsed;
  if (requiredFiles(parsed.scenario).length > 0) return { ok: false, problems: [{ path: "workload", message: "lesson answers cannot use data files (recorded traffic)" }] };
  // The data as written is what the lesson's other runs are made from.
  const source = parseScenarioText(answer.scenarioText);
  if (!source.ok) return source;
  return { ok: true, data: source.data, scenario: parsed.scenario };
}

function answerFromKnobs(lesson: Lesson, settings: Readonly<Record<string, KnobSetting>>): { ok: true; data: unknown; scenario: Scenario } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  let data = lesson.startData;
  for (const knob of lesson.knobs) {
    const setting = settings[knob.path];
    if (setting === undefined) continue;
    let value: unknown;
    if ("absent" in setting) value = undefined;
    else if ("option" in setting) {
      const option = knob.options?.[setting.option];
      if (option === undefined) { problems.push({ path: knob.path, message: `no choice number ${setting.option}` }); continue; }
      value = option.value;
    } else {
      const parsed = parseYamlValue(setting.text.trim() === "" ? "''" : setting.text);
      if (!parsed.ok) { problems.push({ path: knob.path, message: parsed.message }); continue; }
      value = parsed.value;
    }
    data = withValueAt(data, knob.segments, value);
  }
  if (problems.length > 0) return { ok: false, problems };
  const validated = validateScenario(data);
  if (!validated.ok) return { ok: false, problems: validated.problems.map((p) => ({ ...p, path: knobPathOf(lesson, p.path) })) };
  return { ok: true, data, scenario: validated.scenario };
}

/** The knob path (as the lesson writes it) of a scenario problem inside a knob's field, else the path. */
function knobPathOf(lesson: Lesson, problemPath: string): string {
  const parsed = parsePath(problemPath);
  if (!parsed.ok) return problemPath;
  const text = formatPath(parsed.segments);
  const knob = lesson.knobs.find((k) => text === formatPath(k.segments) || text.startsWith(`${formatPath(k.segments)}.`) || text.startsWith(`${formatPath(k.segments)}[`));
  return knob === undefined ? problemPath : knob.path;
}

/** The runs the check and the figures read, `answer` first, then `start`, then the lesson's order. */
function runsFor(lesson: Lesson, data: unknown): { ok: true; runs: LessonRun[] } | { ok: false; problems: Problem[] } {
  const needed = new Set([...lesson.conditions, ...lesson.figures].flatMap(runsOf));
  needed.add("answer");
  const runs: LessonRun[] = [{ name: "answer", label: BUILT_IN_RUNS.answer, scenarioText: JSON.stringify(data) }];
  if (needed.has("start")) runs.push({ name: "start", label: BUILT_IN_RUNS.start, scenarioText: JSON.stringify(lesson.startData) });
  for (const run of lesson.runs) {
    if (!needed.has(run.name)) continue;
    const applied = applySet(data, run.set);
    if (!applied.ok) return { ok: false, problems: applied.problems.map((p) => ({ path: p.path, message: `cannot make ${run.label} from your scenario: ${p.message}` })) };
    runs.push({ name: run.name, label: run.label, scenarioText: JSON.stringify(applied.data) });
  }
  return { ok: true, runs };
}

/** Judges a prepared answer from the Results of its runs (by run name). */
export function judgeAnswer(lesson: Lesson, answer: PreparedAnswer, results: Readonly<Record<string, CheckedResult>>): LessonVerdict {
  return judgeConditions(lesson, answer.ruleProblems, results, answer.scenario);
}

/**
 * Checks an answer end to end with `run` (in Node: `simulate`), one run after another; runs
 * with the same scenario text run once.
 * @returns the verdict, or the problems when the answer is not a valid scenario.
 */
export function checkAnswer(lesson: Lesson, answer: LessonAnswer, run: (scenarioText: string) => Result | CheckedResult): { ok: true; verdict: LessonVerdict } | { ok: false; problems: Problem[] } {
  const prepared = prepareAnswer(lesson, answer);
  if (!prepared.ok) return prepared;
  const results: Record<string, CheckedResult> = {};
  const byText = new Map<string, CheckedResult>();
  for (const r of prepared.answer.runs) {
    // The same scenario twice (the starting scenario checked as an answer) runs once: same seed, same Result.
    const result = byText.get(r.scenarioText) ?? run(r.scenarioText);
    byText.set(r.scenarioText, result);
    results[r.name] = result;
  }
  return { ok: true, verdict: judgeAnswer(lesson, prepared.answer, results) };
}
