/**
 * Stopping runs that already lost (loss-watch.ts) never changes a verdict: a stopped run's
 * verdict on the SLO it lost equals the whole run's, and a run that is not stopped gives the
 * same summary as the whole run. Black-friday shortened to 80 minutes (the sale's ramp is at
 * 40-70 min), with the app floor too low (2: the tier saturates in the ramp) and high enough (8).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { prepareRun, simulate } from "../simulate";
import { countArrivalsAhead } from "./loss-watch";
import { ReplicationRunner } from "./replications";
import { sloChecks } from "./evidence";
import { runForPlan, summarizeResult } from "./run-summary";
import { loadScenario } from "../scenario/load";
import type { RunSummary } from "./types";

const TEXT = readFileSync(new URL("../../scenarios/black-friday.yaml", import.meta.url), "utf8");
const SHORT = [{ path: "run.duration", value: "80m" }];

describe("planner runs stop once an SLO can no longer pass", () => {
  it("a stopped run's verdict on the SLO it lost equals the whole run's", () => {
    const seen = new Set<string>();
    // Without its availability SLO floor 2 loses the windows share; with it, floor 4 loses availability.
    const latencyOnly = [{ path: "slos", value: [{ name: "checkout-p99", class: "checkout", latency: { percentile: "p99", below: "1s", windows: "95%" } }] }];
    for (const [min, seed, extra] of [[2, 11, latencyOnly], [4, 11, []], [4, 13, []]] as const) {
      const overrides = [...SHORT, ...extra, { path: "autoscaling[0].min", value: min }];
      const stopped = runForPlan({ text: TEXT }, { overrides, seed });
      expect(stopped.lost, `min ${min}, seed ${seed}`).toBeDefined();
      const lost = stopped.lost!;
      seen.add(lost.slo);
      expect(lost.atMs).toBeLessThan(80 * 60_000);
      const whole = simulate(TEXT, { seed, overrides });
      const slo = whole.slos.find((s) => s.name === lost.slo)!;
      expect(slo.passed, `min ${min}, seed ${seed}: ${lost.reason}`).toBe(false);
      if (lost.slo === "checkout-p99") {
        expect(lost.reason).toMatch(/windows missed the threshold/);
        expect(slo.windowsMeetingShare!).toBeLessThan(slo.windowsShareMin!);
      } else {
        expect(lost.reason).toMatch(/even if all \d+ still in flight or to arrive succeed/);
        expect(slo.measured!).toBeLessThan(0.999);
      }
      // It stopped before the end: the events after it were saved.
      expect(stopped.events).toBeLessThan(whole.events);
    }
    // Both tests fired.
    expect([...seen].sort()).toEqual(["availability", "checkout-p99"]);
  });

  it("counts a run's arrivals ahead exactly: the same number the run offers", () => {
    const prepared = prepareRun(TEXT, { seed: 11, overrides: [...SHORT, { path: "autoscaling[0].min", value: 8 }] });
    if (!prepared.ok) throw new Error("black-friday does not load");
    const progress = prepared.run.sloProgress();
    const ahead = countArrivalsAhead(progress, prepared.run.durationMs)!;
    prepared.run.advance();
    const result = prepared.run.result();
    // Offered = arrivals after warm-up; the count ahead from the warm-up's end must match it.
    expect(ahead.after(progress.warmupMs)).toBe(result.requests.offered);
  });

  it("a run that never loses gives exactly the whole run's summary", () => {
    const overrides = [...SHORT, { path: "autoscaling[0].min", value: 8 }];
    const planned = runForPlan({ text: TEXT }, { overrides, seed: 11 });
    expect(planned.lost).toBeUndefined();
    expect(planned).toEqual(summarizeResult(simulate(TEXT, { seed: 11, overrides })));
  });

  it("a case with a stopped run fails the lost check, leaves the others to the runs that finished, and says why", async () => {
    const loaded = loadScenario(TEXT);
    if (!loaded.ok) throw new Error("black-friday does not load");
    const checks = sloChecks(loaded.scenario);
    const full: RunSummary = { slos: [{ name: "checkout-p99", measured: 400, windowsMeetingShare: 0.99, passed: true }, { name: "availability", measured: 0.9999, windowsMeetingShare: null, passed: true }], requestsCompleted: 10, events: 100, costPerHour: 2 };
    const lost: RunSummary = { slos: [{ name: "checkout-p99", measured: null, windowsMeetingShare: null, passed: false }], requestsCompleted: 0, events: 10, costPerHour: 0, lost: { slo: "checkout-p99", atMs: 3_000_000, reason: "test" } };
    const runner = new ReplicationRunner({ evaluate: async (requests) => requests.map((r) => (r.seed === 12 ? lost : full)), checks, confidence: 0.95, replicationsMin: 3, replicationsMax: 10, seed: 11 });
    const [evidence] = await runner.judge([{ key: "k", overrides: [], cases: [{ name: "as-written", description: "", overrides: [] }] }]);
    const judged = evidence!.cases[0]!;
    expect(evidence!.verdict).toBe("fail");
    expect(judged.checks.find((c) => c.name === "checkout-p99/windows")!.verdict).toBe("fail");
    // The other checks are judged on the two runs that finished: no missing value.
    expect(judged.checks.find((c) => c.name === "availability")!.missing).toBe(0);
    expect(judged.checks.find((c) => c.name === "availability")!.n).toBe(2);
    expect(judged.stopped).toMatch(/replication 2 \(seed 12\) stopped at 50(\.0)? min: checkout-p99 can no longer pass/);
    expect(judged.costRuns).toBe(2);
  });
});
