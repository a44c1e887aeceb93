/**
 * Comparisons and plans that last, in a real browser: a comparison of two variants and a plan
 * are kept (IndexedDB) and their keys go in the address, so a reload shows the same comparison
 * (with each side's identity: scenario, seeds, engine, overrides, fidelity) and the same plan again; back and forward move between them; each is listed and deletable,
 * and a deleted one's address says it is no longer kept.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ENGINE_VERSION } from "../../engine/index";
import { runPlanner, screenshot, shareFragment, useApp, waitForRunStatus } from "./support";

/** three-tier, shortened to 30 s of simulated time. */
const scenario = readFileSync(new URL("../../scenarios/three-tier.yaml", import.meta.url), "utf8")
  .replace(/duration: \S+/, "duration: 30s").replace(/warmup: \S+/, "warmup: 5s");

const app = useApp();

const params = async (p: Page) => Object.fromEntries(new URLSearchParams((await p.evaluate(() => location.hash)).split("?")[1] ?? ""));
const screen = (p: Page, name: string) => p.waitForFunction((n) => document.getElementById("main")?.dataset.screen === n, name);
const compareRows = (p: Page) => p.$$eval('[data-testid="compare-table"] tbody tr', (rows) => rows.map((r) => [r.getAttribute("data-metric"), r.getAttribute("data-a"), r.getAttribute("data-b")]));
/** Each side's identity block: scenario, seeds, engine, overrides, fidelity. */
const identities = (p: Page) => p.$$eval('[data-testid="compare-result"] .variant', (sides) => sides.map((side) => Object.fromEntries(
  ["scenario", "seed", "engine-version", "overrides", "fidelity"].map((id) => [id, side.querySelector(`[data-testid="${id}"]`)?.textContent ?? null]))));
const planRows = (p: Page) => p.$$eval('[data-testid="planner-table"] tbody tr', (rows) => rows.map((r) => [r.getAttribute("data-value"), r.getAttribute("data-verdict")]));

let comparisonKey = "";
let comparison: Array<Array<string | null>> = [];
let comparisonIds: Array<Record<string, string | null>> = [];
let planKey = "";
let plan: { value: string | null; rows: Array<Array<string | null>> } = { value: null, rows: [] };

describe("kept comparisons and plans", () => {
  it("keeps a comparison of two variants and puts its key in the address", async () => {
    await app.page.goto(`${app.server.url}#${await shareFragment(scenario, { seed: 5 })}`);
    expect(await waitForRunStatus(app.page)).toBe("done");
    await app.page.click('#nav a[data-route="compare"]');
    await screen(app.page, "compare");
    await app.page.fill(".variant-grid textarea >> nth=1", "topology.groups.app.count=4");
    await app.page.fill('.compare-view input[inputmode="numeric"]', "2");
    await app.page.click('button[data-action="run-variants"]');
    await app.page.waitForSelector('[data-testid="variant-status"][data-status="done"]', { timeout: 120_000 });
    // The variants' comparison (A and B labels say ×2) is the one kept and addressed.
    await app.page.waitForFunction(() => /[?&]cmp=\d+/.test(location.hash) && document.querySelector('[data-testid="compare-result"]')?.getAttribute("data-kept-key") === new URLSearchParams(location.hash.split("?")[1]).get("cmp") && (document.querySelector('[data-testid="compare-result"] h2')?.textContent ?? "").includes("×2"), undefined, { polling: 100 });
    comparisonKey = (await params(app.page)).cmp!;
    comparison = await compareRows(app.page);
    expect(comparison.length).toBeGreaterThan(3);
    comparisonIds = await identities(app.page);
    expect(comparisonIds).toEqual([
      { scenario: "three-tier", seed: "5, 6", "engine-version": ENGINE_VERSION, overrides: "none", fidelity: "exact" },
      { scenario: "three-tier", seed: "5, 6", "engine-version": ENGINE_VERSION, overrides: "topology.groups.app.count=4", fidelity: "exact" },
    ]);
    expect(Number(await app.page.getAttribute('.kept-list[data-kind="comparisons"]', "data-count"))).toBeGreaterThanOrEqual(1);
    expect(await app.page.$$eval(`.kept-list[data-kind="comparisons"] li[data-key="${comparisonKey}"] a`, (a) => a.map((x) => x.textContent))).toEqual([expect.stringContaining("×2")]);
  });

  it("shows the same comparison after a reload", async () => {
    await app.page.reload();
    await screen(app.page, "compare");
    await app.page.waitForSelector(`[data-testid="compare-result"][data-kept-key="${comparisonKey}"] [data-testid="compare-table"]`);
    expect(await compareRows(app.page)).toEqual(comparison);
    // Each side's identity comes back with it.
    expect(await identities(app.page)).toEqual(comparisonIds);
    expect((await params(app.page)).cmp).toBe(comparisonKey);
    await screenshot(app.page, "compare-kept");
  });

  it("keeps a plan and puts its key in the address; a reload shows it again", async () => {
    await app.page.click('#nav a[data-route="planner"]');
    await screen(app.page, "planner");
    await runPlanner(app.page, { knob: "topology.groups.app.count", from: "1", to: "3", replicationsMin: "2", replicationsMax: "2", extra: "run.duration=10s" });
    await app.page.waitForFunction(() => /[?&]plan=\d+/.test(location.hash), undefined, { polling: 100 });
    planKey = (await params(app.page)).plan!;
    plan = { value: await app.page.getAttribute('[data-testid="recommendation"]', "data-value"), rows: await planRows(app.page) };
    expect(plan.rows.length).toBeGreaterThan(0);
    await app.page.reload();
    await screen(app.page, "planner");
    await app.page.waitForSelector(`.planner-output[data-kept-key="${planKey}"] [data-testid="planner-table"]`);
    expect(await app.page.getAttribute('[data-testid="recommendation"]', "data-value")).toBe(plan.value);
    expect(await planRows(app.page)).toEqual(plan.rows);
    expect(await app.page.inputValue('[data-testid="planner-knob"]')).toBe("topology.groups.app.count");
    expect(await app.page.inputValue('[data-testid="planner-extra"]')).toBe("run.duration=10s");
    expect(Number(await app.page.getAttribute('.kept-list[data-kind="plans"]', "data-count"))).toBe(1);
    await screenshot(app.page, "planner-kept");
  });

  it("goes back to the comparison and forward to the plan", async () => {
    await app.page.goBack();
    await screen(app.page, "compare");
    await app.page.waitForSelector(`[data-testid="compare-result"][data-kept-key="${comparisonKey}"] [data-testid="compare-table"]`);
    expect(await compareRows(app.page)).toEqual(comparison);
    await app.page.goForward();
    await screen(app.page, "planner");
    await app.page.waitForSelector(`.planner-output[data-kept-key="${planKey}"] [data-testid="planner-table"]`);
    expect(await planRows(app.page)).toEqual(plan.rows);
  });

  it("deletes a kept plan; its address then says it is no longer kept", async () => {
    await app.page.click(`.kept-list[data-kind="plans"] li[data-key="${planKey}"] button[data-action="delete-kept"]`);
    await app.page.waitForSelector('.kept-list[data-kind="plans"][data-count="0"]');
    await app.page.reload();
    await screen(app.page, "planner");
    await app.page.waitForFunction(() => (document.querySelector('[data-testid="planner-status"]')?.textContent ?? "").includes("no longer kept"), undefined, { polling: 100 });
    expect(await app.page.$('[data-testid="planner-table"]')).toBeNull();
    expect(app.errors).toEqual([]);
  });
});
