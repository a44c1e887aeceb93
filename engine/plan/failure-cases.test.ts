import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/load";
import { failureCases, nodesInZone } from "./failure-cases";

const SCENARIO = `
version: 1
name: zones
run: { duration: 10s }
topology:
  regions:
    - { name: r, zones: [za, zb, zc] }
  groups:
    - { name: web, count: 7, cores: 2 }
    - { name: db, count: 2, cores: 8, zones: [zb, zc] }
    - { name: spare, count: 3 }
services:
  - { name: web, groups: [web], serviceTime: 5ms }
  - { name: db, groups: [db], serviceTime: 5ms }
workload:
  rate: { constant: 10/s }
  classes:
    - { name: req, call: { service: web } }
`;

function scenario() {
  const parsed = parseScenario(SCENARIO);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  return parsed.scenario;
}

describe("failure cases", () => {
  it("counts the nodes a zone holds under round-robin spreading", () => {
    // 7 nodes over 3 zones: node i in zone i mod 3, so zones hold 3, 2 and 2.
    expect([0, 1, 2].map((zoneIndex) => nodesInZone({ count: 7, zoneCount: 3, zoneIndex }))).toEqual([3, 2, 2]);
    expect(nodesInZone({ count: 1, zoneCount: 3, zoneIndex: 2 })).toBe(0);
  });

  it("always includes the scenario as written, first, and nothing else without --survive", () => {
    expect(failureCases(scenario(), []).map((c) => c.name)).toEqual(["as-written"]);
  });

  it("makes one zone-loss case per zone that holds nodes, the largest loss first", () => {
    const cases = failureCases(scenario(), ["zone-loss"]);
    // za: web loses 3 x 2 cores + spare 1 = 7 cores; zb: web 2 x 2 + db 1 x 8 + spare 1 = 13;
    // zc: web 2 x 2 + db 1 x 8 + spare 1 = 13 (a tie, kept in zone order).
    expect(cases.map((c) => c.name)).toEqual(["as-written", "zone-loss:zb", "zone-loss:zc", "zone-loss:za"]);
    expect(cases[1]!.overrides).toEqual([
      { path: "topology.groups.web.count", value: 5 },
      { path: "topology.groups.web.zones", value: ["za", "zc"] },
      { path: "topology.groups.db.count", value: 1 },
      { path: "topology.groups.db.zones", value: ["zc"] },
      { path: "topology.groups.spare.count", value: 2 },
      { path: "topology.groups.spare.zones", value: ["za", "zc"] },
    ]);
    expect(cases[1]!.description).toBe("zone zb lost for the whole run (2 of 7 web, 1 of 2 db, 1 of 3 spare nodes removed)");
  });

  it("makes one node-loss case per group that serves traffic", () => {
    const cases = failureCases(scenario(), ["node-loss"]);
    expect(cases.map((c) => c.name)).toEqual(["as-written", "node-loss:web", "node-loss:db"]);
    expect(cases[2]!.overrides).toEqual([{ path: "topology.groups.db.count", value: 1 }]);
  });

  it("produces overrides the scenario accepts", () => {
    for (const c of failureCases(scenario(), ["zone-loss", "node-loss"])) {
      const parsed = parseScenario(SCENARIO, { overrides: c.overrides });
      expect(parsed.ok, c.name).toBe(true);
    }
  });
});
