/**
 * Failure causes kept apart: a crash test in which every failed request has exactly one known
 * cause. Requests queued or in service on the node when it crashes fail as `crashed` (counted
 * exactly, from the node's load at the crash); requests round-robin sends to it while it is
 * down fail as `node-down`, though their callers only learn by timing out; a timeout shorter
 * than the service fails as `timeout`; a full queue rejects; a queue with patience abandons.
 */
import { describe, expect, it } from "vitest";
import { ModelRun } from "./run";
import { hook } from "./test-support/hook";
import { singleTier } from "./test-support/specs";

describe("failure causes", () => {
  it("separate requests lost in a crash from requests sent to the crashed node and from timeouts", () => {
    // Two single-core nodes, constant 400 ms service, 4 requests/s alternating between them:
    // each node gets one every 0.5 s, so a queue sometimes forms (Poisson arrivals). Timeout 5 s
    // (no request waits that long at this load). Node 0 crashes at 30 s and comes back at 60 s.
    const spec = singleTier({ nodes: 2, cores: 1, ratePerS: 4, serviceTime: { type: "constant", value: 400 }, durationMs: 120_000, root: { timeoutMs: 5000 } });
    let onNodeAtCrash = -1;
    const run = new ModelRun({ model: spec }, { seed: 5, engineVersion: "test", extensions: [hook((model) => {
      model.sim.callAt(30_000.5, () => {
        onNodeAtCrash = model.nodes.load(0);
        model.crashNode(0);
      });
      model.sim.callAt(60_000.5, () => model.recoverNode(0));
    })] });
    run.advance();
    const causes = run.result().requests.failedByCause;
    expect(onNodeAtCrash).toBeGreaterThan(0);
    expect(causes.crashed).toBe(onNodeAtCrash);
    // Half of Poisson(4/s x 30 s) = 60 expected, sd sqrt(120)/2 ~ 5.5 (round-robin halves exactly); 4 sd.
    expect(Math.abs(causes["node-down"] - 60)).toBeLessThan(4 * 5.5);
    expect(causes.timeout).toBe(0);
    expect(causes.error).toBe(0);
  });

  it("count timeouts, rejections and abandonments each under their own name", () => {
    const timedOut = new ModelRun({ model: singleTier({ nodes: 1, cores: 1, ratePerS: 1, serviceTime: { type: "constant", value: 200 }, durationMs: 60_000, root: { timeoutMs: 100 } }) }, { seed: 1, engineVersion: "test" });
    timedOut.advance();
    const t = timedOut.result().requests;
    expect(t.failedByCause.timeout).toBe(t.completed);
    // One core, no queue slot, always busy: rejections only.
    const rejecting = new ModelRun({ model: singleTier({ nodes: 1, cores: 1, queueCapacity: 0, ratePerS: 50, serviceTime: { type: "constant", value: 100 }, durationMs: 60_000 }) }, { seed: 1, engineVersion: "test" });
    rejecting.advance();
    const r = rejecting.result().requests;
    expect(r.failedByCause.rejected).toBe(r.failed);
    expect(r.failed).toBeGreaterThan(0.8 * r.offered);
    // Overloaded with patience 50 ms: waiting requests abandon, none time out (no timeout).
    const impatient = new ModelRun({ model: singleTier({ nodes: 1, cores: 1, ratePerS: 20, serviceTime: { type: "constant", value: 100 }, durationMs: 60_000, patience: { type: "constant", value: 50 } }) }, { seed: 1, engineVersion: "test" });
    impatient.advance();
    const a = impatient.result().requests;
    expect(a.failedByCause.abandoned).toBe(a.failed);
    expect(a.failed).toBeGreaterThan(0.5 * a.offered);
    expect(a.queueWait.abandoned).toBe(a.failed);
  });
});
