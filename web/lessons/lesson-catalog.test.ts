import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { simulate, checkAnswer, referenceAnswer, type CheckedResult } from "../../engine/index";
import type { RunOutcome, RunRequest } from "../worker/run-protocol";
import { builtinLessons, lessonScenarioTexts, loadedLessons } from "./lesson-catalog";
import { checkSettings, ResultCache, startingSettings } from "./lesson-check";

const lessonsDir = new URL("../../scenarios/lessons/", import.meta.url);

/** A runner that simulates in this process and counts the runs, like the worker pool would. */
function countingRunner() {
  const runner = {
    runs: 0,
    async submit(request: RunRequest): Promise<RunOutcome> {
      runner.runs++;
      const { series: _series, ...summary } = simulate(request.scenarioText);
      return { kind: "done", digest: "", summary, wallMs: 0 };
    },
  };
  return runner;
}

describe("the bundled lessons", () => {
  it("hold every lesson file, each loaded with the scenario beside it", () => {
    const files = readdirSync(lessonsDir).filter((f) => f.endsWith(".lesson.yaml")).sort();
    expect(builtinLessons.map((entry) => entry.file)).toEqual(files.map((f) => `scenarios/lessons/${f}`));
    for (const entry of builtinLessons) expect(entry.ok ? [] : entry.problems, entry.file).toEqual([]);
    expect(Object.keys(lessonScenarioTexts).every((name) => !name.endsWith(".lesson.yaml"))).toBe(true);
    expect(loadedLessons().map((l) => l.order)).toEqual([...loadedLessons().map((l) => l.order)].sort((a, b) => a - b));
  });

  it("start every knob from the lesson's scenario, choices included", () => {
    const lesson = loadedLessons().find((l) => l.id === "more-or-faster")!;
    expect(startingSettings(lesson)).toEqual({ "topology.groups.server": { option: 0 } });
    const hedging = loadedLessons().find((l) => l.id === "tail-at-scale")!;
    expect(startingSettings(hedging)).toEqual({ "workload.classes.query.call.calls[0].hedgeAfter": { absent: true } });
  });
});

describe("checking in the page", () => {
  it("gives the engine's verdict, and re-checks without running what it already ran", async () => {
    const lesson = loadedLessons().find((l) => l.id === "more-or-faster")!;
    const runner = countingRunner();
    const cache = new ResultCache();
    const reference = referenceAnswer(lesson);
    if (!("knobs" in reference)) throw new Error("lesson 2's reference is knob settings");
    const first = await checkSettings(lesson, reference.knobs, runner, cache);
    const node = checkAnswer(lesson, reference, (text) => simulate(text) as CheckedResult);
    if (first.kind !== "verdict" || !node.ok) throw new Error("both should give a verdict");
    expect(first.verdict).toEqual(node.verdict);
    expect(runner.runs).toBe(2); // the answer and the starting scenario
    const again = await checkSettings(lesson, startingSettings(lesson), runner, cache);
    expect(again.kind === "verdict" && again.verdict.passed).toBe(false);
    expect(runner.runs).toBe(2); // the starting scenario's Result was cached
  });

  it("reports a knob value that is not a valid scenario at the knob, without running", async () => {
    const lesson = loadedLessons().find((l) => l.id === "utilisation")!;
    const runner = countingRunner();
    const outcome = await checkSettings(lesson, { "workload.rate.constant": { text: "lots" } }, runner, new ResultCache());
    expect(outcome).toEqual({ kind: "invalid", problems: [{ path: "workload.rate.constant", message: 'expected a rate like "1200/s" or "90k/min", got "lots"' }] });
    expect(runner.runs).toBe(0);
  });
});
