/**
 * The page's worst main-thread task while black-friday (seed 11) streams in real Chromium,
 * idle and with the machine loaded by a CPU hog (a `node -e "for(;;);"` child, killed after).
 *
 * Each run opens the app on the gallery in a fresh context and clicks black-friday's Run: the
 * click builds the run screen, the worker streams, the charts redraw live and then open on the
 * incident. Two views of the same stretch (from the click until every chart is complete):
 * - the PerformanceObserver("longtask") worst task, wall time (0 = none over 50 ms);
 * - a Chromium trace of the renderer's main thread: the worst task's wall and CPU time and
 *   the worst CPU time of any task, what the worst tasks spent their time on (app jobs, script,
 *   layout; the worst-wall task's time off the CPU), and how many tasks took over 50 ms of wall
 *   time and of CPU time. On a loaded machine a task's wall time is mostly waiting for a core;
 *   its CPU time is what the page costs.
 * The app is served as `npm start` serves it, cross-origin isolated (web/e2e/support.ts), so the
 * run is paced by the page (web/app/page-busy.ts).
 * Needs the built app (`npm run build`) and Chromium (`$CHROMIUM_PATH` or /usr/bin/chromium).
 * Runs per mode: `$BENCH_RUNS` (default 3).
 */
import { spawn } from "node:child_process";
import { launchBrowser, newContext, openPage, recordLongTasks, serveDist, traceMainThread } from "../web/e2e/support";
import type { BenchRecord } from "./record";

/** One measured run: the worst long task (wall) and the trace's figures, ms. */
interface LongTaskSample {
  longTaskWallMs: number;
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
}

/** Measures `runs` black-friday runs per mode (idle, loaded) and reports each mode's worst. */
export async function benchBrowserLongTask(runs = Number(process.env.BENCH_RUNS ?? 3)): Promise<BenchRecord[]> {
  const server = await serveDist();
  const browser = await launchBrowser();
  const records: BenchRecord[] = [];
  try {
    for (const mode of ["idle", "loaded"] as const) {
      const samples: LongTaskSample[] = [];
      const started = performance.now();
      for (let i = 0; i < runs; i++) {
        const hog = mode === "loaded" ? spawn(process.execPath, ["-e", "for(;;);"], { stdio: "ignore" }) : null;
        try {
          samples.push(await measureOneRun(browser, server.url));
        } finally {
          hog?.kill();
        }
      }
      const worst = (key: Exclude<keyof LongTaskSample, "worstCpuParts" | "worstWallParts">) => Math.max(...samples.map((s) => s[key]));
      records.push({
        name: `browser-longtask-${mode}`,
        wallMs: Math.round(performance.now() - started),
        notes: `black-friday seed 11, ${runs} runs${mode === "loaded" ? " beside one CPU hog" : ""}: worst longtask ${worst("longTaskWallMs")} ms wall; trace worst task ${worst("traceWorstWallMs")} ms wall (${worst("traceWorstWallCpuMs")} ms CPU), worst CPU of any task ${worst("traceWorstCpuMs")} ms; tasks over 50 ms: ${samples.reduce((n, s) => n + s.overWallMs50, 0)} by wall, ${samples.reduce((n, s) => n + s.overCpuMs50, 0)} by CPU; per run ${JSON.stringify(samples)}`,
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return records;
}

async function measureOneRun(browser: Awaited<ReturnType<typeof launchBrowser>>, url: string): Promise<LongTaskSample> {
  const context = await newContext(browser);
  await recordLongTasks(context);
  const { page } = await openPage(context, url);
  await page.waitForSelector('.card[data-scenario="black-friday"] button[data-action="run"]');
  let fromMs = 0;
  const trace = await traceMainThread(browser, page, async () => {
    fromMs = await page.evaluate(() => performance.now());
    await page.click('.card[data-scenario="black-friday"] button[data-action="run"]');
    await page.waitForFunction(() => document.querySelector(".run-status")?.getAttribute("data-status") === "done"
      && document.querySelector(".charts-panel")?.getAttribute("data-zoom") === "incident"
      && Array.from(document.querySelectorAll("figure.chart")).every((f) => f.getAttribute("data-status") === "complete"),
    undefined, { polling: 250, timeout: 600_000 });
  });
  const longTaskWallMs = await page.evaluate((from) => {
    const tasks = (window as unknown as { __longTasks: Array<{ startMs: number; durationMs: number }> }).__longTasks;
    return Math.round(Math.max(0, ...tasks.filter((t) => t.startMs >= from).map((t) => t.durationMs)));
  }, fromMs);
  await context.close();
  return {
    longTaskWallMs, traceWorstWallMs: trace.worstWallMs, traceWorstWallCpuMs: trace.worstWallCpuMs, traceWorstCpuMs: trace.worstCpuMs,
    worstCpuParts: trace.worstCpuParts, worstWallParts: trace.worstWallParts, overWallMs50: trace.overWallMs50, overCpuMs50: trace.overCpuMs50,
  };
}
