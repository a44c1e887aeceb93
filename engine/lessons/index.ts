/**
 * Lessons: guided exercises with automatic checks (scenarios/lessons/). A lesson file names a
 * starting scenario, the knobs a student may turn, a check on the Results of one or more runs
 * and a reference answer; this module loads lesson files, validates answers, lists the runs a
 * check needs and judges their Results. Pure: no files, no clock; callers run the simulations
 * (the CLI in-process with `simulate`, the browser in its workers).
 *
 * @example
 * const loaded = loadLesson(lessonText, { files: { "01-utilisation.yaml": scenarioText } });
 * if (loaded.ok) {
 *   const checked = checkAnswer(loaded.lesson, { scenarioText: studentText }, (text) => simulate(text));
 *   if (checked.ok) console.log(checked.verdict.summary, checked.verdict.explanation);
 * }
 */
export { loadLesson, lessonScenarioFile, BUILT_IN_RUNS, type Lesson, type LessonRunSpec, type LoadLessonOptions } from "./load-lesson";
export { prepareAnswer, judgeAnswer, checkAnswer, referenceAnswer, startingAnswer, type KnobSetting, type LessonAnswer, type LessonRun, type PreparedAnswer } from "./answer";
export type { ConditionOutcome, FigureOutcome, LessonVerdict } from "./verdict";
export type { Knob, KnobOption } from "./knobs";
export type { CheckedResult, MetricValue } from "./conditions";
export { lessonSchema, LESSON_VERSION, COMPARISONS, type Comparison, type LessonDefinition } from "./lesson-schema";
