/**
 * A small pool of engine workers (one per core) for replications, sweeps and comparisons.
 *
 * Tasks queue in submission order and each goes to the next free worker; results come back
 * in any order but each promise belongs to its own task, so callers combine them by index and
 * the combination never depends on timing. `cancelAll` drops queued tasks and cancels the
 * running ones (each settles `cancelled`).
 */
import { RunClient } from "./run-client";
import type { RunOutcome, RunRequest } from "./run-protocol";

interface QueuedTask {
  request: RunRequest;
  resolve: (outcome: RunOutcome) => void;
}

/** The pool size for this machine: one worker per core, at least 1, at most 8. */
export function defaultPoolSize(): number {
  const cores = typeof navigator !== "undefined" ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(8, cores));
}

export class WorkerPool {
  private readonly clients: RunClient[] = [];
  private readonly idle: RunClient[] = [];
  private readonly queue: QueuedTask[] = [];

  constructor(readonly size: number = defaultPoolSize()) {}

  /** Queues a run; resolves with its outcome (never rejects). */
  submit(request: RunRequest): Promise<RunOutcome> {
    return new Promise<RunOutcome>((resolve) => {
      this.queue.push({ request, resolve });
      this.pump();
    });
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

  private pump(): void {
    while (this.queue.length > 0) {
      const client = this.idle.pop() ?? (this.clients.length < this.size ? this.spawn() : null);
      if (!client) return;
      const task = this.queue.shift()!;
      void client.run(task.request).then((outcome) => {
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
