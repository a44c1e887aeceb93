import { describe, expect, it } from "vitest";
import { ParameterError } from "../core/assert";
import { buildRateProfile, DIURNAL_SAMPLES_PER_PERIOD, SPIKE_RAMP_SUBSTEPS } from "./rate-shapes";

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

/** The message of the error `action` throws, checking its class. */
function errorOf(action: () => unknown, kind: new (...args: never[]) => Error): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

describe("buildRateProfile", () => {
  it("builds a constant rate", () => {
    const p = buildRateProfile({ shape: { type: "constant", ratePerS: 5 }, untilMs: 1000 });
    expect([p.ratePerSAt(-1), p.ratePerSAt(0), p.ratePerSAt(1e9)]).toEqual([5, 5, 5]);
  });

  it("builds steps that hold each rate until the next step", () => {
    const p = buildRateProfile({ shape: { type: "steps", steps: [{ atMs: 0, ratePerS: 10 }, { atMs: 1000, ratePerS: 20 }, { atMs: 3000, ratePerS: 5 }] }, untilMs: 4000 });
    expect([p.ratePerSAt(999), p.ratePerSAt(1000), p.ratePerSAt(2999), p.ratePerSAt(3000)]).toEqual([10, 20, 20, 5]);
    expect(p.integral(0, 4000)).toBe(10 + 40 + 5);
  });

  it("builds linear ramps between points and names a bad point in its error", () => {
    const p = buildRateProfile({ shape: { type: "points", points: [{ atMs: 0, ratePerS: 0 }, { atMs: 1000, ratePerS: 100 }] }, untilMs: 1000 });
    expect(p.ratePerSAt(250)).toBe(25);
    const badSteps = { type: "steps" as const, steps: [{ atMs: 5, ratePerS: 1 }, { atMs: 1, ratePerS: 1 }] };
    expect(errorOf(() => buildRateProfile({ shape: badSteps, untilMs: 10 }), ParameterError)).toMatch(/^shape\.steps\[1\]\.atMs: must not be before/);
  });

  it("samples a diurnal sinusoid within the documented bound and counts whole days exactly", () => {
    const dayMs = 86_400_000;
    const shape = { type: "diurnal" as const, meanRatePerS: 1000, amplitude: 0.6, periodMs: dayMs, peakAtMs: 14 * 3_600_000 };
    const p = buildRateProfile({ shape, untilMs: 2 * dayMs });
    expect(p.points.length).toBe(2 * DIURNAL_SAMPLES_PER_PERIOD + 1);
    const exact = (t: number) => 1000 * (1 + 0.6 * Math.cos((2 * Math.PI * (t - shape.peakAtMs)) / dayMs));
    // (h^2 / 8) max|f''| with h = period / 96: mean * amplitude * (2 pi / 96)^2 / 8.
    const bound = (1000 * 0.6 * (2 * Math.PI / DIURNAL_SAMPLES_PER_PERIOD) ** 2) / 8;
    let worst = 0;
    for (let t = 0; t <= 2 * dayMs; t += 60_000) worst = Math.max(worst, Math.abs(p.ratePerSAt(t) - exact(t)));
    expect(worst).toBeLessThanOrEqual(bound);
    expect(worst).toBeGreaterThan(bound / 2); // the bound is tight, not vacuous
    // Trapezoids integrate cos exactly over a period sampled N >= 2 times: mean * period.
    expect(relativeError(p.integral(0, dayMs), (1000 * dayMs) / 1000)).toBeLessThan(1e-12);
    expect(relativeError(p.integral(dayMs, 2 * dayMs), (1000 * dayMs) / 1000)).toBeLessThan(1e-12);
  });

  it("rejects a diurnal amplitude above 1 and a resolution past the point budget", () => {
    const shape = { type: "diurnal" as const, meanRatePerS: 10, amplitude: 1.5, periodMs: 1000, peakAtMs: 0 };
    expect(errorOf(() => buildRateProfile({ shape, untilMs: 1000 }), ParameterError)).toMatch(/^shape\.amplitude: must be at most 1/);
    const fine = { ...shape, amplitude: 0.5, resolutionMs: 0.001 };
    expect(errorOf(() => buildRateProfile({ shape: fine, untilMs: 1e6 }), ParameterError)).toMatch(/^shape\.resolutionMs: gives 1000000001 samples/);
  });

  it("multiplies a constant base by a spike's ramp, hold and decay exactly", () => {
    const spike = { atMs: 10_000, rampMs: 2000, holdMs: 5000, multiplier: 3 };
    const p = buildRateProfile({ shape: { type: "constant", ratePerS: 100 }, spikes: [spike], untilMs: 30_000 });
    const at = [9000, 10_000, 11_000, 12_000, 17_000, 18_000, 19_000, 20_000].map((t) => p.ratePerSAt(t));
    expect(at).toEqual([100, 100, 200, 300, 300, 200, 100, 100]);
    // Extra arrivals: (multiplier - 1) * base * (ramp / 2 + hold + decay / 2) = 2 * 100 * 7 s.
    expect(p.integral(0, 30_000)).toBeCloseTo(3000 + 1400, 9);
  });

  it("keeps a spike on a ramp base within the sub-step bound", () => {
    // Base slope b = 1000/s over 100 s = 0.01 per s per ms; spike factor 1 -> 4 over 10 s.
    const base = { type: "points" as const, points: [{ atMs: 0, ratePerS: 0 }, { atMs: 100_000, ratePerS: 1000 }] };
    const spike = { atMs: 20_000, rampMs: 10_000, holdMs: 0, multiplier: 4 };
    const p = buildRateProfile({ shape: base, spikes: [spike], untilMs: 100_000 });
    const factor = (t: number) => (t <= 20_000 || t >= 40_000 ? 1 : t <= 30_000 ? 1 + (3 * (t - 20_000)) / 10_000 : 4 - (3 * (t - 30_000)) / 10_000);
    // rampMs * |b| * |multiplier - 1| / 4096, from h^2 |b d| / 4 with h = rampMs / 32.
    const bound = (10_000 * 0.01 * 3) / (SPIKE_RAMP_SUBSTEPS * SPIKE_RAMP_SUBSTEPS * 4);
    let worst = 0;
    for (let t = 0; t <= 100_000; t += 7) worst = Math.max(worst, Math.abs(p.ratePerSAt(t) - t * 0.01 * factor(t)));
    expect(worst).toBeLessThanOrEqual(bound * (1 + 1e-9));
    expect(worst).toBeGreaterThan(bound / 2);
  });

  it("turns a spike with no ramp or decay into steps, and multiplies overlapping spikes", () => {
    const spikes = [
      { atMs: 1000, rampMs: 0, holdMs: 2000, decayMs: 0, multiplier: 2 },
      { atMs: 2000, rampMs: 0, holdMs: 2000, multiplier: 3 },
    ];
    const p = buildRateProfile({ shape: { type: "constant", ratePerS: 10 }, spikes, untilMs: 5000 });
    expect([p.ratePerSBefore(1000), p.ratePerSAt(1000), p.ratePerSAt(2500), p.ratePerSAt(3500), p.ratePerSAt(4000)]).toEqual([10, 20, 60, 30, 10]);
  });

  it("applies the growth factor to base and spikes alike", () => {
    const p = buildRateProfile({ shape: { type: "constant", ratePerS: 10 }, spikes: [{ atMs: 0, rampMs: 0, holdMs: 1000, decayMs: 0, multiplier: 5 }], untilMs: 2000, growthFactor: 1.2 });
    expect([p.ratePerSAt(500), p.ratePerSAt(1500)]).toEqual([60, 12]);
    expect(buildRateProfile({ shape: { type: "constant", ratePerS: 10 }, untilMs: 1, growthFactor: 2 }).ratePerSAt(0)).toBe(20);
  });

  it("names the spike and field of an invalid spike", () => {
    const spikes = [{ atMs: 0, rampMs: 1, holdMs: 1, multiplier: 2 }, { atMs: 0, rampMs: 1, holdMs: -5, multiplier: 2 }];
    expect(errorOf(() => buildRateProfile({ shape: { type: "constant", ratePerS: 1 }, spikes, untilMs: 10 }), ParameterError)).toBe(
      "spikes[1].holdMs: must be a finite number >= 0, got -5",
    );
    expect(errorOf(() => buildRateProfile({ shape: { type: "constant", ratePerS: 1 }, untilMs: 0 }), ParameterError)).toBe("untilMs: must be a finite number > 0, got 0");
  });
});
