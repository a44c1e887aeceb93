/**
 * Lesson 14's why page on expiry jitter, checked against runs of the lesson: jitter alone
 * leaves the herd of one hot object (the check still fails on the origin's busiest second),
 * it flattens the wave of objects filled together (the peak without coalescing drops), and
 * with coalescing the lesson passes as it does without jitter.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../index";
import { checkAnswer, lessonScenarioFile, loadLesson, type Lesson, type LessonVerdict } from "./index";

const LESSONS_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../scenarios/lessons");

function stampedeLesson(): Lesson {
  const file = "14-stampede.lesson.yaml";
  const text = readFileSync(path.join(LESSONS_DIR, file), "utf8");
  const scenarioFile = lessonScenarioFile(text)!;
  const loaded = loadLesson(text, { fileName: file, files: { [scenarioFile]: readFileSync(path.join(LESSONS_DIR, scenarioFile), "utf8") } });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  return loaded.lesson;
}

function check(lesson: Lesson, coalesce: boolean, jitter: string | null): LessonVerdict {
  const knobs = {
    "services.cache.cache.coalesce": { option: coalesce ? 1 : 0 },
    "services.cache.cache.ttlJitter": jitter === null ? { absent: true as const } : { text: jitter },
  };
  const checked = checkAnswer(lesson, { knobs }, (text) => simulate(text));
  if (!checked.ok) throw new Error(checked.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  return checked.verdict;
}

const peakOf = (verdict: LessonVerdict) => verdict.conditions.find((c) => c.label === "the origin's busiest second")!;

describe("lesson 14's expiry jitter", () => {
  it("does not replace coalescing, flattens the expiry wave without it, and passes with it", () => {
    const lesson = stampedeLesson();
    const plain = check(lesson, false, null);
    const jitterOnly = check(lesson, false, "20%");
    expect(jitterOnly.passed).toBe(false);
    expect(peakOf(jitterOnly).passed).toBe(false);
    // The hot objects filled in the first seconds expire together at 60 s without jitter;
    // spread over 12 s with 20%, the origin's busiest second is lower (on the lesson's seed).
    expect(peakOf(jitterOnly).measured).toBeLessThan(peakOf(plain).measured as number);
    const both = check(lesson, true, "20%");
    expect(both.passed, both.summary).toBe(true);
  });
});
