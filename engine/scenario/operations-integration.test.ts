/**
 * The operations mechanisms driven through the scenario language, together with the faults
 * section (crashes and partitions come from there): what a user writes is what runs.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../index";

/** A scenario (as JSON text) with one `hosts` group of six 8-core nodes over three zones; `extra` merged in. */
function scenario(extra: Record<string, unknown>, services?: unknown[]): string {
  return JSON.stringify({
    version: 1,
    name: "ops",
    seed: 4,
    run: { duration: "6m", window: "10s" },
    topology: {
      regions: [{ name: "r", zones: ["a", "b", "c"] }],
      groups: [{ name: "hosts", count: 6, cores: 8, memory: "32GiB" }],
    },
    services: services ?? [{ name: "api", groups: ["hosts"], serviceTime: { type: "exponential", mean: "20ms" } }],
    workload: { rate: { constant: "100/s" }, classes: [{ name: "get", call: { service: "api", timeout: "1s" } }] },
    ...extra,
  });
}

describe("operations through the scenario language", () => {
  it("reschedules placed instances when a crash fault takes their host", () => {
    const result = simulate(scenario({
      placement: { policy: "bin-pack", syncInterval: "5s", rescheduleDelay: "20s", services: [{ service: "api", instances: 6, cpu: 4, memory: "8GiB" }] },
      faults: [{ type: "crash", node: "hosts-0", at: "1m", for: "10m" }],
    }));
    const p = result.placement!;
    // Bin-packed two per host on hosts-0..2; hosts-0 dies and its two go to a free host.
    expect(p.evicted).toBe(2);
    expect(p.rescheduled).toBe(2);
    expect(p.unschedulable).toBe(0);
    expect(p.services[0]!.hosts.map((h) => h.node)).not.toContain("hosts-0");
    expect(p.services[0]!.running).toBe(6);
  });

  it("holds the autoscaler while a rolling update runs on its group", () => {
    const result = simulate(scenario({
      autoscaling: [{ group: "hosts", min: 2, max: 12, target: { utilisation: "60%" }, interval: "15s", bootTime: "20s", stabilisation: { down: "0s" } }],
      rollingUpdates: [{ group: "hosts", at: "1m", maxUnavailable: 1, maxSurge: 1, restartTime: "10s" }],
    }));
    const update = result.rollingUpdates[0]!;
    expect(update.replaced).toBe(update.nodes);
    const scaler = result.autoscaling[0]!;
    // 100/s x 20 ms = 2 busy cores: the autoscaler wants 2 nodes, but not during the update.
    const during = result.timeline.filter((e) => e.kind === "scale-down" && e.atMs > update.startedAtMs && e.atMs < update.finishedAtMs!);
    expect(during).toEqual([]);
    expect(scaler.series.nodes[scaler.series.nodes.length - 1]).toBe(2);
  });

  it("keeps a replicated service safe through a zone crash from the faults section", () => {
    const services = [{ name: "db", groups: ["hosts"], serviceTime: "1ms", replicated: { writes: { rate: "50/s", timeout: "500ms" } } }];
    const reads = { rate: { constant: "50/s" }, classes: [{ name: "read", call: { service: "db", timeout: "1s" } }] };
    const result = simulate(scenario({ workload: reads, faults: [{ type: "crash", zone: "a", at: "1m", for: "1m" }] }, services));
    const db = result.replicated[0]!;
    // Six replicas (two per zone); the leader hosts-0 sits in zone a: the other four elect.
    expect(db.replicas).toBe(6);
    expect(db.electionsWon).toBeGreaterThanOrEqual(1);
    expect(db.writesLost).toBe(0);
    expect(db.writes.acknowledged).toBeGreaterThan(0.9 * db.writes.sent);
    expect(result.timeline.some((e) => e.kind === "leader-elected" && e.atMs > 60_000 && e.atMs < 61_000)).toBe(true);
  });
});
