/**
 * The page's side of the engine worker: start a run (or a capacity-planner run), receive
 * progress, cancel it.
 *
 * Cancel first asks the worker (it stops at its next slice boundary, within ~40 ms); if the
 * run has not settled after {@link CANCEL_GRACE_MS} (a slice stuck in a huge event burst, a
 * bug), the worker is terminated, its pending promise settled as `cancelled` here, and a fresh
 * worker is started for the next run. Either way `run` resolves: a page never waits forever.
 */
import * as Comlink from "comlink";
import type { PlanScenarioSource, RunRequest as PlanRunRequest } from "../../engine/index";
import type { PlanRunOutcome, RunOutcome, RunProgressReport, RunRequest, WorkerApi } from "./run-protocol";

/** How long a cooperative cancel may take before the worker is terminated, ms. */
export const CANCEL_GRACE_MS = 400;

/** Creates an engine worker (Vite bundles web/worker/worker.ts from this URL). */
function createEngineWorker(): Worker {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "clustersim-engine" });
}

/** A run in progress: how to settle it (a cancel settles either kind as `cancelled`), and a promise that resolves once it has settled. */
interface PendingRun {
  settle(outcome: RunOutcome | PlanRunOutcome): void;
  settled: Promise<void>;
}

/** One engine worker running one scenario at a time. */
export class RunClient {
  private worker: Worker;
  private remote: Comlink.Remote<WorkerApi>;
  private current: PendingRun | null = null;

  constructor() {
    this.worker = createEngineWorker();
    this.remote = Comlink.wrap<WorkerApi>(this.worker);
  }

  /** True while a run is in progress. */
  get busy(): boolean {
    return this.current !== null;
  }

  /**
   * Runs a scenario. Resolves with the outcome (done, invalid, cancelled or error); never
   * rejects. A second call while busy cancels the first.
   */
  async run(request: RunRequest, onProgress?: (report: RunProgressReport) => void): Promise<RunOutcome> {
    const callback = onProgress ? Comlink.proxy(onProgress) : undefined;
    return this.start<RunOutcome>(() => this.remote.run(request, callback));
  }

  /**
   * Runs one of the capacity planner's runs (runForPlan in the worker). Resolves with its
   * summary, `cancelled` or `error`; never rejects. It runs in one go, so a cancel ends it by
   * terminating the worker after {@link CANCEL_GRACE_MS}.
   */
  async plan(source: PlanScenarioSource, request: PlanRunRequest): Promise<PlanRunOutcome> {
    return this.start<PlanRunOutcome>(() => this.remote.plan(source, request));
  }

  /** Starts a call in the worker as the current run, first cancelling any run in progress. */
  private async start<T extends RunOutcome | PlanRunOutcome>(call: () => Promise<T>): Promise<T> {
    if (this.current) await this.cancel();
    let resolveOutcome!: (outcome: T) => void;
    let markSettled!: () => void;
    const outcome = new Promise<T>((resolve) => { resolveOutcome = resolve; });
    const settled = new Promise<void>((resolve) => { markSettled = resolve; });
    let done = false;
    const entry: PendingRun = {
      settle: (value) => {
        if (done) return;
        done = true;
        if (this.current === entry) this.current = null;
        // A cancel settles with { kind: "cancelled" }, a member of both outcome types.
        resolveOutcome(value as T);
        markSettled();
      },
      settled,
    };
    this.current = entry;
    call().then(entry.settle, (error: unknown) => entry.settle({ kind: "error", message: String(error) }));
    return outcome;
  }

  /** Stops the current run; resolves once its `run` promise has settled. */
  async cancel(): Promise<void> {
    const entry = this.current;
    if (!entry) return;
    void this.remote.cancel();
    const timer = setTimeout(() => { if (this.current === entry) this.terminate(); }, CANCEL_GRACE_MS);
    await entry.settled;
    clearTimeout(timer);
  }

  /** Kills the worker, settles its pending run as cancelled and starts a fresh worker. */
  terminate(): void {
    const entry = this.current;
    this.current = null;
    this.worker.terminate();
    this.worker = createEngineWorker();
    this.remote = Comlink.wrap<WorkerApi>(this.worker);
    entry?.settle({ kind: "cancelled" });
  }

  /** Ends the worker for good (settling a pending run as cancelled). */
  dispose(): void {
    const entry = this.current;
    this.current = null;
    this.worker.terminate();
    entry?.settle({ kind: "cancelled" });
  }
}
