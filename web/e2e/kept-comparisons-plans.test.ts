/**
 * Comparisons and plans that last, in a real browser: a comparison of two variants and a plan
 * are kept (IndexedDB) and their keys go in the address, so a reload shows the same comparison
 * and the same plan again; back and forward move between them; each is listed and deletable,
 * and a deleted one's address says it is no longer kept.
 */
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newContext, openPage, screenshot, serveDist, shareFragment, waitForRunStatus } from "./support";

/** three-tier, shortened to 30 s of simulated time. */
const scenario = readFileSync(new URL("../../scenarios/three-tier.yaml", import.meta.url), "utf8")
  .replace(/duration: \S+/, "duration: 30s").replace(/warmup: \S+/, "warmup: 5s");

let server: Awaited<ReturnType<typeof serveDist>>;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = await serveDist();
  browser = await launchBrowser();
  const context = await newContext(browser);
  ({ page, errors } = await openPage(context, server.url));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const params = async (p: Page) => Object.fromEntries(new URLSearchParams((await p.evaluate(() => location.hash)).split("?")[1] ?? ""));
const screen = (p: Page, name: string) => p.waitForFunction((n) => document.getElementById("main")?.dataset.screen === n, name);
const compareRows = (p: Page) => p.$$eval('[data-testid="compare-table"] tbody tr', (rows) => rows.map((r) => [r.getAttribute("data-metric"), r.getAttribute("data-a"), r.getAttribute("data-b")]));
const planRows = (p: Page) => p.$$eval('[data-testid="planner-table"] tbody tr', (rows) => rows.map((r) => [r.getAttribute("data-value"), r.getAttribute("data-verdict")]));

let comparisonKey = "";
let comparison: Array<Array<string | null>> = [];
let planKey = "";
let plan: { value: string | null; rows: Array<Array<string | null>> } = { value: null, rows: [] };

describe("kept comparisons and plans", () => {
  it("keeps a comparison of two variants and puts its key in the address", async () => {
    await page.goto(`${server.url}#${await shareFragment(scenario, { seed: 5 })}`);
    expect(await waitForRunStatus(page)).toBe("done");
    await page.click('#nav a[data-route="compare"]');
    await screen(page, "compare");
    await page.fill(".variant-grid textarea >> nth=1", "topology.groups.app.count=4");
    await page.fill('.compare-view input[inputmode="numeric"]', "2");
    await page.click('button[data-action="run-variants"]');
    await page.waitForSelector('[data-testid="variant-status"][data-status="done"]', { timeout: 120_000 });
    // The variants' comparison (A and B labels say ×2) is the one kept and addressed.
    await page.waitForFunction(() => /[?&]cmp=\d+/.test(location.hash) && document.querySelector('[data-testid="compare-result"]')?.getAttribute("data-kept-key") === new URLSearchParams(location.hash.split("?")[1]).get("cmp") && (document.querySelector('[data-testid="compare-result"] h2')?.textContent ?? "").includes("×2"), undefined, { polling: 100 });
    comparisonKey = (await params(page)).cmp!;
    comparison = await compareRows(page);
    expect(comparison.length).toBeGreaterThan(3);
    expect(Number(await page.getAttribute('.kept-list[data-kind="comparisons"]', "data-count"))).toBeGreaterThanOrEqual(1);
    expect(await page.$$eval(`.kept-list[data-kind="comparisons"] li[data-key="${comparisonKey}"] a`, (a) => a.map((x) => x.textContent))).toEqual([expect.stringContaining("×2")]);
  });

  it("shows the same comparison after a reload", async () => {
    await page.reload();
    await screen(page, "compare");
    await page.waitForSelector(`[data-testid="compare-result"][data-kept-key="${comparisonKey}"] [data-testid="compare-table"]`);
    expect(await compareRows(page)).toEqual(comparison);
    expect((await params(page)).cmp).toBe(comparisonKey);
    await screenshot(page, "compare-kept");
  });

  it("keeps a plan and puts its key in the address; a reload shows it again", async () => {
    await page.click('#nav a[data-route="planner"]');
    await screen(page, "planner");
    await page.selectOption('[data-testid="planner-knob"]', "topology.groups.app.count");
    await page.fill('[data-testid="planner-from"]', "1");
    await page.fill('[data-testid="planner-to"]', "3");
    await page.fill('[data-testid="planner-replications-min"]', "2");
    await page.fill('[data-testid="planner-replications-max"]', "2");
    await page.fill('[data-testid="planner-extra"]', "run.duration=10s");
    await page.click('button[data-action="plan"]');
    await page.waitForSelector('[data-testid="planner-status"][data-status="done"]', { timeout: 120_000 });
    await page.waitForFunction(() => /[?&]plan=\d+/.test(location.hash), undefined, { polling: 100 });
    planKey = (await params(page)).plan!;
    plan = { value: await page.getAttribute('[data-testid="recommendation"]', "data-value"), rows: await planRows(page) };
    expect(plan.rows.length).toBeGreaterThan(0);
    await page.reload();
    await screen(page, "planner");
    await page.waitForSelector(`.planner-output[data-kept-key="${planKey}"] [data-testid="planner-table"]`);
    expect(await page.getAttribute('[data-testid="recommendation"]', "data-value")).toBe(plan.value);
    expect(await planRows(page)).toEqual(plan.rows);
    expect(await page.inputValue('[data-testid="planner-knob"]')).toBe("topology.groups.app.count");
    expect(await page.inputValue('[data-testid="planner-extra"]')).toBe("run.duration=10s");
    expect(Number(await page.getAttribute('.kept-list[data-kind="plans"]', "data-count"))).toBe(1);
    await screenshot(page, "planner-kept");
  });

  it("goes back to the comparison and forward to the plan", async () => {
    await page.goBack();
    await screen(page, "compare");
    await page.waitForSelector(`[data-testid="compare-result"][data-kept-key="${comparisonKey}"] [data-testid="compare-table"]`);
    expect(await compareRows(page)).toEqual(comparison);
    await page.goForward();
    await screen(page, "planner");
    await page.waitForSelector(`.planner-output[data-kept-key="${planKey}"] [data-testid="planner-table"]`);
    expect(await planRows(page)).toEqual(plan.rows);
  });

  it("deletes a kept plan; its address then says it is no longer kept", async () => {
    await page.click(`.kept-list[data-kind="plans"] li[data-key="${planKey}"] button[data-action="delete-kept"]`);
    await page.waitForSelector('.kept-list[data-kind="plans"][data-count="0"]');
    await page.reload();
    await screen(page, "planner");
    await page.waitForFunction(() => (document.querySelector('[data-testid="planner-status"]')?.textContent ?? "").includes("no longer kept"), undefined, { polling: 100 });
    expect(await page.$('[data-testid="planner-table"]')).toBeNull();
    expect(errors).toEqual([]);
  });
});
