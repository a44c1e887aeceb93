/**
 * The engine's Web Worker: exposes one small object through comlink, `{ run, plan, cancel }`.
 *
 * `run` drives web/worker/run-loop.ts, yielding to this worker's event loop between slices with a
 * zero-delay timer so that a `cancel` call (another comlink message) is handled mid-run. A run
 * given the page's busy flag waits between slices while the page draws (page-pacing.ts).
 * Progress goes back through the caller's comlink `proxy` callback; series buffers are
 * transferred, not copied. `plan` runs one of the capacity planner's runs with the engine's
 * runForPlan, in one go (a cancel ends it by terminating the worker: run-client.ts). One run at a
 * time per worker: a pool holds several workers.
 */
import * as Comlink from "comlink";
import { plan as enginePlan, runForPlan, type PlanScenarioSource, type RunRequest as PlanRunRequest } from "../../engine/index";
import { waitWhilePageBusy } from "./page-pacing";
import { runScenario } from "./run-loop";
import { SnapshotStore } from "./snapshot-store";
import { transferables, type PlanRunOutcome, type RunOutcome, type RunProgressReport, type RunRequest, type WorkerApi } from "./run-protocol";

let cancelled = false;
/** Snapshots of this worker's recent live runs, for forks (snapshot-store.ts). */
const snapshots = new SnapshotStore();

const api: WorkerApi = {
  async run(request: RunRequest, onProgress?: (report: RunProgressReport) => void): Promise<RunOutcome> {
    cancelled = false;
    const pageBusy = request.pageBusy;
    try {
      const outcome = await runScenario(request, {
        clockMs: () => performance.now(),
        yieldNow: () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
        isCancelled: () => cancelled,
        ...(pageBusy ? { holdForPage: () => void waitWhilePageBusy(pageBusy) } : {}),
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
      const forkedBefore = enginePlan.sharedPrefixes.forked;
      const summary = runForPlan(source, request);
      return { kind: "done", summary, forked: enginePlan.sharedPrefixes.forked > forkedBefore };
    } catch (error) {
      // The planner checks every candidate first, so any throw here is a bug: report it with the seed.
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { kind: "error", message: `${message} (seed ${request.seed})` };
    }
  },
  cancel(): void {
    cancelled = true;
  },
};

Comlink.expose(api);
