/**
 * Failure cases at the peak share their past: the crash-at-peak cases of one candidate and seed
 * (zone-loss and node-loss with health checks: failure-cases.ts, each case's only fault one
 * crash at the peak) are the same run until the crash, differing only in what crashes. The
 * first such case run here stops just before its crash, keeps a snapshot of the run
 * (ModelRun.snapshot) and goes on; a later case of the same candidate and seed restores that
 * snapshot with its own crash in place of the first's (a fork: engine/model/run-fork.ts,
 * ModelRun.restoreAsFork) and simulates only from the crash on. A fork is byte-identical to the
 * run from time 0, so the planner's summaries, evidence and recommendation do not change; only
 * the simulated time before the peak is saved (engine/plan/shared-prefix.test.ts runs both).
 *
 * The loss watch (loss-watch.ts) composes: its checks are at window ends only, the prefix run
 * checks every window end before the crash (a run lost before the crash keeps no snapshot: the
 * later cases run from 0 and lose at the same moment), and a fork checks the window ends after
 * it, as the run from 0 does.
 *
 * The snapshots live in a small per-process LRU ({@link PREFIXES_MAX}; each CLI worker thread
 * and each browser worker has its own). A snapshot is found by the scenario without its faults,
 * the data files and the seed; the fork itself checks that nothing but the pending crash
 * differs (ForkError otherwise: then the case runs from 0). A run that cannot be saved (a
 * mechanism that cannot be snapshotted) simply shares nothing. Hybrid runs share like exact
 * ones: the cases' crashes fall at one moment, so the hybrid engine plans the same discrete
 * span around each, and the snapshot before the crash lies in it.
 */
import { digestString } from "../core/hash";
import type { ScenarioFiles } from "../scenario/compile";
import type { RunRequest } from "./types";
import { resumeRun, type ModelRun, type PreparedRun, type RunSnapshot } from "../simulate";
import type { KeepPoint } from "./loss-watch";

/** Snapshots kept per process: a plan forks a candidate's cases right after its first. */
export const PREFIXES_MAX = 4;

/** How far before the crash the shared snapshot is taken, ms (a fork replaces a fault only before it starts). */
const BEFORE_CRASH_MS = 1;

/**
 * The crash time of a crash-at-peak case: the run's only fault is one permanent crash at a
 * time after 0 (failure-cases.ts crashAtPeak). Null for any other run.
 */
export function peakCrashMs(scenario: PreparedRun["scenario"]): number | null {
  const faults = scenario.faults;
  if (faults.length !== 1) return null;
  const fault = faults[0] as { type?: unknown; at?: unknown; for?: unknown };
  if (fault.type !== "crash" || typeof fault.at !== "number" || fault.for !== undefined) return null;
  return fault.at > BEFORE_CRASH_MS ? fault.at : null;
}

/**
 * The shared prefix a planner run of `scenario` (validated, overrides applied) with `seed` and
 * data `files` belongs to: equal keys, same run until the crash; null when the run is not a
 * crash-at-peak case. The CLI's pool sends runs of one key to the worker that ran the last
 * (cli/worker-pool.ts), where its snapshot is.
 */
export function sharedPrefixKey(scenario: PreparedRun["scenario"], files: ScenarioFiles, seed: number): string | null {
  return peakCrashMs(scenario) === null ? null : digestString(JSON.stringify([{ ...scenario, faults: [] }, files, seed]));
}

/**
 * A routing hint for a planner run, from its request alone (nothing compiled): runs with equal
 * hints are crash-at-peak cases of one candidate and seed (their last override makes one crash
 * at the peak the only fault: failure-cases.ts), which share their run before the crash when
 * they run where the first one kept its snapshot. Null for any other run. Only a hint: the
 * worker's own key ({@link sharedPrefixKey}) decides whether a snapshot fits, so a wrong hint
 * costs time, never a different result. The browser's pool routes by it (it compiles nothing
 * on the page); the CLI's by the exact key, which it has from validating each run.
 */
export function planRunAffinity(request: RunRequest): string | null {
  const last = request.overrides[request.overrides.length - 1];
  if (last === undefined || last.path !== "faults" || !Array.isArray(last.value) || last.value.length !== 1) return null;
  const fault = last.value[0] as { type?: unknown; at?: unknown; for?: unknown } | null;
  if (fault === null || typeof fault !== "object" || fault.type !== "crash" || fault.at === undefined || fault.for !== undefined) return null;
  return JSON.stringify([request.overrides.slice(0, -1), fault.at, request.seed]);
}

/** Affinities a pool remembers (a worker keeps a few snapshots: {@link PREFIXES_MAX}). */
const AFFINITIES_MAX = 64;

/**
 * Which worker a run with an affinity goes to, for the pools that run planner runs (the CLI's
 * threads, the browser's workers): a free worker takes the first waiting run whose affinity it
 * ran last, else the first whose affinity no worker ran (or that has none), else the first. No
 * worker waits for its own runs, and which worker runs a run never changes its output.
 */
export class AffinityRouter<W> {
  /** The worker that last ran each affinity, most recent last (at most AFFINITIES_MAX). */
  private readonly lastRanBy = new Map<string, W>();

  /** The place in `waiting` (each run's affinity, or null) of the run `worker` takes next; 0 when none stands out. */
  pick(waiting: ReadonlyArray<string | null>, worker: W): number {
    const ranBy = (affinity: string | null): W | undefined => (affinity === null ? undefined : this.lastRanBy.get(affinity));
    const own = waiting.findIndex((affinity) => ranBy(affinity) === worker);
    if (own >= 0) return own;
    const free = waiting.findIndex((affinity) => ranBy(affinity) === undefined);
    return free >= 0 ? free : 0;
  }

  /** `worker` takes a run of `affinity` (null: none). */
  ran(affinity: string | null, worker: W): void {
    if (affinity === null) return;
    this.lastRanBy.delete(affinity);
    this.lastRanBy.set(affinity, worker);
    if (this.lastRanBy.size > AFFINITIES_MAX) this.lastRanBy.delete(this.lastRanBy.keys().next().value!);
  }
}

/** How a planner run starts: the run to advance, and where to keep its snapshot (if it is the first of its prefix). */
export interface PlanRunStart {
  run: ModelRun;
  keep?: KeepPoint;
}

/** Crash-at-peak cases run from shared pre-crash snapshots (see the file comment). */
export class SharedPrefixRuns {
  private readonly prefixes = new Map<string, RunSnapshot>();
  /** Runs restored from a shared snapshot. */
  forked = 0;
  /** Runs that ran from time 0 and left a snapshot. */
  prefixed = 0;

  constructor(private readonly capacity: number = PREFIXES_MAX) {}

  /**
   * How to run `prepared` (a planner run, built from time 0): a fork of a kept snapshot when
   * one matches, else `prepared.run` itself, with a keep point before its crash when it is a
   * crash-at-peak case. `files`: the scenario's data files (part of what the prefix is).
   */
  start(prepared: PreparedRun, files: ScenarioFiles = {}): PlanRunStart {
    const crashMs = peakCrashMs(prepared.scenario);
    const key = sharedPrefixKey(prepared.scenario, files, prepared.seed);
    if (crashMs === null || key === null) return { run: prepared.run };
    const saved = this.prefixes.get(key);
    if (saved !== undefined) {
      const fork = this.fork(saved, prepared, crashMs);
      if (fork !== null) {
        this.prefixes.delete(key); // most recently used last
        this.prefixes.set(key, saved);
        this.forked++;
        return { run: fork };
      }
    }
    return { run: prepared.run, keep: { atMs: crashMs - BEFORE_CRASH_MS, save: (run) => this.keep(key, run) } };
  }

  /** Snapshots kept now. */
  get size(): number {
    return this.prefixes.size;
  }

  private fork(saved: RunSnapshot, prepared: PreparedRun, crashMs: number): ModelRun | null {
    try {
      const run = resumeRun(saved, prepared);
      return run.nowMs < crashMs ? run : null;
    } catch {
      return null; // not a fork of that past after all (ForkError): run from 0
    }
  }

  private keep(key: string, run: ModelRun): void {
    let snapshot: RunSnapshot;
    try {
      snapshot = run.snapshot();
    } catch {
      return; // a mechanism that cannot be saved: no sharing for this run
    }
    this.prefixes.delete(key);
    this.prefixes.set(key, snapshot);
    while (this.prefixes.size > this.capacity) this.prefixes.delete(this.prefixes.keys().next().value!);
    this.prefixed++;
  }
}

/** This process's shared prefixes (runForPlan and the CLI's planner jobs use them). */
export const sharedPrefixes = new SharedPrefixRuns();
