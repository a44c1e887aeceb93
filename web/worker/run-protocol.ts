/**
 * What crosses the worker boundary: run requests, progress reports and outcomes, and the
 * capacity planner's runs (a scenario source and `{overrides, seed}` in, the planner's small
 * run summary out).
 *
 * Everything here is plain data (structured-clone safe). Series travel as columns of
 * Float64Array, one per measure (`offeredPerS`, `group/web/nodesUp`...), with NaN where the
 * Result has null, so their buffers can be transferred instead of copied. The worker packs the
 * engine's Series with {@link packSeries}; the page appends live chunks with
 * {@link appendColumns}. Problems keep the engine's `{path, message, line}` shape so the editor
 * can highlight the field.
 */
import type { PlanScenarioSource, Problem, ReadonlySeries, Result, RunRequest as PlanRunRequest, RunSummary as PlanRunSummary } from "../../engine/index";

/** What to run. */
export interface RunRequest {
  /** Scenario text (YAML or JSON), exactly as the CLI would read it. */
  scenarioText: string;
  /** Text of the data files the scenario refers to, by the path written in the scenario. */
  files: Record<string, string>;
  /** Root seed; the scenario's own seed when absent (the CLI's --seed). */
  seed?: number;
  /** `path=value` overrides (the CLI's --set). */
  overrides?: string[];
  /** Send series windows with progress reports (live charts); off for pool replications. */
  live?: boolean;
  /** Return the series and the heatmap in the outcome (off for planner points). */
  withSeries?: boolean;
  /** Return the full Result JSON text (for export); off for pool replications. */
  withJson?: boolean;
  /**
   * Start from a snapshot instead of time 0 (web/worker/snapshot-store.ts): `fork` restores the
   * latest snapshot the worker kept of run `base` before `atMs` (this request's scenario must be
   * `base`'s with faults added after it; otherwise, or without a snapshot, the run starts at 0);
   * `snapshot` continues an engine RunSnapshot given as JSON text (one taken by the CLI or in
   * Node: this request's scenario must be the one it was taken of).
   */
  resume?: { kind: "fork"; base: { scenarioText: string; files: Record<string, string>; seed?: number; overrides?: string[] }; atMs: number } | { kind: "snapshot"; snapshotText: string };
  /**
   * The page's busy flag ({@link PAGE_BUSY_FLAG_BYTES} of shared memory, web/app/page-busy.ts): while the page draws a frame, or
   * one is due shortly, the run waits between slices, bounded, so the page draws without
   * competing for a core. Absent: not paced.
   */
  pageBusy?: Int32Array;
}

/**
 * The page-busy flag's layout, shared by the page (web/app/page-busy.ts writes it) and the
 * worker (web/worker/page-pacing.ts reads it): an Int32Array over this many bytes of shared
 * memory, the page's state at index 0 and, at bytes 8-15, when the awaited frame is due (a
 * Float64 in ms since the epoch, `performance.timeOrigin + performance.now()` on both threads).
 */
export const PAGE_BUSY_FLAG_BYTES = 16;
/** The page's states in the flag's index 0: no frame work, the worker runs. */
export const PAGE_IDLE = 0;
/** A frame's jobs run, or its layout and paint: the worker holds. */
export const PAGE_DRAWING = 1;
/** Jobs wait for the next frame, due at the time in {@link frameDueView}: the worker runs until shortly before. */
export const PAGE_AWAITING_FRAME = 2;

/** The awaited frame's due time (epoch ms) in the flag's shared memory. */
export function frameDueView(flag: Int32Array): Float64Array {
  return new Float64Array(flag.buffer, 8, 1);
}

/** Series as named columns; every column has `length` entries (NaN = no value). */
export interface SeriesColumns {
  windowMs: number;
  length: number;
  /** Column names in a fixed order (see {@link seriesColumnNames}). */
  names: string[];
  columns: Record<string, Float64Array>;
}

/** Latency heatmap: per window, counts of successful requests per latency bin. */
export interface Heatmap {
  /** Bin edges, ms, ascending; bin b covers (edgesMs[b], edgesMs[b + 1]]. */
  edgesMs: number[];
  /** Windows recorded so far. */
  length: number;
  /** Row-major counts: window w, bin b at w * bins + b. */
  counts: Float64Array;
}

/**
 * Each node's state at the end of each window (see node-state-recorder.ts). Row-major:
 * window w, node n at w * names.length + n.
 */
export interface NodeStates {
  names: string[];
  /** Group and zone of each node. */
  groups: string[];
  zones: string[];
  windows: number;
  /** Codes (NODE_CODE): 0 up, 1 down, 2 booting, 3 retired, 100 up but slow, 255 not yet created. */
  states: Uint8Array;
  /** Jobs at the node (in service + queued) at the window's end. */
  jobs: Float32Array;
  /** True when the recorder stopped early to bound memory. */
  truncated: boolean;
}

/** A progress report, sent a few times per second. */
export interface RunProgressReport {
  nowMs: number;
  durationMs: number;
  events: number;
  /** Share of the run's work done, in [0, 1] (RunProgress.workShare): what the progress bar shows. */
  workShare: number;
  /** Kernel events this worker simulated (`events` less those before a restore). */
  eventsSimulated: number;
  /** Kernel events per wall-clock second simulated by this worker so far. */
  eventsPerS: number;
  /** Simulated time the run was restored at (the first report of a restored live run). */
  resumedFromMs?: number;
  /** Wall-clock time from the request to the restored run being ready, ms (with resumedFromMs). */
  restoreMs?: number;
  /** Estimated wall-clock time left, ms, from the work this worker did so far (null until there is a rate). */
  etaMs: number | null;
  /** Windows closed since the previous report (live runs only). */
  chunk?: { series: SeriesColumns; heatmap: Heatmap };
}

/** The Result without its series (small: cloned, not transferred). */
export type ResultSummary = Omit<Result, "series">;

/** How a run ended. */
export type RunOutcome =
  | {
      kind: "done";
      /** resultDigest of the Result: equal digests mean byte-identical Result JSON. */
      digest: string;
      summary: ResultSummary;
      series?: SeriesColumns;
      heatmap?: Heatmap;
      nodes?: NodeStates;
      /** serializeResult(result): the exact bytes the digest covers. */
      resultJson?: string;
      /** Wall-clock time of the run in the worker, ms. */
      wallMs: number;
      /** Simulated time the run was restored at (absent or null: it ran from time 0). */
      resumedFromMs?: number | null;
      /** Wall-clock time from the request to the restored run being ready, ms (resumed runs). */
      restoreMs?: number;
      /** Why a requested resume ran from time 0 instead (no snapshot, a change a fork cannot make). */
      resumeNote?: string;
      /** Kernel events this worker simulated (all of them, less those before a restore). */
      eventsSimulated?: number;
    }
  | { kind: "invalid"; problems: Problem[] }
  | { kind: "cancelled" }
  | { kind: "error"; message: string };

/** How a capacity-planner run ended: the planner's summary of its Result, or why there is none. */
/**
 * How one planner run ended. `forked`: the run went on from a snapshot of its run before the
 * crash, which another failure case of the same size and seed kept in this worker
 * (engine/plan/shared-prefix.ts); its summary is the same as a run from time 0.
 */
export type PlanRunOutcome = { kind: "done"; summary: PlanRunSummary; forked: boolean } | { kind: "cancelled" } | { kind: "error"; message: string };

/** The object the worker exposes through comlink. */
export interface WorkerApi {
  /** Runs one scenario; progress arrives through `onProgress` (a comlink proxy). */
  run(request: RunRequest, onProgress?: (report: RunProgressReport) => void): Promise<RunOutcome>;
  /** Runs one of the capacity planner's runs to the end (the engine's runForPlan, as the CLI's workers do). */
  plan(source: PlanScenarioSource, request: PlanRunRequest): Promise<PlanRunOutcome>;
  /** Stops the current run at its next slice boundary; its `run` resolves `cancelled`. */
  cancel(): void;
}

/** The column names of a Series in their fixed order. */
export function seriesColumnNames(series: Pick<ReadonlySeries, "groups" | "classes" | "replicated" | "rollingUpdates">): string[] {
  const names = ["startMs", "offeredPerS", "succeededPerS", "failedPerS", "errorRate", "latencyP50Ms", "latencyP99Ms", "latencyP999Ms", "inSystem"];
  for (const g of series.groups) names.push(`group/${g.name}/utilisation`, `group/${g.name}/queueLengthMean`, `group/${g.name}/nodesUp`, `group/${g.name}/nodesTotal`);
  for (const c of series.classes) names.push(`class/${c.name}/succeededPerS`, `class/${c.name}/failedPerS`, `class/${c.name}/latencyP99Ms`);
  for (const r of series.replicated) names.push(`replicated/${r.name}/leadersMax`);
  for (const u of series.rollingUpdates) names.push(`rolling/${u.name}/oldVersionMs`, `rolling/${u.name}/newVersionMs`, `rolling/${u.name}/oldVersionP99Ms`, `rolling/${u.name}/newVersionP99Ms`);
  return names;
}

/** Reads one named column of a Series as numbers-or-null. */
function seriesColumn(series: ReadonlySeries, name: string): ReadonlyArray<number | null> {
  const parts = name.split("/");
  if (parts.length === 1) return series[name as "offeredPerS"];
  const [kind, owner, measure] = parts as [string, string, string];
  const list = kind === "group" ? series.groups : kind === "class" ? series.classes : kind === "replicated" ? series.replicated : series.rollingUpdates;
  const entry = list.find((e) => e.name === owner) as unknown as Record<string, ReadonlyArray<number | null>>;
  return entry[measure]!;
}

/** Packs windows [from, to) of a Series into columns (nulls become NaN). */
export function packSeries(series: ReadonlySeries, range: { from: number; to: number }): SeriesColumns {
  const names = seriesColumnNames(series);
  const length = Math.max(0, range.to - range.from);
  const columns: Record<string, Float64Array> = {};
  for (const name of names) {
    const source = seriesColumn(series, name);
    const column = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      const value = source[range.from + i];
      column[i] = value === null || value === undefined ? NaN : value;
    }
    columns[name] = column;
  }
  return { windowMs: series.windowMs, length, names, columns };
}

/** The buffers of a packed series, heatmap and node states, for comlink's transfer list. */
export function transferables(series: SeriesColumns | undefined, heatmap?: Heatmap, nodes?: NodeStates): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  if (series) for (const name of series.names) buffers.push(series.columns[name]!.buffer as ArrayBuffer);
  if (heatmap) buffers.push(heatmap.counts.buffer as ArrayBuffer);
  if (nodes) buffers.push(nodes.states.buffer as ArrayBuffer, nodes.jobs.buffer as ArrayBuffer);
  return buffers;
}

/** An empty column set with the same names (the start of a live run). */
export function emptyColumns(like: SeriesColumns): SeriesColumns {
  const columns: Record<string, Float64Array> = {};
  for (const name of like.names) columns[name] = new Float64Array(0);
  return { windowMs: like.windowMs, length: 0, names: like.names.slice(), columns };
}

/** `base` followed by `more` (a new object; columns grow geometrically in spirit: callers batch). */
export function appendColumns(base: SeriesColumns | undefined, more: SeriesColumns): SeriesColumns {
  if (!base || base.length === 0) return more;
  const columns: Record<string, Float64Array> = {};
  const length = base.length + more.length;
  for (const name of base.names) {
    const column = new Float64Array(length);
    column.set(base.columns[name]!, 0);
    const tail = more.columns[name];
    if (tail) column.set(tail, base.length);
    else column.fill(NaN, base.length);
    columns[name] = column;
  }
  return { windowMs: base.windowMs, length, names: base.names, columns };
}

/** `base` followed by `more` for heatmaps with the same edges. */
export function appendHeatmap(base: Heatmap | undefined, more: Heatmap): Heatmap {
  if (!base || base.length === 0) return more;
  const counts = new Float64Array(base.counts.length + more.counts.length);
  counts.set(base.counts, 0);
  counts.set(more.counts, base.counts.length);
  return { edgesMs: base.edgesMs, length: base.length + more.length, counts };
}
