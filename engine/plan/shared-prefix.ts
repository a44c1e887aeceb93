/**
 * Failure cases at the peak share their past: the zone-loss (and node-loss) cases of one
 * candidate and seed are the same run until the crash at the peak, differing only in what
 * crashes. The first such case run here runs to just before the crash, keeps a snapshot of the
 * run (ModelRun.snapshot), and goes on; every later case of the same candidate and seed
 * restores that snapshot with its own crash in place of the first's (a fork:
 * engine/model/run-fork.ts) and simulates only from the crash on. A fork is byte-identical to
 * the run from time 0 (engine/model/run-fork.test.ts), so the planner's evidence, and its
 * recommendation, do not change; only the time spent before the peak is saved.
 *
 * Kept per process (each of the CLI's workers has its own), at most {@link PREFIXES_MAX}
 * snapshots, the most recently made (about 1 MB each for black-friday). A case whose run cannot
 * be saved (a mechanism that schedules closures) simply runs from time 0.
 */
import { digestString } from "../core/hash";
import type { Result } from "../result/result";
import { loadScenario } from "../scenario/load";
import { resumeRun, startRun, type RunSnapshot } from "../simulate";
import type { ScenarioFiles } from "../scenario/compile";
import type { PlanOverride, RunRequest } from "./types";

/** The scenario of a plan's runs (run-summary.ts PlanScenarioSource). */
interface Source {
  text: string;
  fileName?: string;
  files?: ScenarioFiles;
}

/** Snapshots kept per process. */
export const PREFIXES_MAX = 4;

/** The crash time of a crash-at-peak case (its last override, failure-cases.ts), or null. */
export function peakCrashMs(overrides: readonly PlanOverride[]): number | null {
  const last = overrides[overrides.length - 1];
  if (last?.path !== "faults" || !Array.isArray(last.value) || last.value.length !== 1) return null;
  const fault = last.value[0] as { type?: unknown; at?: unknown };
  if (fault.type !== "crash" || typeof fault.at !== "string") return null;
  const match = /^(\d+(?:\.\d+)?)ms$/.exec(fault.at);
  return match === null ? null : Number(match[1]);
}

/** Runs crash-at-peak cases from shared pre-crash snapshots (see the file comment). */
export class SharedPrefixRuns {
  private readonly prefixes = new Map<string, RunSnapshot>();
  /** Cases that restored a shared snapshot. */
  forked = 0;
  /** Cases that ran from time 0 and left a snapshot. */
  prefixed = 0;

  /**
   * The Result of `request` when it is a crash-at-peak case, else null (and for input with
   * problems: the caller runs it the ordinary way, which reports them).
   */
  result(source: Source, request: RunRequest): Result | null {
    const crashMs = peakCrashMs(request.overrides);
    if (crashMs === null) return null;
    const loaded = loadScenario(source.text, {
      overrides: request.overrides, ...(source.files === undefined ? {} : { files: source.files }), ...(source.fileName === undefined ? {} : { fileName: source.fileName }),
    });
    if (!loaded.ok) return null;
    const key = digestString(JSON.stringify([source.text, source.files ?? {}, request.overrides.slice(0, -1), request.seed]));
    const saved = this.prefixes.get(key);
    let run = null;
    if (saved !== undefined) {
      try {
        run = resumeRun(saved, loaded);
        this.forked++;
      } catch {
        run = null; // not a fork of that past after all: run from 0
      }
    }
    if (run === null) {
      run = startRun(loaded, { seed: request.seed }).run;
      const beforeMs = crashMs - 1;
      if (beforeMs > run.nowMs && beforeMs < run.durationMs) {
        run.advance({ untilMs: beforeMs });
        this.keep(key, run);
      }
    }
    run.advance();
    return run.result();
  }

  private keep(key: string, run: { snapshot(): RunSnapshot }): void {
    let snapshot: RunSnapshot;
    try {
      snapshot = run.snapshot();
    } catch {
      return; // a mechanism that cannot be saved yet: no sharing for this case
    }
    this.prefixes.delete(key);
    this.prefixes.set(key, snapshot);
    while (this.prefixes.size > PREFIXES_MAX) this.prefixes.delete(this.prefixes.keys().next().value!);
    this.prefixed++;
  }
}

/** This process's shared prefixes (runForPlan uses them). */
export const sharedPrefixes = new SharedPrefixRuns();
