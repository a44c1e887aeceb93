/**
 * `clustersim lesson`: the guided exercises of scenarios/lessons/.
 *
 *   lesson list                         the lessons, in order, with their goals
 *   lesson show <lesson>                the explanation, the knobs, the hints, how to start
 *   lesson check <lesson> <answers…>    check answer scenarios
 *   lesson check [<lesson>] --class DIR a teacher grades a folder of students' answers
 *                                       (DIR/<student>/<lesson>.yaml; see cli/lesson-class.ts)
 *
 * `check` prints one verdict per answer on stdout (PASS/FAIL, each condition with its numbers,
 * and what is still off in plain words), or one JSON line each with --json. Exit code 0 when
 * every answer passes, 1 when one fails (a wrong answer, or one that changes more than the
 * lesson's knobs), 2 when an answer is not a valid scenario or the lesson does not exist.
 * With --class the same codes judge the whole class: 0 every answer passes, 1 one fails, 2 one
 * could not be graded (an error row: unknown lesson, invalid YAML or scenario).
 */
import { didYouMean, formatProblem, prepareAnswer, judgeAnswer, simulate, type CheckedResult, type Knob, type LessonVerdict, type Problem } from "../../engine";
import type { Command, CommandContext } from "../command";
import { CliError, ExitCode, usageError } from "../exit-codes";
import { checkOutputOptions, readTextFile, writeFilesAtomically } from "../files";
import { formatClassCsv, formatClassHtml, formatClassJson, formatClassText, summarise } from "../format/lesson-class";
import { gradeClass } from "../lesson-class";
import path from "node:path";
import { formatColumns } from "../format/text";
import { builtInLessonPaths, findLesson, loadLessonFile, type LessonFile } from "../lesson-files";

const ACTIONS = ["list", "show", "check"] as const;

export const lessonCommand: Command = {
  name: "lesson",
  summary: "Guided exercises: list the lessons, show one, check answers (exit 0 when all pass).",
  usage: "lesson list | lesson show <lesson> | lesson check <lesson> <answers…> [options] | lesson check [<lesson>] --class DIR [--format text|csv|json|html] [--out FILE]",
  details: "A lesson is named by its id, its number or a path to a .lesson.yaml file. An answer is a copy of the lesson's scenario with only its knobs changed; it is run with the lesson's seed, so the verdict is the same on every machine. Exit codes for check: 0 every answer passes, 1 one fails, 2 an answer is not a valid scenario (or the lesson does not exist). A teacher grades a whole class with --class DIR: DIR holds one folder per student, each with answer files named after their lessons (DIR/ada/replication.yaml, DIR/ada/13.yaml); every answer is one row of the table (student, lesson, seed, pass/fail and each condition's measured value), an answer that cannot be graded is an error row, and the exit code covers the class.",
  options: {
    json: { type: "boolean", description: "check: one JSON line per answer (verdict, conditions, explanation) instead of text." },
    quiet: { type: "boolean", short: "q", description: "check: print only the PASS/FAIL line of each answer." },
    class: { type: "string", valueName: "DIR", description: "check: grade a folder of students' answers, DIR/<student>/<lesson>.yaml (all lessons, or only the one named)." },
    format: { type: "string", valueName: "FORMAT", description: "check --class: text (a printable summary, the default), csv or json (the graded table), or html (the summary as a page)." },
    out: { type: "string", short: "o", valueName: "FILE", description: "check --class: write the output to FILE instead of stdout." },
  },
  positionals: { min: 1, max: Infinity, name: "<list|show|check> …" },
  examples: [
    { command: "clustersim lesson list", note: "The lessons in order, with their goals." },
    { command: "clustersim lesson show utilisation", note: "Read lesson 1 and see its knobs; copy its scenario to start." },
    { command: "clustersim lesson check 1 my-answer.yaml", note: "Check an answer: PASS, or what is still off." },
    { command: "clustersim lesson check retries answers/*.yaml --quiet", note: "Check several answers to one lesson (exit 1 if any fails)." },
    { command: "clustersim lesson check --class class/ --format csv --out grades.csv", note: "Grade a class: class/<student>/<lesson>.yaml, one table." },
  ],
  async run(args, context) {
    const [action, ...rest] = args.positionals;
    if (!(ACTIONS as readonly string[]).includes(action!)) {
      const suggestion = didYouMean(action!, ACTIONS);
      throw usageError("lesson", `expected list, show or check, got ${JSON.stringify(action)}${suggestion === undefined ? "" : ` (did you mean ${suggestion}?)`}`);
    }
    if (action === "list") {
      if (rest.length > 0) throw usageError("lesson", "list takes no arguments");
      return listLessons(context);
    }
    const classDir = args.string("class");
    if (action === "check" && classDir !== undefined) return checkClass(rest, classDir, { context, format: args.string("format"), out: args.string("out") });
    for (const name of ["format", "out"] as const) if (args.string(name) !== undefined) throw usageError("lesson", `--${name} goes with check --class DIR`);
    if (rest.length === 0) throw usageError("lesson", `${action} needs a lesson (its id or number; clustersim lesson list shows them)`);
    const lesson = findLesson(rest[0]!, { cwd: context.cwd, packageRoot: context.packageRoot });
    if (action === "show") {
      if (rest.length > 1) throw usageError("lesson", "show takes one lesson");
      context.stdout.write(showLesson(lesson));
      return ExitCode.ok;
    }
    if (rest.length < 2) throw usageError("lesson", "check needs a lesson and at least one answer scenario file");
    return checkAnswers(lesson, rest.slice(1), { context, json: args.flag("json"), quiet: args.flag("quiet") });
  },
};

const CLASS_FORMATS = ["text", "csv", "json", "html"] as const;

/** `lesson check [<lesson>] --class DIR`: grades the class, writes the table or summary. */
async function checkClass(rest: readonly string[], classDir: string, options: { context: CommandContext; format: string | undefined; out: string | undefined }): Promise<number> {
  const { context } = options;
  const format = options.format ?? "text";
  if (!(CLASS_FORMATS as readonly string[]).includes(format)) {
    const suggestion = didYouMean(format, CLASS_FORMATS);
    throw usageError("lesson", `--format: expected ${CLASS_FORMATS.join(", ")}, got ${JSON.stringify(format)}${suggestion === undefined ? "" : ` (did you mean ${suggestion}?)`}`);
  }
  if (rest.length > 1) throw usageError("lesson", "check --class takes at most one lesson (to grade only that one), not answer files");
  if (options.out !== undefined) checkOutputOptions(context.cwd, { "--out": options.out });
  const lessons = builtInLessonPaths(context.packageRoot).map((file) => loadLessonFile(file, context.cwd));
  const only = rest.length === 1 ? findLesson(rest[0]!, { cwd: context.cwd, packageRoot: context.packageRoot }) : undefined;
  const dir = path.resolve(context.cwd, classDir);
  const rows = await gradeClass(dir, only === undefined || lessons.some((l) => l.lesson.id === only.lesson.id) ? lessons : [...lessons, only], {
    ...(only === undefined ? {} : { only }),
    aborted: () => context.signal.aborted,
    onAnswer: (_student, file) => context.stderr.write(`clustersim: grading ${file}\n`),
  });
  if (rows === "interrupted") return ExitCode.interrupted;
  const title = `Lesson results: ${classDir}`;
  const text = format === "csv" ? formatClassCsv(rows) : format === "json" ? formatClassJson(rows) : format === "html" ? formatClassHtml(rows, title) : formatClassText(rows);
  if (options.out === undefined) context.stdout.write(text);
  else writeFilesAtomically([{ path: path.resolve(context.cwd, options.out), text }]);
  const summary = summarise(rows);
  context.stderr.write(`${summary.passed} of ${summary.answers} answers pass${summary.errors > 0 ? `; ${summary.errors} could not be graded` : ""}\n`);
  if (rows.length === 0) context.stderr.write(`clustersim lesson: no answers found in ${classDir} (expected ${classDir}/<student>/<lesson>.yaml)\n`);
  return summary.errors > 0 ? ExitCode.usage : summary.failed > 0 ? ExitCode.sloFailed : rows.length === 0 ? ExitCode.usage : ExitCode.ok;
}

function listLessons(context: CommandContext): number {
  const rows = [["#", "id", "title", "goal"]];
  for (const file of builtInLessonPaths(context.packageRoot)) {
    const { lesson } = loadLessonFile(file, context.cwd);
    rows.push([String(lesson.order), lesson.id, lesson.title, firstSentence(lesson.goal)]);
  }
  if (rows.length === 1) context.stderr.write("no lessons found in scenarios/lessons\n");
  else context.stdout.write(formatColumns(rows, ["right"]));
  return ExitCode.ok;
}

/** The text of `lesson show`: everything a student needs to start in a terminal. */
function showLesson(file: LessonFile): string {
  const { lesson } = file;
  const lines = [`Lesson ${lesson.order}: ${lesson.title} (${lesson.id})`, "", ...wrap(`Goal: ${lesson.goal}`), ""];
  for (const paragraph of lesson.explanation) lines.push(...wrap(paragraph), "");
  lines.push("Knobs: the only fields your answer may change", ...formatColumns(lesson.knobs.map(knobRow)).trimEnd().split("\n").map((l) => `  ${l}`), "");
  lines.push("Hints:", ...lesson.hints.flatMap((hint, i) => wrap(hint, `  ${i + 1}. `, "     ")), "");
  const start = file.scenarioPath ?? "the scenario in the lesson file";
  lines.push("Start:", `  cp ${start} my-answer.yaml      # then turn the knobs`, `  clustersim run my-answer.yaml`, `  clustersim lesson check ${lesson.id} my-answer.yaml`);
  return `${lines.join("\n")}\n`;
}

/** A knob as `path  Label: range (now value)`. */
function knobRow(knob: Knob): string[] {
  const now = knob.startValue === undefined ? "not set" : typeof knob.startValue === "object" ? JSON.stringify(knob.startValue) : String(knob.startValue);
  let allowed: string;
  if (knob.options) allowed = knob.options.map((o) => o.label).join(" | ");
  else if (knob.min && knob.max) allowed = `${knob.min.text} to ${knob.max.text}`;
  else if (knob.min) allowed = `at least ${knob.min.text}`;
  else if (knob.max) allowed = `at most ${knob.max.text}`;
  else allowed = "any valid value";
  return [knob.path, `${knob.label}: ${allowed}${knob.optional ? " (or leave it out)" : ""}; now ${now}`];
}

/** Checks each answer; prints verdicts (stdout) and problems (stderr). */
async function checkAnswers(file: LessonFile, answers: readonly string[], options: { context: CommandContext; json: boolean; quiet: boolean }): Promise<number> {
  const { context } = options;
  let failed = 0;
  let invalid = 0;
  for (const answerPath of answers) {
    const outcome = await checkOne(file, answerPath, context);
    if (outcome === "interrupted") return ExitCode.interrupted;
    if ("problems" in outcome) {
      invalid += 1;
      for (const line of outcome.problems) context.stderr.write(`${line}\n`);
      if (options.json) context.stdout.write(`${JSON.stringify({ answer: answerPath, lesson: file.lesson.id, valid: false, problems: outcome.problems })}\n`);
      continue;
    }
    const verdict = outcome.verdict;
    if (!verdict.passed) failed += 1;
    if (options.json) context.stdout.write(`${JSON.stringify({ answer: answerPath, valid: true, ...verdict })}\n`);
    else context.stdout.write(formatVerdict(answerPath, file, verdict, options.quiet));
  }
  if (answers.length > 1 && !options.json) {
    const passed = answers.length - failed - invalid;
    context.stderr.write(`${passed} of ${answers.length} answers pass${invalid > 0 ? `; ${invalid} ${invalid === 1 ? "is" : "are"} not a valid scenario` : ""}\n`);
  }
  return invalid > 0 ? ExitCode.usage : failed > 0 ? ExitCode.sloFailed : ExitCode.ok;
}

/** Checks one answer file: a verdict, the problems that make it invalid input, or an interrupt. */
async function checkOne(file: LessonFile, answerPath: string, context: CommandContext): Promise<{ verdict: LessonVerdict } | { problems: string[] } | "interrupted"> {
  let text: string;
  try {
    text = readTextFile(answerPath);
  } catch (error) {
    if (error instanceof CliError) return { problems: [...error.lines] };
    throw error;
  }
  const prepared = prepareAnswer(file.lesson, { scenarioText: text, fileName: answerPath });
  if (!prepared.ok) return { problems: prepared.problems.map((p: Problem) => formatProblem(p, { fileName: answerPath })) };
  const results: Record<string, CheckedResult> = {};
  const byText = new Map<string, CheckedResult>();
  for (const run of prepared.answer.runs) {
    // Let a pending Ctrl-C be seen between runs (each run is short).
    await new Promise((resolve) => setImmediate(resolve));
    if (context.signal.aborted) return "interrupted";
    const result = byText.get(run.scenarioText) ?? simulate(run.scenarioText);
    byText.set(run.scenarioText, result);
    results[run.name] = result;
  }
  return { verdict: judgeAnswer(file.lesson, prepared.answer, results) };
}

/** A verdict for a person: the PASS/FAIL line, then conditions, figures and advice. */
function formatVerdict(answerPath: string, file: LessonFile, verdict: LessonVerdict, quiet: boolean): string {
  const head = `${verdict.passed ? "PASS" : "FAIL"} ${answerPath}: lesson ${file.lesson.order} (${file.lesson.id}), seed ${verdict.seed}: ${verdict.summary}`;
  if (quiet) return `${head}\n`;
  const lines = [head];
  for (const problem of verdict.ruleProblems) lines.push(...wrap(`${problem.path}: ${problem.message}`, "  ✗ ", "    "));
  for (const condition of verdict.conditions) {
    lines.push(...wrap(condition.sentence, condition.passed ? "  ✓ " : "  ✗ ", "    "));
    if (condition.advice !== null) lines.push(...wrap(condition.advice, "    ", "    "));
  }
  for (const figure of verdict.figures) lines.push(`  · ${figure.label}${figure.run === "answer" ? "" : ` (${figure.runLabel})`}: ${figure.text}`);
  return `${lines.join("\n")}\n`;
}

/** Wraps text at 92 columns with a first-line prefix and an indent for the rest. */
function wrap(text: string, first = "", rest = first === "" ? "" : " ".repeat(first.length)): string[] {
  const width = 92;
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    const prefix = lines.length === 0 ? first : rest;
    if (line.length > prefix.length && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else line = line.length > prefix.length ? `${line} ${word}` : line + word;
  }
  lines.push(line);
  return lines;
}

function firstSentence(text: string): string {
  const match = /^(.*?[.!?])(\s|$)/.exec(text);
  return match ? match[1]! : text;
}
