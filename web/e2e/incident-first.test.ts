/**
 * A newcomer's first run, in a real browser: open the app, run black-friday from the gallery,
 * and without any further click the charts show the incident (the app tier saturated from
 * 0:42 to about 0:56 at seed 11, where requests failed) and "what happened" says so; the
 * whole run is one click away; each sentence zooms the charts to its stretch; the timeline's
 * 35 scaling marks are a few labelled bands. The run screen is built a section per animation
 * frame (the structure is checked here; the worst main-thread task is measured by
 * bench/browser-longtask.ts, idle and loaded); every chart titles its axes; no screen shows a
 * number that is not for humans.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { numberLeaks, screenshot, useApp, waitForRunStatus } from "./support";

const app = useApp();

const minute = 60_000;
const panelRange = async (p: Page) => ({
  zoom: await p.getAttribute(".charts-panel", "data-zoom"),
  fromMs: Number(await p.getAttribute(".charts-panel", "data-from-ms")),
  toMs: Number(await p.getAttribute(".charts-panel", "data-to-ms")),
});

describe("a newcomer's first run", () => {
  it("opens black-friday's charts on the incident, and 'what happened' names the saturated tier", async () => {
    await app.page.click('.card[data-scenario="black-friday"] button[data-action="run"]');
    expect(await waitForRunStatus(app.page, ["done", "cancelled", "invalid", "error"], 240_000)).toBe("done");
    await app.page.waitForFunction(() => document.querySelector(".charts-panel")?.getAttribute("data-zoom") === "incident", undefined, { polling: 250 });
    const range = await panelRange(app.page);
    expect(range.fromMs).toBeLessThanOrEqual(42 * minute);
    expect(range.toMs).toBeGreaterThanOrEqual(57 * minute);
    // ...and it is the incident, not the 3-hour run.
    expect(range.toMs - range.fromMs).toBeLessThan(60 * minute);
    const sentences = await app.page.$$eval(".insights li", (items) => items.map((li) => li.textContent ?? ""));
    expect(sentences.some((s) => /^app saturated from 0:4[12]:00 to 0:5\d:00/.test(s)), sentences.join("\n")).toBe(true);
    expect(sentences.some((s) => s.includes("Failures by cause: timeout"))).toBe(true);
    // The autoscaler's nodes were booting, not failing: no sentence calls them down.
    expect(sentences.some((s) => s.includes("not yet serving (booting)"))).toBe(true);
    expect(sentences.some((s) => s.includes("nodes not serving"))).toBe(false);
    await app.page.waitForFunction(() => Array.from(document.querySelectorAll("figure.chart")).every((f) => f.getAttribute("data-status") === "complete"), undefined, { polling: 250 });
    await screenshot(app.page, "run-view-incident");
  });

  it("groups the timeline's scaling marks into a few labelled bands with a legend", async () => {
    const bands = Number(await app.page.getAttribute(".band-legend", "data-bands"));
    expect(bands).toBeGreaterThan(0);
    expect(bands).toBeLessThan(12);
    const labels = await app.page.$$eval(".band-list li", (items) => items.map((li) => li.textContent ?? ""));
    expect(labels.some((l) => /app scale-up ×\d+, \d+ → \d+ nodes/.test(l)), labels.join("\n")).toBe(true);
    expect(await app.page.$$eval("#chart-load g.event-band", (g) => g.length)).toBe(bands);
  });

  it("shows the whole run in one click, and the incident again", async () => {
    await app.page.click('button[data-action="reset-zoom"]');
    expect(await panelRange(app.page)).toEqual({ zoom: "all", fromMs: 0, toMs: 180 * minute });
    await screenshot(app.page, "run-view-whole-run");
    await app.page.click('button[data-action="zoom-incident"]');
    expect((await panelRange(app.page)).zoom).toBe("incident");
  });

  it("zooms the charts to a sentence's stretch when it is clicked", async () => {
    const link = app.page.locator(".insight-link", { hasText: "app saturated" }).first();
    const from = Number(await link.getAttribute("data-from-ms"));
    const to = Number(await link.getAttribute("data-to-ms"));
    await link.click();
    const range = await panelRange(app.page);
    expect(range.zoom).toBe("custom");
    expect(range.fromMs).toBeLessThanOrEqual(from);
    expect(range.toMs).toBeGreaterThanOrEqual(to);
    expect(range.toMs - range.fromMs).toBeLessThan(2 * (to - from) + 2 * minute + 1);
  });

  it("shows load on the topology at the worst moment: saturated app nodes, queues, failing edges", async () => {
    await app.page.click('#nav a[data-route="topology"]');
    await app.page.waitForSelector('[data-testid="scrubber"]');
    await app.page.$eval('[data-testid="scrubber"]', (input: HTMLInputElement, ms) => { input.value = String(ms); input.dispatchEvent(new Event("input")); }, 45 * minute);
    await app.page.waitForFunction(() => document.querySelector('[data-testid="scrubber-time"]')?.textContent === "0:45:00");
    const appNodes = await app.page.$$eval('rect.node-box[data-state="up"]', (rects) => rects.map((r) => ({ node: r.getAttribute("data-node") ?? "", u: Number(r.getAttribute("data-utilisation")), jobs: Number(r.getAttribute("data-jobs")) })).filter((n) => n.node.startsWith("app")));
    expect(appNodes.length).toBeGreaterThan(0);
    for (const node of appNodes) expect(node.u, node.node).toBeGreaterThanOrEqual(0.99);
    expect(await app.page.$$eval("rect.queue-bar.queueing", (bars) => bars.length)).toBeGreaterThan(0);
    // The autoscaler's new nodes are booting (dashed, "+"), not down.
    expect(await app.page.$$eval('rect.node-box[data-state="booting"]', (r) => r.length)).toBeGreaterThan(0);
    expect(await app.page.$$eval('rect.node-box[data-state="down"]', (r) => r.length)).toBe(0);
    const entry = await app.page.$$eval("path.link[data-rate]", (paths) => paths.map((p) => Number(p.getAttribute("data-error-share"))));
    expect(Math.max(...entry)).toBeGreaterThan(0.5);
    await screenshot(app.page, "topology-load");
    // Playback moves the scrubber (and the picture with it) until paused.
    await app.page.click('button[data-action="play"]');
    expect(await app.page.textContent('button[data-action="play"]')).toBe("Pause");
    await app.page.waitForFunction((ms) => Number(document.querySelector<HTMLInputElement>('[data-testid="scrubber"]')?.value) > ms, 45 * minute, { polling: 100 });
    await app.page.click('button[data-action="play"]');
    expect(await app.page.textContent('button[data-action="play"]')).toBe("Play");
    expect(await app.page.textContent('[data-testid="scrubber-time"]')).not.toBe("0:45:00");
  });

  it("shows the last run's outcome on the scenario's gallery card", async () => {
    await app.page.click('#nav a[data-route="gallery"]');
    await app.page.waitForSelector('.card[data-scenario="black-friday"] .card-outcome');
    expect(await app.page.textContent('.card[data-scenario="black-friday"] .card-outcome')).toBe("Last run (seed 11): 0 of 2 SLOs met.");
    await app.page.click('#nav a[data-route="run"]');
    await app.page.waitForFunction(() => document.querySelector(".run-status")?.getAttribute("data-status") === "done");
  });

  it("runs a suggested experiment in one click and opens the comparison", async () => {
    const button = app.page.locator('button[data-action="experiment"][data-experiment="0"]');
    expect(await button.textContent()).toBe("Pre-scale to 10 app nodes");
    await button.click();
    await app.page.waitForFunction(() => {
      const b = document.querySelector<HTMLSelectElement>('[data-testid="compare-b"]');
      return document.getElementById("main")?.dataset.screen === "compare" && (b?.selectedOptions[0]?.textContent ?? "").includes("experiment: Pre-scale")
        && document.querySelector('[data-testid="compare-table"] tr[data-metric="successRate"]') !== null;
    }, undefined, { polling: 250, timeout: 240_000 });
    const success = await app.page.$eval('[data-testid="compare-table"] tr[data-metric="successRate"]', (row) => [Number(row.getAttribute("data-a")), Number(row.getAttribute("data-b"))]);
    expect(success[0]!).toBeLessThan(0.99);
    expect(success[1]!).toBeGreaterThan(success[0]!);
    // Each side says who it is: the same scenario and seed, B with the experiment's override.
    const sides = await app.page.$$eval(".variant", (vs) => vs.map((v) => ["scenario", "seed", "overrides", "fidelity"].map((id) => v.querySelector(`[data-testid="${id}"]`)?.textContent)));
    expect(sides).toEqual([["black-friday", "11", "none", "exact"], ["black-friday", "11", "autoscaling[0].min=10", "exact"]]);
    await screenshot(app.page, "compare-experiment");
    await app.page.click('#nav a[data-route="run"]');
    await app.page.waitForFunction(() => document.querySelector(".run-status")?.getAttribute("data-status") === "done");
  });

  it("plans the variable that decides the outcome: the autoscaled group's minimum", async () => {
    await app.page.click('#nav a[data-route="planner"]');
    await app.page.waitForSelector('[data-testid="planner-knob"]');
    expect(await app.page.inputValue('[data-testid="planner-knob"]')).toBe("autoscaling[0].min");
    expect(await app.page.inputValue('[data-testid="planner-from"]')).toBe("2");
    expect(await app.page.inputValue('[data-testid="planner-to"]')).toBe("40");
    expect(await app.page.textContent('[data-testid="planner-knob"] option[value="topology.groups.app.count"]')).toContain("its autoscaler overrides this");
    await screenshot(app.page, "planner-defaults");
    await app.page.click('#nav a[data-route="run"]');
    await app.page.waitForFunction(() => document.querySelector(".run-status")?.getAttribute("data-status") === "done");
  });

  it("built the run screen a section per animation frame, and shaped and drew each chart in a frame of its own", async () => {
    // The screen was built again when the planner test came back to it.
    await app.page.waitForFunction(() => document.querySelector(".charts-panel")?.getAttribute("data-drawn") === "true"
      && Array.from(document.querySelectorAll("figure.chart")).every((f) => f.getAttribute("data-status") === "complete"), undefined, { polling: 250 });
    const steps = await app.page.evaluate(() => {
      const step = (e: Element | null, name: string) => Number(e?.getAttribute(name) ?? NaN);
      return {
        sections: [".story", ".identity-slot", ".insights", ".numbers", ".tables", ".charts-panel"].map((s) => step(document.querySelector(s), "data-build-step")),
        shape: step(document.querySelector(".charts-panel"), "data-shape-step"),
        charts: Array.from(document.querySelectorAll("figure.chart")).map((f) => step(f, "data-draw-step")),
      };
    });
    // Every section was built by a job of its own (a job runs alone in its animation frame).
    expect(steps.sections.every((n) => Number.isInteger(n) && n > 0), JSON.stringify(steps)).toBe(true);
    expect(new Set(steps.sections).size).toBe(steps.sections.length);
    // Shaping the series into charts was one job, and each chart was drawn by a later one.
    expect(steps.charts.length).toBeGreaterThan(5);
    expect(new Set(steps.charts).size).toBe(steps.charts.length);
    expect(Math.min(...steps.charts)).toBeGreaterThan(steps.shape);
  });

  it("puts data first: share and export in the run header on the first screen, the scenario's story collapsed under the charts", async () => {
    const layout = await app.page.evaluate(() => {
      const top = (selector: string) => { const e = document.querySelector(selector); return e ? e.getBoundingClientRect().top + window.scrollY : NaN; };
      return {
        share: top('.run-header button[data-action="share"]'), json: top('.run-header button[data-action="export-json"]'), csv: top('.run-header button[data-action="export-csv"]'),
        charts: top(".charts-panel"), about: top("details.about-scenario"), aboutOpen: document.querySelector<HTMLDetailsElement>("details.about-scenario")?.open,
      };
    });
    for (const y of [layout.share, layout.json, layout.csv]) expect(y, JSON.stringify(layout)).toBeLessThan(800 / 2);
    expect(layout.about).toBeGreaterThan(layout.charts);
    expect(layout.aboutOpen).toBe(false);
  });

  it("titles both axes of every chart, with the time axis's format", async () => {
    const titles = await app.page.$$eval("figure.chart", (figures) => figures.map((f) => [f.id, f.querySelector("svg .axis-title-x")?.textContent ?? "", f.querySelector("svg .axis-title-y")?.textContent ?? ""]));
    expect(titles.length).toBeGreaterThan(5);
    for (const [id, x, y] of titles) {
      expect(x, id).toBe("time since the run started (h:mm:ss)");
      expect(y.length, id).toBeGreaterThan(0);
    }
  });

  it("shows every screen's numbers for humans: no exponents, raw milliseconds or runaway percentages", async () => {
    const leaks: Record<string, string[]> = {};
    for (const route of ["run", "topology", "compare", "planner", "gallery", "editor", "lessons"]) {
      await app.page.click(`#nav a[data-route="${route}"]`);
      await app.page.waitForFunction((r) => document.getElementById("main")?.dataset.screen === r, route);
      if (route === "run") await app.page.waitForFunction(() => document.querySelector(".run-status")?.getAttribute("data-status") === "done", undefined, { polling: 250 });
      if (route === "topology") await app.page.waitForSelector('[data-testid="scrubber"]');
      if (route === "compare") await app.page.waitForSelector('[data-testid="compare-table"]');
      const found = await numberLeaks(app.page);
      if (found.length > 0) leaks[route] = found;
    }
    expect(leaks).toEqual({});
    await app.page.click('#nav a[data-route="run"]');
    await app.page.waitForFunction(() => document.querySelector(".run-status")?.getAttribute("data-status") === "done", undefined, { polling: 250 });
    expect(app.errors).toEqual([]);
  });
});
