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
import type { RunOutcome, RunRequest, SeriesColumns } from "../worker/run-protocol";

/** Anything that runs a request to an outcome: the app's WorkerPool. */
export interface LessonRunner {
  submit(request: RunRequest): Promise<RunOutcome>;
}

/** How a check in the page ended. */
export type PageCheck =
  | { kind: "verdict"; verdict: LessonVerdict; chart: ChartInput }
  /** The knob values do not make a valid scenario; problems carry knob paths where they can. */
  | { kind: "invalid"; problems: Problem[] }
  | { kind: "cancelled" }
  | { kind: "error"; message: string };

/** What the lesson's chart needs from a check besides the verdict. */
export interface ChartInput {
  /** The chart knob's value in this answer: as the student sees it, and as a number when it is one (engine units). */
  x: { label: string; value: number | null } | null;
  /** The answer run's series, for a series chart (null otherwise). */
  series: SeriesColumns | null;
}

/** Results kept for re-checks, at most this many (each is a Result without series: a few KB). */
const CACHE_ENTRIES_MAX = 48;

/** A small cache of Results (and, for series charts, the answer's series) by scenario text, oldest dropped first. */
export class ResultCache {
  private readonly entries = new Map<string, { result: CheckedResult; series: SeriesColumns | null }>();

  get(text: string): CheckedResult | undefined {
    return this.entries.get(text)?.result;
  }

  /** The series kept with a Result, or null when it was run without. */
  series(text: string): SeriesColumns | null {
    return this.entries.get(text)?.series ?? null;
  }

  set(text: string, result: CheckedResult, series: SeriesColumns | null = null): void {
    this.entries.delete(text);
    this.entries.set(text, { result, series });
    while (this.entries.size > CACHE_ENTRIES_MAX) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** Checks knob settings against a lesson, running what the check needs on `runner`. */
export async function checkSettings(lesson: Lesson, settings: Readonly<Record<string, KnobSetting>>, runner: LessonRunner, cache: ResultCache): Promise<PageCheck> {
  const prepared = prepareAnswer(lesson, { knobs: settings });
  if (!prepared.ok) return { kind: "invalid", problems: prepared.problems };
  const answer = prepared.answer;
  // A series chart needs the answer run's series: run it with them when the cache has none.
  const answerText = answer.runs.find((r) => r.name === "answer")?.scenarioText ?? null;
  const wantsSeries = (text: string) => lesson.chart?.series !== undefined && text === answerText;
  const texts = [...new Set(answer.runs.map((r) => r.scenarioText))].filter((text) => cache.get(text) === undefined || (wantsSeries(text) && cache.series(text) === null));
  const outcomes = await Promise.all(texts.map((scenarioText) => runner.submit({ scenarioText, files: {}, ...(wantsSeries(scenarioText) ? { withSeries: true } : {}) })));
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.kind === "cancelled") return { kind: "cancelled" };
    if (outcome.kind === "error") return { kind: "error", message: outcome.message };
    if (outcome.kind === "invalid") return { kind: "invalid", problems: outcome.problems };
    cache.set(texts[i]!, outcome.summary, outcome.series ?? null);
  }
  const results: Record<string, CheckedResult> = {};
  for (const run of answer.runs) results[run.name] = cache.get(run.scenarioText)!;
  const chart: ChartInput = { x: chartX(lesson, settings, answer.scenario), series: answerText === null || lesson.chart?.series === undefined ? null : cache.series(answerText) };
  return { kind: "verdict", verdict: judgeAnswer(lesson, answer, results), chart };
}

/** The chart knob's value in an answer: its option label or text, and its validated number. */
function chartX(lesson: Lesson, settings: Readonly<Record<string, KnobSetting>>, scenario: unknown): ChartInput["x"] {
  const knob = lesson.knobs.find((k) => k.path === lesson.chart?.x);
  if (knob === undefined) return null;
  const setting = settings[knob.path];
  const validated = knob.segments.reduce<unknown>((v, s) => (typeof v === "object" && v !== null ? (v as Record<string | number, unknown>)[s] : undefined), scenario);
  let label: string;
  if (setting === undefined) label = typeof knob.startValue === "string" ? knob.startValue : JSON.stringify(knob.startValue ?? null);
  else if ("absent" in setting) label = "none";
  else if ("option" in setting) label = knob.options?.[setting.option]?.label ?? String(setting.option);
  else label = setting.text;
  return { label, value: knob.options === null && typeof validated === "number" ? validated : null };
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
