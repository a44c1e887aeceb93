import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { combineVerdicts, judgeCheck, replicationsWanted, sloChecks, sloRatio, type SloCheck } from "./evidence";
import { loadScenario } from "../scenario/load";

const LATENCY: SloCheck = { name: "p99", slo: "p99", kind: "latency", target: 300, objective: "p99 < 300 ms" };
const AVAILABILITY: SloCheck = { name: "avail", slo: "avail", kind: "availability", target: 0.999, objective: "availability >= 99.9%" };

describe("SLO evidence over replications", () => {
  it("passes a latency SLO only when the whole interval is below the threshold", () => {
    // Mean 250, sd sqrt(200 / 3) = 8.165, n = 4: t(0.975, 3) = 3.1824, half-width 12.99.
    const evidence = judgeCheck(LATENCY, [240, 250, 260, 250], 0.95);
    expect(evidence.verdict).toBe("pass");
    expect(evidence.high!).toBeCloseTo(250 + (3.1824463 * Math.sqrt(200 / 3)) / 2, 5);
    expect(evidence.ratio!).toBeCloseTo(250 / 300, 10);
  });

  it("fails a latency SLO when the whole interval is at or above it, and waits when it straddles", () => {
    expect(judgeCheck(LATENCY, [320, 330, 340], 0.95).verdict).toBe("fail");
    expect(judgeCheck(LATENCY, [280, 310, 295], 0.95).verdict).toBe("undecided");
  });

  it("needs two replications before any verdict, except that a run without data fails at once", () => {
    expect(judgeCheck(LATENCY, [100], 0.95).verdict).toBe("undecided");
    expect(judgeCheck(LATENCY, [100, null], 0.95).verdict).toBe("fail");
    expect(judgeCheck(LATENCY, [null], 0.95)).toMatchObject({ verdict: "fail", mean: null, missing: 1 });
  });

  it("judges availability from below: the lower end must reach the target", () => {
    expect(judgeCheck(AVAILABILITY, [0.9995, 0.9996, 0.9994], 0.95).verdict).toBe("pass");
    expect(judgeCheck(AVAILABILITY, [0.99, 0.991, 0.989], 0.95).verdict).toBe("fail");
    expect(judgeCheck(AVAILABILITY, [1, 1, 1], 0.95).verdict).toBe("pass");
  });

  it("measures shares by their shortfall over the allowed one", () => {
    expect(sloRatio(AVAILABILITY, 0.998)).toBeCloseTo(2, 10);
    expect(sloRatio({ ...AVAILABILITY, target: 1 }, 0.999)).toBe(Infinity);
    expect(sloRatio({ ...AVAILABILITY, target: 1 }, 1)).toBe(0);
  });

  it("combines verdicts: any failure fails, all passes pass", () => {
    expect(combineVerdicts(["pass", "undecided", "fail"])).toBe("fail");
    expect(combineVerdicts(["pass", "undecided"])).toBe("undecided");
    expect(combineVerdicts(["pass", "pass"])).toBe("pass");
  });

  it("asks for about n (half-width / distance)^2 replications to settle a straddling interval", () => {
    const evidence = judgeCheck(LATENCY, [280, 310, 295], 0.95);
    const halfWidth = (evidence.high! - evidence.low!) / 2;
    expect(replicationsWanted(evidence)).toBe(Math.ceil(3 * (halfWidth / 5) ** 2));
  });

  it("judges a lower-is-better mechanism SLO with its bound included: writes lost <= 0 passes on zeros", () => {
    const lost: SloCheck = { name: "lost", slo: "lost", kind: "writesLost", target: 0, objective: "acknowledged writes lost <= 0, service kv" };
    expect(judgeCheck(lost, [0, 0, 0], 0.95)).toMatchObject({ verdict: "pass", ratio: 0 });
    expect(judgeCheck(lost, [10, 12, 11], 0.95)).toMatchObject({ verdict: "fail", ratio: Infinity });
    const rto: SloCheck = { name: "rto", slo: "rto", kind: "rto", target: 15_000, objective: "RTO <= 15 s, service db" };
    // Mean 10 s, half-width t(0.975, 2) x 1 s / sqrt(3) = 2.48 s: wholly below 15 s.
    expect(judgeCheck(rto, [9_000, 10_000, 11_000], 0.95)).toMatchObject({ verdict: "pass" });
    expect(judgeCheck(rto, [14_000, 15_000, 16_000], 0.95).verdict).toBe("undecided");
    expect(sloRatio(rto, 10_000)).toBeCloseTo(2 / 3, 12);
  });

  it("judges a higher-is-better mechanism SLO from below, like availability", () => {
    const hit: SloCheck = { name: "hit", slo: "hit", kind: "cacheHitRatio", target: 0.9, objective: "cache hit ratio >= 90%, service cache" };
    expect(judgeCheck(hit, [0.95, 0.96, 0.94], 0.95).verdict).toBe("pass");
    expect(judgeCheck(hit, [0.8, 0.81, 0.79], 0.95).verdict).toBe("fail");
    expect(sloRatio(hit, 0.85)).toBeCloseTo(1.5, 12);
  });
});

describe("SLO checks", () => {
  it("write latency thresholds as durations, like every other number the planner prints", () => {
    const loaded = loadScenario(readFileSync(new URL("../../scenarios/black-friday.yaml", import.meta.url), "utf8"));
    if (!loaded.ok) throw new Error("black-friday does not load");
    expect(sloChecks(loaded.scenario).map((c) => c.objective)).toEqual(["p99 < 1.00 s, class checkout", "p99 < 1.00 s in >= 95% of windows, class checkout", "availability >= 99.9%"]);
  });
});
