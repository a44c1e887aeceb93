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
import type { ReadonlySeries, WindowListener } from "./window-view";
import { registerSnapshotClass } from "../core/snapshot-codec";
import { applyFork, forkBetween, type ForkOverrides } from "./run-fork";
import { checkRunSnapshot, decodeSnapshotRun, decodeSnapshotSpec, encodeRunSnapshot, SnapshotError, type RunSnapshot } from "./run-snapshot";
import { workShareAt } from "./run-work";
import { registerModelSnapshotClasses } from "./snapshot-classes";

/** Progress of a run, reported between slices. */
export interface RunProgress {
  /** Simulated time reached, ms. */
  nowMs: number;
  durationMs: number;
  /** Kernel events processed so far. */
  events: number;
  /**
   * The share of the run's work done, in [0, 1]: of its expected requests, those due by
   * `nowMs` (run-work.ts), or what a mechanism that changes the work says (a hybrid run:
   * HybridController.workShare). Progress bars and estimates of the time left use it: a run's
   * cost follows its requests, not its clock.
   */
  workShare: number;
  done: boolean;
}

/**
 * What a run is built from: the model's spec and the spec of each mechanism to install. A
 * compiled scenario gives all four (a RunSpec); a test may leave out those it does not need.
 */
export type ModelRunSpec = Pick<RunSpec, "model"> & Partial<Omit<RunSpec, "model">>;

/** A run's SLOs so far, as {@link ModelRun.sloProgress} reports them. */
export interface SloProgress {
  windowMs: number;
  warmupMs: number;
  seed: number;
  workload: ModelSpec["workload"];
  windowSlos: Array<{ name: string; shareMin: number; judged: number; met: number }>;
  availabilitySlos: Array<{ name: string; target: number; finished: number; failed: number }>;
  measuredInFlight: number;
}

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

/** Options for {@link ModelRun.restore}. */
export interface RestoreOptions {
  /** Overrides that make the restored run a fork (run-fork.ts). */
  fork?: ForkOverrides;
  /** The same hand-built extensions the saved run had, built again (tests and tools). */
  extensions?: readonly ModelExtension[];
  /** The restoring engine's version; a snapshot of another version is refused. */
  engineVersion?: string;
}

/** One run of a model with its mechanisms, advanced in slices. */
export class ModelRun {
  private readonly model: ClusterModel;
  /** What the run was built from (a snapshot carries it). */
  private readonly spec: ModelRunSpec;
  private readonly seed: number;
  private readonly engineVersion: string;
  /** Every installed extension, in installation order; the Result asks them for their sections. */
  private readonly extensions: readonly ModelExtension[];
  private warmup: WarmupSnapshot | null = null;
  private finished = false;
  private readonly limits: RunLimits;

  constructor(spec: ModelRunSpec, options: ModelRunOptions) {
    this.spec = spec;
    this.seed = options.seed;
    this.engineVersion = options.engineVersion;
    this.model = new ClusterModel(spec.model, { seed: options.seed, engineVersion: options.engineVersion });
    this.extensions = [...mechanismExtensions(spec), ...(options.extensions ?? [])];
    this.limits = options.limits ?? DEFAULT_RUN_LIMITS;
    for (const extension of this.extensions) extension.install(this.model);
    this.model.start();
    if (spec.model.warmupMs > 0) this.model.sim.callMethodAt(spec.model.warmupMs, this, "endWarmup");
    else this.endWarmup();
  }

  /** Takes the nodes' integrals at the end of warm-up (a kernel event; public for the kernel only). */
  endWarmup(): void {
    this.warmup = snapshotNodes(this.model);
  }

  /** Simulated time reached, ms. */
  get nowMs(): number {
    return this.model.sim.nowMs;
  }

  /**
   * The run's per-window series so far (read-only; it only grows). A restored run's holds every
   * window before the snapshot: the browser draws a fork's past from it at once.
   */
  get series(): ReadonlySeries {
    return this.model.series.series;
  }

  /** The run's length, ms. */
  get durationMs(): number {
    return this.model.spec.durationMs;
  }

  /** The share of the run's work done so far (see RunProgress.workShare). */
  get workShare(): number {
    if (this.finished) return 1;
    const spec = this.model.spec;
    const nowMs = this.model.sim.nowMs;
    for (const extension of this.extensions) {
      const share = extension.workShare?.(nowMs);
      if (share !== undefined) return share;
    }
    return workShareAt(spec.workload, spec.durationMs, nowMs);
  }

  /**
   * The complete state of the run as plain data (see run-snapshot.ts): restore it with
   * {@link ModelRun.restore} and the continued run gives the same Result, byte for byte, as
   * this one. Take it between slices (`advance` returned).
   * @throws AssertionError naming the path of state that cannot be saved.
   */
  snapshot(): RunSnapshot {
    return encodeRunSnapshot(this, this.spec, this.seed, this.engineVersion, this.model.sim.eventsProcessed);
  }

  /**
   * A run restored from `snapshot`, continuing where it was taken; with `fork`, changed by the
   * overrides a fork allows (run-fork.ts) at the snapshot's time.
   * @throws SnapshotError when the snapshot is malformed, of another version or engine;
   *   ForkError when an override is not one a fork allows.
   */
  static restore(snapshot: unknown, options: RestoreOptions = {}): ModelRun {
    const checked = checkRunSnapshot(snapshot, options.engineVersion);
    return ModelRun.restoreChecked(checked, decodeSnapshotSpec(checked) as ModelRunSpec, options);
  }

  /** Restores a checked snapshot whose RunSpec, `spec`, is already decoded. */
  private static restoreChecked(checked: RunSnapshot, spec: ModelRunSpec, options: RestoreOptions): ModelRun {
    if (spec.fidelity === "hybrid" && (options.extensions ?? []).length === 0) {
      throw new SnapshotError("the snapshot is of a hybrid run: restore it with resumeRun (engine/simulate.ts), which rebuilds its hybrid engine");
    }
    const fresh = new ModelRun(spec, { seed: checked.seed, engineVersion: checked.engineVersion, extensions: options.extensions ?? [] });
    const run = decodeSnapshotRun(checked, fresh, spec) as ModelRun;
    assert(run === fresh, "snapshot: the restored run is not the rebuilt one");
    if (options.fork !== undefined) applyFork(run.model, run.extensions, options.fork);
    return run;
  }

  /**
   * A fork of `snapshot` into the run of `spec`, when `spec` is the snapshot's RunSpec with timed
   * faults appended that start after the snapshot (the browser's "fork from here" with a crash):
   * byte-identical to running `spec` from time 0.
   * @throws ForkError naming the first difference a fork cannot make; SnapshotError as restore.
   */
  static restoreAsFork(snapshot: unknown, spec: ModelRunSpec, options: Omit<RestoreOptions, "fork"> = {}): ModelRun {
    const checked = checkRunSnapshot(snapshot, options.engineVersion);
    const saved = decodeSnapshotSpec(checked) as ModelRunSpec;
    const run = ModelRun.restoreChecked(checked, saved, { ...options, fork: forkBetween(saved, spec) });
    const checkers = run.extensions.filter((extension) => extension.checkFork !== undefined);
    if (checkers.length === 0) return run;
    // The fork's faults joined `saved` in place (the restored run's spec is the fork's now):
    // mechanisms compare with the spec as it was saved.
    const asSaved = decodeSnapshotSpec(checked) as ModelRunSpec;
    for (const extension of checkers) extension.checkFork!(asSaved);
    return run;
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
   * What the capacity planner reads to stop a run once an SLO can no longer pass
   * (engine/plan/loss-watch.ts); only reads. Latency SLOs with a windows requirement: the share
   * required and the windows judged and met so far. Availability SLOs: the target, and the
   * measured requests finished and failed so far. Also the measured requests still in flight
   * (all classes), the workload (whose arrivals the planner counts ahead from the same named
   * stream) and the seed.
   */
  sloProgress(): SloProgress {
    const { series, recorder, spec } = this.model;
    const windowSlos: SloProgress["windowSlos"] = [];
    const availabilitySlos: SloProgress["availabilitySlos"] = [];
    spec.slos.forEach((slo, i) => {
      if (slo.kind === "latency") {
        if (slo.windowsShareMin > 0) windowSlos.push({ name: slo.name, shareMin: slo.windowsShareMin, judged: series.sloWindowsJudged[i]!, met: series.sloWindowsMet[i]! });
        return;
      }
      const tally = slo.classIndex < 0 ? recorder.overall : recorder.classes[slo.classIndex]!;
      availabilitySlos.push({ name: slo.name, target: slo.target, finished: tally.succeeded + tally.failed, failed: tally.failed });
    });
    let inFlight = 0;
    for (const n of recorder.measuredInFlight) inFlight += n;
    return { windowMs: spec.windowMs, warmupMs: spec.warmupMs, seed: this.seed, workload: spec.workload, windowSlos, availabilitySlos, measuredInFlight: inFlight };
  }

  /**
   * Runs up to `eventsMax` more events (default: to the end).
   * @throws RunLimitError when the run outgrows the memory a run may hold (memory-guard.ts).
   */
  advance(limits: { eventsMax?: number; untilMs?: number } = {}): RunProgress {
    const spec = this.model.spec;
    const sim = this.model.sim;
    // The slice runs in chunks with the memory guard between them; chunking never changes the
    // order of events, so the Result is the same as one call to sim.run. Stopping at `untilMs`
    // (events at times <= untilMs processed) does not change it either: the next slice goes on
    // with the same queue.
    let budget = limits.eventsMax ?? Infinity;
    const untilMs = Math.min(limits.untilMs ?? Infinity, spec.durationMs);
    assert(untilMs >= sim.nowMs, `advance until ${untilMs} is before now ${sim.nowMs}`);
    while (!this.finished) {
      const outcome = sim.run({ untilMs, eventsMax: Math.min(budget, GUARD_INTERVAL_EVENTS) });
      budget -= outcome.events;
      checkRunLimits(this.model, this.limits);
      if ((outcome.stoppedBy === "until" && untilMs === spec.durationMs) || outcome.stoppedBy === "empty") {
        this.model.series.closeWindow(spec.durationMs);
        this.finished = true;
      }
      if (outcome.stoppedBy === "until" || outcome.stoppedBy === "stopped" || budget <= 0) break;
    }
    return { nowMs: sim.nowMs, durationMs: spec.durationMs, events: sim.eventsProcessed, workShare: this.workShare, done: this.finished };
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

registerModelSnapshotClasses();
registerSnapshotClass("ModelRun", ModelRun);
