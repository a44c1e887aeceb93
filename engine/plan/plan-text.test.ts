// The plan's shared sentences (plan-text.ts): a failing check with and without an interval, and
// headroom limited by an SLO or not, worded once for the CLI's table, its HTML report and the page.
import { describe, expect, it } from "vitest";
import { failingText, headroomText } from "./plan-text";
import type { FailingCheck } from "./report";

const failing: FailingCheck = { check: "lat", kind: "latency", objective: "p99 < 100 ms", case: "zone-loss:a", mean: 150, low: 148, high: 152.4, target: 100, verdict: "fail" };

describe("plan sentences", () => {
  it("names the failing check, its case, its mean and its interval at the plan's confidence", () => {
    expect(failingText(failing, 0.95)).toBe("lat (p99 < 100 ms) in zone-loss:a: 150 ms, 95% CI 148 ms – 152 ms");
    expect(failingText({ ...failing, check: "availability", kind: "availability", objective: "availability >= 99.9%", mean: null, low: null, high: null, target: 0.999 }, 0.9))
      .toBe("availability (availability >= 99.9%) in zone-loss:a: —, no interval yet");
  });

  it("says how much growth the recommendation absorbs, and what fails first or how far none did", () => {
    const limited = { absorbed: 0.25, step: 0.05, max: 2, limitedBy: { ...failing, growth: 0.3 }, steps: [], runs: 12 };
    expect(headroomText({ headroom: limited, confidence: 0.95 }))
      .toBe("absorbs +25% traffic growth (workload rate.growth); at +30% lat (p99 < 100 ms) in zone-loss:a: 150 ms, 95% CI 148 ms – 152 ms");
    expect(headroomText({ headroom: { ...limited, absorbed: 2, limitedBy: null }, confidence: 0.95 }))
      .toBe("absorbs at least +200% traffic growth (workload rate.growth); no SLO fails up to +200%");
    expect(headroomText({ headroom: null, confidence: 0.95 })).toBeNull();
  });
});
