import { describe, expect, it } from "vitest";
import { OperationsExtension } from "./operations";
import { emptyOperations, type AutoscalerSpec } from "./operations-spec";
import { RateProfile } from "../rate-profile";
import { ModelRun } from "../run";
import type { ModelSpec } from "../spec";
import { singleTier } from "../test-support/specs";

/** One node group of 1-core nodes serving exponential 100 ms jobs (10/s per node at 100%). */
function spec(points: Array<{ atMs: number; ratePerS: number }>, durationMs: number, nodes = 2): ModelSpec {
  const base = singleTier({ nodes, cores: 1, ratePerS: 1, serviceTime: { type: "exponential", mean: 100 }, durationMs, windowMs: 10_000 });
  return { ...base, workload: { kind: "open", arrivals: "poisson", profile: RateProfile.fromPoints(points) } };
}

function autoscaler(overrides: Partial<AutoscalerSpec> = {}): AutoscalerSpec {
  return {
    groupIndex: 0, serviceIndexes: [0], nodesMin: 2, nodesMax: 8,
    target: { kind: "utilisation", utilisation: 0.6 }, intervalMs: 15_000, tolerance: 0.1,
    upStabilisationMs: 0, downStabilisationMs: 60_000, cooldownMs: 0,
    bootTime: { type: "constant", value: 30_000 }, drainTimeoutMs: 30_000, ...overrides,
  };
}

function run(model: ModelSpec, a: AutoscalerSpec, seed = 1) {
  const ops = new OperationsExtension({ ...emptyOperations(), autoscalers: [a] });
  const r = new ModelRun({ model }, { seed, engineVersion: "test", extensions: [ops] });
  r.advance();
  return { result: r.result(), scaler: ops.installed!.autoscalers[0]! };
}

describe("autoscaler", () => {
  it("scales up under load, but never above max, and new nodes serve only after booting", () => {
    // 60/s needs 6 nodes at 100% and 10 at the 60% target: the max of 8 must cap it.
    const { result, scaler } = run(spec([{ atMs: 0, ratePerS: 8 }, { atMs: 60_000, ratePerS: 8 }, { atMs: 60_000, ratePerS: 60 }], 600_000), autoscaler());
    const s = scaler.series;
    expect(Math.max(...s.nodes)).toBe(8);
    expect(s.nodes.every((n) => n >= 2 && n <= 8)).toBe(true);
    expect(result.autoscaling[0]!.nodesPeak).toBe(8);
    // Boot lag: at some evaluation the group had more nodes than were up.
    expect(s.nodes.some((n, i) => n > s.nodesUp[i]!)).toBe(true);
    // By the end every node is up.
    expect(s.nodesUp[s.nodesUp.length - 1]).toBe(8);
    expect(result.timeline.some((e) => e.kind === "scale-up" && e.subject === "srv")).toBe(true);
  });

  it("keeps its size while the metric is within the tolerance of the target", () => {
    // 2 nodes at 12/s: utilisation 0.6 exactly on target (Poisson noise over 15 s stays well
    // inside ±10%: the sd of the count of ~180 arrivals is ~7%, of utilisation less).
    const { result } = run(spec([{ atMs: 0, ratePerS: 12 }], 300_000), autoscaler({ tolerance: 0.25 }));
    expect(result.autoscaling[0]!.scaleUps + result.autoscaling[0]!.scaleDowns).toBe(0);
  });

  it("scales down after the load drops, only once the down-window has passed, and not below min", () => {
    const points = [{ atMs: 0, ratePerS: 40 }, { atMs: 200_000, ratePerS: 40 }, { atMs: 200_000, ratePerS: 1 }];
    const { scaler } = run(spec(points, 600_000, 8), autoscaler({ downStabilisationMs: 120_000 }));
    const s = scaler.series;
    const firstDownAt = s.atMs.find((t, i) => i > 0 && s.nodes[i]! < s.nodes[i - 1]! && t > 200_000)!;
    // Evaluations fall every 15 s; the one at 195 s measured only high load, and its
    // recommendation stays in the 120 s down-window until 315 s: no step down before then.
    expect(firstDownAt).toBeGreaterThanOrEqual(195_000 + 120_000);
    expect(firstDownAt).toBeLessThanOrEqual(195_000 + 120_000 + 15_000);
    expect(s.nodes[s.nodes.length - 1]).toBe(2);
    expect(Math.min(...s.nodes)).toBe(2);
  });

  it("follows a requests-per-node target: desired = ceil(rate / target)", () => {
    // 30/s at 5/s per node: 6 nodes (utilisation stays 50%, so only this metric can do it).
    const a = autoscaler({ target: { kind: "requests-per-node", ratePerS: 5 }, nodesMax: 20, bootTime: { type: "constant", value: 1000 } });
    const { scaler } = run(spec([{ atMs: 0, ratePerS: 30 }], 300_000), a);
    const last = scaler.series.nodes.slice(-5);
    expect(last.every((n) => n === 6)).toBe(true);
  });

  it("waits out the cooldown between two actions", () => {
    const points = [{ atMs: 0, ratePerS: 8 }, { atMs: 30_000, ratePerS: 8 }, { atMs: 30_000, ratePerS: 70 }];
    const a = autoscaler({ cooldownMs: 120_000, nodesMax: 20, bootTime: { type: "constant", value: 10_000 } });
    const { result } = run(spec(points, 400_000), a);
    const ups = result.timeline.filter((e) => e.kind === "scale-up").map((e) => e.atMs);
    expect(ups.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < ups.length; i++) expect(ups[i]! - ups[i - 1]!).toBeGreaterThanOrEqual(120_000);
  });

  it("gives the same result for the same seed", () => {
    const model = spec([{ atMs: 0, ratePerS: 8 }, { atMs: 60_000, ratePerS: 60 }], 300_000);
    expect(JSON.stringify(run(model, autoscaler(), 7).result)).toBe(JSON.stringify(run(model, autoscaler(), 7).result));
  });
});
