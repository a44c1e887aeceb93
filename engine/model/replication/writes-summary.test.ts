import { describe, expect, it } from "vitest";
import { WriteOutcomes } from "./replicated-clients";
import { writesSummary } from "./writes-summary";

describe("writesSummary", () => {
  it("counts writes in the Result's key order, in flight = sent - acknowledged - failed", () => {
    const outcomes = new WriteOutcomes(["a"]);
    outcomes.sent = 5;
    outcomes.succeeded(0, 0, 4);
    outcomes.succeeded(0, 10, 8);
    outcomes.failedWrite(0, 20, true);
    const summary = writesSummary(outcomes);
    expect(Object.keys(summary)).toEqual(["sent", "acknowledged", "failed", "timedOut", "inFlightAtEnd", "latencyMs"]);
    expect(summary).toMatchObject({ sent: 5, acknowledged: 2, failed: 1, timedOut: 1, inFlightAtEnd: 2 });
    expect(Object.keys(summary.latencyMs)).toEqual(["mean", "p50", "p90", "p99", "p999", "min", "max"]);
    expect(summary.latencyMs.min).toBeGreaterThan(0);
  });

  it("reports null latencies when no write was acknowledged", () => {
    const summary = writesSummary(new WriteOutcomes(["a", "b"]));
    expect(summary.inFlightAtEnd).toBe(0);
    expect(summary.latencyMs).toEqual({ mean: null, p50: null, p90: null, p99: null, p999: null, min: null, max: null });
  });
});
