/**
 * The scenario language's recorded traffic: `workload.rate.replay` (a recorded request rate,
 * from a file or straight from a Prometheus server) and `workload.trace` (exact request
 * timestamps from an access log), with the options that keep replay honest: `from`/`to` for a
 * window of a long recording, `classes` for several series or log values driving several
 * request classes, `allowMonotonic` for the rare rate that only rises.
 *
 * The engine never touches the network: a `source:` is fetched by the CLI, which hands the
 * response to the compile as a file under {@link prometheusSourceKey}.
 */
import { parseDurationMs } from "../input/units";
import { s, type Infer, type ParseContext } from "../input/schema";
import { parseIsoTimestampMs } from "./replay/iso-time";
import type { RecordingTime } from "./replay/recording-window";

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}[Tt ]/;

/** Reads a wall-clock time (ISO-8601 with a time zone) to epoch ms, or reports why not. */
function parseWallClock(value: unknown, ctx: ParseContext): number | undefined {
  if (typeof value !== "string") {
    ctx.addProblem(`expected an ISO-8601 time like "2025-11-28T13:00:00Z", got ${JSON.stringify(value)}`);
    return undefined;
  }
  const parsed = parseIsoTimestampMs(value);
  if (!parsed.ok) ctx.addProblem(parsed.message);
  return parsed.ok ? parsed.valueMs : undefined;
}

/** A wall-clock time like "2025-11-28T13:00:00Z"; output epoch ms. */
export const wallClockNode = (description: string) => s.custom<number, string>({
  parse: parseWallClock,
  jsonSchema: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:?\\d{2})$" },
  expected: 'an ISO-8601 time like "2025-11-28T13:00:00Z"',
  accepts: (value) => typeof value === "string",
  description,
});

/** A bound of a replay window: a wall-clock time, or a duration from the recording's start. */
const recordingTimeNode = (description: string) => s.custom<RecordingTime, string>({
  parse: (value, ctx) => {
    if (typeof value === "string" && ISO_LIKE.test(value)) {
      const atEpochMs = parseWallClock(value, ctx);
      return atEpochMs === undefined ? undefined : { atEpochMs };
    }
    const duration = parseDurationMs(value);
    if (!duration.ok) ctx.addProblem(`expected an ISO-8601 time like "2025-11-28T13:00:00Z" or a duration from the recording's start like "6h": ${duration.message}`);
    return duration.ok ? { offsetMs: duration.value } : undefined;
  },
  jsonSchema: { type: "string" },
  expected: 'a time like "2025-11-28T13:00:00Z" or a duration like "6h"',
  accepts: (value) => typeof value === "string" || value === 0,
  description,
});

const windowFields = {
  from: s.optional(recordingTimeNode("Replay from this point of the recording: a wall-clock time (\"2025-11-28T13:00:00Z\") or a duration from its start (\"6h\"). It becomes the run's time 0.")),
  to: s.optional(recordingTimeNode("Replay up to this point of the recording (a time or a duration from its start); no traffic after it.")),
};

const labelsNode = s.record(s.string({ description: "The label's value." }), { description: "Labels the series must have, e.g. { handler: \"/checkout\" }." });

/** The series (Prometheus) or column (CSV) of one request class. */
const classSeriesNode = s.oneOf([
  s.integer({ min: 0, description: "0-based index of the series (Prometheus) or column (CSV)." }),
  s.string({ minLength: 1, description: "Header name of the rate column (CSV)." }),
  labelsNode,
], { description: "Which series (an index or labels to match) or CSV column (a name or index) is this class's rate." });

/** A range query to run against a Prometheus server (by the CLI). */
const prometheusSourceNode = s.object({
  prometheus: s.optional(s.string({ pattern: /^https?:\/\/\S+$/, patternHint: "an http(s) URL like \"http://prometheus:9090\"", description: "Base URL of the Prometheus server (the CLI's --prometheus-url overrides it)." })),
  query: s.string({ minLength: 1, description: "PromQL for a request rate per second, e.g. sum(rate(http_requests_total{job=\"shop\"}[5m]))." }),
  start: wallClockNode("First evaluation time of the range query (ISO-8601)."),
  end: wallClockNode("Last evaluation time of the range query (ISO-8601)."),
  step: s.duration({ exclusiveMin: 0, description: "Range query resolution; each sample at t is replayed over (t - step, t]." }),
}, { description: "A Prometheus range query, fetched by the CLI when the scenario is checked (the engine never uses the network)." }).refine((source, ctx) => {
  if (source.end <= source.start) ctx.addProblem("must be after start", "end");
  const points = Math.floor((source.end - source.start) / source.step) + 1;
  if (points > 11_000) ctx.addProblem(`gives ${points} samples; Prometheus returns at most 11,000 per query: use a larger step or a shorter range`, "step");
});

/** workload.rate.replay: a recorded request rate. */
export const replaySchema = s.object({
  file: s.optional(s.string({ minLength: 1, description: "Path of the recorded traffic, relative to the scenario file." })),
  source: s.optional(prometheusSourceNode),
  format: s.optional(s.enumOf(["prometheus", "rate-csv"] as const, { description: "prometheus: the JSON of a range query for a request rate; rate-csv: interval start and rate per second. Required with file." })),
  unit: s.withDefault(s.enumOf(["s", "ms"] as const, { description: "Unit of CSV timestamps." }), "s"),
  series: s.optional(s.oneOf([s.integer({ min: 0, description: "0-based index of the series." }), labelsNode], { description: "Which series of a multi-series Prometheus result drives the workload: an index or labels to match." })),
  classes: s.optional(s.record(classSeriesNode, { minEntries: 1, description: "Several series (Prometheus) or rate columns (CSV) driving several request classes: class name -> its series or column. Every class needs one; their weights are then ignored." })),
  allowMonotonic: s.withDefault(s.boolean({ description: "Accept a series that only ever grows; by default that is refused as a raw counter (replay rate(...) of it instead)." }), false),
  ...windowFields,
}, { description: "Replay a recorded request rate, from a file or a Prometheus query." }).refine((replay, ctx) => {
  if ((replay.file === undefined) === (replay.source === undefined)) ctx.addProblem("give one of file (a saved export) or source (a Prometheus query)");
  if (replay.file !== undefined && replay.format === undefined) ctx.addProblem("required with file: prometheus or rate-csv", "format");
  if (replay.source !== undefined && replay.format === "rate-csv") ctx.addProblem("a Prometheus source gives prometheus data; leave format out", "format");
  if (replay.series !== undefined && replay.classes !== undefined) ctx.addProblem("give series (one series for all classes) or classes (one per class), not both", "classes");
});

const traceRuleNode = s.object({
  value: s.string({ description: "A value of the class column: exact, a prefix ending in * (\"/checkout*\"), or * for the rest." }),
  class: s.string({ description: "The request class of the requests it matches." }),
}, { description: "A rule: requests whose class column matches value belong to class." });

/** workload.trace: exact request timestamps. */
export const traceSchema = s.object({
  file: s.string({ minLength: 1, description: "CSV of request timestamps (an access log), relative to the scenario file." }),
  column: s.withDefault(s.oneOf([s.integer({ min: 0 }), s.string()], { description: "The timestamp column: a header name or 0-based index." }), 0),
  unit: s.withDefault(s.enumOf(["s", "ms"] as const, { description: "Unit of numeric timestamps." }), "s"),
  classes: s.optional(s.object({
    column: s.oneOf([s.integer({ min: 0 }), s.string()], { description: "The column that decides the class, e.g. path or method: a header name or 0-based index." }),
    match: s.array(traceRuleNode, { minItems: 1, description: "Rules tried in order; the first match gives the class; a request no rule matches is an error." }),
  }, { description: "Decide each request's class from a column of the log instead of the class weights." })),
  ...windowFields,
}, { description: "Replay exact request timestamps." });

/** A validated replay section. */
export type ReplayValue = Infer<typeof replaySchema>;

/**
 * The key under which the CLI hands the engine a fetched `source:` response in the scenario's
 * files (a file path never starts with "prometheus:").
 */
export function prometheusSourceKey(path: string): string {
  return `prometheus:${path}`;
}
