import { describe, expect, it } from "vitest";
import { simulate, type Result } from "../../index";

/**
 * A web tier in zone za calling a db tier in zone zb, 100 requests/s, a cluster manager in
 * za watching every node with a 3 s timeout detector and a phi detector. `faults` is
 * spliced in; with none, nothing ever goes wrong.
 */
function twoZones(faults: string, extra = ""): string {
  return `
version: 1
name: network-faults
seed: 9
run: { duration: 3m, window: 5s }
topology:
  regions: [{ name: r, zones: [za, zb] }]
  groups:
    - { name: web, count: 2, cores: 4, zones: [za] }
    - { name: db, count: 3, cores: 4, zones: [zb] }
services:
  - { name: web, groups: [web], serviceTime: 1ms }
  - { name: db, groups: [db], serviceTime: 2ms }
network: { sameZone: 0.2ms, crossZone: 1ms }
workload:
  rate: { constant: 100/s }
  classes:
    - name: get
      call: { service: web, timeout: 2s, calls: [{ service: db, timeout: 500ms }] }
detector:
  managerZone: za
  detectors:
    - { name: t3, type: timeout, timeout: 3s }
    - { name: phi8, type: phi-accrual, threshold: 8 }
faults: ${faults}
${extra}
`;
}

/** Requests failed per second in the windows starting in [fromS, toS). */
function failedPerS(result: Result, fromS: number, toS: number): number[] {
  const s = result.series;
  return s.startMs.flatMap((t, i) => (t >= fromS * 1000 && t < toS * 1000 ? [s.failedPerS[i]!] : []));
}

describe("network partitions", () => {
  it("fail the calls that cross them, and traffic returns when they heal", () => {
    const result = simulate(twoZones("[{ type: partition, zones: [[za], [zb]], at: 60s, for: 30s }]"));
    expect(failedPerS(result, 0, 60).every((f) => f === 0)).toBe(true);
    // Every request that arrives during the 30 s partition fails (its db call times out):
    // Poisson(100/s x 30 s) = 3000 +- 55; the test allows 4 sd.
    expect(Math.abs(result.requests.failed - 3000)).toBeLessThan(4 * Math.sqrt(3000));
    expect(failedPerS(result, 95, 180).every((f) => f === 0)).toBe(true);
    const incident = result.faults.incidents[0]!;
    expect([incident.kind, incident.subject, incident.startMs, incident.endMs]).toEqual(["partition", "za | zb", 60_000, 90_000]);
    expect(result.timeline.map((e) => e.kind)).toContain("heal");
  });

  it("make the detectors falsely suspect every node cut off from the manager, and only then", () => {
    const calm = simulate(twoZones("[]"));
    for (const d of calm.faults.detectors) expect([d.name, d.suspicions]).toEqual([d.name, 0]);
    const cut = simulate(twoZones("[{ type: partition, zones: [[za], [zb]], at: 60s, for: 30s }]"));
    for (const d of cut.faults.detectors) {
      expect(d.falseSuspicions).toBe(3); // db-0, db-1, db-2 live in zb; the manager in za
      expect(d.falseSuspicionsUnexplained).toBe(0);
      expect(d.detections).toBe(0);
      // Trusted again at the first heartbeat after the heal: within one interval.
      expect(d.recoverMs.count).toBe(3);
      expect(d.recoverMs.max!).toBeLessThanOrEqual(1000 + 1);
    }
    const observation = cut.faults.incidents[0]!.observations;
    expect(observation.map((o) => [o.name, o.falseSuspicions])).toEqual([["t3", 3], ["phi8", 3]]);
    // The timeout detector needs about 3 s of silence; phi (sd floor 100 ms) about 1.56 s.
    const firstFalse = (name: string) => cut.timeline.find((e) => e.kind === "false-suspicion" && e.detail.startsWith(name))!.atMs;
    expect(firstFalse("t3") - 60_000).toBeGreaterThan(2000);
    expect(firstFalse("t3") - 60_000).toBeLessThanOrEqual(3100);
    expect(firstFalse("phi8") - 60_000).toBeLessThan(firstFalse("t3") - 60_000);
  });

  it("one way lose only the messages from the first side: requests arrive, answers do not", () => {
    const result = simulate(twoZones("[{ type: partition, zones: [[zb], [za]], oneWay: true, at: 60s, for: 30s }]"));
    // db nodes still serve (requests reach them) but their answers and heartbeats are lost.
    expect(Math.abs(result.requests.failed - 3000)).toBeLessThan(4 * Math.sqrt(3000));
    expect(result.faults.detectors[0]!.falseSuspicions).toBe(3);
    const db = result.nodes.filter((n) => n.group === "db").reduce((sum, n) => sum + n.served, 0);
    expect(db).toBeGreaterThan(100 * 170); // about every request of the run reached a db node
  });

  it("isolate single nodes: calls to them time out and the detectors suspect only them", () => {
    const result = simulate(twoZones("[{ type: partition, isolate: [db-1], at: 60s, for: 30s }]"));
    // Round-robin sends a third of the db calls to db-1.
    const during = failedPerS(result, 65, 90);
    expect(during.every((f) => f > 20 && f < 47)).toBe(true);
    expect(failedPerS(result, 95, 180).every((f) => f === 0)).toBe(true);
    expect(result.faults.detectors.map((d) => d.falseSuspicions)).toEqual([1, 1]);
    expect(result.timeline.filter((e) => e.kind === "false-suspicion").every((e) => e.subject === "db-1")).toBe(true);
  });
});

describe("pauses", () => {
  it("get a live node declared dead when they outlast the detector's patience, and only then", () => {
    // A 10 s stall of db-1: both detectors give up on it (a false suspicion: it lost nothing).
    const long = simulate(twoZones("[{ type: pause, node: db-1, at: 60s, for: 10s }]"));
    expect(long.faults.detectors.map((d) => [d.falseSuspicions, d.detections])).toEqual([[1, 0], [1, 0]]);
    const incident = long.faults.incidents[0]!;
    expect([incident.kind, incident.subject]).toEqual(["pause", "node db-1"]);
    expect(incident.observations.map((o) => o.falseSuspicions)).toEqual([1, 1]);
    expect(long.timeline.map((e) => e.kind)).toContain("resume");
    // A 1 s stall swallows exactly one heartbeat: a 2 s gap, under the 3 s timeout but over
    // phi 8's learnt margin (mean 1 s + 5.6 x the 100 ms sd floor = 1.56 s).
    const short = simulate(twoZones("[{ type: pause, node: db-1, at: 60s, for: 1s }]"));
    expect(short.faults.detectors.map((d) => d.falseSuspicions)).toEqual([0, 1]);
  });
});

describe("link faults", () => {
  it("add latency to the calls that cross the link while they last", () => {
    const result = simulate(twoZones("[{ type: link, between: [za, zb], latency: 50ms, at: 60s, for: 60s }]"));
    const p50 = result.series.latencyP50Ms;
    const at = (s: number) => p50[result.series.startMs.indexOf(s * 1000)]!;
    // The db call crosses the link twice: about +100 ms.
    expect(at(80) - at(30)).toBeGreaterThan(95);
    expect(at(80) - at(30)).toBeLessThan(105);
    expect(Math.abs(at(150) - at(30))).toBeLessThan(1);
    expect(result.faults.detectors.map((d) => d.falseSuspicions)).toEqual([0, 0]);
  });

  it("lose the configured share of messages on the link", () => {
    // 20 % loss each way: a request fails when its db call or its answer is lost:
    // 1 - 0.8^2 = 36 % of requests (binomial sd over ~6,000 requests: 0.6 %).
    const result = simulate(twoZones("[{ type: link, between: [za, zb], loss: 20%, at: 60s, for: 60s }]"));
    const failed = failedPerS(result, 60, 120).reduce((a, b) => a + b, 0) * 5;
    const offered = 100 * 60;
    expect(Math.abs(failed / offered - 0.36)).toBeLessThan(0.025);
  });
});

describe("dependency failures", () => {
  it("fail calls at once when unavailable, time them out when hanging, and slow them when slow", () => {
    const unavailable = simulate(twoZones("[{ type: dependency, service: db, mode: unavailable, at: 60s, for: 30s }]"));
    // Each loses the requests of 30 s: Poisson(3000), sd 55; the test allows 4 sd.
    expect(Math.abs(unavailable.requests.failedByCause.unavailable - 3000)).toBeLessThan(4 * Math.sqrt(3000));
    expect(unavailable.requests.failedByCause.timeout).toBe(0);
    const hanging = simulate(twoZones("[{ type: dependency, service: db, mode: timeout, at: 60s, for: 30s }]"));
    expect(Math.abs(hanging.requests.failedByCause.timeout - 3000)).toBeLessThan(4 * Math.sqrt(3000));
    const slow = simulate(twoZones("[{ type: dependency, service: db, mode: slow, factor: 50, at: 60s, for: 30s }]"));
    expect(slow.requests.failed).toBe(0);
    expect(slow.services[1]!.latencyMs.max!).toBeGreaterThan(100);
    expect(slow.faults.incidents[0]!.subject).toBe("service db");
  });
});
