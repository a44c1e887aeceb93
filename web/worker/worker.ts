/**
 * The engine's Web Worker: exposes one small object through comlink, `{ run, plan, cancel, hold }`.
 *
 * `run` drives web/worker/run-loop.ts, yielding to this worker's event loop between slices (a
 * MessageChannel message: unlike a zero-delay timer, never clamped to 4 ms once nested) so that
 * a `cancel` or `hold` call (another comlink message) is handled mid-run.
 *
 * `hold(true)` gives the page's thread the machine while it draws: at its next yield the run
 * waits until `hold(false)`, a cancel, or {@link HOLD_MAX_MS}, whichever comes first (a page
 * that never releases cannot stall a run), and after a hold it runs at least one slice before it
 * honours the next. Holding changes only when slices run, never their events: the Result and
 * its digest are the same.
 * Progress goes back through the caller's comlink `proxy` callback; series buffers are
 * transferred, not copied. `plan` runs one of the capacity planner's runs with the engine's
 * runForPlan, in one go (a cancel ends it by terminating the worker: run-client.ts). One run at a
 * time per worker: a pool holds several workers.
 */
import * as Comlink from "comlink";
import { runForPlan, type PlanScenarioSource, type RunRequest as PlanRunRequest } from "../../engine/index";
import { runScenario } from "./run-loop";
import { SnapshotStore } from "./snapshot-store";
import { transferables, type PlanRunOutcome, type RunOutcome, type RunProgressReport, type RunRequest, type WorkerApi } from "./run-protocol";

/** Longest a run waits in one hold, ms. */
const HOLD_MAX_MS = 120;

let cancelled = false;
/** The page asked the run to wait (see hold). */
let holdWanted = false;
/** Ends the current wait early (hold(false) or cancel). */
let endWait: (() => void) | null = null;

/** Resolves at this worker's next turn of its event loop (pending messages handled first). */
function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
    channel.port2.postMessage(null);
  });
}

/** A yield between slices: the next turn, then, if the page holds the machine, a wait (bounded). */
async function yieldNow(): Promise<void> {
  await nextTurn();
  if (!holdWanted || cancelled) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => finish(), HOLD_MAX_MS);
    const finish = () => { clearTimeout(timer); endWait = null; resolve(); };
    endWait = finish;
  });
  // At least one slice before the next hold.
  holdWanted = false;
}
/** Snapshots of this worker's recent live runs, for forks (snapshot-store.ts). */
const snapshots = new SnapshotStore();

const api: WorkerApi = {
  async run(request: RunRequest, onProgress?: (report: RunProgressReport) => void): Promise<RunOutcome> {
    cancelled = false;
    try {
      const outcome = await runScenario(request, {
        clockMs: () => performance.now(),
        yieldNow,
        isCancelled: () => cancelled,
        ...(onProgress ? { onProgress: (report: RunProgressReport) => void onProgress(Comlink.transfer(report, transferables(report.chunk?.series, report.chunk?.heatmap))) } : {}),
      }, snapshots);
      return outcome.kind === "done" ? Comlink.transfer(outcome, transferables(outcome.series, outcome.heatmap, outcome.nodes)) : outcome;
    } catch (error) {
      // An AssertionError is a bug in the engine: report it plainly, with the seed.
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { kind: "error", message: `${message} (seed ${request.seed ?? "from the scenario"})` };
    }
  },
  async plan(source: PlanScenarioSource, request: PlanRunRequest): Promise<PlanRunOutcome> {
    try {
      return { kind: "done", summary: runForPlan(source, request) };
    } catch (error) {
      // The planner checks every candidate first, so any throw here is a bug: report it with the seed.
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { kind: "error", message: `${message} (seed ${request.seed})` };
    }
  },
  cancel(): void {
    cancelled = true;
    endWait?.();
  },
  hold(on: boolean): void {
    holdWanted = on;
    if (!on) endWait?.();
  },
};

Comlink.expose(api);
