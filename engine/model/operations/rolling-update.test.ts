import { describe, expect, it } from "vitest";
import { OperationsExtension } from "./operations";
import { emptyOperations, type NodeBudget, type RollingUpdateSpec } from "./operations-spec";
import { resolveBudget } from "./rolling-update";
import { ModelRun } from "../run";
import { hook } from "../test-support/hook";
import { singleTier } from "../test-support/specs";
import { NODE_RETIRED } from "../nodes";

const SIZE = 8;

function update(maxUnavailable: NodeBudget, maxSurge: NodeBudget, overrides: Partial<RollingUpdateSpec> = {}): RollingUpdateSpec {
  return {
    groupIndex: 0, atMs: 60_000, maxUnavailable, maxSurge,
    restartTime: { type: "uniform", min: 5_000, max: 15_000 }, drainTimeoutMs: 30_000, ...overrides,
  };
}

/** Runs 8 two-core nodes at 40% load through an update, watching the balancer every 100 ms. */
function run(u: RollingUpdateSpec, seed = 1) {
  const spec = singleTier({ nodes: SIZE, cores: 2, ratePerS: 64, serviceTime: { type: "exponential", mean: 50 }, durationMs: 400_000, root: { timeoutMs: 5_000 } });
  const watch = { eligibleMin: Infinity, liveMax: 0 };
  const ops = new OperationsExtension({ ...emptyOperations(), rollingUpdates: [u] });
  const watcher = hook((model) => {
    const tick = () => {
      const inUpdate = ops.installed!.rollingUpdates[0]!.inProgress;
      if (inUpdate) {
        watch.eligibleMin = Math.min(watch.eligibleMin, model.services[0]!.balancer.eligibleCount);
        let live = 0;
        for (let node = 0; node < model.nodes.count; node++) if (model.nodes.state[node] !== NODE_RETIRED) live++;
        watch.liveMax = Math.max(watch.liveMax, live);
      }
      if (model.sim.nowMs + 100 < spec.durationMs) model.sim.callAfter(100, tick);
    };
    model.sim.callAt(0, tick);
  });
  const r = new ModelRun({ model: spec }, { seed, engineVersion: "test", extensions: [ops, watcher] });
  r.advance();
  return { result: r.result(), watch };
}

describe("rolling update", () => {
  it("resolves shares like Kubernetes: surge rounds up, unavailable rounds down", () => {
    expect(resolveBudget({ kind: "share", share: 0.25 }, 10, "up")).toBe(3);
    expect(resolveBudget({ kind: "share", share: 0.25 }, 10, "down")).toBe(2);
    expect(resolveBudget({ kind: "share", share: 0.25 }, 8, "up")).toBe(2);
    expect(resolveBudget({ kind: "count", count: 3 }, 8, "down")).toBe(3);
  });

  it("replaces every node without surge, one at a time, never below size - maxUnavailable", () => {
    const { result, watch } = run(update({ kind: "count", count: 1 }, { kind: "count", count: 0 }));
    const summary = result.rollingUpdates[0]!;
    expect(summary.replaced).toBe(SIZE);
    expect(summary.finishedAtMs).not.toBeNull();
    expect(watch.eligibleMin).toBe(SIZE - 1);
    expect(watch.liveMax).toBe(SIZE);
    expect(summary.availableMin).toBe(SIZE - 1);
    // Drains are clean: nothing in flight is lost, no request fails.
    expect(summary.jobsLostDraining).toBe(0);
    expect(result.requests.failed).toBe(0);
    expect(result.timeline.filter((e) => e.kind.startsWith("rolling-update")).map((e) => e.kind)).toEqual(["rolling-update-start", "rolling-update-done"]);
  });

  it("with surge, adds capacity first and never drops below the group's size", () => {
    const { result, watch } = run(update({ kind: "count", count: 0 }, { kind: "count", count: 2 }));
    const summary = result.rollingUpdates[0]!;
    expect(summary.replaced).toBe(SIZE);
    expect(watch.eligibleMin).toBe(SIZE);
    expect(watch.liveMax).toBe(SIZE + 2);
    expect(result.requests.failed).toBe(0);
  });

  it("keeps both budgets for any combination (seeded sweep)", () => {
    const budgets: NodeBudget[] = [{ kind: "count", count: 0 }, { kind: "count", count: 1 }, { kind: "count", count: 3 }, { kind: "share", share: 0.25 }];
    for (const [k, unavailable] of budgets.entries()) {
      for (const surge of budgets) {
        if (unavailable.kind === "count" && unavailable.count === 0 && surge.kind === "count" && surge.count === 0) continue;
        const seed = 100 + k;
        const { result, watch } = run(update(unavailable, surge), seed);
        const s = result.rollingUpdates[0]!;
        const tag = `seed ${seed}, maxUnavailable ${JSON.stringify(unavailable)}, maxSurge ${JSON.stringify(surge)}`;
        expect(s.replaced, tag).toBe(SIZE);
        expect(watch.eligibleMin, tag).toBeGreaterThanOrEqual(SIZE - s.maxUnavailable);
        expect(watch.liveMax, tag).toBeLessThanOrEqual(SIZE + s.maxSurge);
      }
    }
  });

  it("finishes sooner with surge than one node at a time", () => {
    const slow = run(update({ kind: "count", count: 1 }, { kind: "count", count: 0 })).result.rollingUpdates[0]!;
    const fast = run(update({ kind: "count", count: 0 }, { kind: "count", count: 4 })).result.rollingUpdates[0]!;
    expect(fast.finishedAtMs! - fast.startedAtMs).toBeLessThan(slow.finishedAtMs! - slow.startedAtMs);
  });
});
