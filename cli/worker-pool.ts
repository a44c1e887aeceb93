/**
 * A worker pool that outlives one batch, for commands that run many small batches one after
 * another (the capacity planner asks for a round of replications, reads the verdicts, then asks
 * for the next). cli/runner.ts starts and stops its workers for every batch, which costs about
 * 30-100 ms per worker per batch; here workers start once, on the first batch that needs them,
 * and stay until {@link WorkerPool.close}. Same worker script and messages as runner.ts
 * (cli/worker.ts), the same errors (JobFailedError naming the seed, InterruptedError on
 * Ctrl-C), and outputs in job order whatever worker finished first.
 */
import { Worker } from "node:worker_threads";
import type { JobOutput, RunJob } from "./job";
import { InterruptedError, JobFailedError } from "./runner";
import type { WorkerReply, WorkerRequest } from "./worker";

/** Worker threads kept across batches. */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private closed = false;

  /**
   * @param size most workers; a batch uses at most one per job.
   * @param workerUrl the bundled worker script (build/out/cli/worker.mjs).
   */
  constructor(private readonly options: { size: number; workerUrl: URL; signal: AbortSignal }) {}

  /**
   * Runs a batch and resolves with the outputs in job order.
   * @throws JobFailedError when a job fails or a worker dies (the pool is then closed);
   *   InterruptedError when the signal aborts.
   */
  async run(jobs: readonly RunJob[]): Promise<JobOutput[]> {
    if (this.closed) throw new Error("internal error: the worker pool is closed");
    while (this.workers.length < Math.min(this.options.size, jobs.length)) this.workers.push(new Worker(this.options.workerUrl));
    const active = this.workers.slice(0, Math.min(this.workers.length, jobs.length));
    const outputs: JobOutput[] = new Array(jobs.length);
    const running = new Map<Worker, number>();
    let next = 0;
    let finished = 0;
    return new Promise<JobOutput[]>((resolve, reject) => {
      let settled = false;
      const listeners: Array<() => void> = [];
      const stop = (error: Error | null): void => {
        if (settled) return;
        settled = true;
        for (const remove of listeners) remove();
        if (error === null) resolve(outputs);
        else {
          void this.close();
          reject(error);
        }
      };
      const onAbort = (): void => stop(new InterruptedError());
      if (this.options.signal.aborted) return stop(new InterruptedError());
      this.options.signal.addEventListener("abort", onAbort);
      listeners.push(() => this.options.signal.removeEventListener("abort", onAbort));
      const feed = (worker: Worker): void => {
        if (next >= jobs.length) return;
        const index = next++;
        running.set(worker, index);
        worker.postMessage({ type: "job", index, job: jobs[index]! } satisfies WorkerRequest);
      };
      for (const worker of active) {
        const seedOf = (): number => jobs[running.get(worker) ?? 0]?.seed ?? NaN;
        const onMessage = (reply: WorkerReply): void => {
          if (settled || reply.type === "progress") return;
          if (reply.type === "failed") return stop(new JobFailedError(jobs[reply.index]!.seed, reply.message, reply.detail));
          outputs[reply.index] = reply.output;
          finished += 1;
          if (finished === jobs.length) stop(null);
          else feed(worker);
        };
        const onError = (error: Error): void => stop(new JobFailedError(seedOf(), `worker crashed: ${error.message}`, error.stack ?? ""));
        const onExit = (code: number): void => stop(new JobFailedError(seedOf(), `worker exited unexpectedly with code ${code}`, ""));
        worker.on("message", onMessage).on("error", onError).on("exit", onExit);
        listeners.push(() => void worker.off("message", onMessage).off("error", onError).off("exit", onExit));
        feed(worker);
      }
      if (jobs.length === 0) stop(null);
    });
  }

  /** Stops every worker. Safe to call more than once. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
