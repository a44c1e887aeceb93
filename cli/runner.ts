/**
 * Where jobs run: inline on the main thread (one run; no worker start-up), or spread over a
 * pool of `node:worker_threads` (replications, sweeps). Each worker takes the next job when it
 * finishes one, so uneven jobs balance themselves; outputs come back indexed by job, so their
 * order never depends on which worker was faster. An aborted signal (Ctrl-C) terminates every
 * worker at once (terminate interrupts running JavaScript) and the call rejects with
 * {@link InterruptedError}.
 */
import { Worker } from "node:worker_threads";
import type { LoadedScenario } from "../engine";
import { runJobSlices, type JobOutput, type JobProgress, type RunJob } from "./job";
import type { WorkerReply } from "./worker";

/** Thrown when the run was stopped by Ctrl-C or SIGTERM. */
export class InterruptedError extends Error {
  constructor() {
    super("interrupted");
    this.name = "InterruptedError";
  }
}

/** A job failed with an internal error; `seed` reproduces it. */
export class JobFailedError extends Error {
  constructor(readonly seed: number, message: string, readonly detail: string) {
    super(message);
    this.name = "JobFailedError";
  }
}

/** Callbacks and limits shared by both runners. */
export interface RunnerOptions {
  signal: AbortSignal;
  onProgress(index: number, progress: JobProgress): void;
  /** Called as each job finishes (in completion order, not job order). */
  onOutput?(index: number, output: JobOutput): void;
}

/** Yields to the event loop so signal handlers and stdout writes get their turn. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs one job on the main thread, yielding between slices so Ctrl-C is handled promptly.
 * `options.compiled`, the job's scenario already compiled, saves compiling it again.
 */
export async function runInline(job: RunJob, options: RunnerOptions & { compiled?: LoadedScenario }): Promise<JobOutput> {
  const slices = runJobSlices(job, options.compiled);
  for (;;) {
    if (options.signal.aborted) throw new InterruptedError();
    let step: IteratorResult<JobProgress, JobOutput>;
    try {
      step = slices.next();
    } catch (error) {
      throw new JobFailedError(job.seed, error instanceof Error ? error.message : String(error), error instanceof Error ? (error.stack ?? "") : "");
    }
    if (step.done) {
      options.onOutput?.(0, step.value);
      return step.value;
    }
    options.onProgress(0, step.value);
    await yieldToEventLoop();
  }
}

/**
 * Runs jobs on `workers` worker threads (at most one per job) and resolves with the outputs in
 * job order.
 * @param workerUrl the bundled worker script (build/out/cli/worker.mjs).
 */
export function runInWorkers(jobs: readonly RunJob[], options: RunnerOptions & { workers: number; workerUrl: URL }): Promise<JobOutput[]> {
  const outputs: JobOutput[] = new Array(jobs.length);
  const pool: Worker[] = [];
  /** The job each worker is running, so a crash names its seed. */
  const running = new Map<Worker, number>();
  let next = 0;
  let finished = 0;
  return new Promise<JobOutput[]>((resolve, reject) => {
    let settled = false;
    const stop = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener("abort", onAbort);
      for (const worker of pool) void worker.terminate();
      if (error === null) resolve(outputs);
      else reject(error);
    };
    const onAbort = (): void => stop(new InterruptedError());
    if (options.signal.aborted) return stop(new InterruptedError());
    options.signal.addEventListener("abort", onAbort);
    const feed = (worker: Worker): void => {
      if (next >= jobs.length) return;
      const index = next++;
      running.set(worker, index);
      worker.postMessage({ type: "job", index, job: jobs[index] });
    };
    const count = Math.max(1, Math.min(options.workers, jobs.length));
    for (let i = 0; i < count && jobs.length > 0; i++) {
      const worker = new Worker(options.workerUrl);
      pool.push(worker);
      worker.on("message", (reply: WorkerReply) => {
        if (settled) return;
        if (reply.type === "progress") options.onProgress(reply.index, reply.progress);
        else if (reply.type === "failed") stop(new JobFailedError(jobs[reply.index].seed, reply.message, reply.detail));
        else {
          outputs[reply.index] = reply.output;
          options.onOutput?.(reply.index, reply.output);
          finished += 1;
          if (finished === jobs.length) stop(null);
          else feed(worker);
        }
      });
      const seedOf = (): number => jobs[running.get(worker) ?? 0]?.seed ?? NaN;
      worker.on("error", (error) => stop(new JobFailedError(seedOf(), `worker crashed: ${error.message}`, error.stack ?? "")));
      worker.on("exit", (code) => {
        if (!settled) stop(new JobFailedError(seedOf(), `worker exited unexpectedly with code ${code}`, ""));
      });
      feed(worker);
    }
    if (jobs.length === 0) stop(null);
  });
}
