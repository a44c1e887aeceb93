/**
 * Starting runs from the page: creates a run record, streams progress and live series into it
 * and fills in the outcome. Views only read records; redraws are batched to one per animation
 * frame however fast progress arrives.
 */
import { appendColumns, appendHeatmap, type RunOutcome, type RunProgressReport } from "../worker/run-protocol";
import type { RunClient } from "../worker/run-client";
import type { WorkerPool } from "../worker/worker-pool";
import { pageBusyFlag } from "./page-busy";
import type { AppStore, RunRecord } from "./store";

/** What views get: the state, the engine worker, the replication pool and navigation. */
export interface AppContext {
  store: AppStore;
  client: RunClient;
  pool: WorkerPool;
  navigate(route: string): void;
  /** Shows a short message in the page's status line. */
  notify(message: string): void;
}

/** The inputs of a run. */
export interface RunInput {
  label: string;
  scenarioText: string;
  files: Record<string, string>;
  seed: number | null;
  overrides: string[];
  expectedDigest?: string | null;
  marks?: Array<{ atMs: number; label: string }>;
  /** The run this one forks (compare shows them together). */
  forkOf?: number;
  /** The run this one is an experiment on (compare shows them together). */
  variantOf?: number;
  /** The built-in scenario it came from, if any (the gallery shows its last outcome). */
  sourceId?: string | null;
}

let frameRequested = false;

/** Notifies the store at most once per animation frame. */
export function changedSoon(store: AppStore): void {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(() => {
    frameRequested = false;
    store.changed();
  });
}

/** The progress handler of a live run: progress and new windows go into `record`. */
function liveProgress(record: RunRecord, store: AppStore): (report: RunProgressReport) => void {
  return (report) => {
    if (record.status !== "running") return;
    const { chunk, resumedFromMs, restoreMs, ...progress } = report;
    record.progress = progress;
    if (resumedFromMs !== undefined) {
      record.resumedFromMs = resumedFromMs;
      performance.mark("clustersim:fork-restored", { detail: { run: record.id } });
    }
    if (restoreMs !== undefined) record.restoreMs = restoreMs;
    if (chunk) {
      record.series = appendColumns(record.series, chunk.series);
      record.heatmap = appendHeatmap(record.heatmap, chunk.heatmap);
    }
    changedSoon(store);
  };
}

/** Runs a scenario in the main engine worker with live progress; resolves when it ends. */
export async function startRun(context: AppContext, input: RunInput): Promise<RunRecord> {
  const { store, client } = context;
  const record = store.addRun({ ...input });
  // Marks for tools and tests: long tasks between these two belong to this run.
  performance.mark("clustersim:run-start", { detail: { run: record.id } });
  const outcome = await client.run(
    {
      scenarioText: input.scenarioText,
      files: input.files,
      ...(input.seed === null ? {} : { seed: input.seed }),
      overrides: input.overrides,
      live: true,
      withSeries: true,
      withJson: true,
      // Paced by the page: the run waits between slices while the page draws (page-busy.ts).
      ...(pageBusyFlag ? { pageBusy: pageBusyFlag } : {}),
    },
    liveProgress(record, store),
  );
  applyOutcome(record, outcome);
  store.changed();
  void store.archiveRun(record);
  performance.mark("clustersim:run-end", { detail: { run: record.id, status: record.status } });
  return record;
}

/**
 * Runs a scenario in the worker pool (no live charts; the main worker keeps its run) and keeps
 * it as a run record with series, for compare and forks.
 */
export async function startPooledRun(context: AppContext, input: RunInput): Promise<RunRecord> {
  const { store, pool } = context;
  const record = store.addRun({ ...input });
  const outcome = await pool.submit({
    scenarioText: input.scenarioText,
    files: input.files,
    ...(input.seed === null ? {} : { seed: input.seed }),
    overrides: input.overrides,
    withSeries: true,
    withJson: true,
  });
  applyOutcome(record, outcome);
  store.changed();
  void store.archiveRun(record);
  return record;
}

/**
 * Runs a fork of `original` in the main engine worker, which kept snapshots of the original while
 * it ran: the worker restores the latest one before the fork's time and simulates only from
 * there (web/worker/snapshot-store.ts), or runs from time 0 when it cannot (it says why). The
 * fork is live: its first report carries the restored past (every window before the snapshot),
 * so its charts show at once, and it goes on like any live run.
 */
export async function startForkRun(context: AppContext, input: RunInput, original: RunRecord, atMs: number): Promise<RunRecord> {
  const { store, client } = context;
  const record = store.addRun({ ...input });
  performance.mark("clustersim:fork-start", { detail: { run: record.id } });
  const seedOf = (seed: number | null) => (seed === null ? {} : { seed });
  const outcome = await client.run({
    scenarioText: input.scenarioText,
    files: input.files,
    ...seedOf(input.seed),
    overrides: input.overrides,
    live: true,
    withSeries: true,
    withJson: true,
    // Not paced by the page (page-busy.ts): a fork is about a second of simulation while the
    // page draws its restored past, and holding it would add half of that again.
    resume: { kind: "fork", base: { scenarioText: original.scenarioText, files: original.files, ...seedOf(original.seed), overrides: original.overrides }, atMs },
  }, liveProgress(record, store));
  applyOutcome(record, outcome);
  if (outcome.kind === "done") {
    record.resumedFromMs = outcome.resumedFromMs ?? null;
    if (outcome.restoreMs !== undefined) record.restoreMs = outcome.restoreMs;
    if (outcome.resumeNote !== undefined) record.resumeNote = outcome.resumeNote;
    if (outcome.eventsSimulated !== undefined) record.eventsSimulated = outcome.eventsSimulated;
  }
  store.changed();
  return record;
}

/** Copies a run's outcome into its record. */
function applyOutcome(record: RunRecord, outcome: RunOutcome): void {
  switch (outcome.kind) {
    case "done":
      record.status = "done";
      record.summary = outcome.summary;
      record.digest = outcome.digest;
      if (outcome.series) record.series = outcome.series;
      if (outcome.heatmap) record.heatmap = outcome.heatmap;
      if (outcome.nodes) record.nodes = outcome.nodes;
      if (outcome.resultJson !== undefined) record.resultJson = outcome.resultJson;
      record.wallMs = outcome.wallMs;
      if (record.progress) record.progress = { ...record.progress, nowMs: record.progress.durationMs, workShare: 1, etaMs: 0 };
      break;
    case "invalid":
      record.status = "invalid";
      record.problems = outcome.problems;
      break;
    case "cancelled":
      record.status = "cancelled";
      break;
    case "error":
      record.status = "error";
      record.message = outcome.message;
      break;
  }
}
