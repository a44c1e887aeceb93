/**
 * State that lasts, in a real browser: a finished run is saved (IndexedDB) and the address
 * carries it with the charts' range, so a reload brings back the same run zoomed the same
 * way; back and forward move between screens, every navigation starts at the top; saved
 * runs are listed and deletable. The gallery's cards are short and draw their traffic.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot, shareFragment, waitForRunStatus, useApp } from "./support";

/** three-tier, shortened to 90 s of simulated time with half-second windows. */
const scenario = readFileSync(new URL("../../scenarios/three-tier.yaml", import.meta.url), "utf8")
  .replace(/duration: \S+/, "duration: 90s").replace(/warmup: \S+/, "warmup: 10s\n  window: 500ms");

const app = useApp();

const params = async (p: Page) => Object.fromEntries(new URLSearchParams((await p.evaluate(() => location.hash)).split("?")[1] ?? ""));

describe("the gallery", () => {
  it("shows short cards, each with its traffic drawn and what it teaches collapsed", async () => {
    await app.page.waitForFunction(() => Array.from(document.querySelectorAll(".card-sparkline")).every((s) => s.getAttribute("data-sparkline") !== "pending"), undefined, { polling: 250, timeout: 60_000 });
    const cards = await app.page.$$eval(".card", (cards) => cards.map((c) => ({
      id: c.getAttribute("data-scenario"),
      sparkline: c.querySelector(".card-sparkline")?.getAttribute("data-sparkline"),
      // What a reader sees before opening "What it teaches".
      visibleWords: Array.from(c.children).filter((e) => e.tagName !== "DETAILS").map((e) => e.textContent ?? "").join(" ").split(/\s+/).filter(Boolean).length,
    })));
    expect(cards.find((c) => c.id === "black-friday")?.sparkline).toBe("drawn");
    for (const card of cards) expect(card.visibleWords, card.id!).toBeLessThan(80);
    await screenshot(app.page, "gallery");
  });
});

describe("the editor", () => {
  it("edits every section from the schema (the autoscaler here), with the CLI's messages", async () => {
    await app.page.click('.card[data-scenario="black-friday"] button[data-action="edit"]');
    await app.page.waitForSelector('fieldset[data-section="autoscaling"] input[data-path="autoscaling[0].min"]');
    expect(await app.page.inputValue('input[data-path="autoscaling[0].min"]')).toBe("2");
    expect(await app.page.$$eval("fieldset[data-section]", (sets) => sets.map((s) => s.getAttribute("data-section")))).toEqual(expect.arrayContaining(["autoscaling", "rolling-updates", "slos", "faults"]));
    await app.page.fill('input[data-path="autoscaling[0].min"]', "-3");
    await app.page.waitForSelector('[data-testid="editor-status"][data-valid="false"]');
    const error = await app.page.textContent('.field[data-path="autoscaling[0].min"] .field-error');
    expect(error).toMatch(/^autoscaling\[0\]\.min: /);
    await app.page.fill('input[data-path="autoscaling[0].min"]', "10");
    await app.page.waitForSelector('[data-testid="editor-status"][data-valid="true"]');
    expect(await app.page.inputValue('[data-testid="scenario-text"]')).toMatch(/min: 10\n/);
    await screenshot(app.page, "editor");
    await app.page.click('.editor-page button[data-action="reset"]');
  });
});

describe("your own data", () => {
  it("drives a scenario's workload with an uploaded Prometheus export, read by the engine's parser", async () => {
    await app.page.click('#nav a[data-route="gallery"]');
    await app.page.click('.card[data-scenario="three-tier"] button[data-action="edit"]');
    await app.page.waitForSelector('[data-testid="traffic-file"]');
    // 20 requests/s for 15 minutes, a sample every 15 s (three-tier runs 10 minutes).
    const start = 1764288000;
    const values = Array.from({ length: 61 }, (_, i) => [start + i * 15, "20"]);
    const body = JSON.stringify({ status: "success", data: { resultType: "matrix", result: [{ metric: { job: "shop" }, values }] } });
    await app.page.setInputFiles('[data-testid="traffic-file"]', { name: "shop-rate.json", mimeType: "application/json", buffer: Buffer.from(body) });
    await app.page.waitForSelector('[data-testid="traffic-upload-status"][data-file="data/shop-rate.json"]');
    expect(await app.page.inputValue('[data-testid="scenario-text"]')).toContain("replay: { file: data/shop-rate.json, format: prometheus }");
    await app.page.waitForSelector('[data-testid="editor-status"][data-valid="true"]');
    await screenshot(app.page, "editor-upload");
    await app.page.click('.editor-page button[data-action="run"]');
    expect(await waitForRunStatus(app.page)).toBe("done");
    const throughput = Number(await app.page.getAttribute('.tile[data-metric="goodputPerS"] dd', "data-value"));
    // Poisson arrivals at 20/s over 9 measured minutes: 10,800 expected, sd ~104; 5% is ~5 sd.
    expect(throughput).toBeGreaterThan(19);
    expect(throughput).toBeLessThan(21);
  });

  it("takes a rate CSV too, and words a bad one's problem as the CLI does, naming the file", async () => {
    await app.page.click('#nav a[data-route="editor"]');
    await app.page.waitForSelector('[data-testid="traffic-file"]');
    await app.page.setInputFiles('[data-testid="traffic-file"]', { name: "shop-rate.csv", mimeType: "text/csv", buffer: Buffer.from("start,rate\n0,30\n300,45\n600,30\n") });
    await app.page.waitForSelector('[data-testid="traffic-upload-status"][data-file="data/shop-rate.csv"]');
    expect(await app.page.inputValue('[data-testid="scenario-text"]')).toContain("replay: { file: data/shop-rate.csv, format: rate-csv }");
    await app.page.waitForSelector('[data-testid="editor-status"][data-valid="true"]');
    await app.page.setInputFiles('[data-testid="traffic-file"]', { name: "shop-bad.csv", mimeType: "text/csv", buffer: Buffer.from("start,rate\n0,30\n300,-5\n") });
    await app.page.waitForSelector('[data-testid="editor-status"][data-valid="false"]');
    expect(await app.page.textContent('[data-testid="problems"]')).toContain("data/shop-bad.csv");
    await screenshot(app.page, "editor-upload-csv-problem");
  });
});

describe("state that lasts", () => {
  it("saves a finished run and writes it and the chart range into the address", async () => {
    await app.page.goto(`${app.server.url}#${await shareFragment(scenario, { seed: 7 })}`);
    expect(await waitForRunStatus(app.page)).toBe("done");
    await app.page.waitForFunction(() => /[?&]run=\d+/.test(location.hash), undefined, { polling: 100 });
    await app.page.click('.zoom-bar button:has-text("Zoom in")');
    const p = await params(app.page);
    expect(Number(p.from)).toBeGreaterThanOrEqual(0);
    expect(Number(p.to)).toBeGreaterThan(Number(p.from));
    expect(p.seed).toBe("7");
    expect(Number(await app.page.getAttribute(".saved-runs", "data-count"))).toBe(2);
  });

  it("brings the same run back, zoomed the same way, after a reload", async () => {
    const before = { hash: await app.page.evaluate(() => location.hash), digest: await app.page.textContent('[data-testid="digest"]'), from: await app.page.getAttribute(".charts-panel", "data-from-ms"), to: await app.page.getAttribute(".charts-panel", "data-to-ms") };
    await app.page.reload();
    await app.page.waitForFunction(() => document.querySelector(".run-status")?.getAttribute("data-status") === "done" && document.querySelector(".charts-panel")?.getAttribute("data-zoom") === "custom", undefined, { polling: 100 });
    expect(await app.page.textContent('[data-testid="digest"]')).toBe(before.digest);
    expect(await app.page.getAttribute(".charts-panel", "data-from-ms")).toBe(before.from);
    expect(await app.page.getAttribute(".charts-panel", "data-to-ms")).toBe(before.to);
    expect(await app.page.evaluate(() => location.hash)).toBe(before.hash);
    await screenshot(app.page, "run-view-restored");
  });

  it("starts every navigation at the top, and back returns to the run", async () => {
    await app.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect(await app.page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await app.page.click('#nav a[data-route="compare"]');
    await app.page.waitForFunction(() => document.getElementById("main")?.dataset.screen === "compare");
    expect(await app.page.evaluate(() => window.scrollY)).toBe(0);
    await app.page.goBack();
    await app.page.waitForFunction(() => document.getElementById("main")?.dataset.screen === "run" && document.querySelector(".run-status")?.getAttribute("data-status") === "done", undefined, { polling: 100 });
    expect((await params(app.page)).run).toMatch(/^\d+$/);
    await app.page.goForward();
    await app.page.waitForFunction(() => document.getElementById("main")?.dataset.screen === "compare");
  });

  it("lists saved runs and deletes one", async () => {
    await app.page.click('#nav a[data-route="run"]');
    await app.page.waitForSelector('.saved-runs[data-count="2"]');
    await app.page.click('button[data-action="delete-run"] >> nth=0');
    await app.page.waitForSelector('.saved-runs[data-count="1"]');
    expect(app.errors).toEqual([]);
  });
});
