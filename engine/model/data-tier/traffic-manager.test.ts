import { describe, expect, it } from "vitest";
import { simulate } from "../../index";

/** Two regions of two web nodes each behind a traffic manager probing every 5 s (2 failures: down). */
function scenario(deployment: string, outages: string): string {
  return `
version: 1
name: regions
seed: 5
run: { duration: 4m, window: 5s }
topology:
  regions:
    - { name: east, zones: [east-a] }
    - { name: west, zones: [west-a] }
  groups:
    - { name: web-east, count: 2, cores: 2, zones: [east-a] }
    - { name: web-west, count: 2, cores: 2, zones: [west-a] }
services:
  - { name: web, groups: [web-east, web-west], serviceTime: 5ms }
workload:
  rate: { constant: 40/s }
  classes: [{ name: get, call: { service: web, timeout: 1s } }]
multiRegion:
  deployment: ${deployment}
  dns: { ttl: 20s, propagation: 10s }
  healthCheck: { interval: 5s, unhealthyThreshold: 2, healthyThreshold: 2 }
  outages:
${outages}
`;
}

/** Failed requests per second in the windows starting in [fromS, toS). */
function failedPerS(result: ReturnType<typeof simulate>, fromS: number, toS: number): number {
  const s = result.series;
  let sum = 0;
  let n = 0;
  s.startMs.forEach((t, i) => { if (t >= fromS * 1000 && t < toS * 1000) { sum += s.failedPerS[i]!; n++; } });
  return sum / n;
}

describe("traffic manager", () => {
  it("active-active: takes a dark region out of DNS after detection + TTL + propagation, and back in when healthy", () => {
    const result = simulate(scenario("active-active", "    - { region: east, at: 60s, for: 60s }"));
    const [down, up] = result.multiRegion!.events;
    expect([down!.kind, down!.region, down!.outageAtMs]).toEqual(["region-down", "east", 60_000]);
    // Two failed probes 5 s apart: detected 5-10 s after the outage (a probe at the very moment counts); DNS follows 30 s later.
    expect(down!.detectedAtMs - 60_000).toBeGreaterThanOrEqual(5_000);
    expect(down!.detectedAtMs - 60_000).toBeLessThanOrEqual(10_000);
    expect(down!.trafficMovedAtMs! - down!.detectedAtMs).toBe(30_000);
    expect(down!.requestsRtoMs).toBe(down!.trafficMovedAtMs! - 60_000);
    expect([up!.kind, up!.region]).toEqual(["region-up", "east"]);
    // Half the requests fail until DNS moves (about 20/s), none once it has.
    expect(failedPerS(result, 65, 95)).toBeGreaterThan(10);
    expect(failedPerS(result, down!.trafficMovedAtMs! / 1000 + 5, 120)).toBe(0);
    expect(result.multiRegion!.regions.map((r) => r.servingAtEnd)).toEqual([true, true]);
  });

  it("active-passive without fail back: stays in the standby region", () => {
    const result = simulate(scenario("active-passive", "    - { region: east, at: 60s, for: 60s }"));
    const events = result.multiRegion!.events;
    expect(events.map((e) => [e.kind, e.region, e.to])).toEqual([["failover", "east", "west"]]);
    expect(events[0]!.capacity).toMatchObject({ fromCores: 4, toCores: 4, shortfall: 0 });
    expect(failedPerS(result, events[0]!.trafficMovedAtMs! / 1000 + 5, 240)).toBe(0);
    expect(result.multiRegion!.regions.map((r) => r.servingAtEnd)).toEqual([false, true]);
  });

  it("injects a region failure process from its own random stream, the same for the same seed", () => {
    const text = scenario("active-active", "    - { region: west, mttf: 40s, mttr: 10s }");
    const a = simulate(text).multiRegion!.outages;
    const b = simulate(text).multiRegion!.outages;
    expect(a.length).toBeGreaterThan(1);
    expect(a).toEqual(b);
    for (const o of a) expect(o.region).toBe("west");
  });
});
