/**
 * Hybrid fidelity in the browser (issue 15): the run screen's fidelity switch runs
 * black-friday-24h, shortened to 30 night-time minutes with its zone outage moved into them
 * (the hybrid gate test's overrides), in hybrid mode in the worker. The status element's
 * `data-now-ms` moves while it streams (recorded by a MutationObserver, not by timing), its
 * progress bar counts work (the requests the run simulates discretely: `data-work-share`, never
 * going back) rather than the clock, the Result's hybrid section is shown, and the Result is byte-identical to Node's for the same
 * scenario, seed and overrides (digest).
 */
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultDigest, simulate } from "../../engine/index";
import { launchBrowser, newContext, openPage, screenshot, serveDist, shareFragment, waitForRunStatus } from "./support";

const scenario = readFileSync(new URL("../../scenarios/black-friday-24h.yaml", import.meta.url), "utf8");
/** The night of black-friday-24h, 30 minutes at ~500 requests/s, its outage at 18m for 4m. */
const NIGHT = ["run.duration=30m", "run.warmup=2m", "faults[0].at=18m", "faults[0].for=4m"];
const seed = 24;
const DURATION_MS = 30 * 60_000;

let server: Awaited<ReturnType<typeof serveDist>>;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = await serveDist();
  browser = await launchBrowser();
  const context = await newContext(browser);
  const fragment = await shareFragment(scenario, { seed, overrides: NIGHT });
  ({ page, errors } = await openPage(context, `${server.url}#${fragment}`));
  // A shared link starts an exact run at once: stop it, the test runs hybrid.
  await waitForRunStatus(page, ["running", "done"]);
  if ((await page.getAttribute(".run-status", "data-status")) === "running") await page.click('button[data-action="cancel"]');
  await waitForRunStatus(page, ["cancelled", "done"]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("hybrid fidelity in the browser", () => {
  it("runs the shortened day in hybrid mode in the worker with live progress, and Node's Result", async () => {
    await page.evaluate(() => {
      const seen: number[] = [];
      const shares: number[] = [];
      const bars: number[] = [];
      Object.assign(window, { __nowMs: seen, __shares: shares, __bars: bars });
      const status = document.querySelector(".run-status")!;
      new MutationObserver(() => {
        if (status.getAttribute("data-status") !== "running" || status.getAttribute("data-work-share") === "") return;
        seen.push(Number(status.getAttribute("data-now-ms")));
        shares.push(Number(status.getAttribute("data-work-share")));
        bars.push(Number(status.querySelector("progress")?.getAttribute("value")));
      }).observe(status, { attributes: true, subtree: true, attributeFilter: ["data-now-ms", "data-status", "data-work-share"] });
    });
    await page.selectOption('[data-testid="fidelity"]', "hybrid");
    await page.click('button[data-action="run"]');
    expect(await waitForRunStatus(page, ["done", "cancelled", "invalid", "error"], 600_000)).toBe("done");

    // Progress moved: simulated times strictly inside the run, reported in increasing order.
    const seen = await page.evaluate(() => (window as unknown as { __nowMs: number[] }).__nowMs);
    const inside = seen.filter((t) => t > 0 && t < DURATION_MS);
    expect(inside.length, JSON.stringify(seen)).toBeGreaterThan(0);
    expect(inside).toEqual([...inside].sort((a, b) => a - b));
    // The bar shows the work share, which never goes back and is not the clock's share: the
    // discrete warm-up and outage cost most of the run, the fluid windows little.
    const { shares, bars } = await page.evaluate(() => {
      const kept = window as unknown as { __shares: number[]; __bars: number[] };
      return { shares: kept.__shares, bars: kept.__bars };
    });
    expect(shares.length).toBe(seen.length);
    expect(bars).toEqual(shares);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    for (const share of shares) expect(share >= 0 && share <= 1).toBe(true);
    expect(Math.max(...shares.map((share, i) => Math.abs(share - seen[i]! / DURATION_MS))), JSON.stringify({ seen, shares })).toBeGreaterThan(0.05);

    // The hybrid section: the hybrid engine ran, most windows fluid.
    const section = page.locator('[data-testid="hybrid-section"]');
    expect(await section.getAttribute("data-ran")).toBe("hybrid");
    expect(Number(await section.getAttribute("data-fluid-windows"))).toBeGreaterThan(12);
    expect(await section.textContent()).toMatch(/why windows ran discrete/);
    expect(await section.textContent()).toMatch(/A fluid model stood in for \d+ of 30 windows/);

    // The same Result as Node's for the same scenario, seed and overrides.
    const expected = simulate(scenario, { seed, overrides: [...NIGHT, "run.fidelity=hybrid"] });
    expect(expected.hybrid?.ran).toBe("hybrid");
    expect(await page.textContent('[data-testid="digest"]')).toBe(resultDigest(expected));
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, "run-view-hybrid");
    expect(errors).toEqual([]);
  }, 900_000);
});
