/**
 * Scenarios that replay traffic straight from Prometheus (`workload.rate.replay.source`): the
 * CLI reads and validates the scenario, runs each range query over HTTP, and compiles with
 * the responses handed in as files (under the keys `requiredQueries` names), so a run, its
 * workers and a sweep's identity all see the same bytes. `--prometheus-url` replaces the URL
 * the scenario gives (or supplies one it leaves out).
 */
import { formatDurationMs, requiredQueries } from "../engine";
import type { TextSink } from "./command";
import { CliError, ExitCode } from "./exit-codes";
import { fetchRangeQuery, RangeQueryError } from "./prometheus/range-query";
import { InterruptedError } from "./runner";
import { compileRead, formatNotes, problemsError, readScenario, type CheckedScenario, type CheckOptions } from "./scenario-input";

/** Options of {@link checkScenarioFetching}. */
export interface FetchingCheckOptions extends CheckOptions {
  /** --prometheus-url: the server for every source, instead of the scenario's. */
  prometheusUrl?: string;
  /** Aborts a fetch in flight (Ctrl-C). */
  signal?: AbortSignal;
  /** Where to print the compile's notes (none when undefined, e.g. --quiet). */
  notes?: TextSink;
}

/**
 * {@link readScenario}, the scenario's Prometheus queries fetched, then the compile; prints the
 * compile's notes to `options.notes`.
 * @throws CliError (exit 2) for problems in the scenario, a missing URL or a failed fetch.
 */
export async function checkScenarioFetching(argument: string, options: FetchingCheckOptions): Promise<CheckedScenario> {
  if (options.prometheusUrl !== undefined && !/^https?:\/\/\S+$/.test(options.prometheusUrl)) {
    throw new CliError(`--prometheus-url must be an http(s) URL like http://prometheus:9090, got ${JSON.stringify(options.prometheusUrl)}`, ExitCode.usage);
  }
  const read = readScenario(argument, options);
  for (const query of requiredQueries(read.parsed.scenario)) {
    const url = options.prometheusUrl ?? query.url;
    const line = read.parsed.lineOf(query.path.split("."));
    const at = { path: query.path, ...(line === undefined ? {} : { line }) };
    if (url === undefined) throw problemsError(read.displayName, [{ ...at, message: "no Prometheus server: give prometheus: http://... here, or --prometheus-url" }], false);
    try {
      read.files[query.key] = await fetchRangeQuery({ url, query: query.query, startMs: query.startMs, endMs: query.endMs, stepMs: query.stepMs }, options.signal === undefined ? {} : { signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) throw new InterruptedError();
      if (!(error instanceof RangeQueryError)) throw error;
      throw problemsError(read.displayName, [{ ...at, message: error.message }], false);
    }
  }
  const checked = compileRead(read);
  if (options.notes !== undefined) {
    if (read.durationFromWindowMs !== undefined) {
      options.notes.write(`clustersim: run.duration set to the replayed window, ${formatDurationMs(read.durationFromWindowMs)} (--from..--to; give --duration for another)\n`);
    }
    for (const note of formatNotes(checked)) options.notes.write(`${note}\n`);
  }
  return checked;
}
