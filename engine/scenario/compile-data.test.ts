import { describe, expect, it } from "vitest";
import { loadScenario } from "./load";

const BASE = `
version: 1
name: data-validation
run: { duration: 10m }
topology:
  regions:
    - { name: us-east, zones: [us-east-1a, us-east-1b] }
    - { name: us-west, zones: [us-west-2a] }
  groups:
    - { name: web, count: 4 }
    - { name: db, count: 3 }
services:
  - { name: web, groups: [web], serviceTime: 5ms }
  - name: db
    groups: [db]
    serviceTime: 2ms
    database:
DATABASE
workload:
  rate: { constant: 10/s }
  classes: [{ name: get, call: { service: web } }]
`;

const DATABASE = `      replication: { mode: sync, syncReplicas: 2, confirmOn: applied, applyTime: { type: exponential, mean: 0.5ms } }
      failover:
        heartbeatInterval: 1s
        detector: { type: phi-accrual, threshold: 10 }
        witnesses: [us-east-1a, us-east-1b, us-west-2a]
        fencing: true
        fencingDelay: 5s
        promotion: 2s
        reconnect: dns
      writes: { rate: 100/s, timeout: 2s, zones: [us-east-1a] }
      reads: { rate: 50/s, from: replicas, maxStaleness: 1s, whenStale: fail }`;

const REGIONS = `multiRegion:
  deployment: active-passive
  home: us-east
  dns: { ttl: 30s, propagation: 10s }
  healthCheck: { interval: 5s, unhealthyThreshold: 2 }
  failBack: { after: 5m }
  outages:
    - { region: us-east, at: 2m, for: 3m }
    - { region: us-west, mttf: 30d, mttr: 4h }`;

/** Problems of BASE with the database block and extra top-level text spliced in. */
function problems(options: { database?: string; extra?: string } = {}): string[] {
  let text = BASE.replace("DATABASE", options.database ?? DATABASE);
  text += options.extra ?? REGIONS;
  const loaded = loadScenario(text);
  return loaded.ok ? [] : loaded.problems.map((p) => `${p.path}: ${p.message}`);
}

describe("data tier validation", () => {
  it("accepts a database with every knob and a multi-region section", () => {
    expect(problems()).toEqual([]);
    expect(problems({ database: "      replication: { mode: async }\n      writes: { rate: 10/s }", extra: "" })).toEqual([]);
  });

  it("names the field of a bad reference, with a did-you-mean", () => {
    expect(problems({ extra: REGIONS.replace("region: us-east, at", "region: us-est, at") })).toEqual([
      'multiRegion.outages[0].region: no region named "us-est" (did you mean "us-east"?)',
    ]);
    expect(problems({ database: DATABASE.replace("witnesses: [us-east-1a,", "witnesses: [us-east-1c,") })).toEqual([
      'services[1].database.failover.witnesses[0]: no zone named "us-east-1c" (did you mean "us-east-1a"?)',
    ]);
    expect(problems({ database: DATABASE.replace("zones: [us-east-1a] }", "zones: [eu-west-1a] }") })).toEqual([
      'services[1].database.writes.zones[0]: no zone named "eu-west-1a" (did you mean "us-west-2a"?)',
    ]);
  });

  it("rejects what the mechanisms cannot do, saying why", () => {
    expect(problems({ database: DATABASE.replace("syncReplicas: 2", "syncReplicas: 3") })).toEqual([
      "services[1].database.replication.syncReplicas: must be ≤ the replicas besides the primary (2), or no commit can complete; got 3",
    ]);
    expect(problems({ extra: "" })).toEqual([
      "services[1].database.failover.reconnect: dns needs a multiRegion section (its dns.ttl and dns.propagation); give a duration instead",
    ]);
    expect(problems({ database: DATABASE.replace("detector: { type: phi-accrual, threshold: 10 }", "detector: { type: timeout, timeout: 500ms }") })).toEqual([
      "services[1].database.failover.detector.timeout: must be longer than heartbeatInterval (1.00 s), or every replica is suspected between heartbeats; got 500 ms",
    ]);
    expect(problems({ extra: `${REGIONS}\nautoscaling: [{ group: db, min: 3, max: 6, target: { utilisation: 60% } }]` })).toEqual([
      'autoscaling[0].group: group "db" hosts the database "db" (services[1]), whose replicas are fixed for the run',
    ]);
    expect(problems({ extra: REGIONS.replace("deployment: active-passive", "deployment: active-active") })).toEqual([
      "multiRegion.failBack: only with deployment active-passive (active-active regions rejoin on their own)",
    ]);
  });

  it("checks an outage is either scheduled or a failure process", () => {
    expect(problems({ extra: REGIONS.replace("{ region: us-west, mttf: 30d, mttr: 4h }", "{ region: us-west, mttf: 30d }") })).toEqual([
      "multiRegion.outages[1].mttr: a failure process needs both mttf and mttr",
    ]);
    expect(problems({ extra: REGIONS.replace("{ region: us-west, mttf: 30d, mttr: 4h }", "{ region: us-west, at: 1m, mttf: 30d, mttr: 4h }") })).toEqual([
      "multiRegion.outages[1]: give at (and for) for a scheduled outage, or mttf and mttr for a failure process",
    ]);
  });

  it("rejects a service that is both a Raft replicated service and a database", () => {
    const both = `${DATABASE}\n    replicated: { writes: { rate: 10/s } }`;
    expect(problems({ database: both })).toEqual([
      "services[1].database: a service is either replicated (Raft, its own elections) or a database (primary/replica with an HA manager), not both",
    ]);
  });
});
