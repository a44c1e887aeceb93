/**
 * The page's worst main-thread task while black-friday (seed 11) streams in real Chromium,
 * idle and with the machine loaded by a CPU hog (a `node -e "for(;;);"` child, killed after).
 *
 * Each run opens the app on the gallery in a fresh context and clicks black-friday's Run: the
 * click builds the run screen, the worker streams, the charts redraw live and then open on the
 * incident. Measured from the click until every chart is complete, two kinds of runs alternate:
 * - untraced runs (the headline): the PerformanceObserver("longtask") worst task, wall time
 *   (0 = none over 50 ms), and how many tasks took over 50 ms. Nothing but the page, its worker
 *   and Chromium runs beside the hog;
 * - traced runs (the diagnosis): the same PerformanceObserver figures, and a Chromium trace of
 *   the renderer's main thread: the worst task's wall and CPU time and the worst CPU time of any
 *   task, what the worst tasks spent their time on (app jobs, script, layout; the worst-wall
 *   task's time off the CPU), and how many tasks took over 50 ms of wall time and of CPU time.
 *   On a loaded machine a task's wall time is mostly waiting for a core; its CPU time is what
 *   the page costs. The trace streams to this process while the page runs, so it is one more
 *   runnable process beside the hog: traced runs' wall times are reported beside the untraced
 *   ones, never instead of them.
 * On a Linux virtual machine each run also counts host steal (time the hypervisor kept a virtual
 * CPU stopped: host-steal.ts) and how many long tasks overlapped such a stall: a task on a
 * stopped virtual CPU stands still whatever the page does.
 * The app is served as `npm start` serves it, cross-origin isolated (web/e2e/support.ts), so the
 * run is paced by the page (web/app/page-busy.ts).
 * Needs the built app (`npm run build`) and Chromium (`$CHROMIUM_PATH` or /usr/bin/chromium).
 * Runs per mode and kind: `$BENCH_RUNS` (default 3). `$BENCH_DIST` serves another build's
 * web/dist (an A/B against a baseline build with this same harness); `$BENCH_MODES` picks
 * modes (default `idle,loaded`).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { launchBrowser, newContext, openPage, recordLongTasks, serveDist, traceMainThread } from "../web/e2e/support";
import { startStealSampler, tasksDuringSteal, type StealEvent } from "./host-steal";
import type { BenchRecord } from "./record";

/**
 * One untraced run: the PerformanceObserver's worst long task (wall, 0 = none over 50 ms) and
 * count; on a Linux guest, the host steal during the run (all CPUs, ms) and how many of the long
 * tasks overlapped a host stall of 20 ms or more (host-steal.ts).
 */
interface LongTaskRun {
  longTaskWallMs: number;
  longTasks: number;
  stealMs?: number;
  longTasksInSteal?: number;
}

/** One traced run: the PerformanceObserver's figures and the trace's, ms. */
interface TracedRun extends LongTaskRun {
  traceWorstWallMs: number;
  traceWorstWallCpuMs: number;
  traceWorstCpuMs: number;
  /** The worst-CPU task's largest parts. */
  worstCpuParts: string[];
  /** The worst-wall task's time off the CPU and largest parts. */
  worstWallParts: string[];
  /** Tasks over 50 ms of wall time, and over 50 ms of CPU time. */
  overWallMs50: number;
  overCpuMs50: number;
  /** The main thread's tasks and their CPU time in all, ms (what the page cost). */
  mainTasks: number;
  mainCpuMs: number;
}

/**
 * Measures `runs` untraced and `runs` traced black-friday runs per mode (idle, loaded),
 * alternating, and reports each mode's worst: untraced (`browser-longtask-<mode>`) and traced
 * (`browser-longtask-<mode>-traced`).
 */
export async function benchBrowserLongTask(runs = Number(process.env.BENCH_RUNS ?? 3)): Promise<BenchRecord[]> {
  const server = await serveDist(process.env.BENCH_DIST === undefined ? undefined : path.resolve(process.env.BENCH_DIST));
  const browser = await launchBrowser();
  const records: BenchRecord[] = [];
  try {
    const modes = (process.env.BENCH_MODES ?? "idle,loaded").split(",") as Array<"idle" | "loaded">;
    for (const mode of modes) {
      if (mode !== "idle" && mode !== "loaded") throw new Error(`BENCH_MODES: each mode must be idle or loaded, got ${JSON.stringify(mode)}`);
      const untraced: LongTaskRun[] = [];
      const traced: TracedRun[] = [];
      const wallMs = { untraced: 0, traced: 0 };
      for (let i = 0; i < runs; i++) {
        for (const kind of ["untraced", "traced"] as const) {
          const hog = mode === "loaded" ? spawn(process.execPath, ["-e", "for(;;);"], { stdio: "ignore" }) : null;
          const started = performance.now();
          try {
            if (kind === "untraced") untraced.push(await measureOneRun(browser, server.url, false));
            else traced.push(await measureOneRun(browser, server.url, true) as TracedRun);
          } finally {
            hog?.kill();
            wallMs[kind] += performance.now() - started;
          }
        }
      }
      const beside = mode === "loaded" ? " beside one CPU hog" : "";
      const worst = <T>(samples: T[], key: keyof T) => Math.max(...samples.map((s) => s[key] as number));
      const sum = <T>(samples: T[], key: keyof T) => samples.reduce((n, s) => n + (s[key] as number), 0);
      records.push({
        name: `browser-longtask-${mode}`,
        wallMs: Math.round(wallMs.untraced),
        notes: `black-friday seed 11, ${runs} untraced runs${beside}: worst longtask ${worst(untraced, "longTaskWallMs")} ms wall; longtasks (over 50 ms) ${sum(untraced, "longTasks")}${stealNote(untraced)}; per run ${JSON.stringify(untraced)}`,
      });
      records.push({
        name: `browser-longtask-${mode}-traced`,
        wallMs: Math.round(wallMs.traced),
        notes: `black-friday seed 11, ${runs} traced runs${beside}: worst longtask ${worst(traced, "longTaskWallMs")} ms wall (longtasks ${sum(traced, "longTasks")}${stealNote(traced)}); trace worst task ${worst(traced, "traceWorstWallMs")} ms wall (${worst(traced, "traceWorstWallCpuMs")} ms CPU), worst CPU of any task ${worst(traced, "traceWorstCpuMs")} ms; tasks over 50 ms: ${sum(traced, "overWallMs50")} by wall, ${sum(traced, "overCpuMs50")} by CPU; main thread per run ${Math.round(sum(traced, "mainTasks") / runs)} tasks, ${Math.round(sum(traced, "mainCpuMs") / runs)} ms CPU; per run ${JSON.stringify(traced)}`,
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return records;
}

/** The runs' host steal, and how many long tasks overlapped a host stall ("" without /proc/stat). */
function stealNote(samples: LongTaskRun[]): string {
  if (samples.some((s) => s.stealMs === undefined)) return "";
  const total = (key: "stealMs" | "longTasksInSteal") => samples.reduce((n, s) => n + s[key]!, 0);
  return `, ${total("longTasksInSteal")} of them during a host stall (host steal ${total("stealMs")} ms in all)`;
}

async function measureOneRun(browser: Awaited<ReturnType<typeof launchBrowser>>, url: string, traced: boolean): Promise<LongTaskRun | TracedRun> {
  const context = await newContext(browser);
  await recordLongTasks(context);
  const { page } = await openPage(context, url);
  await page.waitForSelector('.card[data-scenario="black-friday"] button[data-action="run"]');
  let fromMs = 0;
  const run = async () => {
    fromMs = await page.evaluate(() => performance.now());
    await page.click('.card[data-scenario="black-friday"] button[data-action="run"]');
    await page.waitForFunction(() => document.querySelector(".run-status")?.getAttribute("data-status") === "done"
      && document.querySelector(".charts-panel")?.getAttribute("data-zoom") === "incident"
      && Array.from(document.querySelectorAll("figure.chart")).every((f) => f.getAttribute("data-status") === "complete"),
    undefined, { polling: 250, timeout: 600_000 });
  };
  // Host stalls are sampled through the run (reading /proc/stat every 10 ms: a few hundredths
  // of a core, the same in every run).
  const steal = startStealSampler();
  let stealEvents: StealEvent[] = [];
  let trace: Awaited<ReturnType<typeof traceMainThread>> | null;
  try {
    trace = traced ? await traceMainThread(browser, page, run) : (await run(), null);
  } finally {
    stealEvents = steal?.stop() ?? [];
  }
  // Long tasks with their start on the epoch clock (the page's time origin plus its start).
  const longTasks = await page.evaluate((from) => {
    const tasks = (window as unknown as { __longTasks: Array<{ startMs: number; durationMs: number }> }).__longTasks;
    return tasks.filter((t) => t.startMs >= from).map((t) => ({ startMs: performance.timeOrigin + t.startMs, durationMs: t.durationMs }));
  }, fromMs);
  await context.close();
  const untraced: LongTaskRun = { longTaskWallMs: Math.round(Math.max(0, ...longTasks.map((t) => t.durationMs))), longTasks: longTasks.length };
  if (steal !== null) {
    untraced.stealMs = stealEvents.reduce((sum, e) => sum + e.stolenMs, 0);
    untraced.longTasksInSteal = tasksDuringSteal(longTasks, stealEvents);
  }
  if (trace === null) return untraced;
  return {
    ...untraced, traceWorstWallMs: trace.worstWallMs, traceWorstWallCpuMs: trace.worstWallCpuMs, traceWorstCpuMs: trace.worstCpuMs,
    worstCpuParts: trace.worstCpuParts, worstWallParts: trace.worstWallParts, overWallMs50: trace.overWallMs50, overCpuMs50: trace.overCpuMs50,
    mainTasks: trace.tasks, mainCpuMs: trace.totalCpuMs,
  };
}
