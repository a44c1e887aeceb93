/**
 * Mirror cases (case-symmetry.ts) are merged only when provably the same case with zones renamed,
 * and then the two runs are bit-identical up to the renaming: black-friday with the app floor at
 * 5 (2 app nodes in each of zones a and b, 1 in c) loses zone a or zone b in the same way.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resultDigest, simulate } from "../simulate";
import { loadScenario } from "../scenario/load";
import { failureCases, type FailureCase } from "./failure-cases";
import type { Result } from "../result/result";

const TEXT = readFileSync(new URL("../../scenarios/black-friday.yaml", import.meta.url), "utf8");

function casesAt(min: number, extra: ReadonlyArray<{ path: string; value: unknown }> = []): FailureCase[] {
  const loaded = loadScenario(TEXT, { overrides: [{ path: "autoscaling[0].min", value: min }, ...extra] });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("; "));
  return failureCases(loaded.scenario, ["zone-loss"], { peakAtMs: 1 });
}

/** The Result as JSON with zones a and b swapped wherever a string names them. */
function renamed(result: Result): Result {
  return JSON.parse(JSON.stringify(result), (_key, value: unknown) => (value === "us-east-1a" ? "us-east-1b" : value === "us-east-1b" ? "us-east-1a" : value)) as Result;
}

describe("failure cases identical up to renaming zones run once", () => {
  it("merges zone b into zone a when both hold the same nodes, and says so", () => {
    const names = (min: number) => casesAt(min).map((c) => c.name);
    // Floor 5: a and b each hold 2 app nodes at the floor, c holds 1: a and b are mirrors.
    expect(names(5)).toEqual(["as-written", "zone-loss:us-east-1a", "zone-loss:us-east-1c"]);
    expect(casesAt(5)[1]!.description).toMatch(/stands for zone-loss:us-east-1b too: the same case with the zones renamed/);
    // Floor 7: a holds 3 at the floor, b 2: not the same case.
    expect(names(7)).toEqual(["as-written", "zone-loss:us-east-1a", "zone-loss:us-east-1b", "zone-loss:us-east-1c"]);
  });

  it("does not merge when anything else tells the zones apart", () => {
    // A group pinned to zone a breaks the symmetry between a and b.
    const pinned = casesAt(5, [{ path: "topology.groups.web.zones", value: ["us-east-1a", "us-east-1c"] }]);
    expect(pinned.map((c) => c.name)).toContain("zone-loss:us-east-1b");
  });

  it("the two merged runs are the same run with the zones renamed (digests equal after renaming)", () => {
    const loaded = loadScenario(TEXT, { overrides: [{ path: "autoscaling[0].min", value: 5 }, { path: "run.duration", value: "60m" }] });
    if (!loaded.ok) throw new Error("black-friday does not load");
    const all = failureCases(loaded.scenario, ["zone-loss"], { peakAtMs: 1 });
    expect(all.map((c) => c.name)).not.toContain("zone-loss:us-east-1b");
    // Build zone b's case by renaming zone a's, as the merge claims it is.
    const caseA = all.find((c) => c.name === "zone-loss:us-east-1a")!.overrides;
    const caseB = JSON.parse(JSON.stringify(caseA).replaceAll("us-east-1b", "us-east-1a")) as typeof caseA;
    const base = [{ path: "autoscaling[0].min", value: 5 }, { path: "run.duration", value: "60m" }];
    const a = simulate(TEXT, { seed: 11, overrides: [...base, ...caseA] });
    const b = simulate(TEXT, { seed: 11, overrides: [...base, ...caseB] });
    expect(b.events).toBe(a.events);
    expect(resultDigest(renamed(b))).toBe(resultDigest(a));
  });
});

describe("crash cases of groups spread over the zones in their order", () => {
  // Health checks on every balancer: each zone case is one crash at the peak, and the groups list
  // no zones, so their nodes go round-robin over the zones in the region's order.
  const HEALTH = { interval: "5s", timeout: "2s", unhealthyThreshold: 2, healthyThreshold: 3 };
  const detected = ["web", "app", "db"].map((service) => ({ path: `services.${service}.balancer.healthCheck`, value: HEALTH }));

  it("are not merged: another zone holds other nodes, and maybe fewer", () => {
    // 11 web nodes: zones a and b hold 4, zone c 3. Losing c was once merged into losing a
    // (the crash overrides mirror each other, and the region's zones were compared as a set).
    const uneven = casesAt(5, [...detected, { path: "topology.groups.web.count", value: 11 }]);
    expect(uneven.map((c) => c.name)).toEqual(["as-written", "zone-loss:us-east-1a", "zone-loss:us-east-1b", "zone-loss:us-east-1c"]);
    expect(uneven.find((c) => c.name === "zone-loss:us-east-1c")!.description).toContain("3 of 11 web");
    expect(uneven.every((c) => !c.description.includes("stands for"))).toBe(true);
    // Even counts (web 3, app floor 5: a and b hold 2 app nodes each) lose web-0 and app-0 in
    // zone a but web-1 and app-1 in zone b: other nodes with other random streams, so not one
    // run renamed either.
    expect(casesAt(5, detected).map((c) => c.name)).toEqual(["as-written", "zone-loss:us-east-1a", "zone-loss:us-east-1b", "zone-loss:us-east-1c"]);
  });
});
