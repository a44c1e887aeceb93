// The SLO rule over replications on hand-made outcomes (pass, fail, undecided, missing values,
// windows), and a replication set built from real runs.
import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/load";
import { simulate } from "../index";
import type { SloOutcome } from "../metrics/slo";
import { HEADLINE_METRICS } from "../result/headline-metrics";
import type { SloCheck } from "./evidence";
import { buildReplicationSet, judgeReplicatedSlo } from "./replication-set";
import { SYNTHETIC_SCENARIO } from "./test-support/synthetic";

const LATENCY: SloCheck = { name: "p99", slo: "p99", kind: "latency", target: 100, objective: "p99 < 100 ms" };
const WINDOWS: SloCheck = { name: "p99/windows", slo: "p99", kind: "windows", target: 0.95, objective: "p99 < 100 ms in >= 95% of windows" };
const AVAILABILITY: SloCheck = { name: "avail", slo: "avail", kind: "availability", target: 0.999, objective: "availability >= 99.9%" };

function latency(measured: number | null, windowsMeetingShare: number | null = null): SloOutcome[] {
  const passed = measured !== null && measured < 100 && (windowsMeetingShare === null || windowsMeetingShare >= 0.95);
  return [{ name: "p99", kind: "latency", class: "all", passed, objective: "p99 < 100 ms", measured, target: 100, windowsMeetingShare, errorBudget: null }];
}

function availability(measured: number): SloOutcome[] {
  return [{ name: "avail", kind: "availability", class: "all", passed: measured >= 0.999, objective: "availability >= 99.9%", measured, target: 0.999, windowsMeetingShare: null, errorBudget: null }];
}

const judge = (checks: SloCheck[], runs: SloOutcome[][]) => judgeReplicatedSlo(checks, runs, 0.95);

describe("the SLO rule over replications", () => {
  it("passes a latency SLO when the upper end of the 95% confidence interval is below the threshold", () => {
    // mean 90, s = 1, n = 3: half-width = t(0.975, 2) * 1 / sqrt(3) = 4.303 / 1.732 = 2.48, so [87.5, 92.5].
    const slo = judge([LATENCY], [latency(89), latency(90), latency(91)]);
    expect(slo.measured.mean).toBe(90);
    expect(slo.measured.halfWidth).toBeCloseTo(2.484, 3);
    expect(slo).toMatchObject({ verdict: "pass", passed: true, replicationsPassed: 3, windows: null });
  });

  it("leaves a latency SLO undecided when its interval straddles the threshold, though the mean meets it", () => {
    // mean 95, s = 5, n = 3: half-width = 4.303 * 5 / 1.732 = 12.4, so [82.6, 107.4] holds 100.
    const slo = judge([LATENCY], [latency(90), latency(95), latency(100)]);
    expect(slo.measured.mean).toBe(95);
    expect(slo).toMatchObject({ verdict: "undecided", passed: false, replicationsPassed: 2 });
  });

  it("fails a latency SLO when the whole interval lies at or above the threshold", () => {
    expect(judge([LATENCY], [latency(120), latency(121), latency(119)]).verdict).toBe("fail");
  });

  it("passes an availability SLO only when the lower end of the interval reaches the target", () => {
    expect(judge([AVAILABILITY], [availability(0.9995), availability(0.9996), availability(0.9994)]).verdict).toBe("pass");
    // Mean 0.9992 is above 0.999, but with this spread the lower end (about 0.9975) is not.
    expect(judge([AVAILABILITY], [availability(0.9999), availability(0.9985), availability(0.9992)]).verdict).toBe("undecided");
  });

  it("passes with zero spread when every replication measured the same passing value", () => {
    expect(judge([AVAILABILITY], [availability(1), availability(1)]).verdict).toBe("pass");
  });

  it("fails when a replication has no measurement", () => {
    expect(judge([LATENCY], [latency(10), latency(null), latency(10)]).verdict).toBe("fail");
  });

  it("judges a windowed latency SLO on its share of windows too, by the same rule", () => {
    const met = judge([LATENCY, WINDOWS], [latency(10, 0.99), latency(11, 0.98), latency(10, 0.99)]);
    expect(met).toMatchObject({ verdict: "pass", windows: { target: 0.95, share: { n: 3 } } });
    expect(met.windows!.share.mean).toBeCloseTo(0.98667, 4);
    // The percentile passes; the windows share is well below 95 % in every replication.
    expect(judge([LATENCY, WINDOWS], [latency(10, 0.5), latency(11, 0.52), latency(10, 0.49)]).verdict).toBe("fail");
    // One replication missed the windows requirement: the share's interval straddles 95 %.
    expect(judge([LATENCY, WINDOWS], [latency(10, 0.99), latency(11, 0.5), latency(10, 0.99)]).verdict).toBe("undecided");
  });
});

describe("a replication set", () => {
  it("holds each headline metric's interval, the pooled percentiles, and each SLO judged by the rule", () => {
    const loaded = loadScenario(SYNTHETIC_SCENARIO);
    if (!loaded.ok) throw new Error("the synthetic scenario should load");
    const results = [7, 8, 9].map((seed) => simulate(SYNTHETIC_SCENARIO, { seed }));
    const set = buildReplicationSet(results, { scenario: loaded.scenario });
    expect(set).toMatchObject({ kind: "clustersim-replications", setVersion: 2, seedFirst: 7, replications: 3, confidenceLevel: 0.95 });
    expect(Object.keys(set.metrics)).toEqual(HEADLINE_METRICS.map((m) => m.key));
    expect(set.metrics.latencyP99Ms!.n).toBe(3);
    expect(set.sloRule).toMatch(/^an SLO passes when the 95% confidence interval/);
    expect(set.slos.map((slo) => slo.name)).toEqual(["lat", "avail"]);
    expect(set.slosPassed).toBe(set.slos.every((slo) => slo.verdict === "pass"));
    expect(set.pooledLatencyMs.p99).not.toBeNull();
    expect(() => buildReplicationSet(results.slice(0, 1), { scenario: loaded.scenario })).toThrow(/at least 2 results/);
  });
});
