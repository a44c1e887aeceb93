/**
 * Crash-at-peak cases forked from a shared pre-crash snapshot give the summaries (and Results)
 * of the same cases run from time 0, the second and third cases of a candidate really fork,
 * and the loss watch still stops a forked run at the same moment with the same verdict.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { prepareRun, serializeResult, simulate, type PreparedRun } from "../simulate";
import { planRunSlices } from "./run-summary";
import { AffinityRouter, peakCrashMs, planRunAffinity, SharedPrefixRuns } from "./shared-prefix";
import type { PlanOverride, RunSummary } from "./types";

const text = readFileSync(new URL("../../scenarios/zone-outage-at-peak.yaml", import.meta.url), "utf8");
/** The top of the spike (5 m + 3 m ramp), where failure-cases.ts puts the crash. */
const PEAK_MS = 8 * 60_000;
const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"];

function overrides(appCount: number, zone: string, fidelity: "exact" | "hybrid" = "exact"): PlanOverride[] {
  return [
    { path: "topology.groups.app.count", value: appCount },
    { path: "faults", value: [{ type: "crash", zone, at: `${PEAK_MS}ms` }] },
    ...(fidelity === "hybrid" ? [{ path: "run.fidelity", value: "hybrid" }] : []),
  ];
}

function prepared(appCount: number, zone: string, seed: number, fidelity: "exact" | "hybrid" = "exact"): PreparedRun {
  const run = prepareRun(text, { seed, overrides: overrides(appCount, zone, fidelity) });
  if (!run.ok) throw new Error(JSON.stringify(run.problems));
  return run;
}

function summary(run: PreparedRun, prefixes: SharedPrefixRuns | null): RunSummary {
  const slices = planRunSlices(run, { sliceEvents: 20_000, prefixes });
  for (;;) {
    const step = slices.next();
    if (step.done) return step.value;
  }
}

describe("shared pre-crash prefixes", () => {
  it("recognises a crash-at-peak case: one permanent crash after time 0", () => {
    expect(peakCrashMs(prepared(12, "us-east-1a", 1).scenario)).toBe(PEAK_MS);
    const withRepair = prepareRun(text, { overrides: [{ path: "faults", value: [{ type: "crash", zone: "us-east-1a", at: "8m", for: "1m" }] }] });
    expect(withRepair.ok && peakCrashMs(withRepair.scenario)).toBeNull();
    const none = prepareRun(text, { overrides: [{ path: "faults", value: [] }] });
    expect(none.ok && peakCrashMs(none.scenario)).toBeNull();
  });

  for (const fidelity of ["exact", "hybrid"] as const) {
    it(`forks a candidate's later zone losses and gives the Results of runs from zero (${fidelity})`, () => {
      const shared = new SharedPrefixRuns();
      for (const zone of ZONES) {
        const start = shared.start(prepared(18, zone, 5, fidelity));
        if (start.keep !== undefined) {
          start.run.advance({ untilMs: start.keep.atMs });
          start.keep.save(start.run);
        }
        start.run.advance();
        const result = start.run.result();
        expect(result.hybrid?.ran).toBe(fidelity === "hybrid" ? "hybrid" : undefined);
        expect(serializeResult(result)).toBe(serializeResult(simulate(text, { seed: 5, overrides: overrides(18, zone, fidelity) })));
      }
      expect({ prefixed: shared.prefixed, forked: shared.forked }).toEqual({ prefixed: 1, forked: 2 });
    });
  }

  it("gives the planner's summaries of runs from zero, with the loss watch stopping forks at the same moment", () => {
    const shared = new SharedPrefixRuns();
    const lost: number[] = [];
    for (const appCount of [18, 10]) {
      for (const zone of ZONES) {
        const forked = summary(prepared(appCount, zone, 7), shared);
        expect(forked).toEqual(summary(prepared(appCount, zone, 7), null));
        if (forked.lost !== undefined) lost.push(forked.lost.atMs);
      }
    }
    // 10 app nodes lose a zone's third at the peak and cannot carry it: every case stops, after the crash.
    expect(lost.length).toBe(3);
    for (const atMs of lost) expect(atMs).toBeGreaterThan(PEAK_MS);
    expect({ prefixed: shared.prefixed, forked: shared.forked, kept: shared.size }).toEqual({ prefixed: 2, forked: 4, kept: 2 });
  });

  it("keeps its snapshots per seed and at most its capacity, least recently used out first", () => {
    const shared = new SharedPrefixRuns(1);
    summary(prepared(18, "us-east-1a", 1), shared);
    summary(prepared(18, "us-east-1b", 2), shared); // another seed: another prefix, the first is dropped
    summary(prepared(18, "us-east-1c", 1), shared); // so this runs from 0 again
    expect({ prefixed: shared.prefixed, forked: shared.forked, kept: shared.size }).toEqual({ prefixed: 3, forked: 0, kept: 1 });
  });
});

describe("routing planner runs by affinity", () => {
  const size = { path: "topology.groups.app.count", value: 16 };
  const crash = (zone: string, at = "480000ms"): PlanOverride => ({ path: "faults", value: [{ type: "crash", zone, at }] });

  it("gives the crash-at-peak cases of one size and seed one hint, and every other run none or its own", () => {
    const a = planRunAffinity({ overrides: [size, crash("us-east-1a")], seed: 7 });
    expect(a).not.toBeNull();
    expect(planRunAffinity({ overrides: [size, crash("us-east-1b")], seed: 7 })).toBe(a);
    expect(planRunAffinity({ overrides: [size, crash("us-east-1a")], seed: 8 })).not.toBe(a);
    expect(planRunAffinity({ overrides: [{ ...size, value: 17 }, crash("us-east-1a")], seed: 7 })).not.toBe(a);
    expect(planRunAffinity({ overrides: [size, crash("us-east-1a", "400000ms")], seed: 7 })).not.toBe(a);
    // The scenario as written, a loss modelled as capacity, a crash that ends: no shared prefix.
    expect(planRunAffinity({ overrides: [size], seed: 7 })).toBeNull();
    expect(planRunAffinity({ overrides: [size, { path: "faults", value: [] }, { path: "topology.groups.app.count", value: 10 }], seed: 7 })).toBeNull();
    expect(planRunAffinity({ overrides: [size, { path: "faults", value: [{ type: "crash", zone: "us-east-1a", at: "480000ms", for: "5m" }] }], seed: 7 })).toBeNull();
  });

  it("sends a free worker the runs whose affinity it ran last, then runs no worker claims, then the first", () => {
    const router = new AffinityRouter<string>();
    router.ran("x", "w1");
    router.ran("y", "w2");
    router.ran(null, "w2"); // a run without an affinity claims nothing
    expect(router.pick(["y", "x", null], "w1")).toBe(1);
    expect(router.pick(["x", "y"], "w2")).toBe(1);
    expect(router.pick(["x", "z", "y"], "w3")).toBe(1); // z: no worker ran it
    expect(router.pick(["x", null], "w3")).toBe(1);
    expect(router.pick(["x", "y"], "w3")).toBe(0); // all claimed by others: no worker waits
    router.ran("x", "w3");
    expect(router.pick(["y", "x"], "w3")).toBe(1);
    expect(router.pick(["y", "x"], "w1")).toBe(0); // x moved on to w3
  });
});
