/**
 * `run --metrics-out FILE --series-out FILE.csv --start TIME`: a run's window series for the
 * tools teams already look at production with. The option table fragment, the job request
 * (record per-window telemetry only when metrics are wanted: it costs a histogram scan per
 * window), and the output files, which the command writes together with its other outputs,
 * all or none.
 *
 * The wall-clock start: `--start`, else the scenario's `run.start`, else, for a scenario
 * replaying Prometheus data, the time its data's first interval begins (so the simulated day
 * lands on the recorded one), else {@link DEFAULT_START}. Backfilling into a live Prometheus
 * needs a start inside its retention and at least a few hours in the past (data overlapping
 * the live head block is refused): pick one with --start.
 */
import type { OptionSpecs, ParsedArgs } from "../args";
import type { CheckedScenario } from "../scenario-input";
import { usageError } from "../exit-codes";
import type { JobOutput } from "../job";
import type { Result } from "../../engine";
import { buildFamilies, type MetricFamily } from "./metric-families";
import { formatOpenMetrics } from "./openmetrics";
import { formatSeriesCsv } from "./series-csv";

/** The documented fixed epoch a run starts at when nothing else says: 2026-01-01T00:00:00Z. */
export const DEFAULT_START = "2026-01-01T00:00:00Z";

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/** The options of the exports (for a command's option table). */
export const TELEMETRY_OPTIONS: OptionSpecs = {
  "metrics-out": { type: "string", valueName: "FILE", description: "Also write the window series as OpenMetrics text with timestamps (promtool tsdb create-blocks-from openmetrics)." },
  "series-out": { type: "string", valueName: "FILE", description: "Also write the window series as CSV with ISO-8601 times." },
  start: { type: "string", valueName: "TIME", description: `Wall-clock time of the run's start for --metrics-out/--series-out, e.g. 2026-11-27T08:00:00Z (default: run.start, the replayed data's, else ${DEFAULT_START}).` },
  "prometheus-url": { type: "string", valueName: "URL", description: "Prometheus server for a replay source: (instead of the scenario's)." },
};

/**
 * What the jobs must record for the exports: undefined when no metrics file is wanted. Checks
 * --start first, so a typo fails before the runs.
 * @throws CliError (exit 2) for a bad --start.
 */
export function telemetryRequest(args: ParsedArgs, checked: CheckedScenario): { thresholdsMs: number[] } | undefined {
  exportStartMs(args, checked);
  if (args.string("metrics-out") === undefined) return undefined;
  const thresholdsMs = checked.scenario.slos.flatMap((slo) => (slo.latency !== undefined && slo.class === undefined ? [slo.latency.below] : []));
  return { thresholdsMs: [...new Set(thresholdsMs)] };
}

/** The wall-clock start, epoch ms. @throws CliError (exit 2) for a --start that is not an ISO-8601 time with a zone. */
export function exportStartMs(args: ParsedArgs, checked: CheckedScenario): number {
  const option = args.string("start");
  if (option !== undefined) {
    const parsed = ISO_WITH_ZONE.test(option) ? Date.parse(option) : NaN;
    if (Number.isNaN(parsed)) throw usageError(args.command, `--start must be an ISO-8601 time with a zone like 2026-11-27T08:00:00Z, got ${JSON.stringify(option)}`);
    return parsed;
  }
  return checked.scenario.run.start ?? checked.loaded.recordingOriginMs ?? Date.parse(DEFAULT_START);
}

/**
 * The export files asked for (none without --metrics-out/--series-out), as `{ path, text }` for
 * the command's all-or-none write. `outputs` are the jobs' outputs, in seed order.
 */
export function telemetryFiles(args: ParsedArgs, context: { checked: CheckedScenario; results: readonly Result[]; outputs: readonly JobOutput[] }): Array<{ path: string; text: string }> {
  const metricsPath = args.string("metrics-out");
  const seriesPath = args.string("series-out");
  if (metricsPath === undefined && seriesPath === undefined) return [];
  const startEpochMs = exportStartMs(args, context.checked);
  const files: Array<{ path: string; text: string }> = [];
  if (metricsPath !== undefined) {
    const slos = context.checked.scenario.slos.map((slo) => ({
      name: slo.name,
      ...(slo.class === undefined ? {} : { class: slo.class }),
      ...(slo.latency === undefined ? {} : { latency: { quantile: Number(slo.latency.percentile.slice(1)) / 100, thresholdMs: slo.latency.below } }),
      ...(slo.availability === undefined ? {} : { availability: slo.availability }),
    }));
    const perSeed = context.results.map((result, i) => {
      const output = context.outputs[i];
      const telemetry = output?.kind === "result" ? output.telemetry : undefined;
      return buildFamilies({ result, startEpochMs, slos, ...(telemetry === undefined ? {} : { telemetry }) });
    });
    files.push({ path: metricsPath, text: formatOpenMetrics(mergeFamilies(perSeed)) });
  }
  if (seriesPath !== undefined) files.push({ path: seriesPath, text: formatSeriesCsv(context.results, startEpochMs) });
  return files;
}

/** One family per name, its series from every seed in order (OpenMetrics forbids a family twice). */
export function mergeFamilies(perSeed: ReadonlyArray<readonly MetricFamily[]>): MetricFamily[] {
  const merged = new Map<string, MetricFamily>();
  for (const families of perSeed) {
    for (const family of families) {
      const seen = merged.get(family.name);
      if (seen === undefined) merged.set(family.name, { ...family, series: [...family.series] } as MetricFamily);
      else (seen.series as unknown[]).push(...family.series);
    }
  }
  return [...merged.values()];
}
