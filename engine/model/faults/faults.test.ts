import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../../index";

/** A one-service cluster with the given groups, faults and run length, and light traffic. */
function scenario(options: { duration: string; warmup?: string; groups: string; faults: string; rate?: string; extra?: string }): string {
  return `
version: 1
name: faults-test
seed: 11
run: { duration: ${options.duration}, warmup: ${options.warmup ?? "0s"} }
topology:
  regions: [{ name: r, zones: [za, zb, zc] }]
  groups:
${options.groups}
services:
  - name: web
    groups: [web]
    serviceTime: 1ms
workload:
  rate: { constant: ${options.rate ?? "0/s"} }
  classes: [{ name: get, call: { service: web, timeout: 1s } }]
faults:
${options.faults}
${options.extra ?? ""}
`;
}

describe("crash and repair processes", () => {
  it("keep a group up MTTF / (MTTF + MTTR) of the time (exponential times)", () => {
    // 100 nodes, MTTF 10 min, MTTR 1 min: availability pi = 10/11. Each node is a two-state
    // Markov chain with rates lambda = 1/MTTF, mu = 1/MTTR; its transient from "all up" at
    // t = 0 decays as exp(-(lambda + mu) t), below 1e-5 after the 10-minute warm-up.
    // Sampling error: the time-average of a two-state chain over T has variance
    // 2 pi (1 - pi) / ((lambda + mu) T) (integrated autocovariance pi (1 - pi) / (lambda + mu));
    // N independent nodes divide it by N. With T = 100 h that is sd = 5.0e-4 over about
    // 54,500 failure cycles; the test allows 4 sd.
    const result = simulate(scenario({
      duration: "100h10m",
      warmup: "10m",
      groups: "    - { name: web, count: 100 }",
      faults: "  - { type: crash-repair, group: web, mttf: 10m, mttr: 1m }",
    }));
    const pi = 10 / 11;
    const lambdaPlusMuPerMin = 1 / 10 + 1;
    const sd = Math.sqrt((2 * pi * (1 - pi)) / (lambdaPlusMuPerMin * 100 * 60) / 100);
    expect(Math.abs(result.groups[0]!.upShare! - pi)).toBeLessThan(4 * sd);
    const cycles = result.faults.incidents.length + result.faults.incidentsOmitted;
    expect(cycles).toBeGreaterThan(50_000);
  });

  it("keep a group up MTTF / (MTTF + MTTR) of the time for any distributions (renewal-reward)", () => {
    // Gamma(shape 4) times to failure and uniform repair times: the long-run share up is still
    // E[TTF] / (E[TTF] + E[TTR]) = 10 / (10 + 1). Both are less variable than exponentials,
    // so the exponential case's error bound (sd 5.0e-4 here too) is conservative.
    const result = simulate(scenario({
      duration: "100h10m",
      warmup: "10m",
      groups: "    - { name: web, count: 100 }",
      faults: "  - { type: crash-repair, group: web, timeToFailure: { type: gamma, shape: 4, scale: 2.5m }, timeToRepair: { type: uniform, min: 30s, max: 90s } }",
    }));
    expect(Math.abs(result.groups[0]!.upShare! - 10 / 11)).toBeLessThan(4 * 5.0e-4);
  });

  it("take a node down for exactly `for`, and a zone or a fraction of a group at once", () => {
    const result = simulate(scenario({
      duration: "10m",
      groups: "    - { name: web, count: 6 }\n    - { name: app, count: 8 }",
      faults: [
        "  - { type: crash, node: web-1, at: 1m, for: 2m }",
        "  - { type: crash, zone: zb, at: 4m, for: 1m }",
        "  - { type: crash, group: app, fraction: 50%, at: 6m, for: 1m }",
      ].join("\n"),
    }));
    const byName = new Map(result.nodes.map((n) => [n.name, n]));
    expect(byName.get("web-1")!.upShare).toBeCloseTo(1 - 3 / 10, 12); // 2 min + 1 min in zone zb
    expect(byName.get("web-0")!.upShare).toBe(1);
    // Zone zb holds nodes 1, 4 of each group (round-robin over za, zb, zc).
    expect(byName.get("web-4")!.upShare).toBeCloseTo(0.9, 12);
    const [crash, zone, half] = result.faults.incidents;
    expect([crash!.subject, crash!.startMs, crash!.endMs, crash!.nodes]).toEqual(["node web-1", 60_000, 180_000, 1]);
    expect([zone!.subject, zone!.nodes]).toEqual(["zone zb", 5]); // web-1, web-4, app-1, app-4, app-7
    expect(half!.nodes).toBe(4);
    const appDown = result.nodes.filter((n) => n.group === "app" && n.upShare! < 1).length;
    expect(appDown).toBeGreaterThanOrEqual(4); // 4 from the fraction, plus those in zb (maybe the same)
    const kinds = result.timeline.map((e) => e.kind);
    expect(kinds.filter((k) => k === "crash")).toHaveLength(3);
    expect(kinds.filter((k) => k === "repair")).toHaveLength(3);
  });

  it("keep a node down while any overlapping crash holds it", () => {
    const result = simulate(scenario({
      duration: "10m",
      groups: "    - { name: web, count: 2 }",
      faults: "  - { type: crash, node: web-0, at: 1m, for: 3m }\n  - { type: crash, group: web, at: 2m, for: 4m }",
    }));
    // web-0 down from 1 min (first crash) to 6 min (end of the second): 5 of 10 minutes.
    expect(result.nodes[0]!.upShare).toBeCloseTo(0.5, 12);
    expect(result.nodes[1]!.upShare).toBeCloseTo(0.6, 12);
  });

  it("pick the same nodes for a fraction with the same seed, and lose in-flight work", () => {
    const text = scenario({
      duration: "2m",
      rate: "500/s",
      groups: "    - { name: web, count: 10, cores: 1 }",
      faults: "  - { type: crash, group: web, count: 3, at: 30s }",
    });
    const a = simulate(text);
    const b = simulate(text);
    expect(a.faults.incidents[0]!.subject).toBe(b.faults.incidents[0]!.subject);
    expect(a.faults.incidents[0]!.subject).toMatch(/^3 nodes of group web: web-\d, web-\d, web-\d$/);
    // Without health checks the balancer keeps sending 3/10 of the traffic to dead nodes.
    const lost = a.requests.failedByCause["node-down"] + a.requests.failedByCause.crashed;
    expect(lost / a.requests.offered).toBeGreaterThan(0.2 * 0.75);
    expect(lost / a.requests.offered).toBeLessThan(0.3 * 0.75 + 0.01);
  });
});

describe("gray failure", () => {
  it("slows one node's service by the factor while it still takes its share of traffic", () => {
    const result = simulate(scenario({
      duration: "5m",
      rate: "200/s",
      groups: "    - { name: web, count: 4, cores: 1 }",
      faults: "  - { type: slow, node: web-2, factor: 10, at: 0s }",
    }));
    // Round-robin gives each node 50/s; service 1 ms, or 10 ms on web-2: utilisation 5 % vs 50 %
    // (binomial sampling error on ~15,000 requests per node is far below the 10 % margin).
    const util = result.nodes.map((n) => n.utilisation!);
    expect(util[2]! / util[0]!).toBeGreaterThan(9);
    expect(util[2]! / util[0]!).toBeLessThan(11);
    expect(result.faults.incidents[0]!.kind).toBe("slow");
  });
});

describe("fault mechanisms and the rest of the model", () => {
  const threeTier = readFileSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../scenarios/three-tier.yaml"), "utf8");

  it("draw from their own streams: watching a healthy cluster changes no request's numbers", () => {
    const overrides = ["run.duration=5s", "run.warmup=0s"];
    const plain = simulate(threeTier, { overrides });
    const watched = simulate(threeTier, {
      overrides: [
        ...overrides,
        "detector={ detectors: [{ name: t, type: timeout, timeout: 3s }, { name: p, type: phi-accrual }] }",
        "services.web.balancer.healthCheck={ interval: 1s, timeout: 500ms }",
        "services.db.balancer.healthCheck={ interval: 2s, timeout: 1s }",
      ],
    });
    expect(JSON.stringify(watched.requests)).toBe(JSON.stringify(plain.requests));
    expect(JSON.stringify(watched.series)).toBe(JSON.stringify(plain.series));
    expect(watched.faults.detectors.map((d) => d.suspicions)).toEqual([0, 0]);
    expect(watched.faults.heartbeats!.sent).toBeGreaterThan(0);
  });

  it("never lose or duplicate a request, whatever faults overlap (seeded swarm)", () => {
    const kinds = [
      (r: () => number) => `{ type: crash, group: app, count: ${1 + Math.floor(r() * 4)}, at: ${Math.floor(r() * 20)}s, for: ${1 + Math.floor(r() * 15)}s }`,
      (r: () => number) => `{ type: crash, zone: us-east-1${"abc"[Math.floor(r() * 3)]}, at: ${Math.floor(r() * 20)}s, for: ${1 + Math.floor(r() * 10)}s }`,
      (r: () => number) => `{ type: slow, group: db, fraction: 50%, factor: ${2 + Math.floor(r() * 20)}, at: ${Math.floor(r() * 20)}s, for: 10s }`,
      (r: () => number) => `{ type: partition, zones: [[us-east-1a], [us-east-1b]], at: ${Math.floor(r() * 20)}s, for: ${1 + Math.floor(r() * 10)}s }`,
      (r: () => number) => `{ type: partition, isolate: [db-${Math.floor(r() * 6)}], oneWay: ${r() < 0.5}, at: ${Math.floor(r() * 20)}s, for: 5s }`,
      (r: () => number) => `{ type: link, between: [us-east-1a, us-east-1c], latency: ${Math.floor(r() * 300)}ms, loss: ${Math.floor(r() * 30)}%, at: ${Math.floor(r() * 20)}s, for: 8s }`,
      (r: () => number) => `{ type: dependency, service: db, mode: ${["unavailable", "timeout", "slow"][Math.floor(r() * 3)]}, at: ${Math.floor(r() * 20)}s, for: 4s }`.replace("mode: slow, ", "mode: slow, factor: 8, "),
      (_r: () => number) => "{ type: crash-repair, group: web, mttf: 20s, mttr: 3s }",
    ];
    for (const seed of [1, 2, 3, 4]) {
      let state = seed;
      const r = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const faults = Array.from({ length: 4 }, () => kinds[Math.floor(r() * kinds.length)]!(r));
      const result = simulate(threeTier, {
        seed,
        overrides: [
          "run.duration=20s", "run.warmup=0s", "workload.rate.constant=200/s",
          `faults=[${faults.join(", ")}]`,
          "services.app.balancer.healthCheck={ interval: 2s, timeout: 1s }",
          "detector={ detectors: [{ name: t, type: timeout, timeout: 2s }], evict: t }",
        ],
      });
      const q = result.requests;
      const context = `seed ${seed}: ${faults.join("; ")}`;
      expect(q.completed + q.inFlightAtEnd, context).toBe(q.offered);
      expect(q.succeeded + q.failed, context).toBe(q.completed);
      for (const d of [...result.faults.detectors, ...result.faults.healthChecks]) {
        expect(d.detections + d.falseSuspicions, context).toBe(d.suspicions);
      }
    }
  });
});
