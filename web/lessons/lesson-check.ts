/**
 * Checking a lesson answer in the page: the engine prepares the answer (validation, the
 * lesson's rules, the runs its check needs), the worker pool runs the simulations in parallel,
 * and the engine judges their Results. The same code decides as `clustersim lesson check`,
 * so a verdict here is the verdict in CI.
 *
 * Results are cached by scenario text: every run carries the lesson's seed, so the same text
 * always gives the same Result, and re-checking after changing one knob only runs what changed
 * (the comparison runs of the starting scenario run once per visit).
 */
import { judgeAnswer, prepareAnswer, type CheckedResult, type KnobSetting, type Lesson, type LessonVerdict, type Problem } from "../../engine/index";
import type { RunOutcome, RunRequest } from "../worker/run-protocol";

/** Anything that runs a request to an outcome: the app's WorkerPool. */
export interface LessonRunner {
  submit(request: RunRequest): Promise<RunOutcome>;
}

/** How a check in the page ended. */
export type PageCheck =
  | { kind: "verdict"; verdict: LessonVerdict }
  /** The knob values do not make a valid scenario; problems carry knob paths where they can. */
  | { kind: "invalid"; problems: Problem[] }
  | { kind: "cancelled" }
  | { kind: "error"; message: string };

/** Results kept for re-checks, at most this many (each is a Result without series: a few KB). */
const CACHE_ENTRIES_MAX = 48;

/** A small cache of Results by scenario text, oldest dropped first. */
export class ResultCache {
  private readonly entries = new Map<string, CheckedResult>();

  get(text: string): CheckedResult | undefined {
    return this.entries.get(text);
  }

  set(text: string, result: CheckedResult): void {
    this.entries.delete(text);
    this.entries.set(text, result);
    while (this.entries.size > CACHE_ENTRIES_MAX) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** Checks knob settings against a lesson, running what the check needs on `runner`. */
export async function checkSettings(lesson: Lesson, settings: Readonly<Record<string, KnobSetting>>, runner: LessonRunner, cache: ResultCache): Promise<PageCheck> {
  const prepared = prepareAnswer(lesson, { knobs: settings });
  if (!prepared.ok) return { kind: "invalid", problems: prepared.problems };
  const answer = prepared.answer;
  const texts = [...new Set(answer.runs.map((r) => r.scenarioText))].filter((text) => cache.get(text) === undefined);
  const outcomes = await Promise.all(texts.map((scenarioText) => runner.submit({ scenarioText, files: {} })));
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.kind === "cancelled") return { kind: "cancelled" };
    if (outcome.kind === "error") return { kind: "error", message: outcome.message };
    if (outcome.kind === "invalid") return { kind: "invalid", problems: outcome.problems };
    cache.set(texts[i]!, outcome.summary);
  }
  const results: Record<string, CheckedResult> = {};
  for (const run of answer.runs) results[run.name] = cache.get(run.scenarioText)!;
  return { kind: "verdict", verdict: judgeAnswer(lesson, answer, results) };
}

/** The settings a lesson starts with: every knob as its scenario has it. */
export function startingSettings(lesson: Lesson): Record<string, KnobSetting> {
  const settings: Record<string, KnobSetting> = {};
  for (const knob of lesson.knobs) {
    if (knob.options) {
      // Options are compared as validated values (units converted, defaults filled in).
      const validated = knob.segments.reduce<unknown>((v, s) => (typeof v === "object" && v !== null ? (v as Record<string | number, unknown>)[s] : undefined), lesson.start);
      const key = validated === undefined ? "absent" : JSON.stringify(validated);
      settings[knob.path] = { option: Math.max(0, knob.options.findIndex((o) => o.key === key)) };
    } else if (knob.startValue === undefined) settings[knob.path] = { absent: true };
    else settings[knob.path] = { text: typeof knob.startValue === "string" ? knob.startValue : JSON.stringify(knob.startValue) };
  }
  return settings;
}
