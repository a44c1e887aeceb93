import { describe, expect, it } from "vitest";
import { formatProblem, loadScenario, simulate } from "../index";

const SCENARIO = `
version: 1
name: racks
description: Racks inside zones, for placement and rack-level faults.
run: { duration: 10s }
topology:
  regions: [{ name: r, zones: [a, b] }]
  racks:
    - { name: a1, zone: a }
    - { name: a2, zone: a }
  groups: [{ name: web, count: 5, zones: [a, b] }]
services: [{ name: web, groups: [web], serviceTime: 1ms }]
workload:
  rate: { constant: 10/s }
  classes: [{ name: get, call: { service: web } }]
`;

describe("racks", () => {
  it("spreads a group's nodes in a zone over the zone's racks, round-robin", () => {
    const result = simulate(SCENARIO);
    expect(result.nodes.map((n) => [n.name, n.zone, n.rack])).toEqual([
      ["web-0", "a", "a1"], ["web-1", "b", null], ["web-2", "a", "a2"], ["web-3", "b", null], ["web-4", "a", "a1"],
    ]);
  });

  it("reports a rack in an unknown zone and a duplicate rack name", () => {
    const broken = SCENARIO.replace("{ name: a2, zone: a }", "{ name: a1, zone: east }");
    const result = loadScenario(broken, { fileName: "racks.yaml" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => formatProblem(p, { fileName: "racks.yaml" }))).toEqual([
        'racks.yaml:10: topology.racks[1].name: duplicate rack name "a1"',
        'racks.yaml:10: topology.racks[1].zone: no zone named "east"; known: "a", "b"',
      ]);
    }
  });
});
