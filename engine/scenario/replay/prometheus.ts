/**
 * The JSON of a Prometheus range query over a request-rate expression (from the HTTP API, or a
 * Grafana panel's "Download JSON") read into linear breakpoints for a `RateProfile`.
 *
 * Problems carry the JSON path of what is wrong (`data.result[0].values[17][1]`); with several
 * series the messages list them by their labels so the user can pick one.
 */
import type { RatePoint } from "../../model/rate-profile";
import { parseDecimal } from "./iso-time";
import { ProblemList, type RatePointsResult, type ReplayProblem } from "./problems";

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
 * "Inspect > Data > Download JSON" of one) into rate breakpoints: each sample `[unix seconds,
 * "value"]` becomes a point at ms since the first sample, linear between samples. The values
 * must already be per-second rates (`rate(...)` or `sum(rate(...))`, not `increase(...)`).
 *
 * With several series, `series` picks one: a 0-based index, or labels that must all match.
 * "NaN" samples (Prometheus's "no data" of a division by 0) are skipped with a note and
 * bridged by the neighbouring samples; infinite or negative values are problems. Never throws.
 */
export function parsePrometheusMatrix(jsonText: string, options: { series?: number | Record<string, string> } = {}): RatePointsResult {
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
  const result = prometheusResult(root);
  if (!result.ok) return result;
  const chosen = chooseSeries(result.series, options.series);
  if (!chosen.ok) return chosen;
  return seriesToPoints(chosen.series, `data.result[${chosen.index}]`);
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
  selector: number | Record<string, string> | undefined,
): { ok: true; series: unknown; index: number } | { ok: false; problems: ReplayProblem[] } {
  const all = series.map((_, i) => i);
  const fail = (path: string, message: string) => ({ ok: false as const, problems: [{ path, message }] });
  if (selector === undefined) {
    if (series.length === 1) return { ok: true, series: series[0], index: 0 };
    const choices = listSeries(series, all);
    return fail("data.result", `the result has ${series.length} series; choose one with series: an index or labels to match: ${choices}`);
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

/** A series' samples as breakpoints from its first sample, skipping NaN with a note. */
function seriesToPoints(series: unknown, path: string): RatePointsResult {
  const problems = new ProblemList();
  const values = isObject(series) ? series.values : undefined;
  if (!Array.isArray(values) || values.length === 0) {
    return { ok: false, problems: [{ path: `${path}.values`, message: "expected a non-empty list of [unix seconds, \"value\"] samples" }] };
  }
  const points: RatePoint[] = [];
  let firstS = NaN;
  let previousS = -Infinity;
  let skipped = 0;
  let firstSkipped = "";
  values.forEach((sample: unknown, i) => {
    const at = `${path}.values[${i}]`;
    if (!Array.isArray(sample) || sample.length !== 2 || typeof sample[0] !== "number" || !Number.isFinite(sample[0])) {
      problems.add(at, `expected [unix seconds, "value"], got ${JSON.stringify(sample)}`);
      return;
    }
    const timeS: number = sample[0];
    if (timeS <= previousS) problems.add(`${at}[0]`, `sample times must increase, got ${timeS} after ${previousS}`);
    previousS = timeS;
    if (Number.isNaN(firstS)) firstS = timeS;
    const text = typeof sample[1] === "number" ? String(sample[1]) : sample[1];
    if (text === "NaN") {
      if (skipped === 0) firstSkipped = at;
      skipped += 1;
      return;
    }
    const ratePerS = typeof text === "string" ? parseDecimal(text) : undefined;
    if (ratePerS === undefined || ratePerS < 0) {
      problems.add(`${at}[1]`, `expected a rate per second >= 0 as a string like "1234.5", got ${JSON.stringify(sample[1])}`);
      return;
    }
    // Prometheus times have ms resolution; rounding removes the float noise of (t - t0) * 1000.
    points.push({ atMs: Math.round((timeS - firstS) * 1000), ratePerS });
  });
  if (problems.empty && points.length === 0) problems.add(`${path}.values`, `every sample is NaN (${skipped}); the query returned no data`);
  if (!problems.empty) return { ok: false, problems: problems.list() };
  const notes = skipped === 0 ? [] : [`skipped ${skipped} NaN sample(s) (the first at ${firstSkipped}); the rate is interpolated across them`];
  return { ok: true, points, originMs: firstS * 1000, labels: seriesLabels(series), notes };
}
