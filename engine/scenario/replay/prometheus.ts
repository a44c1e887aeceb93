/**
 * The JSON of a Prometheus range query over a request-rate expression (from the HTTP API, a
 * Grafana panel's "Download JSON", or fetched by the CLI for a `source:`) read into step
 * breakpoints for a `RateProfile`: one series for the whole workload, or one series per
 * request class.
 *
 * Each sample is replayed over the interval it describes, (t - step, t] (sample-intervals.ts);
 * a series that looks like a raw counter is refused with the `rate()` fix; `from`/`to` cut a
 * window (recording-window.ts). Problems carry the JSON path of what is wrong
 * (`data.result[0].values[17][1]`); with several series the messages list them by their labels
 * so the user can pick one.
 */
import { parseDecimal } from "./iso-time";
import { ProblemList, type ClassRatesResult, type RatePointsResult, type ReplayProblem } from "./problems";
import { cutSteps, formatIsoUtc, resolveWindow, type RecordingWindow } from "./recording-window";
import { counterProblem, sampleIntervals, type IntervalSteps, type Sample } from "./sample-intervals";

/** Picks one series of a result: a 0-based index, or labels that must all match. */
export type SeriesSelector = number | Record<string, string>;

/** Options shared by the Prometheus readers. */
export interface PrometheusReplayOptions {
  /** The query's step in ms when known (a fetched query); otherwise the smallest gap between samples. */
  stepMs?: number;
  /** Replay only this window of the recording. */
  window?: RecordingWindow;
  /** Accept a series that only ever grows (a rate that really only rises); see counterProblem. */
  allowMonotonic?: boolean;
}

/** A JSON object, after a check. */
type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Labels in Prometheus notation: `http_requests_total{job="shop", code="200"}`, `{}` if none. */
export function formatSeriesLabels(labels: Record<string, string>): string {
  const keys = Object.keys(labels).filter((key) => key !== "__name__").sort();
  const inner = keys.map((key) => `${key}=${JSON.stringify(labels[key])}`).join(", ");
  return `${labels.__name__ ?? ""}{${inner}}`;
}

/**
 * Reads the JSON a Prometheus range query returns (`/api/v1/query_range`, or Grafana's
 * "Inspect > Data > Download JSON" of one) into rate steps: the sample at t holds over
 * (previous sample, t], the first over (t - step, t]; time 0 is the start of the first
 * sample's interval (or `span.from`), and the rate is 0 after the last sample (or
 * `span.to`). The values must be per-second rates (`rate(...)` or `sum(rate(...))`, not
 * `increase(...)` or the raw counter, which is refused with that fix).
 *
 * With several series, `series` picks one: a 0-based index, or labels that must all match.
 * "NaN" samples (Prometheus's "no data" of a division by 0) are skipped with a note and
 * covered by the next sample; infinite or negative values are problems. Never throws.
 */
export function parsePrometheusMatrix(jsonText: string, options: PrometheusReplayOptions & { series?: SeriesSelector } = {}): RatePointsResult {
  const result = readResponse(jsonText);
  if (!result.ok) return result;
  const chosen = chooseSeries(result.series, options.series);
  if (!chosen.ok) return chosen;
  const read = readSeries(chosen.series, `data.result[${chosen.index}]`, options);
  if (!read.ok) return read;
  const span = resolveWindow(options.window ?? {}, { startMs: read.steps.startMs, endMs: read.steps.endMs, absolute: true });
  if (!span.ok) return { ok: false, problems: [{ path: span.path, message: span.message }] };
  const points = cutSteps(read.steps.points, span.fromMs, span.toMs);
  return { ok: true, points, originMs: span.fromMs, labels: seriesLabels(chosen.series), notes: read.steps.notes };
}

/**
 * Reads several series of one range query, one per request class (`classes[i].series` picks
 * it as in {@link parsePrometheusMatrix}), onto one time axis: time 0 is the earliest series'
 * start (or `span.from`). Each class's steps follow the same interval rule. Never throws.
 */
export function parsePrometheusClasses(jsonText: string, options: PrometheusReplayOptions & { classes: ReadonlyArray<{ name: string; series: SeriesSelector }> }): ClassRatesResult {
  const result = readResponse(jsonText);
  if (!result.ok) return result;
  const problems: ReplayProblem[] = [];
  const read: Array<{ name: string; steps: IntervalSteps }> = [];
  const notes: string[] = [];
  for (const cls of options.classes) {
    const chosen = chooseSeries(result.series, cls.series);
    const steps = chosen.ok ? readSeries(chosen.series, `data.result[${chosen.index}]`, options) : chosen;
    if (!steps.ok) {
      problems.push(...steps.problems.map((p) => ({ ...p, path: p.path === "series" ? `classes.${cls.name}` : p.path, message: `class ${cls.name}: ${p.message}` })));
      continue;
    }
    read.push({ name: cls.name, steps: steps.steps });
    notes.push(...steps.steps.notes.map((note) => `class ${cls.name}: ${note}`));
  }
  if (problems.length > 0) return { ok: false, problems };
  const startMs = Math.min(...read.map((r) => r.steps.startMs));
  const endMs = Math.max(...read.map((r) => r.steps.endMs));
  const span = resolveWindow(options.window ?? {}, { startMs, endMs, absolute: true });
  if (!span.ok) return { ok: false, problems: [{ path: span.path, message: span.message }] };
  const classes = read.map((r) => ({ name: r.name, points: cutSteps(r.steps.points, span.fromMs, span.toMs) }));
  return { ok: true, classes, originMs: span.fromMs, notes };
}

/** Parses the text and returns the series of a successful matrix response, or the problem. */
function readResponse(jsonText: string): { ok: true; series: unknown[] } | { ok: false; problems: ReplayProblem[] } {
  let root: unknown;
  try {
    root = JSON.parse(jsonText);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position === null ? undefined : jsonText.slice(0, Number(position[1])).split("\n").length;
    const problem: ReplayProblem = { path: "", message: `not valid JSON: ${message}` };
    if (line !== undefined) problem.line = line;
    return { ok: false, problems: [problem] };
  }
  return prometheusResult(root);
}

/** The `data.result` list of a successful matrix response, or the problem with the response. */
function prometheusResult(root: unknown): { ok: true; series: unknown[] } | { ok: false; problems: ReplayProblem[] } {
  const fail = (path: string, message: string) => ({ ok: false as const, problems: [{ path, message }] });
  if (!isObject(root)) {
    const found = Array.isArray(root) ? "a list" : JSON.stringify(root);
    return fail("", `expected a Prometheus API response object {"status": "success", "data": {...}}, got ${found}`);
  }
  if (root.status === "error") {
    const errorType = typeof root.errorType === "string" ? ` (${root.errorType})` : "";
    return fail("error", `Prometheus returned an error${errorType}: ${String(root.error ?? "no error text")}`);
  }
  if (root.status !== "success") return fail("status", `expected "success", got ${JSON.stringify(root.status)}`);
  const data = root.data;
  if (!isObject(data)) return fail("data", `expected an object with resultType and result, got ${JSON.stringify(data)}`);
  if (data.resultType !== "matrix") {
    const found = JSON.stringify(data.resultType);
    const kind = data.resultType === "vector" || data.resultType === "scalar" ? `an instant query result (${found})` : found;
    const fix = "export a range query (/api/v1/query_range) so the file holds a series over time";
    return fail("data.resultType", `expected "matrix" (a range query), got ${kind}; ${fix}`);
  }
  if (!Array.isArray(data.result)) return fail("data.result", "expected a list of series");
  if (data.result.length === 0) return fail("data.result", "the result has no series; check that the query matches data in the chosen time range");
  return { ok: true, series: data.result };
}

/** The labels of a series entry, `{}` when absent. */
function seriesLabels(series: unknown): Record<string, string> {
  const metric = isObject(series) && isObject(series.metric) ? series.metric : {};
  const labels: Record<string, string> = {};
  for (const key of Object.keys(metric).sort()) labels[key] = String(metric[key]);
  return labels;
}

/** Lists series as `[0] {job="a"}, [1] {job="b"}` for a message (the first 10). */
function listSeries(series: unknown[], indexes: number[]): string {
  const shown = indexes.slice(0, 10).map((i) => `[${i}] ${formatSeriesLabels(seriesLabels(series[i]))}`);
  return shown.join(", ") + (indexes.length > 10 ? `, ... (${indexes.length - 10} more)` : "");
}

/** Applies the `series` option: index, label match, or the only series. */
function chooseSeries(
  series: unknown[],
  selector: SeriesSelector | undefined,
): { ok: true; series: unknown; index: number } | { ok: false; problems: ReplayProblem[] } {
  const all = series.map((_, i) => i);
  const fail = (path: string, message: string) => ({ ok: false as const, problems: [{ path, message }] });
  if (selector === undefined) {
    if (series.length === 1) return { ok: true, series: series[0], index: 0 };
    const choices = listSeries(series, all);
    return fail("data.result", `the result has ${series.length} series; choose one with series: (an index or labels to match), or give each request class its own with classes:; the series are ${choices}`);
  }
  if (typeof selector === "number") {
    if (Number.isInteger(selector) && selector >= 0 && selector < series.length) return { ok: true, series: series[selector], index: selector };
    return fail("series", `index ${selector} is not one of the ${series.length} series (0-${series.length - 1}): ${listSeries(series, all)}`);
  }
  const matches = all.filter((i) => {
    const labels = seriesLabels(series[i]);
    return Object.keys(selector).every((key) => labels[key] === selector[key]);
  });
  if (matches.length === 1) return { ok: true, series: series[matches[0]], index: matches[0] };
  const wanted = formatSeriesLabels(selector);
  if (matches.length === 0) return fail("series", `no series has the labels ${wanted}; the series are: ${listSeries(series, all)}`);
  return fail("series", `${matches.length} series have the labels ${wanted}; add labels to pick one of: ${listSeries(series, matches)}`);
}

/**
 * A series' samples as interval steps in epoch ms, after checking every sample and that the
 * values are rates, not a counter.
 */
function readSeries(series: unknown, path: string, options: PrometheusReplayOptions): { ok: true; steps: IntervalSteps } | { ok: false; problems: ReplayProblem[] } {
  const problems = new ProblemList();
  const values = isObject(series) ? series.values : undefined;
  if (!Array.isArray(values) || values.length === 0) {
    return { ok: false, problems: [{ path: `${path}.values`, message: "expected a non-empty list of [unix seconds, \"value\"] samples" }] };
  }
  const samples: Sample[] = [];
  let previousS = -Infinity;
  values.forEach((sample: unknown, i) => {
    const at = `${path}.values[${i}]`;
    if (!Array.isArray(sample) || sample.length !== 2 || typeof sample[0] !== "number" || !Number.isFinite(sample[0])) {
      problems.add(at, `expected [unix seconds, "value"], got ${JSON.stringify(sample)}`);
      return;
    }
    const timeS: number = sample[0];
    if (timeS <= previousS) problems.add(`${at}[0]`, `sample times must increase, got ${timeS} after ${previousS}`);
    previousS = timeS;
    // Prometheus times have ms resolution; rounding removes the float noise of s * 1000.
    const timeMs = Math.round(timeS * 1000);
    const text = typeof sample[1] === "number" ? String(sample[1]) : sample[1];
    if (text === "NaN") {
      samples.push({ timeMs, value: NaN, path: at });
      return;
    }
    const ratePerS = typeof text === "string" ? parseDecimal(text) : undefined;
    if (ratePerS === undefined || ratePerS < 0) {
      problems.add(`${at}[1]`, `expected a rate per second >= 0 as a string like "1234.5", got ${JSON.stringify(sample[1])}`);
      return;
    }
    samples.push({ timeMs, value: ratePerS, path: at });
  });
  const valid = samples.filter((sample) => !Number.isNaN(sample.value));
  if (problems.empty && valid.length === 0) problems.add(`${path}.values`, `every sample is NaN (${samples.length}); the query returned no data`);
  if (!problems.empty) return { ok: false, problems: problems.list() };
  const counter = counterProblem(valid.map((sample) => sample.value), {
    name: seriesLabels(series).__name__,
    path,
    allowMonotonic: options.allowMonotonic ?? false,
    firstAt: formatIsoUtc(valid[0]!.timeMs),
    lastAt: formatIsoUtc(valid[valid.length - 1]!.timeMs),
  });
  if (counter !== undefined) return { ok: false, problems: [counter] };
  return sampleIntervals(samples, { ...(options.stepMs === undefined ? {} : { stepMs: options.stepMs }), seriesPath: path });
}
