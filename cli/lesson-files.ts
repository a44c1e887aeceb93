/**
 * Finding and loading lesson files for `clustersim lesson`: the built-in lessons are
 * scenarios/lessons/*.lesson.yaml, each beside the scenario it starts from. A lesson is named
 * on the command line by its id (`utilisation`), its number (`1`), its file name
 * (`01-utilisation`) or a path to a `.lesson.yaml` file.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { didYouMean, formatProblem, lessonScenarioFile, loadLesson, type Lesson } from "../engine";
import { CliError, ExitCode } from "./exit-codes";
import { readTextFile } from "./files";

/** A loaded lesson and where it came from. */
export interface LessonFile {
  lesson: Lesson;
  /** The lesson file, and its starting scenario, as paths relative to the working directory. */
  displayPath: string;
  scenarioPath: string | null;
}

const LESSON_SUFFIX = ".lesson.yaml";

/** The built-in lesson files, sorted by name (so by number). */
export function builtInLessonPaths(packageRoot: string): string[] {
  const dir = path.join(packageRoot, "scenarios", "lessons");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => name.endsWith(LESSON_SUFFIX)).sort().map((name) => path.join(dir, name));
}

/**
 * Loads a lesson file and the scenario it names (from the lesson's folder).
 * @throws CliError (exit 2) listing every problem as `file:line: path: message`.
 */
export function loadLessonFile(filePath: string, cwd: string): LessonFile {
  const displayPath = displayPathOf(filePath, cwd);
  const text = readTextFile(filePath, displayPath);
  const scenarioFile = lessonScenarioFile(text);
  const files: Record<string, string> = {};
  let scenarioPath: string | null = null;
  if (scenarioFile !== null) {
    const siblingPath = path.resolve(path.dirname(filePath), scenarioFile);
    if (existsSync(siblingPath)) {
      files[scenarioFile] = readTextFile(siblingPath);
      scenarioPath = displayPathOf(siblingPath, cwd);
    }
  }
  const loaded = loadLesson(text, { fileName: displayPath, files });
  if (!loaded.ok) throw new CliError(loaded.problems.map((p) => formatProblem(p, { fileName: displayPath })), ExitCode.usage);
  return { lesson: loaded.lesson, displayPath, scenarioPath };
}

/**
 * Finds a lesson by id, number, file name or path.
 * @throws CliError (exit 2) with the known ids when there is no such lesson.
 */
export function findLesson(argument: string, options: { cwd: string; packageRoot: string }): LessonFile {
  const direct = path.resolve(options.cwd, argument);
  if (argument.endsWith(".yaml") && existsSync(direct)) return loadLessonFile(direct, options.cwd);
  const lessons = builtInLessonPaths(options.packageRoot).map((file) => loadLessonFile(file, options.cwd));
  const stem = (l: LessonFile) => path.basename(l.displayPath, LESSON_SUFFIX);
  const number = /^\d+$/.test(argument) ? Number(argument) : NaN;
  const found = lessons.find((l) => l.lesson.id === argument || l.lesson.order === number || stem(l) === argument);
  if (found) return found;
  const suggestion = didYouMean(argument, lessons.map((l) => l.lesson.id));
  const known = lessons.map((l) => `${l.lesson.order} ${l.lesson.id}`).join(", ");
  const hint = suggestion === undefined ? `; the lessons are ${known} (clustersim lesson list)` : ` (did you mean ${JSON.stringify(suggestion)}?)`;
  throw new CliError(`clustersim lesson: no lesson ${JSON.stringify(argument)}${hint}`, ExitCode.usage);
}

/** A path as the user should see it: relative to the working directory unless that climbs out. */
function displayPathOf(filePath: string, cwd: string): string {
  const relative = path.relative(cwd, filePath);
  return relative.startsWith("..") || path.isAbsolute(relative) ? filePath : relative;
}
