import { describe, expect, it } from "vitest";
import { simulate, type Result } from "../../index";

/**
 * Four nodes behind a round-robin balancer: three steady ones (group web) and one that
 * fails again and again (group flaky). Times to failure are uniform in [30 s, 60 s] after each
 * repair, so every crash finds the node healthy and in rotation, at a phase uniform with
 * respect to the probe rounds and heartbeats; repairs take 10 s. Service takes 1 ms on an
 * idle core and the network is instant, so a request is lost exactly when the balancer sends
 * it to the dead node.
 */
function flakyCluster(options: { rate: number; duration: string; balancer: string; extra?: string }): string {
  return `
version: 1
name: lost-per-crash
seed: 5
run: { duration: ${options.duration} }
topology:
  groups:
    - { name: web, count: 3, cores: 8 }
    - { name: flaky, count: 1, cores: 8 }
services:
  - name: web
    groups: [web, flaky]
    balancer: ${options.balancer}
    serviceTime: 1ms
workload:
  rate: { constant: ${options.rate}/s }
  classes: [{ name: get, call: { service: web, timeout: 1s } }]
faults:
  - { type: crash-repair, group: flaky, timeToFailure: { type: uniform, min: 30s, max: 60s }, timeToRepair: 10s }
${options.extra ?? ""}
`;
}

/** Crashes of the flaky node completed in the run. */
function crashes(result: Result): number {
  return result.faults.incidents.filter((i) => i.kind === "crash" && i.endMs !== null).length;
}

describe("requests lost per crash before the node is taken out of rotation", () => {
  it("match rate x traffic share x health-check detection time", () => {
    // Probes every I = 2 s with timeout T = 1 s, unhealthy after k = 2 failures. A crash lands
    // uniformly within a round: the first failing probe goes out U(0, I) later, the k-th one
    // (k - 1) I after that, and is declared failed at its timeout:
    //   D = U(0, I) + (k - 1) I + T,  E[D] = I/2 + (k - 1) I + T = 4 s,  Var[D] = I^2 / 12.
    // Round-robin sends share 1/N = 1/4 of the lambda = 200/s requests to the node, so
    //   E[lost] = (lambda / N) E[D] = 200 per crash
    // (requests in service at the crash add lambda/N x 1 ms = 0.05). Given D, arrivals are
    // Poisson, so Var[lost] <= (lambda/N) E[D] + (lambda/N)^2 Var[D] = 200 + 833 = 1033
    // (round-robin only lowers the first term). Over K crashes the mean has sd
    // sqrt(1033 / K); the test allows 4 sd.
    const result = simulate(flakyCluster({
      rate: 200,
      duration: "50m",
      balancer: "{ policy: round-robin, healthCheck: { interval: 2s, timeout: 1s, unhealthyThreshold: 2, healthyThreshold: 2 } }",
    }));
    const k = crashes(result);
    expect(k).toBeGreaterThan(45);
    const lostPerCrash = lostToCrashes(result) / k;
    const expected = (200 / 4) * 4;
    expect(Math.abs(lostPerCrash - expected)).toBeLessThan(4 * Math.sqrt(1033 / k));
    // The health check saw every crash, with the same mean delay.
    const check = result.faults.healthChecks[0]!;
    expect(check.detections).toBe(k + (result.faults.incidents.at(-1)!.endMs === null ? 1 : 0));
    expect(check.falseSuspicions).toBe(0);
    expect(Math.abs(check.detectMs.mean! - 4000)).toBeLessThan(4 * Math.sqrt(2000 ** 2 / 12 / k));
  });

  it("match rate x traffic share x failure-detector time when the detector evicts", () => {
    // Heartbeats every H = 1 s, timeout T = 3 s, checked every C = 100 ms. The last heartbeat
    // before the crash was sent U(0, H) earlier and arrives at once (no network delay); the
    // manager notices at the first check after last + T, a further U(0, C) on average C/2:
    //   E[D] = T - H/2 + C/2 = 2.55 s,  Var[D] = H^2/12 + C^2/12.
    // E[lost] = (lambda / N) E[D] = 50 x 2.55 = 127.5 per crash;
    // Var[lost] <= 127.5 + 50^2 (1/12 + 0.01/12) = 338.
    const result = simulate(flakyCluster({
      rate: 200,
      duration: "50m",
      balancer: "{ policy: round-robin }",
      extra: "detector: { heartbeatInterval: 1s, checkInterval: 100ms, detectors: [{ name: t3, type: timeout, timeout: 3s }], evict: t3 }",
    }));
    const k = crashes(result);
    const lostPerCrash = lostToCrashes(result) / k;
    expect(Math.abs(lostPerCrash - 127.5)).toBeLessThan(4 * Math.sqrt(338 / k));
    const detector = result.faults.detectors[0]!;
    expect(detector.falseSuspicions).toBe(0);
    expect(detector.missed).toBe(0);
    expect(Math.abs(detector.detectMs.mean! - 2550)).toBeLessThan(4 * Math.sqrt((1000 ** 2 + 100 ** 2) / 12 / k));
    // Recovery: a repaired node announces itself with a heartbeat at once (no network delay
    // here), so the detector trusts it again immediately, not up to one interval later.
    expect(detector.recoverMs.count).toBeGreaterThanOrEqual(k - 1);
    expect(detector.recoverMs.max!).toBe(0);
  });

  it("are all requests sent to the node while it is down when nothing checks health", () => {
    const result = simulate(flakyCluster({ rate: 200, duration: "10m", balancer: "{ policy: round-robin }" }));
    // Down about 10 s of every 55 s: a quarter of the traffic in those windows is lost.
    const downShare = 1 - result.nodes.find((n) => n.group === "flaky")!.upShare!;
    const lostShare = lostToCrashes(result) / result.requests.offered;
    expect(Math.abs(lostShare - downShare / 4)).toBeLessThan(0.005);
  });
});

describe("balancer health checks", () => {
  it("pass a slow node (gray failure) and fail a crashed one, then bring it back", () => {
    const result = simulate(`
version: 1
name: gray
seed: 2
run: { duration: 3m }
topology:
  groups: [{ name: web, count: 3, cores: 4 }]
services:
  - name: web
    groups: [web]
    balancer: { healthCheck: { interval: 5s, timeout: 2s, unhealthyThreshold: 2, healthyThreshold: 3 } }
    serviceTime: 2ms
workload:
  rate: { constant: 100/s }
  classes: [{ name: get, call: { service: web, timeout: 1s } }]
faults:
  - { type: slow, node: web-0, factor: 20, at: 10s }
  - { type: crash, node: web-1, at: 60s, for: 30s }
`);
    const check = result.faults.healthChecks[0]!;
    expect(check.suspicions).toBe(1);
    expect(check.detections).toBe(1);
    expect(check.falseSuspicions).toBe(0);
    // Detection within 1 to 2 rounds plus the timeout; back after 3 good probes.
    expect(check.detectMs.mean!).toBeGreaterThanOrEqual(5000 + 2000);
    expect(check.detectMs.mean!).toBeLessThanOrEqual(10_000 + 2000);
    expect(check.recoverMs.mean!).toBeGreaterThanOrEqual(2 * 5000);
    expect(check.recoverMs.mean!).toBeLessThanOrEqual(3 * 5000);
    const kinds = result.timeline.filter((e) => e.subject === "web-1").map((e) => e.kind);
    expect(kinds).toEqual(["detected", "trusted"]);
    // 3 nodes, a round every 5 s for 180 s: 36 rounds of 3 probes; 30 s down = 6 failed rounds
    // (plus or minus one, by phase).
    expect(check.probes).toBe(36 * 3);
    expect(check.probesFailed).toBeGreaterThanOrEqual(5);
    expect(check.probesFailed).toBeLessThanOrEqual(7);
  });
});

/** Requests lost to crashes: sent to a node that was down, or on it when it crashed. */
function lostToCrashes(result: { requests: { failedByCause: { "node-down": number; crashed: number } } }): number {
  return result.requests.failedByCause["node-down"] + result.requests.failedByCause.crashed;
}
