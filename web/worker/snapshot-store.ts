/**
 * The worker's snapshots of its recent runs, for "fork from here" without re-running from zero.
 *
 * While a live run goes, the run loop saves the engine's snapshot of the run
 * (ModelRun.snapshot, as JSON text) every 1/{@link SNAPSHOTS_PER_RUN} of the run's simulated
 * length, with copies of the page's recorders (heatmap rows, node states: a fork's charts start
 * at time 0). A fork of that run restores the latest snapshot strictly before the fork's time
 * and simulates only from there.
 *
 * Bounded memory: at most {@link SNAPSHOTS_PER_RUN} snapshots for each of the last
 * {@link RUNS_KEPT} runs (black-friday's are about 1 MB of JSON each: about 24 MB in all).
 * Runs are known by a key over what makes them the same run (scenario text, files, seed,
 * overrides).
 */
import { digestString } from "../../engine/index";
import type { HeatmapRecorder } from "./heatmap-recorder";
import type { NodeStateRecorder } from "./node-state-recorder";

/** Snapshots kept per run. */
export const SNAPSHOTS_PER_RUN = 12;
/** Runs whose snapshots are kept (the most recent). */
export const RUNS_KEPT = 2;

/** One saved moment of a run. */
export interface StoredSnapshot {
  atMs: number;
  /** JSON text of the engine's RunSnapshot. */
  text: string;
  heatmap: HeatmapRecorder | null;
  nodes: NodeStateRecorder | null;
}

/** What identifies a run. */
export interface RunIdentity {
  scenarioText: string;
  files: Record<string, string>;
  seed?: number;
  overrides?: string[];
}

/** The key of a run: equal keys, same run. */
export function runKey(identity: RunIdentity): string {
  const files = Object.keys(identity.files).sort().map((name) => [name, identity.files[name]]);
  return digestString(JSON.stringify([identity.scenarioText, files, identity.seed ?? null, identity.overrides ?? []]));
}

/** Snapshots of the last {@link RUNS_KEPT} runs. */
export class SnapshotStore {
  private readonly runs = new Map<string, StoredSnapshot[]>();

  /** Starts keeping snapshots for run `key` (forgetting its old ones and the oldest run's). */
  begin(key: string): void {
    this.runs.delete(key);
    this.runs.set(key, []);
    while (this.runs.size > RUNS_KEPT) this.runs.delete(this.runs.keys().next().value!);
  }

  /** Adds a snapshot of run `key` (ignored past the bound). */
  add(key: string, snapshot: StoredSnapshot): void {
    const list = this.runs.get(key);
    if (list !== undefined && list.length < SNAPSHOTS_PER_RUN) list.push(snapshot);
  }

  /** Forgets run `key` (its snapshots are incomplete or unusable). */
  drop(key: string): void {
    this.runs.delete(key);
  }

  /** The latest snapshot of run `key` strictly before `atMs`, or null. */
  nearestBefore(key: string, atMs: number): StoredSnapshot | null {
    let best: StoredSnapshot | null = null;
    for (const snapshot of this.runs.get(key) ?? []) if (snapshot.atMs < atMs && (best === null || snapshot.atMs > best.atMs)) best = snapshot;
    return best;
  }

  /** Snapshots held for run `key`. */
  count(key: string): number {
    return this.runs.get(key)?.length ?? 0;
  }
}
