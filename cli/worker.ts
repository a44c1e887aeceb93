/**
 * The replication worker (bundled to build/out/cli/worker.mjs and loaded by cli/worker-pool.ts).
 *
 * It receives one job at a time, runs it in slices and posts progress at most every
 * {@link PROGRESS_INTERVAL_MS} ms of wall time, then the output. It never yields while
 * running: cancelling is the main thread's `worker.terminate()`, which interrupts the loop.
 */
import { parentPort } from "node:worker_threads";
import { RunLimitError } from "../engine";
import { runJob, type JobOutput, type JobProgress, type RunJob } from "./job";

/** Messages the main thread sends. */
export type WorkerRequest = { type: "job"; index: number; job: RunJob };

/** Messages the worker sends back. */
export type WorkerReply =
  | { type: "progress"; index: number; progress: JobProgress }
  | { type: "done"; index: number; output: JobOutput }
  | { type: "failed"; index: number; message: string; detail: string; limit: boolean };

/** Wall-clock spacing of progress messages, ms (the bar redraws about ten times a second). */
const PROGRESS_INTERVAL_MS = 100;

if (parentPort !== null) {
  const port = parentPort;
  port.on("message", (request: WorkerRequest) => {
    const index = request.index;
    let lastPostMs = -Infinity;
    try {
      const output = runJob(request.job, (progress) => {
        const nowMs = performance.now();
        if (nowMs - lastPostMs < PROGRESS_INTERVAL_MS) return;
        lastPostMs = nowMs;
        port.postMessage({ type: "progress", index, progress } satisfies WorkerReply);
      });
      port.postMessage({ type: "done", index, output } satisfies WorkerReply);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const detail = error instanceof Error ? (error.stack ?? "") : "";
      const limit = error instanceof RunLimitError;
      port.postMessage({ type: "failed", index, message, detail, limit } satisfies WorkerReply);
    }
  });
}
