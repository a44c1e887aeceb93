/**
 * The run view in a real browser: a shared scenario runs in the worker and gives the engine's
 * Result (digest, summary numbers, exported JSON, compared with the engine run in Node);
 * every chart holds a path with many points; the brush zooms all charts; exports download;
 * the main thread stays free during the run.
 */
import { readFileSync } from "node:fs";

import { beforeAll, describe, expect, it } from "vitest";
import { ENGINE_VERSION, resultDigest, serializeResult, simulate, type Result } from "../../engine/index";
import { jsonDifferences, recordMeasurement, runMarks, sameMathAsNode, screenshot, shareFragment, useApp, waitForRunStatus, worstLongTaskMs } from "./support";

/** three-tier, shortened to 90 s of simulated time with half-second windows (180 windows). */
const scenario = readFileSync(new URL("../../scenarios/three-tier.yaml", import.meta.url), "utf8")
  .replace(/duration: \S+/, "duration: 90s").replace(/warmup: \S+/, "warmup: 10s\n  window: 500ms");
const seed = 7;

let expected: Result;
let sameMath = false;

const app = useApp({ longTasks: true, fragment: async () => { expected = simulate(scenario, { seed }); return `#${await shareFragment(scenario, { seed, digest: resultDigest(expected) })}`; } });

beforeAll(async () => {
  await waitForRunStatus(app.page);
  sameMath = await sameMathAsNode(app.page);
  recordMeasurement("browser-math", { sameMathAsNode: sameMath, browser: await app.page.evaluate(() => navigator.userAgent), nodeV8: process.versions.v8 });
});

describe("a run in the browser", () => {
  it("runs the shared scenario with the link's seed and shows the engine version", async () => {
    expect(await app.page.getAttribute(".run-status", "data-status")).toBe("done");
    expect(await app.page.textContent('[data-testid="engine-version"]')).toBe(ENGINE_VERSION);
    expect(await app.page.textContent('[data-testid="seed"]')).toBe(String(seed));
  });

  it("gives the engine's Result: byte-identical to Node's, whatever the browser's Math library", async () => {
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.page.click('button[data-action="export-json"]')]);
    expect(download.suggestedFilename()).toBe(`three-tier-seed-${seed}.result.json`);
    const text = readFileSync((await download.path())!, "utf8");
    const digest = await app.page.textContent('[data-testid="digest"]');
    // The page's digest is the digest of exactly the bytes it exports.
    const { digestString } = await import("../../engine/index");
    expect(digest).toBe(digestString(text));
    // Whatever the Math library, the Result has the same shape, counts and (to 1e-9) values.
    expect(jsonDifferences(expected, JSON.parse(text), 1e-9)).toEqual([]);
    // The engine computes transcendental functions itself (engine/core/det-math.ts), so the
    // bytes match whatever this browser's Math library does (sameMath is only recorded).
    expect(text).toBe(serializeResult(expected));
    expect(digest).toBe(resultDigest(expected));
    expect(await app.page.getAttribute('[data-testid="reproduced"]', "data-reproduced")).toBe("true");
  });

  it("shows the summary numbers of the Result", async () => {
    const value = async (metric: string) => Number(await app.page.getAttribute(`.tile[data-metric="${metric}"] dd`, "data-value"));
    const r = expected.requests;
    expect(await value("offered")).toBe(r.offered);
    expect(await value("goodputPerS")).toBeCloseTo(r.goodputPerS, 6);
    expect(await value("successRate")).toBeCloseTo(r.successRate!, 9);
    expect(await value("latencyP50Ms")).toBeCloseTo(r.latencyMs.p50!, 6);
    expect(await value("latencyP99Ms")).toBeCloseTo(r.latencyMs.p99!, 6);
    expect(await value("latencyP999Ms")).toBeCloseTo(r.latencyMs.p999!, 6);
    expect(await value("cost")).toBeCloseTo(expected.cost.total, 9);
    for (const slo of expected.slos) expect(await app.page.getAttribute(`tr[data-slo="${slo.name}"]`, "data-passed")).toBe(String(slo.passed));
  });

  it("draws every chart with a path of many points, the heatmap, and a data table for each", async () => {
    await app.page.waitForFunction(() => Array.from(document.querySelectorAll("figure.chart")).every((f) => f.getAttribute("data-status") === "complete"), undefined, { polling: 100 });
    const charts = await app.page.$$eval("figure.chart", (figures) => figures.map((f) => ({ id: f.getAttribute("data-chart"), pointsMin: Number(f.getAttribute("data-points-min")), paths: f.querySelectorAll("path.series-line").length, rows: f.querySelectorAll("table tbody tr").length })));
    expect(charts.map((c) => c.id)).toEqual(["load", "errors", "latency", "heatmap", "utilisation", "queues", "nodes", "budget"]);
    const windows = expected.series.startMs.length;
    for (const chart of charts) {
      expect(chart.rows, chart.id!).toBe(windows);
      if (chart.id === "heatmap") continue;
      expect(chart.paths, chart.id!).toBeGreaterThan(0);
      expect(chart.pointsMin, chart.id!).toBeGreaterThanOrEqual(150); // 180 windows; the budget starts after warm-up (160)
    }
    expect(Number(await app.page.getAttribute("image.heatmap-cells", "data-columns"))).toBe(windows);
    await screenshot(app.page, "run-view");
  });

  it("zooms every chart together with a brush, and resets", async () => {
    const overlay = (await app.page.$("#chart-load svg g.brush rect.overlay"))!;
    await overlay.scrollIntoViewIfNeeded();
    const bounds = (await overlay.boundingBox())!;
    await app.page.mouse.move(bounds.x + bounds.width * 0.3, bounds.y + bounds.height / 2);
    await app.page.mouse.down();
    await app.page.mouse.move(bounds.x + bounds.width * 0.6, bounds.y + bounds.height / 2, { steps: 5 });
    await app.page.mouse.up();
    await app.page.waitForFunction(() => Number(document.querySelector("#chart-latency")?.getAttribute("data-points-min")) < 100, undefined, { polling: 100 });
    expect(await app.page.textContent(".zoom-text")).toMatch(/^Showing: \d+:\d\d–\d+:\d\d$/);
    await app.page.click('button[data-action="reset-zoom"]');
    await app.page.waitForFunction(() => Number(document.querySelector("#chart-latency")?.getAttribute("data-points-min")) >= 150, undefined, { polling: 100 });
  });

  it("exports the series as CSV and a chart as SVG and PNG", async () => {
    const [csv] = await Promise.all([app.page.waitForEvent("download"), app.page.click('button[data-action="export-csv"]')]);
    const lines = readFileSync((await csv.path())!, "utf8").trim().split("\n");
    expect(lines[0]!.split(",").slice(0, 3)).toEqual(["startMs", "offeredPerS", "succeededPerS"]);
    expect(lines.length).toBe(expected.series.startMs.length + 1);
    expect(Number(lines[1]!.split(",")[1])).toBe(expected.series.offeredPerS[0]);
    const [svg] = await Promise.all([app.page.waitForEvent("download"), app.page.click('#chart-latency button[aria-label$="SVG"]')]);
    expect(readFileSync((await svg.path())!, "utf8")).toMatch(/^<\?xml[^]*<svg[^]*class="series-line"/);
    const [png] = await Promise.all([app.page.waitForEvent("download"), app.page.click('#chart-latency button[aria-label$="PNG"]')]);
    expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe("PNG");
  });

  it("keeps the main thread free while simulating (worst long task measured and saved)", async () => {
    const { startMs, endMs } = await runMarks(app.page, 0);
    const worstMs = await worstLongTaskMs(app.page, startMs, endMs);
    recordMeasurement("longtask-shared-run", { worstMainThreadTaskMs: worstMs, runWallMs: Math.round(endMs - startMs) });
    // The goal is no task over 100 ms, met on an idle machine (see README); the figure is
    // saved, not judged, because tests assert behaviour, not speed: a loaded 2-core machine
    // preempts the page's thread and stretches tasks. What this does catch is the engine
    // running on the main thread, which would block it for most of the run.
    expect(worstMs).toBeLessThan(Math.max(1500, 0.5 * (endMs - startMs)));
    expect(app.errors).toEqual([]);
  });
});
