/**
 * The worker's run loop: one scenario, in slices, with progress, live series and cancel.
 *
 * The engine runs synchronously inside `run.advance({ eventsMax })`; comlink cannot interrupt
 * it, so the loop runs slices sized to about {@link SLICE_TARGET_MS} of wall time and, every
 * {@link YIELD_EVERY_MS}, yields to the worker's event loop (`yieldNow`), where a cancel
 * message can arrive. Slicing never changes the order of events, so the Result, and its
 * digest, equal the CLI's for the same scenario, seed and overrides.
 *
 * A live run started by the page is also paced by it (`holdForPage`, page-pacing.ts): slices of
 * {@link PACED_SLICE_TARGET_MS}, and before each one a bounded wait while the page has frame work.
 *
 * Wall-clock reads (`clockMs`) and holds only pace slices and progress reports; nothing read
 * from the clock reaches the engine.
 */
import { digestString, ForkError, loadScenario, resumeRun, serializeResult, startRun, type ModelRun, type ReadonlySeries, type Result, type RunProgress, type RunSpec } from "../../engine/index";
import { HeatmapRecorder } from "./heatmap-recorder";
import { NodeStateRecorder } from "./node-state-recorder";
import { packSeries, type RunOutcome, type RunProgressReport, type RunRequest, type ResultSummary } from "./run-protocol";
import { runKey, SNAPSHOTS_PER_RUN, type SnapshotStore, type StoredSnapshot } from "./snapshot-store";

/** Wall time one slice aims for, ms. */
export const SLICE_TARGET_MS = 15;
/** Wall time one slice aims for when the page paces the run (so a hold starts soon), ms. */
export const PACED_SLICE_TARGET_MS = 5;
/** Longest stretch without yielding to the worker's event loop, ms (bounds cancel latency). */
export const YIELD_EVERY_MS = 40;
/** Interval between progress reports, ms. */
export const PROGRESS_EVERY_MS = 200;

/** What the loop needs from its host (a worker, or a test). */
export interface RunLoopHost {
  /** Wall clock, ms (performance.now in a worker). */
  clockMs(): number;
  /** Lets pending messages (cancel) run; resolves soon. */
  yieldNow(): Promise<void>;
  /** True once the run should stop. */
  isCancelled(): boolean;
  /** Receives progress reports (may be a comlink proxy). */
  onProgress?: (report: RunProgressReport) => void;
  /**
   * Called before every slice: returns once the page has no frame work waiting, or after a
   * bounded wait (page-pacing.ts). Absent: the run is not paced.
   */
  holdForPage?: () => void;
}

/**
 * Runs a request to an outcome; never throws for bad input (returns `invalid`). With a `store`,
 * a live run leaves snapshots there and a `resume` request starts from one (snapshot-store.ts).
 */
export async function runScenario(request: RunRequest, host: RunLoopHost, store: SnapshotStore | null = null): Promise<RunOutcome> {
  const requestedMs = host.clockMs();
  const options = { files: request.files, ...(request.seed === undefined ? {} : { seed: request.seed }), ...(request.overrides ? { overrides: request.overrides } : {}) };
  const loaded = loadScenario(request.scenarioText, options);
  if (!loaded.ok) return { kind: "invalid", problems: loaded.problems };
  // A resumed run is built by the restore; only a run from time 0 is built here.
  let run: ModelRun | null = null;
  let heatmap = request.withSeries || request.live ? new HeatmapRecorder() : null;
  let nodes = request.withSeries ? new NodeStateRecorder() : null;
  const resumed: { fromMs: number | null; restoreMs?: number; note?: string; events: number } = { fromMs: null, events: 0 };
  if (request.resume !== undefined) {
    const restored = restoreFor(request.resume, loaded.spec, store);
    if ("note" in restored) resumed.note = restored.note;
    else {
      run = restored.run;
      resumed.fromMs = restored.atMs;
      if (heatmap) heatmap = restored.heatmap?.copy() ?? heatmap;
      if (nodes) nodes = restored.nodes?.copy() ?? nodes;
      resumed.restoreMs = host.clockMs() - requestedMs;
      resumed.events = run.advance({ eventsMax: 0 }).events;
    }
  }
  if (run === null) run = startRun(loaded, options).run;
  // A live run leaves snapshots for forks, evenly over its length.
  const key = runKey(request);
  const snapshotEveryMs = run.durationMs / SNAPSHOTS_PER_RUN;
  let nextSnapshotMs = store !== null && request.live ? Math.floor(run.nowMs / snapshotEveryMs + 1) * snapshotEveryMs : Infinity;
  if (nextSnapshotMs !== Infinity) store!.begin(key);
  if (heatmap) run.onWindowClose(heatmap.listener);
  if (nodes) run.onWindowClose(nodes.listener);
  // The run's series, from its first window on (it only grows): live chunks are cut from it.
  const watched: { series?: ReadonlySeries } = {};
  if (request.live) run.onWindowClose((window) => { watched.series = window.series; });
  const from = { events: resumed.events, workShare: run.workShare };
  let shownShare = from.workShare;
  const startedMs = host.clockMs();
  let eventsMax = 5_000;
  const sliceTargetMs = host.holdForPage === undefined ? SLICE_TARGET_MS : PACED_SLICE_TARGET_MS;
  let lastYieldMs = startedMs;
  let lastReportMs = startedMs;
  let sentWindows = 0;
  // A restored live run shows its past at once: the first report carries every window before
  // the snapshot (and the heatmap's rows), before a single event is simulated.
  if (resumed.fromMs !== null && request.live && host.onProgress) {
    const report = progressReport(run.advance({ eventsMax: 0 }), 0, from, from.workShare);
    report.resumedFromMs = resumed.fromMs;
    if (resumed.restoreMs !== undefined) report.restoreMs = resumed.restoreMs;
    if (heatmap) {
      report.chunk = { series: packSeries(run.series, { from: 0, to: run.series.startMs.length }), heatmap: heatmap.takeNew() };
      sentWindows = run.series.startMs.length;
    }
    host.onProgress(report);
    await host.yieldNow();
    lastYieldMs = host.clockMs();
    if (host.isCancelled()) return { kind: "cancelled" };
  }
  for (;;) {
    // Paced by the page: wait while it has frame work (bounded; a slice runs between two
    // holds, so the run always moves). Only when slices run changes, never their events.
    host.holdForPage?.();
    const sliceStartMs = host.clockMs();
    const progress = run.advance({ eventsMax, untilMs: nextSnapshotMs });
    if (!progress.done && progress.nowMs >= nextSnapshotMs) {
      // A snapshot is tens of milliseconds of one piece: not while the page draws either.
      host.holdForPage?.();
      nextSnapshotMs = keepSnapshot(store!, key, run, { heatmap, nodes }) ? nextSnapshotMs + snapshotEveryMs : Infinity;
    }
    const nowMs = host.clockMs();
    eventsMax = nextSliceSize(eventsMax, nowMs - sliceStartMs, sliceTargetMs);
    if (progress.done) break;
    if (nowMs - lastReportMs >= PROGRESS_EVERY_MS && host.onProgress) {
      lastReportMs = nowMs;
      const report = progressReport(progress, nowMs - startedMs, from, shownShare);
      shownShare = report.workShare;
      const series = watched.series;
      if (request.live && heatmap && series !== undefined) {
        report.chunk = { series: packSeries(series, { from: sentWindows, to: series.startMs.length }), heatmap: heatmap.takeNew() };
        sentWindows = series.startMs.length;
      }
      host.onProgress(report);
    }
    if (nowMs - lastYieldMs >= YIELD_EVERY_MS) {
      await host.yieldNow();
      lastYieldMs = host.clockMs();
      if (host.isCancelled()) return { kind: "cancelled" };
    }
  }
  const result = run.result();
  const outcome = finish(result, request, { heatmap, nodes, wallMs: host.clockMs() - startedMs });
  if (outcome.kind === "done") {
    outcome.resumedFromMs = resumed.fromMs;
    if (resumed.restoreMs !== undefined) outcome.restoreMs = resumed.restoreMs;
    if (resumed.note !== undefined) outcome.resumeNote = resumed.note;
    outcome.eventsSimulated = result.events - resumed.events;
  }
  return outcome;
}

type Restored = { run: ModelRun; atMs: number; heatmap: HeatmapRecorder | null; nodes: NodeStateRecorder | null } | { note: string };

/** The run a resume request starts from, or why it starts from time 0. */
function restoreFor(resume: NonNullable<RunRequest["resume"]>, spec: RunSpec, store: SnapshotStore | null): Restored {
  try {
    if (resume.kind === "snapshot") {
      const run = resumeRun(JSON.parse(resume.snapshotText) as unknown, { spec });
      return { run, atMs: run.nowMs, heatmap: null, nodes: null };
    }
    // The nearest snapshot before the fork: a restored run simulates as fast as a fresh one
    // (engine/core/snapshot-codec.ts), so any snapshot saves the time up to it. A hybrid run's
    // snapshot taken in a window it planned without the fork's fault does not fit, but an
    // earlier one may.
    const key = runKey(resume.base);
    let stored: StoredSnapshot | null = store?.nearestBefore(key, resume.atMs) ?? null;
    if (stored === null) return { note: "no snapshot of the original run before the fork's time: ran from the start" };
    for (;;) {
      const { text, atMs, heatmap, nodes }: StoredSnapshot = stored;
      try {
        return { run: resumeRun(JSON.parse(text) as unknown, { spec }), atMs, heatmap, nodes };
      } catch (error) {
        stored = error instanceof ForkError && error.earlierMayFit ? store!.nearestBefore(key, atMs) : null;
        if (stored === null) throw error;
      }
    }
  } catch (error) {
    return { note: `${error instanceof Error ? error.message : String(error)}: ran from the start` };
  }
}

/** Saves a snapshot of `run`; false (and the run's snapshots dropped) when it cannot be saved. */
function keepSnapshot(store: SnapshotStore, key: string, run: ModelRun, recorders: { heatmap: HeatmapRecorder | null; nodes: NodeStateRecorder | null }): boolean {
  try {
    const text = JSON.stringify(run.snapshot());
    store.add(key, { atMs: run.nowMs, text, heatmap: recorders.heatmap?.copy() ?? null, nodes: recorders.nodes?.copy() ?? null });
    return true;
  } catch {
    // A mechanism that cannot be saved yet (replication, data tier): forks of this run start at 0.
    store.drop(key);
    return false;
  }
}

/** Grows or shrinks the slice so one slice takes about `targetMs` (default SLICE_TARGET_MS). */
export function nextSliceSize(eventsMax: number, tookMs: number, targetMs = SLICE_TARGET_MS): number {
  if (tookMs <= 0) return Math.min(eventsMax * 2, 2_000_000);
  const scaled = eventsMax * (targetMs / tookMs);
  return Math.round(Math.min(Math.max(scaled, eventsMax / 2, 1_000), eventsMax * 2, 2_000_000));
}

/**
 * A progress report; `from`: where this worker's share of the run began (the restored events
 * and work share; zeros for a run from time 0). The time left is estimated from the work this
 * worker did in `elapsedMs`: work is the run's expected requests, or in a hybrid run those it
 * simulates discretely (engine RunProgress.workShare), not its simulated time, so a spike
 * still ahead counts as the work it is. A hybrid run's share can step back a little when a
 * window it expected to run fluid runs discrete; the report never shows less than `shownShare`,
 * the share reported before.
 */
function progressReport(progress: RunProgress, elapsedMs: number, from: { events: number; workShare: number }, shownShare: number): RunProgressReport {
  const eventsSimulated = progress.events - from.events;
  const eventsPerS = elapsedMs > 0 ? (eventsSimulated * 1000) / elapsedMs : 0;
  const workShare = Math.max(progress.workShare, shownShare);
  const left = 1 - from.workShare;
  const share = left > 0 ? (workShare - from.workShare) / left : 0;
  const etaMs = share > 0.01 ? (elapsedMs * (1 - share)) / share : null;
  return { nowMs: progress.nowMs, durationMs: progress.durationMs, events: progress.events, workShare, eventsSimulated, eventsPerS, etaMs };
}

function finish(result: Result, request: RunRequest, extra: { heatmap: HeatmapRecorder | null; nodes: NodeStateRecorder | null; wallMs: number }): RunOutcome {
  const json = serializeResult(result);
  const { series, ...rest } = result;
  const summary: ResultSummary = rest;
  // digestString(serializeResult(r)) is resultDigest(r), without serialising twice.
  const outcome: RunOutcome = { kind: "done", digest: digestString(json), summary, wallMs: extra.wallMs };
  if (request.withSeries) {
    outcome.series = packSeries(series, { from: 0, to: series.startMs.length });
    if (extra.heatmap) outcome.heatmap = extra.heatmap.slice(0, extra.heatmap.length);
    if (extra.nodes) outcome.nodes = extra.nodes.snapshot();
  }
  if (request.withJson) outcome.resultJson = json;
  return outcome;
}
