/**
 * The verdict on an answer: each condition's outcome with its numbers and a sentence a
 * student can act on, the watched figures, and a short explanation of what is still off.
 */
import type { Problem } from "../input/problems";
import { formatMetric, type MetricUnit } from "../input/units";
import { COMPARISON_WORDS, compare, readMetric, type CheckedResult, type Condition, type MetricRef, type MetricValue } from "./conditions";
import { BUILT_IN_RUNS, type Lesson } from "./load-lesson";
import type { Scenario } from "../scenario/schema";
import { theoryValue } from "./theory-figures";

/** How one condition came out. */
export interface ConditionOutcome {
  label: string;
  /** The run measured, and how explanations name it ("your run"). */
  run: string;
  runLabel: string;
  passed: boolean;
  measured: MetricValue;
  measuredText: string;
  /** The value it is compared with (after any factor), and the requirement in words. */
  expected: MetricValue;
  requirement: string;
  /** One sentence: what was measured, what is required, whether it holds. */
  sentence: string;
  /** The lesson's advice for this condition when it fails (null when it holds or there is none). */
  advice: string | null;
}

/** A watched figure of a run. */
export interface FigureOutcome {
  label: string;
  /** The lesson's name for it (its {name} in the why page), or null. */
  name: string | null;
  /** "theory": a closed form computed from the scenario; "measured": read off a Result. */
  source: "measured" | "theory";
  run: string;
  runLabel: string;
  value: MetricValue;
  text: string;
}

/** Everything a check says about an answer. */
export interface LessonVerdict {
  lesson: string;
  /** The seed every run used. */
  seed: number;
  passed: boolean;
  /** Fields the answer changed outside the lesson's knobs, knobs out of range (then nothing ran). */
  ruleProblems: Problem[];
  conditions: ConditionOutcome[];
  figures: FigureOutcome[];
  /** The lesson's why page with this run's numbers in it, one paragraph each (empty when the lesson has none). */
  why: string[];
  /** What is still off, in plain words, one paragraph each; empty when the answer passes. */
  explanation: string[];
  /** One line, e.g. "Passed: all 2 conditions hold." or "Not yet: 1 of 2 conditions fails." */
  summary: string;
}

/**
 * Evaluates every condition and figure on the runs' Results (see answer.ts for the runs).
 * `ruleProblems` are the answer's fields outside the lesson's knobs (a prepared answer's
 * `ruleProblems`): when there are any, nothing ran and the verdict says what to set back.
 */
export function judgeConditions(lesson: Lesson, ruleProblems: Problem[], results: Readonly<Record<string, CheckedResult>>, answerScenario: Scenario | null = null): LessonVerdict {
  const base = { lesson: lesson.id, seed: lesson.seed, ruleProblems };
  if (ruleProblems.length > 0) {
    const explanation = [
      "Your answer changes something this lesson does not let you change, so it was not run:",
      ...ruleProblems.map((p) => `${p.path}: ${p.message}.`),
    ];
    return { ...base, passed: false, conditions: [], figures: [], why: [], explanation, summary: "Not checked: the answer goes beyond the lesson's knobs." };
  }
  const labels = new Map<string, string>([...Object.entries(BUILT_IN_RUNS), ...lesson.runs.map((r): [string, string] => [r.name, r.label])]);
  const label = (run: string) => labels.get(run) ?? run;
  const conditions = lesson.conditions.map((c) => judgeCondition(c, results, label));
  const figures = lesson.figures.map((f): FigureOutcome => {
    const value = f.theory === null ? measure(f.ref, results) : answerScenario === null ? { ok: false as const, message: "no scenario to compute it from" } : theoryValue(f.theory, answerScenario);
    const shown = value.ok ? showValue(value.value, f.unit) : value.message;
    return { label: f.label, name: f.name, source: f.theory === null ? "measured" : "theory", run: f.ref.run, runLabel: label(f.ref.run), value: value.ok ? value.value : null, text: shown };
  });
  const why = fillWhy(lesson.why, figures);
  const failed = conditions.filter((c) => !c.passed);
  const passed = failed.length === 0;
  const explanation = failed.map((c) => (c.advice === null ? c.sentence : `${c.sentence} ${c.advice}`));
  const count = conditions.length;
  const summary = passed
    ? `Passed: ${count === 1 ? "the condition holds" : `all ${count} conditions hold`}.`
    : `Not yet: ${failed.length} of ${count} ${count === 1 ? "condition fails" : "conditions fail"}.`;
  return { ...base, passed, conditions, figures, why, explanation, summary };
}

/** The why page with each {name} replaced by that figure's value as shown (load-lesson.ts checked every name). */
function fillWhy(paragraphs: readonly string[], figures: readonly FigureOutcome[]): string[] {
  const byName = new Map(figures.filter((f) => f.name !== null).map((f) => [f.name!, f.text]));
  return paragraphs.map((p) => p.replace(/\{([^{}]*)\}/g, (whole, name: string) => byName.get(name) ?? whole));
}

function measure(ref: MetricRef, results: Readonly<Record<string, CheckedResult>>): { ok: true; value: MetricValue } | { ok: false; message: string } {
  const result = results[ref.run];
  if (result === undefined) return { ok: false, message: `run ${ref.run} is missing` };
  return readMetric(result, ref);
}

/** Judges one condition and words the outcome. */
function judgeCondition(condition: Condition, results: Readonly<Record<string, CheckedResult>>, runLabel: (run: string) => string): ConditionOutcome {
  const where = runLabel(condition.ref.run);
  const measured = measure(condition.ref, results);
  const fmt = (v: MetricValue) => showValue(v, condition.unit);
  let expected: MetricValue = null;
  let expectedText: string;
  let broken = measured.ok ? null : measured.message;
  if (condition.operand.kind === "value") {
    expected = condition.operand.value;
    expectedText = fmt(expected);
  } else {
    const { ref, times } = condition.operand;
    const reference = measure(ref, results);
    if (!reference.ok) broken ??= reference.message;
    const value = reference.ok ? reference.value : null;
    expected = typeof value === "number" ? value * times : value;
    const name = ref.metric === condition.ref.metric && ref.per?.metric === condition.ref.per?.metric ? condition.label : ref.metric;
    const factor = times === 1 ? "" : `${Number(times.toPrecision(6))} × `;
    expectedText = `${fmt(expected)} (${factor}${name} in ${runLabel(ref.run)}: ${fmt(value)})`;
  }
  const value = measured.ok ? measured.value : null;
  const word = condition.comparison === "equals" && typeof expected === "number" ? "exactly" : COMPARISON_WORDS[condition.comparison];
  const requirement = word === "" ? expectedText : `${word} ${expectedText}`;
  const passed = broken === null && compare(value, condition.comparison, expected);
  const measuredText = fmt(value);
  const subject = `${sentenceCase(condition.label)} in ${where}`;
  let sentence: string;
  if (broken !== null) sentence = `${subject} cannot be judged: this lesson's check is broken (${broken}).`;
  else if (value === null) sentence = `${subject} has no value (nothing was measured), but it must be ${requirement}.`;
  else if (typeof value === "boolean") sentence = `${subject}: ${measuredText}${passed ? "." : `, but it must be ${requirement}.`}`;
  else if (passed) sentence = `${subject} is ${measuredText}: ${requirement}, as required.`;
  else sentence = `${subject} is ${measuredText}, but it must be ${requirement}.`;
  return {
    label: condition.label, run: condition.ref.run, runLabel: where, passed, measured: value, measuredText,
    expected, requirement, sentence, advice: passed ? null : condition.otherwise,
  };
}

/** Capitalises a label that starts with an ordinary word ("mean latency"), not one like "p99 latency". */
function sentenceCase(label: string): string {
  return /^[a-z]+(\s|$)/.test(label) ? label.charAt(0).toUpperCase() + label.slice(1) : label;
}

/** A value as a person reads it, in the condition's unit: the engine's formatMetric, and words for no value and true/false. */
function showValue(value: MetricValue, unit: MetricUnit): string {
  if (value === null) return "no value";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return formatMetric(value, unit);
}
