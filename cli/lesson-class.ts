/**
 * A teacher's view: `clustersim lesson check --class DIR` grades a folder of students' answers
 * into one table. The folder holds one folder per student, named after the student, and in it
 * one answer file per lesson, named after the lesson (its id, number or file name):
 *
 *   DIR/
 *     ada/replication.yaml        lesson 11 by id
 *     ada/13.yaml                 lesson 13 by number
 *     grace/11-replication.yaml   lesson 11 by file name
 *
 * Every answer becomes one graded row: the student, the lesson, the seed, pass or fail, and each
 * condition's measured value and requirement. Bad input never stops the grading: an answer for
 * a lesson that does not exist, a file that is not valid YAML or not a valid scenario, or an
 * empty student folder is an error row for that student, with the message. The folder is read
 * in name order, so the table is the same on every machine.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { didYouMean, formatProblem, judgeAnswer, prepareAnswer, simulate, type CheckedResult, type LessonVerdict } from "../engine";
import { CliError } from "./exit-codes";
import { readTextFile } from "./files";
import type { LessonFile } from "./lesson-files";

/** One condition of a graded answer. */
export interface GradedCondition {
  label: string;
  /** The run measured ("your run", "the starting scenario", a comparison run). */
  run: string;
  passed: boolean;
  /** The measured value (Result units: ms, fractions, per second) and as shown. */
  measured: number | boolean | null;
  measuredText: string;
  /** The requirement in words: "at most 0", "at least 85.0%". */
  required: string;
}

/** One student's answer to one lesson, graded (or why it could not be). */
export interface GradedAnswer {
  student: string;
  /** The lesson's id, or the file's name when it names no lesson. */
  lesson: string;
  order: number | null;
  /** The answer file, relative to the class folder. */
  file: string;
  /** The seed every run used (null when nothing ran). */
  seed: number | null;
  status: "pass" | "fail" | "error";
  conditions: GradedCondition[];
  /** Why the answer could not be graded, or why it was not run (fields outside the knobs). */
  error: string | null;
}

const ANSWER_EXTENSIONS = [".yaml", ".yml"];

/**
 * Grades every answer in `dir` against `lessons` (only `only`'s when given), in student then
 * file name order. `onAnswer` hears about each answer before it runs (progress); a pending
 * interrupt is checked between runs through `aborted`.
 * @throws CliError (exit 2) when `dir` is not a folder.
 */
export async function gradeClass(dir: string, lessons: readonly LessonFile[], options: { only?: LessonFile; aborted: () => boolean; onAnswer?: (student: string, file: string) => void }): Promise<GradedAnswer[] | "interrupted"> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`clustersim lesson: --class ${dir}: not a folder (expected one folder per student, each with answer files named after lessons, e.g. ${path.join(dir, "ada", "replication.yaml")})`);
  const rows: GradedAnswer[] = [];
  const students = readdirSync(dir).filter((name) => !name.startsWith(".") && statSync(path.join(dir, name)).isDirectory()).sort();
  for (const student of students) {
    const files = readdirSync(path.join(dir, student)).filter((name) => ANSWER_EXTENSIONS.includes(path.extname(name))).sort();
    if (files.length === 0) {
      rows.push(errorRow(student, "", student, `no answer files in ${student}/ (name each after its lesson, e.g. replication.yaml)`));
      continue;
    }
    for (const file of files) {
      const relative = path.join(student, file);
      const lesson = lessonFor(path.basename(file, path.extname(file)), lessons);
      if (typeof lesson === "string") { rows.push(errorRow(student, path.basename(file, path.extname(file)), relative, lesson)); continue; }
      if (options.only !== undefined && lesson.lesson.id !== options.only.lesson.id) continue;
      options.onAnswer?.(student, relative);
      const graded = await gradeOne(student, relative, path.join(dir, relative), lesson, options.aborted);
      if (graded === "interrupted") return graded;
      rows.push(graded);
    }
  }
  return rows;
}

/** The lesson an answer file's name (without extension) names: id, number or file name; else why not. */
function lessonFor(stem: string, lessons: readonly LessonFile[]): LessonFile | string {
  const number = /^\d+$/.test(stem) ? Number(stem) : NaN;
  const found = lessons.find((l) => l.lesson.id === stem || l.lesson.order === number || path.basename(l.displayPath, ".lesson.yaml") === stem);
  if (found !== undefined) return found;
  const suggestion = didYouMean(stem, lessons.map((l) => l.lesson.id));
  return `no lesson ${JSON.stringify(stem)}${suggestion === undefined ? "; name the file after a lesson id or number (clustersim lesson list)" : ` (did you mean ${JSON.stringify(suggestion)}?)`}`;
}

/** Grades one answer file: runs the lesson's runs in-process with the lesson's seed. */
async function gradeOne(student: string, relative: string, filePath: string, file: LessonFile, aborted: () => boolean): Promise<GradedAnswer | "interrupted"> {
  const { lesson } = file;
  const base = { student, lesson: lesson.id, order: lesson.order, file: relative };
  let text: string;
  try {
    text = readTextFile(filePath, relative);
  } catch (error) {
    if (error instanceof CliError) return { ...base, seed: null, status: "error", conditions: [], error: error.lines.join("; ") };
    throw error;
  }
  const prepared = prepareAnswer(lesson, { scenarioText: text, fileName: relative });
  if (!prepared.ok) return { ...base, seed: null, status: "error", conditions: [], error: prepared.problems.map((p) => formatProblem(p, { fileName: relative })).join("; ") };
  const results: Record<string, CheckedResult> = {};
  const byText = new Map<string, CheckedResult>();
  for (const run of prepared.answer.runs) {
    await new Promise((resolve) => setImmediate(resolve));
    if (aborted()) return "interrupted";
    const result = byText.get(run.scenarioText) ?? simulate(run.scenarioText);
    byText.set(run.scenarioText, result);
    results[run.name] = result;
  }
  return graded(base, judgeAnswer(lesson, prepared.answer, results));
}

function graded(base: Pick<GradedAnswer, "student" | "lesson" | "order" | "file">, verdict: LessonVerdict): GradedAnswer {
  const ruleProblems = verdict.ruleProblems.map((p) => `${p.path}: ${p.message}`);
  return {
    ...base,
    seed: verdict.seed,
    status: verdict.passed ? "pass" : "fail",
    conditions: verdict.conditions.map((c) => ({ label: c.label, run: c.runLabel, passed: c.passed, measured: c.measured, measuredText: c.measuredText, required: c.requirement })),
    error: ruleProblems.length === 0 ? null : `changes more than the lesson's knobs: ${ruleProblems.join("; ")}`,
  };
}

function errorRow(student: string, lesson: string, file: string, error: string): GradedAnswer {
  return { student, lesson, order: null, file, seed: null, status: "error", conditions: [], error };
}
