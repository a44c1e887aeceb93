/**
 * CLI start-up: wall time from spawning `clustersim run` on a small scenario (three-tier cut
 * to 1 simulated second) until the run is compiled and about to process its first event (the
 * CLUSTERSIM_TRACE_STARTUP line), median of 10 runs. Target: under 300 ms. Bare Node start-up
 * (`node -e 0`) is measured beside it, since it is part of the figure and outside our control.
 */
import type { BenchRecord } from "./record";
import { median, timeCli } from "./cli-process";
import { spawnSync } from "node:child_process";

const RUNS = 10;
const TARGET_MS = 300;
const MARK = "ready for the first event";

function nodeAloneMs(): number {
  const startMs = performance.now();
  spawnSync(process.execPath, ["-e", "0"]);
  return performance.now() - startMs;
}

export async function benchCliStartup(): Promise<BenchRecord[]> {
  const args = ["run", "three-tier", "--duration", "1s", "--set", "run.warmup=0s", "-q"];
  await timeCli(args, { env: { CLUSTERSIM_TRACE_STARTUP: "1" }, waitFor: MARK }); // warm the file cache
  const marks: number[] = [];
  const walls: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await timeCli(args, { env: { CLUSTERSIM_TRACE_STARTUP: "1" }, waitFor: MARK });
    if (run.code !== 0 || run.markMs === null) throw new Error(`clustersim exited ${run.code} without the start-up line: ${run.stderr}`);
    marks.push(run.markMs);
    walls.push(run.wallMs);
  }
  const nodeMs = median(Array.from({ length: RUNS }, nodeAloneMs));
  const toFirstEventMs = median(marks);
  return [{
    name: "cli-startup-to-first-event",
    wallMs: toFirstEventMs,
    sanity: { label: "ms to first event", value: toFirstEventMs, expected: TARGET_MS, ok: toFirstEventMs < TARGET_MS },
    notes: `median of ${RUNS} (min ${Math.min(...marks).toFixed(0)} ms); whole 1 s run ${median(walls).toFixed(0)} ms; node -e 0 alone ${nodeMs.toFixed(0)} ms`,
  }];
}
