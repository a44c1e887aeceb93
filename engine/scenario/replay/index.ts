/**
 * Recorded traffic in, arrival inputs out: parsers for the files people export from their
 * monitoring, turned into what the arrival processes replay.
 *
 * - A CSV of request timestamps (an access log cut down to one column) becomes exact arrival
 *   times for `traceArrivals`.
 * - A CSV of per-interval rates, or the JSON of a Prometheus range query over a request-rate
 *   expression, becomes breakpoints for a `RateProfile`: one for the workload, or one per
 *   request class (several series or rate columns).
 * - A Prometheus sample at t is replayed over the interval it describes, (t - step, t]; a series
 *   that looks like a raw counter is refused with the `rate()` fix; `from`/`to` replay a window
 *   of a long recording; an access log's path or method column can decide each request's class.
 *
 * The text is user input, so nothing here throws on bad content: each parser returns every
 * problem it finds (up to {@link REPLAY_PROBLEMS_MAX}) as `{ path, message, line? }`, with the
 * 1-based line for CSV rows, and `notes` for things it fixed on the way (unsorted rows, NaN
 * samples skipped). For CSV, `path` is the column's label (its header name, or `column 2` by
 * 0-based index) for a bad cell, the option's name for a bad option, and "" for the whole file;
 * for Prometheus JSON it is the JSON path (`data.result[0].values[17][1]`). ISO-8601 times are
 * read by a small pure parser (no `Date`, which the engine avoids).
 *
 * Files: `problems.ts` (the capped problem list and the rate results), `iso-time.ts` (time and
 * number cells), `csv.ts` (the CSV reader), `recording-window.ts` (from/to),
 * `sample-intervals.ts` (what a sample's time means; the counter check), `trace-classes.ts`
 * (classes from a log column), then one file per format: `timestamps.ts`, `rate-csv.ts`,
 * `prometheus.ts`. This file only re-exports them.
 */

export { parseIsoTimestampMs } from "./iso-time";
export { REPLAY_PROBLEMS_MAX, type ClassRatesResult, type RatePointsResult, type ReplayProblem } from "./problems";
export { formatSeriesLabels, parsePrometheusClasses, parsePrometheusMatrix, type PrometheusReplayOptions, type SeriesSelector } from "./prometheus";
export { parseRateCsv, parseRateCsvClasses, scaleRatePoints, type RateCsvOptions } from "./rate-csv";
export { formatIsoUtc, type RecordingTime, type RecordingWindow } from "./recording-window";
export { MONOTONIC_SAMPLES_MIN } from "./sample-intervals";
export { parseTimestampCsv, type TimestampCsvResult } from "./timestamps";
export { ruleMatches, type TraceClassRules } from "./trace-classes";
