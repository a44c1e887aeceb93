/**
 * Running a RunSpec to a Result, in slices.
 *
 * `ModelRun` owns one ClusterModel and the extension objects of the mechanisms the RunSpec
 * switches on (extension.ts). It builds them, installs them in a fixed order (faults, caches,
 * operations, data tier: the order decides what each schedules at time 0, so it never
 * changes), starts the model, and at the end asks each for its Result sections.
 *
 * `advance({ eventsMax })` runs one slice and reports progress; callers loop until `done`. The
 * CLI loops synchronously; the browser worker awaits between slices so a cancel message can
 * arrive; both get the same Result for the same spec and seed because slicing never changes
 * the order of events. The model stays private: a caller watches a run only through
 * {@link ModelRun.onWindowClose}, which hands out a read-only {@link WindowView}.
 */
import { assert } from "../core/assert";
import type { Result } from "../result/result";
import { CachesExtension } from "./cache/caches";
import { ClusterModel } from "./cluster-model";
import { DataTierExtension } from "./data-tier/data-tier";
import type { ModelExtension } from "./extension";
import { FaultsExtension } from "./faults/faults";
import { checkRunLimits, DEFAULT_RUN_LIMITS, GUARD_INTERVAL_EVENTS, type RunLimits } from "./memory-guard";
import { OperationsExtension } from "./operations/operations";
import { buildResult, snapshotNodes, type WarmupSnapshot } from "./result-builder";
import type { RunSpec } from "./run-spec";
import type { ModelSpec } from "./spec";
import type { WindowListener } from "./window-view";

/** Progress of a run, reported between slices. */
export interface RunProgress {
  /** Simulated time reached, ms. */
  nowMs: number;
  durationMs: number;
  /** Kernel events processed so far. */
  events: number;
  done: boolean;
}

/**
 * What a run is built from: the model's spec and the spec of each mechanism to install. A
 * compiled scenario gives all four (a RunSpec); a test may leave out those it does not need.
 */
export type ModelRunSpec = Pick<RunSpec, "model"> & Partial<Omit<RunSpec, "model">>;

/** Options for a run. */
export interface ModelRunOptions {
  seed: number;
  engineVersion: string;
  /**
   * Extensions installed after the spec's mechanisms, in this order (tests and tools: a
   * mechanism built by hand, or a hook that acts on the model at set times).
   */
  extensions?: readonly ModelExtension[];
  /** The memory guard's limits (default DEFAULT_RUN_LIMITS; tests lower them). */
  limits?: RunLimits;
}

/** One run of a model with its mechanisms, advanced in slices. */
export class ModelRun {
  private readonly model: ClusterModel;
  /** Every installed extension, in installation order; the Result asks them for their sections. */
  private readonly extensions: readonly ModelExtension[];
  private warmup: WarmupSnapshot | null = null;
  private finished = false;
  private readonly limits: RunLimits;

  constructor(spec: ModelRunSpec, options: ModelRunOptions) {
    this.model = new ClusterModel(spec.model, { seed: options.seed, engineVersion: options.engineVersion });
    this.extensions = [...mechanismExtensions(spec), ...(options.extensions ?? [])];
    this.limits = options.limits ?? DEFAULT_RUN_LIMITS;
    for (const extension of this.extensions) extension.install(this.model);
    this.model.start();
    if (spec.model.warmupMs > 0) this.model.sim.callAt(spec.model.warmupMs, () => { this.warmup = snapshotNodes(this.model); });
    else this.warmup = snapshotNodes(this.model);
  }

  /**
   * Calls `listener` at the end of every metrics window, after the window's point joined the
   * series and before its tallies reset, with a read-only view of the window and the run so
   * far. A listener only reads: the Result does not depend on whether anyone listens.
   * @returns a function that unsubscribes the listener.
   */
  onWindowClose(listener: WindowListener): () => void {
    return this.model.series.onClose(listener);
  }

  /**
   * Runs up to `eventsMax` more events (default: to the end).
   * @throws RunLimitError when the run outgrows the memory a run may hold (memory-guard.ts).
   */
  advance(limits: { eventsMax?: number } = {}): RunProgress {
    const spec = this.model.spec;
    const sim = this.model.sim;
    // The slice runs in chunks with the memory guard between them; chunking never changes the
    // order of events, so the Result is the same as one call to sim.run.
    let budget = limits.eventsMax ?? Infinity;
    while (!this.finished) {
      const outcome = sim.run({ untilMs: spec.durationMs, eventsMax: Math.min(budget, GUARD_INTERVAL_EVENTS) });
      budget -= outcome.events;
      checkRunLimits(this.model, this.limits);
      if (outcome.stoppedBy === "until" || outcome.stoppedBy === "empty") {
        this.model.series.closeWindow(spec.durationMs);
        this.finished = true;
      }
      if (outcome.stoppedBy === "stopped" || budget <= 0) break;
    }
    return { nowMs: sim.nowMs, durationMs: spec.durationMs, events: sim.eventsProcessed, done: this.finished };
  }

  /** The Result; only after `advance` reported done. */
  result(): Result {
    assert(this.finished, "result() before the run finished");
    return buildResult(this.model, this.warmup!, this.extensions);
  }
}

/**
 * The extension objects of the mechanisms in `spec`, in installation order: faults, caches,
 * operations, data tier (after faults: it shares their balancer votes).
 */
function mechanismExtensions(spec: ModelRunSpec): ModelExtension[] {
  const extensions: ModelExtension[] = [];
  const faults = spec.faults === undefined ? null : new FaultsExtension(spec.faults);
  if (faults !== null) extensions.push(faults);
  if (spec.caches !== undefined) extensions.push(new CachesExtension(spec.caches));
  if (spec.operations !== undefined) extensions.push(new OperationsExtension(spec.operations));
  if (spec.dataTier !== undefined) extensions.push(new DataTierExtension(spec.dataTier, faults));
  return extensions;
}

/**
 * Runs the request core of `spec` to completion, with no mechanism but `options.extensions`,
 * and returns its Result (tests and benchmarks of the core).
 */
export function runModel(spec: ModelSpec, options: ModelRunOptions): Result {
  const run = new ModelRun({ model: spec }, options);
  run.advance();
  return run.result();
}
