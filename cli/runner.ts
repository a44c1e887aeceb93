/**
 * Running a job on the main thread (one run: no worker start-up), and what both ways of
 * running jobs share: the callbacks and the two errors. Several jobs run on worker threads
 * (worker-pool.ts) with the same callbacks and errors, so a command cannot tell them apart.
 * Inline, the run yields to the event loop between slices, so Ctrl-C is seen within a slice
 * and the call rejects with {@link InterruptedError}.
 */
import { RunLimitError, type LoadedScenario } from "../engine";
import { runJobSlices, type JobOutput, type JobProgress, type RunJob } from "./job";

/** Thrown when the run was stopped by Ctrl-C or SIGTERM. */
export class InterruptedError extends Error {
  constructor() {
    super("interrupted");
    this.name = "InterruptedError";
  }
}

/**
 * A job failed; `seed` reproduces it. With `limit`, the run outgrew what a run may hold
 * (the engine's RunLimitError: the user's input, exit 2); otherwise an internal error.
 */
export class JobFailedError extends Error {
  constructor(readonly seed: number, message: string, readonly detail: string, readonly limit = false) {
    super(message);
    this.name = "JobFailedError";
  }
}

/** What a caller hears while jobs run, inline or on the worker pool. */
export interface RunnerCallbacks {
  /** A job's progress, between slices (from workers, at most every 100 ms). */
  onProgress?(index: number, progress: JobProgress): void;
  /** Called as each job finishes (in completion order, not job order). */
  onOutput?(index: number, output: JobOutput): void;
}

/** The callbacks and the signal of an inline run. */
export interface RunnerOptions extends RunnerCallbacks {
  /** Aborted on Ctrl-C: the run stops at the next slice. */
  signal: AbortSignal;
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
      throw new JobFailedError(job.seed, error instanceof Error ? error.message : String(error), error instanceof Error ? (error.stack ?? "") : "", error instanceof RunLimitError);
    }
    if (step.done) {
      options.onOutput?.(0, step.value);
      return step.value;
    }
    options.onProgress?.(0, step.value);
    await yieldToEventLoop();
  }
}
