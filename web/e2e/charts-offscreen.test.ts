/**
 * Charts off screen hold their live redraws (web/views/charts-panel.ts): while black-friday
 * streams on a 1280x800 page, the charts below the first screen keep their drawing
 * (`data-held="true"`, their `data-draw-step` stays) while the chart on screen redraws; a held
 * chart scrolled into view redraws at once with the latest data; the finished run draws every
 * chart. State is read from data attributes only.
 */
import { describe, expect, it } from "vitest";
import { useApp, waitForRunStatus } from "./support";

const app = useApp();

interface ChartState { status: string; held: string; step: number; points: number }

describe("charts off screen while a run streams", () => {
  it("holds the charts below the first screen, redraws the one in view, and catches a chart up when it is scrolled to", async () => {
    await app.page.click('.card[data-scenario="black-friday"] button[data-action="run"]');
    const read = (id: string): Promise<ChartState> => app.page.$eval(`#chart-${id}`, (f) => ({
      status: f.getAttribute("data-status") ?? "", held: f.getAttribute("data-held") ?? "", step: Number(f.getAttribute("data-draw-step")), points: Number(f.getAttribute("data-points-min")),
    }));
    // The budget chart (the grid's last) is far below the first screen: once it drew the run's
    // first data, later live updates pass it by.
    await app.page.waitForFunction(() => document.querySelector(".run-status")?.getAttribute("data-status") === "running"
      && document.querySelector("#chart-budget")?.getAttribute("data-held") === "true", undefined, { polling: 100, timeout: 120_000 });
    const heldAt = await read("budget");
    expect(heldAt.status).toBe("partial");
    const loadAt = await read("load");
    // The load chart (at the top of the grid, in view) redraws while the run streams...
    const later = await (await app.page.waitForFunction((loadStep) => {
      const step = (id: string) => Number(document.querySelector(`#chart-${id}`)?.getAttribute("data-draw-step"));
      if (document.querySelector(".run-status")?.getAttribute("data-status") !== "running" || step("load") <= loadStep) return null;
      return { budgetStep: step("budget"), budgetHeld: document.querySelector("#chart-budget")?.getAttribute("data-held"), budgetStatus: document.querySelector("#chart-budget")?.getAttribute("data-status") };
    }, loadAt.step, { polling: 100, timeout: 120_000 })).jsonValue();
    expect(later).not.toBeNull();
    // ...while the budget chart kept its drawing.
    expect(later).toEqual({ budgetStep: heldAt.step, budgetHeld: "true", budgetStatus: "partial" });
    // Scrolled into view, the held chart redraws with the latest data while the run still streams.
    await app.page.$eval("#chart-budget", (f) => f.scrollIntoView({ block: "center" }));
    const caughtUp = await (await app.page.waitForFunction((budgetStep) => {
      const f = document.querySelector("#chart-budget");
      const step = Number(f?.getAttribute("data-draw-step"));
      return step > budgetStep ? { held: f?.getAttribute("data-held"), points: Number(f?.getAttribute("data-points-min")), status: document.querySelector(".run-status")?.getAttribute("data-status") } : null;
    }, heldAt.step, { polling: 100, timeout: 120_000 })).jsonValue();
    expect(caughtUp!.status).toBe("running");
    expect(caughtUp!.held).toBe("false");
    expect(caughtUp!.points).toBeGreaterThan(heldAt.points);
    // The finished run is drawn on every chart, seen or not; none holds.
    await app.page.evaluate(() => window.scrollTo(0, 0));
    expect(await waitForRunStatus(app.page, undefined, 300_000)).toBe("done");
    await app.page.waitForFunction(() => Array.from(document.querySelectorAll("figure.chart")).every((f) => f.getAttribute("data-status") === "complete"), undefined, { polling: 250, timeout: 120_000 });
    const charts = await app.page.$$eval("figure.chart", (figures) => figures.map((f) => [f.getAttribute("data-chart"), f.getAttribute("data-held")]));
    expect(charts.length).toBe(8);
    for (const [id, held] of charts) expect(held, id!).toBe("false");
  }, 600_000);
});
