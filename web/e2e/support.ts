/**
 * Support for the browser tests: a tiny static server for the built app (web/dist/) on 127.0.0.1
 * at a random port, Debian's Chromium through playwright-core, and screenshots saved to
 * test-artifacts/ for reviewers. Tests wait on page state (`data-status`, attributes), never
 * on time.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The built app. */
export const distDir = path.join(repoRoot, "web/dist");
/** Where screenshots and measurements go (gitignored). */
export const artifactsDir = path.join(repoRoot, "test-artifacts");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".map": "application/json",
};

/**
 * Serves a built app on 127.0.0.1 at a free port: web/dist/ unless `root` names another build's
 * (a benchmark's A/B against a baseline build serves both with one harness).
 */
export async function serveDist(root = distDir): Promise<{ url: string; close: () => Promise<void> }> {
  if (!existsSync(path.join(root, "index.html"))) throw new Error(`${path.join(root, "index.html")} is missing: run \`npm run build\` first (npm test does)`);
  const server: Server = createServer((request, response) => {
    const urlPath = decodeURIComponent((request.url ?? "/").split("?")[0]!);
    const file = path.normalize(path.join(root, urlPath === "/" ? "index.html" : urlPath));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end("not found");
      return;
    }
    // Cross-origin isolated, as vite.config.ts serves it: the page shares memory with its worker.
    response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store", "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Chromium's path: $CHROMIUM_PATH, else Debian's. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

/** Launches headless Chromium with a fresh profile. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

/** A fresh browser context (its own storage) at 1280x800 that accepts downloads. */
export async function newContext(browser: Browser, options: { width?: number; height?: number } = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, acceptDownloads: true });
}

/** Opens a page that fails the test on uncaught page errors (collected in `errors`). */
export async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
  await page.goto(url);
  return { page, errors };
}

/** One test file's app: the static server, Chromium, a context and (unless `open: false`) a page. */
export interface AppFixture {
  server: Awaited<ReturnType<typeof serveDist>>;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The page's uncaught errors and console errors. */
  errors: string[];
}

/**
 * The set-up every browser test file shares: before its tests, serve web/dist/, launch
 * Chromium, make a context (recording long tasks when `longTasks`) and open the app at
 * `fragment()` (a `#...` address, default the gallery) unless `open` is false; after them,
 * close the browser and the server. The returned object is filled in before the first test.
 */
export function useApp(options: { longTasks?: boolean; open?: boolean; fragment?: () => string | Promise<string> } = {}): AppFixture {
  const app = { errors: [] as string[] } as AppFixture;
  beforeAll(async () => {
    app.server = await serveDist();
    app.browser = await launchBrowser();
    app.context = await newContext(app.browser);
    if (options.longTasks) await recordLongTasks(app.context);
    if (options.open === false) return;
    const opened = await openPage(app.context, `${app.server.url}${options.fragment ? await options.fragment() : ""}`);
    app.page = opened.page;
    app.errors = opened.errors;
  }, 60_000);
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

/**
 * Saves a full-page screenshot as test-artifacts/<name>.png. Charts far below the viewport are
 * not painted (`content-visibility: auto`), so for the picture every element is made visible
 * and painted (and charts that only now get their width are redrawn), then the page's own
 * style is back.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.evaluate(() => new Promise<void>((resolve) => {
    const style = document.createElement("style");
    style.id = "screenshot-paint-all";
    style.textContent = "* { content-visibility: visible !important; }";
    document.head.append(style);
    // Charts that get their width now redraw, a chart per frame: wait until none is waiting.
    let frames = 0;
    const settle = () => (++frames >= 4 && (frames > 600 || !document.querySelector('.charts-panel[data-drawn="false"]')) ? resolve() : requestAnimationFrame(settle));
    requestAnimationFrame(settle);
  }));
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
  await page.evaluate(() => document.getElementById("screenshot-paint-all")?.remove());
}

/**
 * Waits until the run status is one of `states` (default: any finished state). Polls four
 * times a second rather than every frame, so the wait itself does not load the page's main
 * thread while a run is measured.
 */
export async function waitForRunStatus(page: Page, states: string[] = ["done", "cancelled", "invalid", "error"], timeoutMs = 90_000): Promise<string> {
  await page.waitForFunction((wanted) => wanted.includes(document.querySelector(".run-status")?.getAttribute("data-status") ?? ""), states, { polling: 250, timeout: timeoutMs });
  return (await page.getAttribute(".run-status", "data-status")) ?? "";
}

/** Page times (ms) of the app's run-start and run-end marks for the n-th run (0-based). */
export async function runMarks(page: Page, index: number): Promise<{ startMs: number; endMs: number }> {
  return page.evaluate((i) => {
    const start = performance.getEntriesByName("clustersim:run-start")[i];
    const end = performance.getEntriesByName("clustersim:run-end")[i];
    return { startMs: start?.startTime ?? NaN, endMs: end?.startTime ?? NaN };
  }, index);
}

/** A share-link fragment (without `#`) for a scenario, made with the app's own codec. */
export async function shareFragment(scenarioText: string, options: { seed: number; digest?: string | null; files?: Record<string, string>; overrides?: string[] }): Promise<string> {
  const { encodeShareLink } = await import("../share-link");
  const { ENGINE_VERSION } = await import("../../engine/index");
  return encodeShareLink({ schemaVersion: 1, engineVersion: ENGINE_VERSION, seed: options.seed, scenarioText, files: options.files ?? {}, overrides: options.overrides ?? [], digest: options.digest ?? null });
}

/**
 * Records main-thread long tasks (> 50 ms) from page load on: `window.__longTasks` holds
 * `{ startMs, durationMs }` (PerformanceObserver "longtask", Chromium).
 */
export async function recordLongTasks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const tasks: Array<{ startMs: number; durationMs: number }> = [];
    (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ startMs: entry.startTime, durationMs: entry.duration });
    }).observe({ type: "longtask", buffered: true });
  });
}

/**
 * The longest main-thread task that started between two page times (ms), or 0 if none was
 * over 50 ms. (The task that starts a run, such as page load opening a share link, started
 * before the run's mark and is not counted.)
 */
export async function worstLongTaskMs(page: Page, fromMs: number, toMs: number): Promise<number> {
  return page.evaluate(([from, to]) => {
    const tasks = (window as unknown as { __longTasks: Array<{ startMs: number; durationMs: number }> }).__longTasks;
    return Math.max(0, ...tasks.filter((t) => t.startMs >= from! && t.startMs <= to!).map((t) => t.durationMs));
  }, [fromMs, toMs]);
}

/**
 * Main-thread task costs from a Chromium trace taken around `during`: the worst task's wall
 * time and its CPU time (the renderer main thread's own time, which a loaded machine does not
 * stretch), the worst CPU time of any task, and the main thread's total CPU time. On a busy
 * machine a task's wall time is mostly waiting for a core; its CPU time is what the page costs.
 * `worstCpuParts` names the worst-CPU task's app jobs (task-queue.ts measures) and largest
 * parts (script, layout, style), CPU ms; `worstWallParts` the same for the worst-wall task, with
 * its wall time off the CPU first ("descheduled": waiting for a core, or the machine's host).
 * `overWallMs50` counts tasks over 50 ms of wall time, `overCpuMs50` those over 50 ms of CPU.
 */
export async function traceMainThread(browser: Browser, page: Page, during: () => Promise<void>): Promise<{ worstWallMs: number; worstWallCpuMs: number; worstCpuMs: number; totalCpuMs: number; tasks: number; worstCpuParts: string[]; worstWallParts: string[]; overWallMs50: number; overCpuMs50: number }> {
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing"] });
  await during();
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: Array<{ name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string; data?: { functionName?: string; url?: string; type?: string } } }> };
  const events = trace.traceEvents;
  const main = new Set(events.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === "X" && main.has(`${e.pid}:${e.tid}`));
  const tasks = onMain.filter((e) => e.name === "RunTask").map((e) => ({ ts: e.ts, end: e.ts + (e.dur ?? 0), wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000 }));
  const none = { ts: 0, end: 0, wallMs: 0, cpuMs: 0 };
  const worstWall = tasks.reduce((w, t) => (t.wallMs > w.wallMs ? t : w), none);
  const worstCpu = tasks.reduce((w, t) => (t.cpuMs > w.cpuMs ? t : w), none);
  const round = (v: number) => Math.round(v * 10) / 10;
  // What a task spent its time on: its app jobs (User Timing measures `clustersim:<queue>:<key>`,
  // task-queue.ts) and its direct parts (script, layout, style, paint), CPU ms.
  const partsOf = (task: typeof none): string[] => {
    const jobs = events.filter((e) => e.name.startsWith("clustersim:") && (e.ph === "b" || e.ph === "X") && e.ts >= task.ts && e.ts <= task.end).map((e) => `job ${e.name.slice("clustersim:".length)}`);
    const parts = onMain.filter((e) => e.name !== "RunTask" && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.end && (e.tdur ?? 0) >= 1000)
      .sort((x, y) => (y.tdur ?? 0) - (x.tdur ?? 0)).slice(0, 6)
      .map((e) => `${e.name}${e.args?.data?.type ? ` ${e.args.data.type}` : ""}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ""} ${round((e.tdur ?? 0) / 1000)} ms`);
    return [...new Set(jobs), ...parts];
  };
  return {
    worstWallMs: round(worstWall.wallMs), worstWallCpuMs: round(worstWall.cpuMs),
    worstCpuMs: round(worstCpu.cpuMs), totalCpuMs: Math.round(tasks.reduce((sum, t) => sum + t.cpuMs, 0)), tasks: tasks.length,
    worstCpuParts: partsOf(worstCpu),
    worstWallParts: [`descheduled ${round(worstWall.wallMs - worstWall.cpuMs)} ms`, ...partsOf(worstWall)],
    overWallMs50: tasks.filter((t) => t.wallMs > 50).length, overCpuMs50: tasks.filter((t) => t.cpuMs > 50).length,
  };
}

/**
 * Numbers on the screen that are not for humans: exponents (`9.71e-8`), raw milliseconds
 * (`2100000ms`, `2827 ms` past a second), runaway percentages (`2827%`), NaN, undefined,
 * Infinity, `[object`. Reads the visible text of `#main`, leaving out what shows scenario syntax
 * (code, pre, `.mono`, form fields). Returns each offending snippet with some context.
 */
export async function numberLeaks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const main = document.getElementById("main")!.cloneNode(true) as HTMLElement;
    for (const e of Array.from(main.querySelectorAll("code, pre, .mono, textarea, input, select, script, style"))) e.remove();
    document.body.append(main);
    main.style.position = "absolute";
    const text = main.innerText;
    main.remove();
    const patterns = [/\b\d(?:\.\d+)?e[-+]?\d+\b/gi, /\d+(?:\.\d+)?ms\b/g, /(?<![\d.,])\d{4,}(?:\.\d+)? ?ms\b/g, /(?<![\d.,])\d{4,}(?:\.\d+)? ?%/g, /\bNaN\b|\bundefined\b|\bInfinity\b|\[object /g];
    const found: string[] = [];
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(text.slice(Math.max(0, match.index! - 30), match.index! + match[0].length + 10).replace(/\s+/g, " "));
    return found;
  });
}

/** Fills the planner's form (variable, range, replications, extra overrides), runs it and waits until it is done. */
export async function runPlanner(page: Page, plan: { knob: string; from: string; to: string; replicationsMin: string; replicationsMax: string; extra: string; survive?: Array<"zone-loss" | "node-loss">; headroom?: boolean; fidelity?: "exact" | "hybrid" }): Promise<void> {
  await page.selectOption('[data-testid="planner-knob"]', plan.knob);
  await page.selectOption('[data-testid="planner-fidelity"]', plan.fidelity ?? "exact");
  await page.setChecked('[data-testid="planner-measure-headroom"]', plan.headroom ?? false);
  for (const loss of ["zone-loss", "node-loss"] as const) await page.setChecked(`[data-testid="planner-survive-${loss}"]`, plan.survive?.includes(loss) ?? false);
  await page.fill('[data-testid="planner-from"]', plan.from);
  await page.fill('[data-testid="planner-to"]', plan.to);
  await page.fill('[data-testid="planner-replications-min"]', plan.replicationsMin);
  await page.fill('[data-testid="planner-replications-max"]', plan.replicationsMax);
  await page.fill('[data-testid="planner-extra"]', plan.extra);
  await page.click('button[data-action="plan"]');
  await page.waitForSelector('[data-testid="planner-status"][data-status="done"]', { timeout: 120_000 });
}

/** The page's clock (performance.now), ms. */
export function pageNowMs(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Saves a measurement as test-artifacts/<name>.json (one file each: test files run in parallel). */
export function recordMeasurement(name: string, value: unknown): void {
  mkdirSync(artifactsDir, { recursive: true });
  writeFileSync(path.join(artifactsDir, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Evaluates transcendental Math functions on fixed inputs. Node 20's V8 and a current
 * Chromium's V8 differ in the last bit of some results (Math.exp, log, pow, sin...), and the
 * engine calls Math directly, so byte-identical Results across the two need the same Math:
 * tests compare this probe first. Returns the values as exact strings.
 */
export const MATH_PROBE_SOURCE = `(() => {
  const out = [];
  for (let i = 1; i <= 2000; i++) {
    const x = i / 137;
    out.push(Math.exp(x - 7), Math.log(x), Math.pow(x, 1.37), x ** 0.73, Math.log1p(x), Math.expm1(x / 9), Math.sin(x), Math.cos(x), Math.atan(x), Math.cbrt(x), Math.log10(x), Math.log2(x));
  }
  return out.map((v) => v.toString());
})()`;

/** True when the page's Math gives the same bits as Node's on the probe. */
export async function sameMathAsNode(page: Page): Promise<boolean> {
  const node = (0, eval)(MATH_PROBE_SOURCE) as string[];
  const browser = (await page.evaluate(MATH_PROBE_SOURCE)) as string[];
  return node.length === browser.length && node.every((v, i) => v === browser[i]);
}

/**
 * Paths where two JSON values differ beyond a relative `tolerance` for numbers (structure,
 * strings, booleans and nulls must match exactly). At most `limit` paths.
 */
export function jsonDifferences(a: unknown, b: unknown, tolerance: number, limit = 10, path = ""): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, p: string): void => {
    if (out.length >= limit) return;
    if (typeof x === "number" && typeof y === "number") {
      if (!(x === y || Math.abs(x - y) <= tolerance * Math.max(Math.abs(x), Math.abs(y)))) out.push(`${p}: ${x} vs ${y}`);
      return;
    }
    if (typeof x !== "object" || x === null || typeof y !== "object" || y === null) {
      if (x !== y) out.push(`${p}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
      return;
    }
    if (Array.isArray(x) !== Array.isArray(y)) { out.push(`${p}: array vs object`); return; }
    const keysX = Object.keys(x), keysY = Object.keys(y);
    if (keysX.join(",") !== keysY.join(",")) { out.push(`${p}: keys ${keysX.join(",")} vs ${keysY.join(",")}`); return; }
    for (const key of keysX) walk((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key], `${p}.${key}`);
  };
  walk(a, b, path);
  return out;
}
