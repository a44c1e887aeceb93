/**
 * Serving capacity, the cost sentence and a windowed SLO's two figures, on library scenarios:
 * a zone crash counts as down for exactly its share of node-time (closed form: nodes are spread
 * evenly over the zones, so a third of them for the crash's share of the measured period), and a
 * rolling update's booting and draining are shown apart and never counted as down.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../index";
import { capacityShares, HEADLINE_METRICS } from "./headline-metrics";
import type { SloOutcome } from "../metrics/slo";
import { capacityText, costText, sloMeasuredText, sloObjectiveText, sloRuleText } from "./headline-text";

const DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../scenarios");
const load = (name: string) => readFileSync(path.join(DIR, name), "utf8");

describe("serving capacity", () => {
  it("counts a zone crash as down for its exact share of the provisioned node-time, and nothing as booting or draining", () => {
    // us-east-1c (a third of the 18 nodes) crashes at 10:00 for 5 min; measured from 2:00 to 16:00.
    const result = simulate(load("zone-outage-at-peak.yaml"), { overrides: ["run.duration=16m", "workload.rate.constant=30/s"] });
    const c = capacityShares(result)!;
    const down = (1 / 3) * (5 / 14);
    expect(c.down).toBeCloseTo(down, 9);
    expect(c.serving).toBeCloseTo(1 - down, 9);
    expect([c.booting, c.draining]).toEqual([0, 0]);
    expect(HEADLINE_METRICS.find((m) => m.key === "servingCapacity")!.get(result)).toBe(c.serving);
    expect(capacityText(result)).toBe("serving 88.1% of provisioned node-time · down 11.9%");
  });

  it("shows a rolling update's booting and draining apart, as planned, and never as down", () => {
    const result = simulate(load("rolling-update.yaml"), { overrides: ["run.duration=6m", "workload.rate.constant=200/s"] });
    const c = capacityShares(result)!;
    expect(c.booting).toBeGreaterThan(0);
    expect(c.draining).toBeGreaterThan(0);
    expect(c.down).toBe(0);
    expect(c.serving + c.booting + c.draining + c.down).toBeCloseTo(1, 12);
    for (const group of result.groups) {
      const g = group.capacity!;
      expect(g.servingShare + g.bootingShare + g.drainingShare + g.downShare).toBeCloseTo(1, 12);
    }
    expect(capacityText(result)).toMatch(/^serving [\d.]+% of provisioned node-time · booting [\d.]+% · draining [\d.]+% \(planned, not failures\) · down 0\.0%$/);
  });
});

describe("the headline's sentences", () => {
  it("states the cost's currency and period", () => {
    const result = simulate(load("lessons/01-utilisation.yaml"), { overrides: ["run.duration=2m", "run.warmup=0s"] });
    expect(costText(result)).toMatch(/^\$[\d.,]+ USD over 2\.0 min simulated, warm-up included \(\$[\d.,]+ USD per hour\)$/);
  });

  it("states no cost for a run without node groups (a batch cluster is not priced), rather than $0.00", () => {
    const result = simulate(load("hpc-batch.yaml"), { overrides: ["run.duration=1h", "batch.jobs.count=20"] });
    expect(result.cost.groups).toEqual([]);
    expect(costText(result)).toBeNull();
    expect(HEADLINE_METRICS.find((m) => m.key === "cost")!.get(result)).toBeNull();
  });

  it("gives a windowed latency SLO both figures and its rule", () => {
    const slo: SloOutcome = {
      name: "p99", kind: "latency", class: "all", passed: true, objective: "p99 < 300 ms in 95% of windows", measured: 212, target: 300,
      windowsMeetingShare: 0.9667, windowsShareMin: 0.95, errorBudget: null,
    };
    expect(sloMeasuredText(slo)).toBe("212 ms over the whole run; 96.7% of windows met it");
    expect(sloRuleText(slo)).toBe("p99 passes only if both hold: p99 < 300 ms over the whole run, and in at least 95.0% of the windows with requests");
    expect(sloRuleText({ ...slo, windowsShareMin: undefined })).toBeNull();
    expect(sloMeasuredText({ ...slo, windowsMeetingShare: null })).toBe("212 ms");
  });

  it("writes a latency objective's threshold as a duration, not raw milliseconds", () => {
    const slo: SloOutcome = {
      name: "p99", kind: "latency", class: "all", passed: false, objective: "p99 < 1000 ms in 95% of windows", measured: 1520, target: 1000,
      windowsMeetingShare: 0.8, windowsShareMin: 0.95, errorBudget: null,
    };
    expect(sloObjectiveText(slo)).toBe("p99 < 1.00 s in 95% of windows");
    expect(sloObjectiveText({ ...slo, objective: "p99 < 300 ms", target: 300 })).toBe("p99 < 300 ms");
    expect(sloRuleText(slo)).toBe("p99 passes only if both hold: p99 < 1.00 s over the whole run, and in at least 95.0% of the windows with requests");
    expect(sloObjectiveText({ kind: "availability", objective: "availability >= 99.9%", target: 0.999 })).toBe("availability >= 99.9%");
  });
});
