import { describe, expect, it } from "vitest";
import type { ClusterModel } from "../cluster-model";
import { OperationsExtension } from "../operations/operations";
import { emptyOperations } from "../operations/operations-spec";
import type { ReplicatedSpec } from "./replicated-spec";
import type { ReplicatedService } from "./replicated-service";
import { ModelRun } from "../run";
import type { ModelSpec } from "../spec";
import { hook } from "../test-support/hook";
import { singleTier } from "../test-support/specs";

const ZONES = 5;

/** Five replicas, one per zone (replica i in zone i); 0.5 ms within a zone, 2 ms across. */
function cluster(durationMs: number): ModelSpec {
  const base = singleTier({ nodes: ZONES, cores: 4, ratePerS: 1, serviceTime: { type: "constant", value: 1 }, durationMs, root: { timeoutMs: 1000 } });
  const zones = Array.from({ length: ZONES }, (_, i) => ({ name: `z${i}`, region: "r" }));
  return {
    ...base,
    zones,
    groups: [{ ...base.groups[0]!, zoneIndexes: zones.map((_, i) => i) }],
    network: { ...base.network, sameZone: { type: "constant", value: 0.5 }, crossZone: { type: "uniform", min: 1, max: 3 } },
  };
}

function replicated(quorum: boolean, overrides: Partial<ReplicatedSpec["writes"]> = {}): ReplicatedSpec {
  return {
    serviceIndex: 0, quorum, electionTimeoutMinMs: 150, electionTimeoutMaxMs: 300, heartbeatIntervalMs: 50,
    writes: { ratePerS: 200, timeoutMs: 500, clientZoneIndexes: [0, 1, 2, 3, 4], retryBackoffMs: 20, ...overrides },
  };
}

/** A clean split: zones in `side` cannot talk to the others, both ways. */
function partition(model: ClusterModel, side: number[], on: boolean): void {
  for (let a = 0; a < ZONES; a++) {
    for (let b = 0; b < ZONES; b++) {
      if (side.includes(a) !== side.includes(b)) model.network.setPairFault(a, b, 0, on ? 1 : 0);
    }
  }
}

type Act = { atMs: number; act: (model: ClusterModel) => void };

function run(r: ReplicatedSpec, acts: Act[], durationMs: number, seed = 1) {
  const faults = hook((model) => { for (const a of acts) model.sim.callAt(a.atMs, () => a.act(model)); });
  const ops = new OperationsExtension({ ...emptyOperations(), replicated: [r] });
  const modelRun = new ModelRun({ model: cluster(durationMs) }, { seed, engineVersion: "test", extensions: [ops, faults] });
  modelRun.advance();
  const service = ops.installed!.replicated[0]!;
  return { result: modelRun.result(), service, summary: modelRun.result().replicated[0]! };
}

/** No two leaders were ever elected in the same term (Raft's Election Safety). */
function termsOfLeaders(service: ReplicatedService): { duplicates: number[] } {
  const seen = new Set<number>();
  const duplicates: number[] = [];
  for (const e of service.elections) {
    if (seen.has(e.term)) duplicates.push(e.term);
    seen.add(e.term);
  }
  return { duplicates };
}

describe("replicated service (quorum on)", () => {
  it("commits every write in steady state without elections", () => {
    const { summary } = run(replicated(true), [], 20_000);
    expect(summary.electionsWon).toBe(0);
    expect(summary.writes.failed).toBe(0);
    expect(summary.writes.acknowledged + summary.writes.inFlightAtEnd).toBe(summary.writes.sent);
    expect(summary.writesLost).toBe(0);
    // Client -> leader (0.5-3 ms), leader -> a quorum and back (two of four followers: 2-6 ms),
    // leader -> client: a write takes a few ms, never near the 500 ms timeout.
    expect(summary.writes.latencyMs.max!).toBeLessThan(20);
    expect(summary.writes.latencyMs.min!).toBeGreaterThan(2);
  });

  it("elects a new leader after the leader crashes, within the election timeout, losing nothing", () => {
    const { summary, service, result } = run(replicated(true), [{ atMs: 5_000, act: (m) => m.crashNode(0) }], 15_000);
    expect(summary.electionsWon).toBeGreaterThanOrEqual(1);
    const next = service.elections[1]!;
    expect(next.replica).not.toBe(0);
    // Followers time out 150-300 ms after the last heartbeat (≤ 50 ms before the crash), plus a vote round trip.
    expect(next.atMs - 5_000).toBeLessThan(300 + 10);
    expect(summary.writesLost).toBe(0);
    expect(summary.writesConflicting).toBe(0);
    expect(result.timeline.some((e) => e.kind === "leader-elected")).toBe(true);
    // Writes fail only for a short while around the crash.
    for (const w of summary.unavailability) expect(w.toMs! - w.fromMs).toBeLessThan(1_500);
  });

  it("during a 2|3 partition elects only on the majority side and loses no write", () => {
    // The leader (replica 0, zone 0) is cut off with zone 1: the other three elect.
    const acts: Act[] = [{ atMs: 5_000, act: (m) => partition(m, [0, 1], true) }, { atMs: 15_000, act: (m) => partition(m, [0, 1], false) }];
    const { summary, service } = run(replicated(true), acts, 25_000);
    const during = service.elections.filter((e) => e.atMs > 5_000 && e.atMs < 15_000);
    expect(during.length).toBeGreaterThanOrEqual(1);
    for (const e of during) expect([2, 3, 4]).toContain(e.replica);
    expect(termsOfLeaders(service).duplicates).toEqual([]);
    expect(summary.writesLost).toBe(0);
    expect(summary.writesConflicting).toBe(0);
    // The minority's clients could not write during the partition.
    const minority = summary.unavailability.filter((w) => w.zone === "z0" || w.zone === "z1");
    expect(minority.some((w) => w.toMs! - w.fromMs > 9_000)).toBe(true);
  });
});

describe("replicated service (quorum off)", () => {
  it("splits its brain in a 2|3 partition: two leaders acknowledge writes, and the losers' are lost at the heal", () => {
    const acts: Act[] = [{ atMs: 5_000, act: (m) => partition(m, [0, 1], true) }, { atMs: 15_000, act: (m) => partition(m, [0, 1], false) }];
    const { summary } = run(replicated(false), acts, 25_000);
    expect(summary.leadersMax).toBe(2);
    expect(summary.multipleLeadersMs).toBeGreaterThan(9_000);
    // Each side acknowledged ~10 s of its clients' writes (200/s x 2/5 or 3/5); one side's are lost.
    expect(summary.writesLost).toBeGreaterThan(500);
    expect(summary.writesConflicting).toBeGreaterThan(500);
    expect(summary.writesConflicting).toBeLessThanOrEqual(summary.writesLost);
  });
});

describe("replicated service safety (swarm)", () => {
  it("never has two leaders in one term, elects only with a majority and loses no acknowledged write", () => {
    const seeds = [11, 12, 13, 14, 15, 16, 17, 18];
    for (const seed of seeds) {
      // A seeded plan of splits (random sides), heals and crashes.
      let x = seed * 7919;
      const next = () => ((x = (x * 48271) % 2147483647) / 2147483647);
      const acts: Act[] = [];
      const splits: Array<{ fromMs: number; toMs: number; side: number[] }> = [];
      let t = 2_000;
      while (t < 50_000) {
        const side = [0, 1, 2, 3, 4].filter(() => next() < 0.5);
        const forMs = 1_000 + next() * 6_000;
        if (side.length > 0 && side.length < ZONES) {
          splits.push({ fromMs: t, toMs: t + forMs, side });
          acts.push({ atMs: t, act: (m) => partition(m, side, true) }, { atMs: t + forMs, act: (m) => partition(m, side, false) });
        }
        if (next() < 0.4) {
          const victim = Math.floor(next() * ZONES);
          const crashAt = t + next() * forMs;
          acts.push({ atMs: crashAt, act: (m) => m.crashNode(victim) }, { atMs: crashAt + 500 + next() * 3_000, act: (m) => m.recoverNode(victim) });
        }
        t += forMs + 200 + next() * 2_000;
      }
      const { summary, service } = run(replicated(true), acts, 60_000, seed);
      expect(termsOfLeaders(service).duplicates, `seed ${seed}: terms with two leaders`).toEqual([]);
      expect(summary.writesLost, `seed ${seed}`).toBe(0);
      expect(summary.writesConflicting, `seed ${seed}`).toBe(0);
      for (const e of service.elections) {
        const split = splits.find((s) => e.atMs > s.fromMs && e.atMs < s.toMs);
        if (!split) continue;
        const winnerSide = split.side.includes(e.replica) ? split.side.length : ZONES - split.side.length;
        expect(winnerSide, `seed ${seed}: election of replica ${e.replica} at ${e.atMs} ms on a side of ${winnerSide}`).toBeGreaterThanOrEqual(3);
      }
      expect(summary.writes.acknowledged, `seed ${seed}`).toBeGreaterThan(summary.writes.sent / 2);
    }
  });
});
