/**
 * Every lesson in scenarios/lessons/: it loads, its reference answer passes its check, its
 * starting scenario does not, and the verdict is the same every time (the lesson's seed fixes
 * every run). The lessons' runs are kept short (a few hundred thousand events at most) so this
 * file stays quick on a 2-core machine.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../index";
import { checkAnswer, lessonScenarioFile, loadLesson, referenceAnswer, startingAnswer, type Lesson, type LessonAnswer } from "./index";

const LESSONS_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../scenarios/lessons");
const files = readdirSync(LESSONS_DIR).filter((f) => f.endsWith(".lesson.yaml")).sort();

function load(file: string): Lesson {
  const text = readFileSync(path.join(LESSONS_DIR, file), "utf8");
  const scenarioFile = lessonScenarioFile(text);
  const siblings = scenarioFile === null ? {} : { [scenarioFile]: readFileSync(path.join(LESSONS_DIR, scenarioFile), "utf8") };
  const loaded = loadLesson(text, { fileName: file, files: siblings });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${file}:${p.line ?? "?"}: ${p.path}: ${p.message}`).join("\n"));
  return loaded.lesson;
}

function check(lesson: Lesson, answer: LessonAnswer) {
  const checked = checkAnswer(lesson, answer, (text) => simulate(text));
  if (!checked.ok) throw new Error(checked.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  return checked.verdict;
}

describe("the lessons in scenarios/lessons", () => {
  it("are at least the ten of the issue, with unique ids and orders, each beside its scenario", () => {
    const lessons = files.map(load);
    expect(lessons.length).toBeGreaterThanOrEqual(10);
    expect(new Set(lessons.map((l) => l.id)).size).toBe(lessons.length);
    expect(new Set(lessons.map((l) => l.order)).size).toBe(lessons.length);
    for (const [i, lesson] of lessons.entries()) {
      expect(files[i]!.startsWith(String(lesson.order).padStart(2, "0")), `${files[i]} should start with its order`).toBe(true);
      expect(lesson.scenarioFile, files[i]).toBe(files[i]!.replace(".lesson.yaml", ".yaml"));
    }
  });

  for (const file of files) {
    it(`${file}: the reference answer passes and the starting scenario does not`, () => {
      const lesson = load(file);
      const reference = check(lesson, referenceAnswer(lesson));
      expect(reference.ruleProblems).toEqual([]);
      expect(reference.explanation, `seed ${reference.seed}: ${reference.explanation.join(" ")}`).toEqual([]);
      expect(reference.passed).toBe(true);
      const start = check(lesson, startingAnswer(lesson));
      expect(start.passed, `seed ${start.seed}: the starting scenario should not pass`).toBe(false);
      expect(start.ruleProblems).toEqual([]);
      // Each failed condition explains itself in words, with the lesson's advice.
      for (const outcome of start.conditions.filter((c) => !c.passed)) {
        expect(outcome.sentence).toMatch(/must be/);
        expect(outcome.advice, `${file}: ${outcome.label} needs an "otherwise"`).not.toBeNull();
      }
      expect(start.conditions.every((c) => !c.sentence.includes("broken"))).toBe(true);
      // Every lesson draws the chart its question is about; the second course explains with the run's numbers.
      expect(lesson.chart, `${file} needs a chart`).not.toBeNull();
      if (lesson.order >= 11) {
        expect(reference.why.length, `${file} needs a why page`).toBeGreaterThan(0);
        expect(reference.why.join(" ")).not.toMatch(/\{[a-z-]+\}/);
        expect(reference.figures.filter((f) => f.value === null).map((f) => f.label), `${file}: figures without a value`).toEqual([]);
      }
    });
  }

  it("give the same verdict, number for number, each time an answer is checked", () => {
    const lesson = load(files[0]!);
    const first = check(lesson, referenceAnswer(lesson));
    const again = check(lesson, referenceAnswer(lesson));
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
  });
});
