/**
 * Running a ModelSpec to a Result, in slices.
 *
 * `ModelRun` owns one ClusterModel. `advance({ eventsMax })` runs one slice and reports
 * progress; callers loop until `done`. The CLI loops synchronously; the browser worker awaits
 * between slices so a cancel message can arrive; both get the same Result for the same
 * spec and seed because slicing never changes the order of events.
 */
import type { Result } from "../result/result";
import { ClusterModel } from "./cluster-model";
import { buildResult, snapshotNodes, type WarmupSnapshot } from "./result-builder";
import type { ModelSpec } from "./spec";

/** Progress of a run, reported between slices. */
export interface RunProgress {
  /** Simulated time reached, ms. */
  nowMs: number;
  durationMs: number;
  /** Kernel events processed so far. */
  events: number;
  done: boolean;
}

/** Hooks installed on a model before it starts (faults, health checks, autoscaling...). */
export type ModelExtension = (model: ClusterModel) => void;

/** Options for a run. */
export interface ModelRunOptions {
  seed: number;
  engineVersion: string;
  /** Mechanisms to install on the model before it starts (see engine/model/extensions). */
  extensions?: ModelExtension[];
}

export class ModelRun {
  readonly model: ClusterModel;
  private warmup: WarmupSnapshot | null = null;
  private finished = false;

  constructor(spec: ModelSpec, options: ModelRunOptions) {
    this.model = new ClusterModel(spec, { seed: options.seed, engineVersion: options.engineVersion });
    for (const extend of options.extensions ?? []) extend(this.model);
    this.model.start();
    if (spec.warmupMs > 0) this.model.sim.callAt(spec.warmupMs, () => { this.warmup = snapshotNodes(this.model); });
    else this.warmup = snapshotNodes(this.model);
  }

  /** Runs up to `eventsMax` more events (default: to the end). */
  advance(limits: { eventsMax?: number } = {}): RunProgress {
    const spec = this.model.spec;
    const sim = this.model.sim;
    if (!this.finished) {
      const outcome = sim.run({ untilMs: spec.durationMs, eventsMax: limits.eventsMax ?? Infinity });
      if (outcome.stoppedBy === "until" || outcome.stoppedBy === "empty") {
        this.model.series.closeWindow(spec.durationMs);
        this.finished = true;
      }
    }
    return { nowMs: sim.nowMs, durationMs: spec.durationMs, events: sim.eventsProcessed, done: this.finished };
  }

  /** The Result; only after `advance` reported done. */
  result(): Result {
    if (!this.finished) throw new Error("internal error: result() before the run finished");
    return buildResult(this.model, this.warmup!);
  }
}

/** Runs a spec to completion and returns its Result. */
export function runModel(spec: ModelSpec, options: ModelRunOptions): Result {
  const run = new ModelRun(spec, options);
  run.advance();
  return run.result();
}
