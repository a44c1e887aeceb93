import { describe, expect, it } from "vitest";
import type { ClusterModel } from "../cluster-model";
import { OperationsExtension } from "./operations";
import { emptyOperations, type PlacementPolicy, type PlacementSpec } from "./operations-spec";
import { ModelRun } from "../run";
import { hook } from "../test-support/hook";
import type { ModelSpec } from "../spec";
import { singleTier } from "../test-support/specs";

const GB = 1024 ** 3;

/** Six 8-core hosts over three zones (ordinal i in zone i mod 3), light traffic. */
function hosts(): ModelSpec {
  const base = singleTier({ nodes: 6, cores: 8, ratePerS: 20, serviceTime: { type: "exponential", mean: 20 }, durationMs: 300_000, root: { timeoutMs: 1000 } });
  const zones = [{ name: "a", region: "r" }, { name: "b", region: "r" }, { name: "c", region: "r" }];
  return { ...base, zones, groups: [{ ...base.groups[0]!, zoneIndexes: [0, 1, 2] }] };
}

function placement(policy: PlacementPolicy, instances: number, overrides: Partial<PlacementSpec> = {}): PlacementSpec {
  return {
    policy, syncIntervalMs: 5_000, rescheduleDelayMs: 30_000,
    services: [{ serviceIndex: 0, instances, cpu: 2, memoryBytes: 4 * GB }],
    groupMemoryBytes: [16 * GB], ...overrides,
  };
}

/** Runs with `events` at given times (crash/recover hosts) and returns the scheduler. */
function run(p: PlacementSpec, events: Array<{ atMs: number; act: (model: ClusterModel) => void }> = []) {
  const spec = hosts();
  const seen: { model?: ClusterModel } = {};
  const faults = hook((m) => {
    seen.model = m;
    for (const e of events) m.sim.callAt(e.atMs, () => e.act(m));
  });
  const ops = new OperationsExtension({ ...emptyOperations(), placement: p });
  const r = new ModelRun({ model: spec }, { seed: 3, engineVersion: "test", extensions: [ops, faults] });
  const scheduler = ops.installed!.placement!;
  return { model: seen.model!, scheduler, finish: () => { r.advance(); return r.result(); } };
}

function perHost(h: Int32Array): number[] {
  const counts = new Array<number>(6).fill(0);
  for (const host of h) if (host >= 0) counts[host]!++;
  return counts;
}

describe("placement scheduler", () => {
  it("spreads instances over zones first, then hosts", () => {
    const { scheduler, finish } = run(placement("spread", 6));
    expect(perHost(scheduler.hostsOf(0))).toEqual([1, 1, 1, 1, 1, 1]);
    const result = finish();
    expect(result.placement!.services[0]!.zones.map((z) => z.instances)).toEqual([2, 2, 2]);
  });

  it("bin-packs instances onto as few hosts as fit, and routes only to hosts that run one", () => {
    const { model, scheduler, finish } = run(placement("bin-pack", 6));
    // 8 cores / 2 per instance: four fit on the first host, the rest go to the next.
    expect(perHost(scheduler.hostsOf(0))).toEqual([4, 2, 0, 0, 0, 0]);
    expect(model.services[0]!.balancer.eligibleCount).toBe(2);
    const result = finish();
    expect(result.nodes.slice(2).every((n) => n.served === 0)).toBe(true);
    expect(result.requests.failed).toBe(0);
  });

  it("never requests more cpu or memory than a host has", () => {
    // 16 GiB per host and 6 GiB per instance: two per host by memory, though cores allow four.
    const p = placement("bin-pack", 14, { services: [{ serviceIndex: 0, instances: 14, cpu: 2, memoryBytes: 6 * GB }] });
    const { scheduler, finish } = run(p);
    expect(perHost(scheduler.hostsOf(0))).toEqual([2, 2, 2, 2, 2, 2]);
    const result = finish();
    expect(result.placement!.services[0]!.pending).toBe(2);
    expect(result.placement!.unschedulable).toBe(2);
    expect(result.timeline.some((e) => e.kind === "unschedulable" && e.detail.startsWith("2 instances"))).toBe(true);
  });

  it("reschedules the instances of a failed host after the delay, where capacity exists", () => {
    const { scheduler, finish } = run(placement("spread", 12), [{ atMs: 62_000, act: (m) => m.crashNode(0) }]);
    const result = finish();
    const s = result.placement!;
    expect(s.evicted).toBe(2);
    expect(s.rescheduled).toBe(2);
    // Noticed at the next sync (65 s), placed 30 s later.
    expect(s.rescheduleDelayMsMean).toBe(30_000);
    expect(perHost(scheduler.hostsOf(0))[0]).toBe(0);
    expect(s.services[0]!.running).toBe(12);
    expect(result.timeline.filter((e) => e.kind === "instances-evicted").map((e) => e.atMs)).toEqual([65_000]);
  });

  it("reports instances it cannot place, and places them when the host comes back", () => {
    // Full cluster: 24 instances x 2 cores on 6 x 8 cores. Host 1 is down from 60 s to 150 s.
    const events = [{ atMs: 60_000, act: (m: ClusterModel) => m.crashNode(1) }, { atMs: 150_000, act: (m: ClusterModel) => m.recoverNode(1) }];
    const { finish } = run(placement("spread", 24), events);
    const result = finish();
    const s = result.placement!;
    expect(s.evicted).toBe(4);
    expect(s.unschedulable).toBe(4);
    expect(s.rescheduled).toBe(4);
    expect(s.services[0]!.pending).toBe(0);
    // Pending from eviction (noticed at 65 s) until the first sync after the repair (155 s).
    expect(s.pendingInstanceMs).toBe(4 * (155_000 - 65_000));
    expect(result.timeline.some((e) => e.kind === "unschedulable" && e.subject === "svc")).toBe(true);
  });
});
