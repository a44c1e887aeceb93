/**
 * The snapshot of a run: its complete state at one simulated moment as plain data (JSON text or
 * a structured clone: a snapshot taken in Node restores in the browser's worker).
 *
 * The state is the whole object graph of the ModelRun (event queue, every random stream's
 * position, the model's tables, the metric accumulators, every mechanism's state), encoded by
 * the generic codec of engine/core/snapshot-codec.ts; see there why a walker over the graph and
 * not hand-written per-class methods. The RunSpec travels with it (a second, small graph): to
 * restore, the run is built again from the spec and the seed, which recreates every function
 * made at construction, and the saved state is laid over it in place.
 *
 * A snapshot is versioned: `version` changes whenever the format or the meaning of the saved
 * state changes, and a snapshot of another version, or taken by another engine version, is
 * refused with a SnapshotError that says so (the state of one engine's classes means nothing to
 * another's).
 */
import { decodeGraph, encodeGraph, type EncodedGraph } from "../core/snapshot-codec";

/**
 * The snapshot format this engine writes and reads. 4: a rolling update's per-version latency
 * keeps histograms, and a service's tallies count cancelled attempts: fields an older snapshot
 * may lack, which the restore would delete.
 */
export const RUN_SNAPSHOT_VERSION = 4;

/** A snapshot of a run (plain data). */
export interface RunSnapshot {
  format: "clustersim-run-snapshot";
  version: number;
  /** The engine version that took it (restoring needs the same). */
  engineVersion: string;
  /** The run's root seed. */
  seed: number;
  /** Simulated time of the snapshot, ms. */
  atMs: number;
  /** Kernel events processed before the snapshot. */
  events: number;
  /** The RunSpec the run was built from. */
  spec: EncodedGraph;
  /** The run's state: root `{ run, spec }`. */
  state: EncodedGraph;
}

/** A snapshot that cannot be restored: malformed, of another version, or of another engine. */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SnapshotError";
  }
}

/** Encodes a run (called by ModelRun.snapshot, which passes its private parts). */
export function encodeRunSnapshot(run: { nowMs: number }, spec: unknown, seed: number, engineVersion: string, events: number): RunSnapshot {
  return {
    format: "clustersim-run-snapshot",
    version: RUN_SNAPSHOT_VERSION,
    engineVersion,
    seed,
    atMs: run.nowMs,
    events,
    spec: encodeGraph(spec as object),
    state: encodeGraph({ run, spec }),
  };
}

/**
 * Checks the envelope of `value` and returns it as a snapshot.
 * @throws SnapshotError naming what is wrong.
 */
export function checkRunSnapshot(value: unknown, engineVersion: string | undefined): RunSnapshot {
  if (typeof value !== "object" || value === null || (value as { format?: unknown }).format !== "clustersim-run-snapshot") {
    throw new SnapshotError("not a clustersim run snapshot (format must be \"clustersim-run-snapshot\")");
  }
  const snapshot = value as RunSnapshot;
  if (snapshot.version !== RUN_SNAPSHOT_VERSION) {
    throw new SnapshotError(`snapshot version ${String(snapshot.version)} is not supported: this engine reads version ${RUN_SNAPSHOT_VERSION}`);
  }
  if (engineVersion !== undefined && snapshot.engineVersion !== engineVersion) {
    throw new SnapshotError(`snapshot was taken by engine ${snapshot.engineVersion}; this is engine ${engineVersion}`);
  }
  for (const key of ["seed", "atMs", "events"] as const) {
    if (typeof snapshot[key] !== "number" || !Number.isFinite(snapshot[key])) throw new SnapshotError(`snapshot.${key}: must be a finite number`);
  }
  for (const key of ["spec", "state"] as const) {
    if (!Array.isArray(snapshot[key]?.entries) || snapshot[key].entries.length === 0 || !Array.isArray(snapshot[key].frozen)) throw new SnapshotError(`snapshot.${key}: must hold an encoded graph`);
  }
  return snapshot;
}

/** The RunSpec of a checked snapshot (all new objects). */
export function decodeSnapshotSpec(snapshot: RunSnapshot): unknown {
  return decodeGraph(snapshot.spec, undefined);
}

/** Lays the saved state over `fresh`, a run built again from `spec`; returns the run. */
export function decodeSnapshotRun(snapshot: RunSnapshot, fresh: object, spec: unknown): unknown {
  const root = decodeGraph(snapshot.state, { run: fresh, spec }) as { run: unknown };
  return root.run;
}
