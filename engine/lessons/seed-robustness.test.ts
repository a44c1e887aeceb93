/**
 * The second course's checks do not depend on the seed: for every lesson numbered 11 and up,
 * the reference answer passes and the starting scenario fails on the lesson's seed and on five
 * others, and always on the same condition (the lesson's question, not noise). Every run of a
 * check gets the same seed, as if the lesson's scenario had been written with it. The lessons' runs are
 * kept to a few seconds each so this file stays within a couple of minutes on a loaded
 * 2-core machine.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../index";
import { checkAnswer, lessonScenarioFile, loadLesson, referenceAnswer, startingAnswer, type Lesson, type LessonAnswer } from "./index";

const LESSONS_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../scenarios/lessons");
/** The seeds tried besides each lesson's own. */
const OTHER_SEEDS = [1, 2, 3, 4, 5] as const;
/** The first lesson of the second course. */
const FIRST_ORDER = 11;

function load(file: string): Lesson {
  const text = readFileSync(path.join(LESSONS_DIR, file), "utf8");
  const scenarioFile = lessonScenarioFile(text);
  const siblings = scenarioFile === null ? {} : { [scenarioFile]: readFileSync(path.join(LESSONS_DIR, scenarioFile), "utf8") };
  const loaded = loadLesson(text, { fileName: file, files: siblings });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${file}:${p.line ?? "?"}: ${p.path}: ${p.message}`).join("\n"));
  return loaded.lesson;
}

/** Checks an answer with every run on `seed` instead of the lesson's. */
function checkOnSeed(lesson: Lesson, answer: LessonAnswer, seed: number) {
  const checked = checkAnswer(lesson, answer, (text) => simulate(JSON.stringify({ ...(JSON.parse(text) as object), seed })));
  if (!checked.ok) throw new Error(checked.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  return checked.verdict;
}

const lessons = readdirSync(LESSONS_DIR).filter((f) => f.endsWith(".lesson.yaml")).sort().map((file) => ({ file, lesson: load(file) })).filter(({ lesson }) => lesson.order >= FIRST_ORDER);

describe("the second course's checks on other seeds", () => {
  it("covers lessons 11 to 16 at least", () => {
    expect(lessons.map(({ lesson }) => lesson.order)).toEqual(expect.arrayContaining([11, 12, 13, 14, 15, 16]));
  });

  for (const { file, lesson } of lessons) {
    it(`${file}: the reference passes and the start fails on the lesson's seed and seeds ${OTHER_SEEDS.join(", ")}`, () => {
      expect(OTHER_SEEDS).not.toContain(lesson.seed);
      let question: string | undefined;
      for (const seed of [lesson.seed, ...OTHER_SEEDS]) {
        const reference = checkOnSeed(lesson, referenceAnswer(lesson), seed);
        expect(reference.passed, `seed ${seed}, reference: ${reference.explanation.join(" ")}`).toBe(true);
        const start = checkOnSeed(lesson, startingAnswer(lesson), seed);
        expect(start.passed, `seed ${seed}: the starting scenario should fail`).toBe(false);
        // The condition the start fails on the lesson's seed fails on every seed.
        question ??= start.conditions.find((c) => !c.passed)!.label;
        expect(start.conditions.filter((c) => !c.passed).map((c) => c.label), `seed ${seed}`).toContain(question);
      }
    }, 180_000);
  }
});
