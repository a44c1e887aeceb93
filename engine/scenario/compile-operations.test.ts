import { describe, expect, it } from "vitest";
import { compileScenario } from "./compile";
import { validateScenario } from "./load";

/** A small valid scenario: web and db groups over two zones, with `extra` merged in. */
function scenario(extra: Record<string, unknown> = {}, services?: unknown[]): unknown {
  return {
    version: 1,
    name: "ops",
    run: { duration: "10m" },
    topology: {
      regions: [{ name: "r", zones: ["a", "b"] }],
      groups: [
        { name: "web", count: 4, cores: 4, memory: "16GiB" },
        { name: "db", count: 5, cores: 8 },
      ],
    },
    services: services ?? [
      { name: "web", groups: ["web"], serviceTime: "5ms" },
      { name: "db", groups: ["db"], serviceTime: "2ms" },
    ],
    workload: { rate: { constant: "100/s" }, classes: [{ name: "get", call: { service: "web" } }] },
    ...extra,
  };
}

/** `path: message` of every problem (validation, then compilation). */
function problems(data: unknown): string[] {
  const validated = validateScenario(data);
  if (!validated.ok) return validated.problems.map((p) => `${p.path}: ${p.message}`);
  const compiled = compileScenario(validated.scenario);
  return compiled.ok ? [] : compiled.problems.map((p) => `${p.path}: ${p.message}`);
}

const replicatedDb = [
  { name: "web", groups: ["web"], serviceTime: "5ms" },
  { name: "db", groups: ["db"], serviceTime: "2ms", replicated: { writes: { rate: "50/s" } } },
];

describe("compiling the operations sections", () => {
  it("accepts every section in a valid scenario", () => {
    const data = scenario({
      autoscaling: [{ group: "web", min: 2, max: 10, target: { utilisation: "60%" } }],
      rollingUpdates: [{ group: "web", at: "5m", maxUnavailable: 1, maxSurge: "25%" }],
      batch: { nodes: 4, coresPerNode: 8, jobs: { count: 10, sizes: [{ cores: 4, weight: 1 }], runtime: "10m" } },
    }, replicatedDb);
    expect(problems(data)).toEqual([]);
    expect(problems(scenario({ placement: { services: [{ service: "web", instances: 6, cpu: 2, memory: "4GiB" }] } }))).toEqual([]);
  });

  it("names the path of a misspelt group, with a suggestion", () => {
    expect(problems(scenario({ autoscaling: [{ group: "wbe", min: 1, max: 3, target: { utilisation: "50%" } }] }))).toEqual([
      'autoscaling[0].group: no group named "wbe" (did you mean "web"?)',
    ]);
  });

  it("checks the autoscaler's fields against each other", () => {
    expect(problems(scenario({ autoscaling: [{ group: "web", min: 5, max: 3, target: { utilisation: "50%", requestsPerNode: "10/s" } }] }))).toEqual([
      "autoscaling[0].target: give only one of utilisation and requestsPerNode",
    ]);
    expect(problems(scenario({ autoscaling: [{ group: "web", min: 5, max: 3, target: { utilisation: "50%" } }] }))).toEqual([
      "autoscaling[0].min: must be ≤ max (3), got 5",
    ]);
    expect(problems(scenario({ autoscaling: [{ group: "web", min: 1, max: 3, target: { requestsPerNode: "10/s" } }, { group: "web", min: 1, max: 3, target: { utilisation: "50%" } }] }))).toEqual([
      'autoscaling[1].group: group "web" already has an autoscaler (autoscaling[0])',
    ]);
  });

  it("rejects a rolling update that could never move", () => {
    expect(problems(scenario({ rollingUpdates: [{ group: "web", at: "1m", maxUnavailable: 0, maxSurge: "0%" }] }))).toEqual([
      "rollingUpdates[0].maxSurge: maxUnavailable and maxSurge cannot both be 0 (the update could never start)",
    ]);
    expect(problems(scenario({ rollingUpdates: [{ group: "web", at: "1m", maxSurge: "lots" }] }))[0]).toMatch(/^rollingUpdates\[0\]\.maxSurge: /);
  });

  it("asks for memory on hosts when instances request memory, and for hosts with enough cores", () => {
    expect(problems(scenario({ placement: { services: [{ service: "db", instances: 3, cpu: 2, memory: "1GiB" }] } }))).toEqual([
      'placement.services[0].memory: group "db" declares no memory: add memory: to topology.groups[1] or drop this request',
    ]);
    expect(problems(scenario({ placement: { services: [{ service: "web", instances: 3, cpu: 6 }] } }))).toEqual([
      "placement.services[0].cpu: no node of the service's groups has 6 cores (largest: 4)",
    ]);
  });

  it("refuses to resize a group whose membership is fixed by replication or placement", () => {
    expect(problems(scenario({ autoscaling: [{ group: "db", min: 3, max: 7, target: { utilisation: "50%" } }] }, replicatedDb))).toEqual([
      'autoscaling[0].group: group "db" has a fixed membership: it hosts the replicated service "db" (services[1])',
    ]);
    expect(problems(scenario({ placement: { services: [{ service: "web", instances: 2, cpu: 1 }] }, rollingUpdates: [{ group: "web", at: "1m" }] }))).toEqual([
      'rollingUpdates[0].group: group "web" has a fixed membership: placement.services[0] places instances on it',
    ]);
  });

  it("checks a replicated service's timers and client zones", () => {
    const services = [
      { name: "web", groups: ["web"], serviceTime: "5ms" },
      { name: "db", groups: ["db"], serviceTime: "2ms", replicated: { heartbeatInterval: "200ms", electionTimeout: { min: "150ms", max: "300ms" }, writes: { rate: "50/s", zones: ["a", "zz"] } } },
    ];
    expect(problems(scenario({}, services))).toEqual([
      "services[1].replicated.heartbeatInterval: must be shorter than electionTimeout.min (150 ms), or followers time out between heartbeats; got 200 ms",
    ]);
    services[1]!.replicated!.heartbeatInterval = "50ms";
    expect(problems(scenario({}, services))).toEqual(['services[1].replicated.writes.zones[1]: no zone named "zz"; known: "a", "b"']);
  });

  it("lets a batch-only scenario leave out topology, services and workload, and no other", () => {
    const batchOnly = {
      version: 1, name: "hpc", run: { duration: "1h" },
      batch: { nodes: 2, coresPerNode: 8, jobs: { count: 5, sizes: [{ cores: 4, weight: 1 }], runtime: "1m" } },
    };
    expect(problems(batchOnly)).toEqual([]);
    const { batch: _batch, ...none } = batchOnly;
    expect(problems(none)).toEqual(["topology: required", "services: required", "workload: required"]);
    expect(problems({ ...none, topology: { groups: [] }, services: [], workload: { rate: { constant: "1/s" }, classes: [] } })).toEqual([
      "topology.groups: must have at least 1 item, got 0",
      "services: must have at least 1 item, got 0",
      "workload.classes: must have at least 1 item, got 0",
    ]);
  });

  it("checks batch jobs against the cluster", () => {
    const batch = { nodes: 2, coresPerNode: 8, jobs: { sizes: [{ cores: 4, weight: 1 }, { cores: 32, weight: 1 }], runtime: "1m" } };
    expect(problems(scenario({ batch }))).toEqual([
      "batch.jobs.sizes[1].cores: must be ≤ the cluster's 16 cores (2 nodes x 8), got 32",
      "batch.jobs.count: required when interarrival is 0s (every job arrives at the start: how many?)",
    ]);
  });
});
