/**
 * The one pool of `node:worker_threads` the CLI runs jobs on. Workers start on the first batch
 * that needs them (at most one per job) and stay until {@link WorkerPool.close}, so a command
 * that runs many small batches one after another (the capacity planner asks for a round of
 * replications, reads the verdicts, then asks for the next) pays the 30-100 ms start-up of a
 * worker once; a command with one batch (replications, sweeps: execute.ts) opens a pool, runs
 * the batch and closes it.
 *
 * Each worker takes the next job when it finishes one, so uneven jobs balance themselves, and
 * outputs come back indexed by job, so their order never depends on which worker was faster.
 * A job with an affinity (RunJob.affinity: a planner run's shared pre-crash prefix, whose
 * snapshot lives in the worker that ran it) goes to the worker that last ran its affinity when
 * that worker asks first (engine/plan/shared-prefix.ts AffinityRouter, the browser's rule too):
 * no worker waits, and which worker runs a job never changes its output.
 * A failed job or a dead worker rejects the batch with {@link JobFailedError} naming the seed;
 * an aborted signal (Ctrl-C) with {@link InterruptedError}. Either closes the pool at once:
 * terminate interrupts running JavaScript, so Ctrl-C is prompt however long the jobs are.
 */
import { Worker } from "node:worker_threads";
import { plan } from "../engine";
import type { JobOutput, RunJob } from "./job";
import { InterruptedError, JobFailedError, type RunnerCallbacks } from "./runner";
import type { WorkerReply, WorkerRequest } from "./worker";

/** Worker threads kept across batches. */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  /** Where runs with an affinity go (engine/plan/shared-prefix.ts). */
  private readonly router = new plan.AffinityRouter<Worker>();
  private closed = false;

  /**
   * @param options.size most workers; a batch uses at most one per job.
   * @param options.workerUrl the bundled worker script (build/out/cli/worker.mjs).
   * @param options.signal aborts every batch (Ctrl-C).
   */
  constructor(private readonly options: { size: number; workerUrl: URL; signal: AbortSignal }) {}

  /**
   * Runs a batch and resolves with the outputs in job order; `callbacks` hear progress and
   * each output as it arrives (in completion order).
   * @throws JobFailedError when a job fails or a worker dies; InterruptedError when the signal
   *   aborts (the pool is closed in both cases).
   */
  async run(jobs: readonly RunJob[], callbacks: RunnerCallbacks = {}): Promise<JobOutput[]> {
    if (this.closed) throw new Error("internal error: the worker pool is closed");
    while (this.workers.length < Math.min(this.options.size, jobs.length)) this.workers.push(new Worker(this.options.workerUrl));
    const active = this.workers.slice(0, Math.min(this.workers.length, jobs.length));
    const outputs: JobOutput[] = new Array(jobs.length);
    const running = new Map<Worker, number>();
    const waiting = jobs.map((_, index) => index);
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
        if (waiting.length === 0) return;
        const place = this.router.pick(waiting.map((i) => jobs[i]!.affinity ?? null), worker);
        const index = waiting.splice(place, 1)[0]!;
        this.router.ran(jobs[index]!.affinity ?? null, worker);
        running.set(worker, index);
        worker.postMessage({ type: "job", index, job: jobs[index]! } satisfies WorkerRequest);
      };
      for (const worker of active) {
        const seedOf = (): number => jobs[running.get(worker) ?? 0]?.seed ?? NaN;
        const onMessage = (reply: WorkerReply): void => {
          if (settled) return;
          if (reply.type === "progress") return callbacks.onProgress?.(reply.index, reply.progress);
          if (reply.type === "failed") return stop(new JobFailedError(jobs[reply.index]!.seed, reply.message, reply.detail, reply.limit));
          outputs[reply.index] = reply.output;
          callbacks.onOutput?.(reply.index, reply.output);
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
