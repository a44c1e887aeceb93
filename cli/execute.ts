/**
 * Runs a list of jobs the way every command wants: progress on stderr, one job inline or many
 * across worker threads, internal errors turned into exit code 3 with the seed that reproduces
 * them. Ctrl-C surfaces as InterruptedError, which main.ts turns into exit code 130.
 */
import { availableParallelism } from "node:os";
import type { LoadedScenario } from "../engine";
import type { CommandContext } from "./command";
import { CliError, ExitCode } from "./exit-codes";
import type { JobOutput, JobProgress, RunJob } from "./job";
import { ProgressReporter, progressMode } from "./progress";
import { JobFailedError, runInline, type RunnerOptions } from "./runner";
import { WorkerPool } from "./worker-pool";

/** How to run a batch of jobs. */
export interface ExecuteOptions {
  /** Worker threads to use (more than one job), at most one per job. */
  workers: number;
  /** Shown when work starts, e.g. `three-tier.yaml, seeds 42…57 on 2 workers`. */
  label: string;
  /** "replications" or "runs", for the progress line. */
  jobNoun: string;
  quiet: boolean;
  /** Called as each job finishes, in completion order. */
  onOutput?(index: number, output: JobOutput): void;
  /** The scenario of a single job already compiled (checkScenario's): the inline run starts from it. */
  compiled?: LoadedScenario;
}

/** The default for --workers: the cores this process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Runs `jobs` and returns their outputs in job order. A single job runs on the main thread
 * (no worker start-up); several run on worker threads.
 * @throws CliError exit 3 naming the seed when a job fails; InterruptedError on Ctrl-C.
 */
export async function executeJobs(jobs: readonly RunJob[], options: ExecuteOptions, context: CommandContext): Promise<JobOutput[]> {
  const reporter = new ProgressReporter(context.stderr, progressMode(context.stderr, options.quiet), { label: options.label, jobs: jobs.length, jobNoun: options.jobNoun });
  const traceStartup = context.env.CLUSTERSIM_TRACE_STARTUP === "1";
  let traced = false;
  const callbacks = {
    signal: context.signal,
    onProgress(index: number, progress: JobProgress): void {
      if (traceStartup && !traced) {
        traced = true;
        // performance.now() counts from process start: the CLI's own start-up cost.
        context.stderr.write(`clustersim: ready for the first event after ${performance.now().toFixed(1)} ms\n`);
      }
      reporter.update(index, progress);
    },
    onOutput(index: number, output: JobOutput): void {
      reporter.jobDone(index, output.kind === "result" ? eventsOf(output.resultJson) : output.summary.events);
      options.onOutput?.(index, output);
    },
  };
  try {
    const outputs = jobs.length === 1 ? [await runInline(jobs[0], { ...callbacks, ...(options.compiled === undefined ? {} : { compiled: options.compiled }) })] : await runOnPool(jobs, { ...callbacks, workers: options.workers });
    reporter.finish();
    return outputs;
  } catch (error) {
    reporter.abandon();
    if (error instanceof JobFailedError && error.limit) {
      throw new CliError(`clustersim: run stopped (seed ${error.seed}): ${error.message}`, ExitCode.usage);
    }
    if (error instanceof JobFailedError) {
      const detail = error.detail === "" || context.debug !== true ? [] : [error.detail];
      throw new CliError([`clustersim: internal error with seed ${error.seed}: ${error.message}`, ...detail], ExitCode.internal);
    }
    throw error;
  }
}

/** One batch on a {@link WorkerPool} of its own: open, run, close (also when the batch fails). */
async function runOnPool(jobs: readonly RunJob[], options: RunnerOptions & { workers: number }): Promise<JobOutput[]> {
  const pool = new WorkerPool({ size: options.workers, workerUrl: new URL("./worker.mjs", import.meta.url), signal: options.signal });
  try {
    return await pool.run(jobs, options);
  } finally {
    await pool.close();
  }
}

/** The `events` count of a serialised Result without parsing it all (it is near the top). */
function eventsOf(resultJson: string): number {
  const match = /"events":(\d+)/.exec(resultJson.slice(0, 2000));
  return match === null ? 0 : Number(match[1]);
}
