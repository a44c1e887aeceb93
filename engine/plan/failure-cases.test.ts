import { describe, expect, it } from "vitest";
import { loadScenario, parseScenario } from "../scenario/load";
import { detectedGroups, failureCases, nodesInZone } from "./failure-cases";

const NO_FAULTS = { peakAtMs: 60_000 };

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
    expect(failureCases(scenario(), [], NO_FAULTS).map((c) => c.name)).toEqual(["as-written"]);
  });

  it("makes one zone-loss case per zone that holds nodes, the largest loss first", () => {
    const cases = failureCases(scenario(), ["zone-loss"], NO_FAULTS);
    // za: web loses 3 x 2 cores + spare 1 = 7 cores; zb: web 2 x 2 + db 1 x 8 + spare 1 = 13;
    // zc: web 2 x 2 + db 1 x 8 + spare 1 = 13 (a tie, kept in zone order).
    expect(cases.map((c) => c.name)).toEqual(["as-written", "zone-loss:zb", "zone-loss:zc", "zone-loss:za"]);
    expect(cases[1]!.overrides).toEqual([
      { path: "faults", value: [] },
      { path: "topology.groups.web.count", value: 5 },
      { path: "topology.groups.web.zones", value: ["za", "zc"] },
      { path: "topology.groups.db.count", value: 1 },
      { path: "topology.groups.db.zones", value: ["zc"] },
      { path: "topology.groups.spare.count", value: 2 },
      { path: "topology.groups.spare.zones", value: ["za", "zc"] },
    ]);
    expect(cases[1]!.description).toMatch(/^zone zb lost \(2 of 7 web, 1 of 2 db, 1 of 3 spare nodes\); modelled as capacity removed for the whole run, since nothing takes lost web, db nodes out of rotation/);
  });

  it("takes an autoscaled group's floor share and its zone, even where it starts with no node", () => {
    // app starts with 2 nodes (za, zb) and its autoscaler raises it to 8 at once, adding nodes
    // round-robin too: za and zb hold 3 of the floor, zc 2. Losing zc loses none of the first
    // two nodes but 2 of the floor, and no node may be added in zc.
    const autoscaled = SCENARIO.replace("- { name: spare, count: 3 }", "- { name: spare, count: 3 }\n    - { name: app, count: 2, cores: 1 }")
      .replace("workload:", "autoscaling:\n  - { group: app, min: 8, max: 20, target: { utilisation: 60% }, bootTime: 1s }\nworkload:");
    const parsed = parseScenario(autoscaled);
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    const cases = failureCases(parsed.scenario, ["zone-loss"], NO_FAULTS);
    const zc = cases.find((c) => c.name === "zone-loss:zc")!;
    expect(zc.overrides.filter((o) => o.path.includes("app") || o.path.startsWith("autoscaling"))).toEqual([
      { path: "topology.groups.app.zones", value: ["za", "zb"] },
      { path: "autoscaling[0].min", value: 6 },
    ]);
    expect(zc.description).toMatch(/0 of 2 app \(2 of its autoscaler floor 8\)/);
    const za = cases.find((c) => c.name === "zone-loss:za")!;
    expect(za.overrides.filter((o) => o.path.includes("app") || o.path.startsWith("autoscaling"))).toEqual([
      { path: "topology.groups.app.count", value: 1 },
      { path: "topology.groups.app.zones", value: ["zb", "zc"] },
      { path: "autoscaling[0].min", value: 5 },
    ]);
    for (const c of cases) expect(loadScenario(autoscaled, { overrides: c.overrides }).ok, c.name).toBe(true);
  });

  it("makes one node-loss case per group that serves traffic", () => {
    const cases = failureCases(scenario(), ["node-loss"], NO_FAULTS);
    expect(cases.map((c) => c.name)).toEqual(["as-written", "node-loss:web", "node-loss:db"]);
    expect(cases[2]!.overrides).toEqual([{ path: "faults", value: [] }, { path: "topology.groups.db.count", value: 1 }]);
  });

  it("crashes the zone or a node at the peak when health checks or an evicting detector cover the lost nodes", () => {
    // web and db get health checks; spare runs no service, so nothing routes to it and its
    // loss needs no detection.
    const checked = SCENARIO.replace("serviceTime: 5ms }\n  - { name: db", "serviceTime: 5ms, balancer: { healthCheck: { interval: 2s, timeout: 1s } } }\n  - { name: db")
      .replace("{ name: db, groups: [db], serviceTime: 5ms }", "{ name: db, groups: [db], serviceTime: 5ms, balancer: { healthCheck: {} } }")
      .replace("workload:", "faults:\n  - { type: slow, node: web-1, factor: 2, at: 1s }\nworkload:");
    const parsed = parseScenario(checked);
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    expect([...detectedGroups(parsed.scenario)]).toEqual(["web", "db", "spare"]);
    // The generated loss replaces the scenario's own fault (the slow web-1): losses never stack.
    const cases = failureCases(parsed.scenario, ["zone-loss", "node-loss"], { peakAtMs: 5000 });
    const zone = cases.find((c) => c.name === "zone-loss:zb")!;
    expect(zone.overrides).toEqual([{ path: "faults", value: [{ type: "crash", zone: "zb", at: "5000ms" }] }]);
    expect(zone.description).toBe("zone zb crashes at the peak (5 s) and stays down: 2 of 7 web, 1 of 2 db, 1 of 3 spare nodes");
    expect(cases.find((c) => c.name === "node-loss:db")!.overrides).toEqual([{ path: "faults", value: [{ type: "crash", node: "db-0", at: "5000ms" }] }]);
    for (const c of cases) expect(loadScenario(checked, { overrides: c.overrides }).ok, c.name).toBe(true);
  });

  it("produces overrides the scenario accepts", () => {
    for (const c of failureCases(scenario(), ["zone-loss", "node-loss"], NO_FAULTS)) {
      const parsed = parseScenario(SCENARIO, { overrides: c.overrides });
      expect(parsed.ok, c.name).toBe(true);
    }
  });
});
