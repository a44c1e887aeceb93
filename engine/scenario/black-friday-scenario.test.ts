/**
 * scenarios/black-friday.yaml produces its headline at reduced length: the autoscaler lags a
 * fast ramp and the SLOs fail; pre-scaled, the same day meets them. Bounds are wide on
 * purpose: they check the lesson, not digits a seed change would move.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { simulate, type Result } from "../index";

const FILE = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../scenarios/black-friday.yaml");

/** Requests of class `name` that failed in windows starting in [fromS, toS). */
function failedIn(result: Result, name: string, fromS: number, toS: number): number {
  const s = result.series;
  const c = s.classes.find((x) => x.name === name)!;
  let failed = 0;
  s.startMs.forEach((t, i) => {
    if (t >= fromS * 1000 && t < toS * 1000) failed += (c.failedPerS[i]! * s.windowMs) / 1000;
  });
  return failed;
}

describe("scenario library: black-friday", () => {
  it("black-friday: the autoscaler lags the 30-minute ramp, so the SLOs fail; pre-scaling holds them", () => {
    const text = readFileSync(FILE, "utf8");
    // The sale moved to 0:15 to spend less time before it: the ramp runs 15-45 min.
    const short = ["run.duration=35m", "workload.rate.spikes[0].at=15m"];
    const lagging = simulate(text, { overrides: short });
    const scaler = lagging.autoscaling[0]!;
    // The app tier grows from 2 nodes towards the peak's ~18, bounded by min and max...
    expect(scaler.nodesLow).toBe(2);
    expect(scaler.nodesPeak).toBeGreaterThanOrEqual(12);
    expect(scaler.series.nodes.every((n) => n >= 2 && n <= 40)).toBe(true);
    // ...but new nodes serve only after booting: at some evaluation a third of them were not up yet.
    expect(scaler.series.nodes.some((n, i) => scaler.series.nodesUp[i]! <= (2 * n) / 3)).toBe(true);
    // Nothing fails before the sale; early in the ramp requests time out.
    expect(failedIn(lagging, "checkout", 600, 900) + failedIn(lagging, "browse", 600, 900)).toBe(0);
    expect(failedIn(lagging, "browse", 900, 2100)).toBeGreaterThan(1000);
    expect(lagging.slosPassed).toBe(false);
    expect(lagging.slos.find((s) => s.name === "availability")!.passed).toBe(false);
    // Pre-scaled to 10 nodes before the sale, the same day meets both SLOs.
    const prescaled = simulate(text, { overrides: [...short, "autoscaling[0].min=10"] });
    expect(prescaled.requests.failed).toBe(0);
    expect(prescaled.slosPassed).toBe(true);
  });

});
