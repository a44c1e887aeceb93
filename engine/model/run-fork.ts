/**
 * Forks: a restored run changed at the snapshot's moment. Only changes that a run could also
 * have been given from the start, and that leave the saved past as it was, are allowed, so a
 * fork is byte-identical to the run that had the change from time 0:
 *
 * - `addFaults`: a timed fault added after the plan's own, starting after the snapshot: the
 *   browser's "fork from here" with a crash. It is scheduled among same-time events exactly
 *   where it would have been had it been the plan's last fault from the start, so the fork is
 *   the run of the scenario with that fault appended.
 * - `faults`: a fault that has not started yet (its start lies after the snapshot) is replaced
 *   by another with the same label and start time, e.g. the same crash in another zone. Before
 *   it starts a fault acts on nothing, so the past is the same. The planner's zone-loss cases
 *   fork one pre-crash snapshot per candidate this way (engine/plan/failure-cases.ts).
 *
 * Anything else (a change of size, policy or workload, a fault that already started, one at
 * another time) is refused with a ForkError naming the override: it would change what already
 * happened, or the order of events at the fork, and the honest way to ask it is a new run.
 */
import { encodeGraph } from "../core/snapshot-codec";
import type { ClusterModel } from "./cluster-model";
import type { RunSpec } from "./run-spec";
import type { ModelExtension } from "./extension";
import { FaultsExtension } from "./faults/faults";
import type { FaultSpec } from "./faults/faults-spec";

/** Overrides applied to a restored run. */
export interface ForkOverrides {
  /** Faults that replace pending ones with the same label and start time (compiled, as in a RunSpec). */
  faults?: readonly FaultSpec[];
  /** Timed faults added after the plan's own, starting after the snapshot (compiled). */
  addFaults?: readonly FaultSpec[];
}

/**
 * The overrides that turn the run of `saved` into the run of `wanted`: faults of `saved` that
 * `wanted` replaces (same position; whether they are still pending is checked at restore) and
 * the faults `wanted` appends. Every other part must be the same (compared as encoded graphs).
 * @throws ForkError naming the first part that differs.
 */
export function forkBetween(saved: Partial<RunSpec>, wanted: Partial<RunSpec>): ForkOverrides {
  const savedFaults = saved.faults?.faults ?? [];
  const wantedFaults = wanted.faults?.faults ?? [];
  const same = (a: unknown, b: unknown) => JSON.stringify(encodeGraph({ v: a })) === JSON.stringify(encodeGraph({ v: b }));
  const keys = new Set([...Object.keys(saved), ...Object.keys(wanted)]);
  for (const key of keys) {
    const a = (saved as Record<string, unknown>)[key];
    const b = (wanted as Record<string, unknown>)[key];
    if (key !== "faults" && !same(a, b)) throw new ForkError(`the fork changes ${key}, which a fork cannot: run it from the start`);
  }
  if (saved.faults !== undefined && wanted.faults !== undefined && !same({ ...saved.faults, faults: [] }, { ...wanted.faults, faults: [] })) {
    throw new ForkError("the fork changes health checks or detectors, which a fork cannot: run it from the start");
  }
  if (wantedFaults.length < savedFaults.length) throw new ForkError("the fork removes faults of the run, which a fork cannot");
  const replaced = savedFaults.flatMap((fault, i) => (same(fault, wantedFaults[i]) ? [] : [wantedFaults[i]!]));
  return { faults: replaced, addFaults: wantedFaults.slice(savedFaults.length) };
}

/**
 * An override a fork does not allow, or one that names nothing. `earlierMayFit`: the same fork
 * from an earlier snapshot of the run may be allowed (the hybrid engine had already planned
 * the window under way; see HybridController.checkFork).
 */
export class ForkError extends Error {
  constructor(message: string, readonly earlierMayFit = false) {
    super(message);
    this.name = "ForkError";
  }
}

const ALLOWED = ["faults", "addFaults"];

/**
 * Applies `fork` to a restored run.
 * @throws ForkError for an override a fork does not allow, naming it.
 */
export function applyFork(model: ClusterModel, extensions: readonly ModelExtension[], fork: ForkOverrides): void {
  for (const key of Object.keys(fork)) {
    if (!ALLOWED.includes(key)) {
      throw new ForkError(`fork.${key}: not an override a fork allows (allowed: ${ALLOWED.join(", ")}); a change to what already happened needs a new run`);
    }
  }
  const extension = extensions.find((e): e is FaultsExtension => e instanceof FaultsExtension);
  (fork.faults ?? []).forEach((fault, i) => {
    const problem = extension === undefined ? "the run has no faults" : extension.replacePendingFault(fault, model.sim);
    if (problem !== null) throw new ForkError(`fork.faults[${i}] (${fault.label}): ${problem}`);
  });
  (fork.addFaults ?? []).forEach((fault, i) => {
    const problem = extension === undefined ? "the run has no fault mechanism" : extension.addFault(fault);
    if (problem !== null) throw new ForkError(`fork.addFaults[${i}] (${fault.label}): ${problem}`);
  });
}
