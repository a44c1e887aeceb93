/**
 * The cluster-operations scenarios of the library (scenarios/network-partition.yaml,
 * rolling-update.yaml, hpc-batch.yaml; black-friday.yaml has its own file, for parallelism)
 * each produce their headline at reduced length. Bounds are wide on purpose: they check the lesson each file teaches, not
 * digits a seed change would move.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { serializeResult, simulate, type Result } from "../index";

const DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../scenarios");
const load = (name: string) => readFileSync(path.join(DIR, name), "utf8");

describe("scenario library: cluster operations", () => {
  it("network-partition: quorum loses no write and elects on the majority side; without quorum, split-brain loses writes", () => {
    const rate = ["services[0].replicated.writes.rate=60/s", "services[1].replicated.writes.rate=60/s"];
    const result = simulate(load("network-partition.yaml"), { overrides: ["run.duration=5m30s", ...rate] });
    const [raft, async] = result.replicated;
    // Quorum: elections only on the b+c side (raft-0 and raft-3 sit in zone a), nothing
    // lost; zone a cannot write for the 3 min.
    expect(raft!.electionsWon).toBeGreaterThanOrEqual(1);
    const elected = result.timeline.filter((e) => e.kind === "leader-elected" && e.subject === "orders-raft");
    for (const e of elected) expect(e.detail).toMatch(/^raft-[124],/);
    expect(raft!.termMax).toBeLessThanOrEqual(4);
    expect(raft!.writesLost).toBe(0);
    expect(raft!.writesConflicting).toBe(0);
    expect(raft!.multipleLeadersMs).toBeLessThan(1000);
    const zoneA = raft!.unavailability.find((w) => w.zone === "eu-west-1a")!;
    expect((zoneA.toMs! - zoneA.fromMs) / 1000).toBeGreaterThan(170);
    for (const w of raft!.unavailability.filter((x) => x.zone !== "eu-west-1a")) expect(w.toMs! - w.fromMs).toBeLessThan(2000);
    // Quorum off: two leaders for the whole partition, and zone a's acknowledged writes are
    // discarded at the heal: about a third of 60/s for 180 s = 3600.
    expect(async!.leadersMax).toBe(2);
    expect(async!.multipleLeadersMs / 1000).toBeGreaterThan(170);
    expect(async!.writesLost).toBeGreaterThan(2500);
    expect(async!.writesLost).toBeLessThan(4500);
    expect(async!.writesConflicting).toBeGreaterThan(2500);
  });

  it("network-partition is deterministic to the byte", () => {
    const overrides = ["run.duration=2m30s", "faults[0].at=1m", "faults[0].for=30s", "services[0].replicated.writes.rate=30/s", "services[1].replicated.writes.rate=30/s"];
    const text = load("network-partition.yaml");
    expect(serializeResult(simulate(text, { overrides }))).toBe(serializeResult(simulate(text, { overrides })));
  });

  it("rolling-update: without surge latency climbs while batches drain; with surge it does not", () => {
    const result = simulate(load("rolling-update.yaml"), { overrides: ["run.duration=8m"] });
    const [blue, green] = result.rollingUpdates;
    expect([blue!.replaced, green!.replaced]).toEqual([8, 8]);
    expect([blue!.availableMin, blue!.totalMax]).toEqual([6, 8]);
    expect([green!.availableMin, green!.totalMax]).toEqual([8, 10]);
    expect(blue!.finishedAtMs).not.toBeNull();
    expect(green!.finishedAtMs).not.toBeNull();
    // Draining loses nothing in flight.
    expect(result.requests.failed).toBe(0);
    const p99 = (name: string) => result.classes.find((c) => c.name === name)!.latencyMs.p99!;
    expect(p99("blue")).toBeGreaterThan(2 * p99("green"));
    expect(result.slos.map((s) => [s.name, s.passed])).toEqual([["blue-p99", false], ["green-p99", true]]);
  });

  it("hpc-batch: EASY backfilling beats FIFO on utilisation, wait and makespan without delaying the head", () => {
    const result = simulate(load("hpc-batch.yaml"));
    expect(result.requests.offered).toBe(0);
    const [fifo, easy] = result.batch!.policies;
    expect([fifo!.policy, easy!.policy]).toEqual(["fifo", "easy-backfill"]);
    expect(fifo!.jobsCompleted).toBe(600);
    expect(easy!.jobsCompleted).toBe(600);
    expect(easy!.utilisation! - fifo!.utilisation!).toBeGreaterThan(0.1);
    expect(easy!.queueWaitMs.mean!).toBeLessThan(fifo!.queueWaitMs.mean! / 3);
    expect(easy!.makespanMs!).toBeLessThan(fifo!.makespanMs!);
    expect(easy!.headReservationMisses).toBe(0);
    expect(fifo!.jobsBackfilled).toBe(0);
  });
});
