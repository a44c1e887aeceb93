/**
 * The planner in a real browser, asked to survive a zone lost at the peak (issue 15's
 * question: how many nodes hold the SLOs even if a zone dies at the peak?), on
 * zone-outage-at-peak: the page recommends the size `clustersim plan --survive zone-loss`
 * recommends for the same inputs, with the same runs and the same verdict for every loss of
 * every size, and each SLO drawn at each size's worst loss beside the scenario as written; its
 * workers share a size's run before the crash between its zone cases
 * (routed by affinity, as the CLI's are), which `data-forked-runs` counts; and a kept plan
 * shows its losses again. With Fidelity hybrid it plans as `clustersim plan --fidelity hybrid`
 * does, the zone cases sharing their pre-crash run as well, and the kept plan keeps its fidelity.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freshDir, runCliAsync } from "../../cli/test-support/run-cli";
import type { PlanReport } from "../../engine/index";
import { runPlanner, screenshot, shareFragment, useApp, waitForRunStatus } from "./support";

const scenario = readFileSync(new URL("../../scenarios/zone-outage-at-peak.yaml", import.meta.url), "utf8");
const app = useApp({ fragment: async () => `#${await shareFragment(scenario, { seed: 7 })}` });

describe("the planner with losses to survive", () => {
  it("recommends what clustersim plan --survive zone-loss does, sharing each size's run before the crash", async () => {
    expect(await waitForRunStatus(app.page)).toBe("done");
    const dir = freshDir("clustersim-planner-survive-");
    writeFileSync(path.join(dir, "zone-outage-at-peak.yaml"), scenario);
    const cli = runCliAsync(["plan", "zone-outage-at-peak.yaml", "--vary", "topology.groups.app.count=12..20", "--survive", "zone-loss",
      "--replications-min", "2", "--replications-max", "3", "--seed", "7", "--no-headroom", "--format", "json", "-q", "-w", "1"], { cwd: dir });
    await app.page.click('a[data-route="planner"]');
    await runPlanner(app.page, { knob: "topology.groups.app.count", from: "12", to: "20", replicationsMin: "2", replicationsMax: "3", extra: "", survive: ["zone-loss"] });
    const outcome = await cli;
    expect(outcome.code, outcome.stderr).toBe(0);
    const report = JSON.parse(outcome.stdout) as PlanReport;
    expect(report.survive).toEqual(["zone-loss"]);
    expect(report.recommendation).not.toBeNull();
    expect(await app.page.getAttribute('[data-testid="recommendation"]', "data-value")).toBe(String(report.recommendation!.values[0]));
    expect(await app.page.getAttribute('[data-testid="recommendation"]', "data-runs")).toBe(String(report.runs));

    // Every size tried, with the verdict of each zone's loss.
    const shown = await app.page.$$eval('[data-testid="planner-table"] tbody tr', (rows) => rows.map((row) => ({
      value: row.getAttribute("data-value"),
      losses: Array.from(row.querySelectorAll('[data-testid="planner-losses"] [data-case]')).map((span) => `${span.getAttribute("data-case")}=${span.getAttribute("data-verdict")}`),
    })));
    const expected = [...report.candidates].sort((a, b) => a.indexes[0]! - b.indexes[0]!).map((c) => ({
      value: String(c.values[0]),
      losses: c.cases.filter((k) => k.name !== "as-written").map((k) => `${k.name}=${k.verdict}`),
    }));
    expect(shown).toEqual(expected);
    expect(expected.some((row) => row.losses.length > 0)).toBe(true);

    // Each SLO is drawn as written and at each size's worst zone loss.
    const lines = await app.page.$$eval("#chart-plan-availability path.series-line, #chart-plan-latency path.series-line", (paths) => paths.map((p) => p.closest("figure")!.id));
    expect(lines.sort()).toEqual(["chart-plan-availability", "chart-plan-availability", "chart-plan-latency", "chart-plan-latency"]);

    // The zone cases of a size and seed share their run before the crash in the page's workers.
    expect(Number(await app.page.getAttribute('[data-testid="planner-status"]', "data-forked-runs"))).toBeGreaterThan(0);
    await screenshot(app.page, "planner-survive");

    // Kept, and shown again with its losses from the address.
    const keptKey = await app.page.getAttribute(".planner-output", "data-kept-key");
    expect(keptKey).not.toBeNull();
    await app.page.reload();
    await app.page.waitForSelector('[data-testid="planner-status"][data-status="done"]');
    expect(await app.page.isChecked('[data-testid="planner-survive-zone-loss"]')).toBe(true);
    expect(await app.page.$$eval('[data-testid="planner-losses"] [data-case]', (spans) => spans.length)).toBeGreaterThan(0);
    expect(app.errors).toEqual([]);
  }, 600_000);

  it("plans in hybrid as clustersim plan --fidelity hybrid does, its zone cases still sharing their run before the crash", async () => {
    await app.page.goto(`${app.server.url}#${await shareFragment(scenario, { seed: 7 })}`);
    expect(await waitForRunStatus(app.page)).toBe("done");
    const dir = freshDir("clustersim-planner-hybrid-");
    writeFileSync(path.join(dir, "zone-outage-at-peak.yaml"), scenario);
    const cli = runCliAsync(["plan", "zone-outage-at-peak.yaml", "--vary", "topology.groups.app.count=16..18", "--survive", "zone-loss", "--fidelity", "hybrid",
      "--replications-min", "2", "--replications-max", "2", "--seed", "7", "--no-headroom", "--format", "json", "-q", "-w", "1"], { cwd: dir });
    await app.page.click('a[data-route="planner"]');
    await runPlanner(app.page, { knob: "topology.groups.app.count", from: "16", to: "18", replicationsMin: "2", replicationsMax: "2", extra: "", survive: ["zone-loss"], fidelity: "hybrid" });
    const outcome = await cli;
    expect(outcome.code === 0 || outcome.code === 1, outcome.stderr).toBe(true);
    const report = JSON.parse(outcome.stdout) as PlanReport;
    expect(report.fidelity).toBe("hybrid");
    expect(await app.page.textContent('[data-testid="planner-status"]')).toMatch(/hybrid runs/);
    const shownRuns = await app.page.$$eval('[data-testid="planner-table"] tbody tr', (rows) => rows.map((row) => `${row.getAttribute("data-value")}:${row.querySelector("td:nth-child(2)")?.textContent ?? ""}`));
    expect(shownRuns).toEqual([...report.candidates].sort((a, b) => a.indexes[0]! - b.indexes[0]!).map((c) => `${c.values[0]}:${c.runs}`));
    expect(await app.page.getAttribute('[data-testid="recommendation"]', "data-value")).toBe(String(report.recommendation?.values[0] ?? null));
    // Hybrid runs snapshot: a size's zone cases go on from its first case's run before the crash.
    expect(Number(await app.page.getAttribute('[data-testid="planner-status"]', "data-forked-runs"))).toBeGreaterThan(0);
    // Kept with its fidelity.
    await app.page.reload();
    await app.page.waitForSelector('[data-testid="planner-status"][data-status="done"]');
    expect(await app.page.inputValue('[data-testid="planner-fidelity"]')).toBe("hybrid");
    expect(app.errors).toEqual([]);
  }, 600_000);
});
