import { describe, expect, it } from "vitest";
import { loadScenario } from "./load";

const BASE = `
version: 1
name: faults-validation
run: { duration: 10m }
topology:
  regions: [{ name: us-east, zones: [us-east-1a, us-east-1b] }]
  groups:
    - { name: web, count: 6 }
    - { name: db, count: 3 }
services:
  - name: web
    groups: [web]
    serviceTime: 5ms
    balancer: { healthCheck: HEALTH }
  - { name: db, groups: [db], serviceTime: 2ms }
workload:
  rate: { constant: 10/s }
  classes: [{ name: get, call: { service: web } }]
`;

/** Problems of BASE with `faults`, `detector` and the web health check spliced in. */
function problems(options: { faults?: string; detector?: string; health?: string }): string[] {
  let text = BASE.replace("HEALTH", options.health ?? "{}");
  if (options.faults !== undefined) text += `faults:\n${options.faults}\n`;
  if (options.detector !== undefined) text += `detector:\n${options.detector}\n`;
  const loaded = loadScenario(text);
  return loaded.ok ? [] : loaded.problems.map((p) => `${p.path}: ${p.message}`);
}

describe("fault validation", () => {
  it("accepts every kind of fault, a health check and a detector", () => {
    expect(problems({
      faults: [
        "  - { type: crash, zone: us-east-1b, at: 20s, for: 10s }",
        "  - { type: crash, group: web, fraction: 50%, at: 5s }",
        "  - { type: crash, nodes: [web-0, db-2], at: 1m }",
        "  - { type: crash-repair, group: db, zone: us-east-1a, mttf: 2h, mttr: 5m }",
        "  - { type: crash-repair, group: web, timeToFailure: { type: weibull, shape: 1.5, scale: 3h }, timeToRepair: { type: lognormal, median: 2m, p99: 20m } }",
        "  - { type: slow, node: web-3, factor: 5, at: 1m, for: 10m }",
        "  - { type: pause, nodes: [web-1, web-2], at: 2m, for: 8s }",
        "  - { type: partition, zones: [[us-east-1a], [us-east-1b]], at: 3m, for: 1m }",
        "  - { type: partition, isolate: [db-0], oneWay: true, at: 3m }",
        "  - { type: link, between: [us-east-1a, us-east-1b], latency: 200ms, loss: 5%, at: 2m, for: 30s }",
        "  - { type: dependency, service: db, mode: slow, factor: 10, at: 4m, for: 30s }",
      ].join("\n"),
      detector: "  managerZone: us-east-1b\n  detectors: [{ name: t3, type: timeout, timeout: 3s }, { name: phi, type: phi-accrual }]\n  evict: phi",
      health: "{ interval: 5s, timeout: 2s, from: us-east-1a }",
    })).toEqual([]);
  });

  it("names unknown zones, groups, nodes, services and detectors by path, with a suggestion", () => {
    expect(problems({
      faults: [
        "  - { type: crash, zone: us-east-1x, at: 1m }",
        "  - { type: crash, node: web-9, at: 1m }",
        "  - { type: crash, node: wbe-2, at: 1m }",
        "  - { type: crash-repair, group: dbs, mttf: 1h, mttr: 1m }",
        "  - { type: dependency, service: dv, mode: timeout, at: 1m }",
        "  - { type: partition, zones: [[us-east-1a], [us-east-2b]], at: 1m }",
      ].join("\n"),
      detector: "  groups: [wbe]\n  detectors: [{ name: t3, type: timeout, timeout: 3s }]\n  evict: t4",
      health: "{ from: us-east-1c }",
    }).sort()).toEqual([
      'services[0].balancer.healthCheck.from: no zone named "us-east-1c" (did you mean "us-east-1a"?)',
      'faults[0].zone: no zone named "us-east-1x" (did you mean "us-east-1a"?)',
      "faults[1].node: no node named \"web-9\"; group web has nodes web-0 .. web-5",
      'faults[2].node: no node named "wbe-2" (did you mean "web-2"?)',
      'faults[3].group: no group named "dbs" (did you mean "db"?)',
      'faults[4].service: no service named "dv" (did you mean "db"?)',
      'faults[5].zones[1][0]: no zone named "us-east-2b" (did you mean "us-east-1b"?)',
      'detector.groups[0]: no group named "wbe" (did you mean "web"?)',
      'detector.evict: no detector named "t4" (did you mean "t3"?)',
    ].sort());
  });

  it("reports fields that do not fit together", () => {
    expect(problems({
      faults: [
        "  - { type: crash, at: 1m }",
        "  - { type: crash, node: web-1, count: 2, at: 1m }",
        "  - { type: crash-repair, group: web, mttf: 1h, timeToFailure: 1h, mttr: 1m }",
        "  - { type: partition, at: 1m }",
        "  - { type: link, between: [us-east-1a, us-east-1b], at: 1m }",
        "  - { type: dependency, service: db, mode: slow, at: 1m }",
        "  - { type: slow, group: web, factor: 0, at: 1m }",
        "  - { type: crash, group: web, at: -1m }",
        "  - { type: crahs, group: web, at: 1m }",
      ].join("\n"),
      detector: "  detectors: [{ name: a, type: timeout, timeout: 3s }, { name: b, type: phi-accrual, threshold: 0 }]",
      health: "{ unhealthyThreshold: 0 }",
    }).sort()).toEqual([
      "detector.detectors[1].threshold: must be a number > 0 and ≤ 300, got 0",
      "faults[0]: give the nodes to hit: node, nodes, or group and/or zone",
      "faults[1].count: count and fraction pick among a group's or zone's nodes; not with node or nodes",
      "faults[2].mttf: give one of mttf or timeToFailure",
      "faults[3]: give one of zones (two sides) or isolate (nodes)",
      "faults[4]: give latency and/or loss",
      "faults[5].factor: required with mode slow",
      "faults[6].factor: must be a number > 0, got 0",
      'faults[7].at: must not be negative, got "-1m"',
      'faults[8].type: must be one of "crash", "crash-repair", "slow", "pause", "partition", "link" or "dependency", got "crahs" (did you mean "crash"?)',
      "services[0].balancer.healthCheck.unhealthyThreshold: must be an integer ≥ 1 and ≤ 100, got 0",
    ]);
    // Cross-field checks run once each field is valid on its own.
    expect(problems({
      detector: "  detectors: [{ name: a, type: timeout, timeout: 3s }, { name: a, type: phi-accrual }]",
      health: "{ interval: 2s, timeout: 2s }",
    })).toEqual([
      "services[0].balancer.healthCheck.timeout: must be shorter than interval (2.00 s), got 2.00 s",
      'detector.detectors[1].name: duplicate detector name "a"',
    ]);
  });
});
