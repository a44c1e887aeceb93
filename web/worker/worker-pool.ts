/**
 * A small pool of engine workers (one per core) for replications, comparisons, lesson checks
 * and the capacity planner's runs.
 *
 * Tasks queue in submission order and each goes to the next free worker; results come back
 * in any order but each promise belongs to its own task, so callers combine them by index and
 * the combination never depends on timing. A planner run with an affinity (a crash-at-peak
 * case, whose run before the crash another case of the same size and seed may have kept in a
 * worker: engine/plan/shared-prefix.ts) goes to the worker that last ran its affinity when
 * that worker is free first, by the rule the CLI's pool follows (AffinityRouter); which worker
 * runs a task never changes its outcome. `cancelAll` drops queued tasks and cancels the
 * running ones (each settles `cancelled`).
 */
import { plan, type PlanScenarioSource, type RunRequest as PlanRunRequest } from "../../engine/index";
import { RunClient } from "./run-client";
import type { PlanRunOutcome, RunOutcome, RunRequest } from "./run-protocol";

/** A task waiting for a worker: how to run it on one, and how to settle it (with its outcome, or `cancelled` unstarted). */
interface QueuedTask {
  /** The planner run's affinity (engine planRunAffinity), or null. */
  affinity: string | null;
  run(client: RunClient): Promise<RunOutcome | PlanRunOutcome>;
  resolve(outcome: RunOutcome | PlanRunOutcome): void;
}

/** The pool size for this machine: one worker per core, at least 1, at most 8. */
export function defaultPoolSize(): number {
  const cores = typeof navigator !== "undefined" ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(8, cores));
}

/** Engine workers, started on demand up to `size`, running queued tasks in submission order. */
export class WorkerPool {
  private readonly clients: RunClient[] = [];
  private readonly idle: RunClient[] = [];
  private readonly queue: QueuedTask[] = [];
  private readonly router = new plan.AffinityRouter<RunClient>();

  constructor(readonly size: number = defaultPoolSize()) {}

  /** Queues a run; resolves with its outcome (never rejects). */
  submit(request: RunRequest): Promise<RunOutcome> {
    return this.enqueue<RunOutcome>(null, (client) => client.run(request));
  }

  /** Queues one of the capacity planner's runs; resolves with its outcome (never rejects). */
  submitPlan(source: PlanScenarioSource, request: PlanRunRequest): Promise<PlanRunOutcome> {
    return this.enqueue<PlanRunOutcome>(plan.planRunAffinity(request), (client) => client.plan(source, request));
  }

  /** Drops queued tasks and cancels running ones. */
  async cancelAll(): Promise<void> {
    for (const task of this.queue.splice(0)) task.resolve({ kind: "cancelled" });
    await Promise.all(this.clients.map((client) => client.cancel()));
  }

  /** Tasks waiting or running. */
  get pendingCount(): number {
    return this.queue.length + this.clients.filter((c) => c.busy).length;
  }

  private enqueue<T extends RunOutcome | PlanRunOutcome>(affinity: string | null, run: (client: RunClient) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve) => {
      // The task settles with what its own run returns, or with { kind: "cancelled" }, a member of both outcome types.
      this.queue.push({ affinity, run, resolve: (outcome) => resolve(outcome as T) });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const client = this.idle.pop() ?? (this.clients.length < this.size ? this.spawn() : null);
      if (!client) return;
      const task = this.queue.splice(this.router.pick(this.queue.map((t) => t.affinity), client), 1)[0]!;
      this.router.ran(task.affinity, client);
      void task.run(client).then((outcome) => {
        this.idle.push(client);
        task.resolve(outcome);
        this.pump();
      });
    }
  }

  private spawn(): RunClient {
    const client = new RunClient();
    this.clients.push(client);
    return client;
  }
}
