import { describe, expect, it } from "vitest";
import { combineVerdicts, judgeCheck, replicationsWanted, sloRatio, type SloCheck } from "./evidence";

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
});
