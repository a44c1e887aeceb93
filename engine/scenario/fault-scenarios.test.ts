/**
 * The fault scenarios of the library (scenarios/zone-outage-at-peak.yaml, retry-storm.yaml,
 * gray-failure.yaml, heartbeat-tuning.yaml) each produce their headline at reduced length.
 * Bounds are wide on purpose: they check the lesson each file teaches (which design fails,
 * which holds, which way a trade-off goes), not digits that a seed change would move.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { simulate, type Result } from "../index";

const DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../scenarios");
const load = (name: string) => readFileSync(path.join(DIR, name), "utf8");

/** Failed share of completed requests of class `name` in windows starting in [fromS, toS). */
function errorShare(result: Result, name: string, fromS: number, toS: number): number {
  const s = result.series;
  const c = s.classes.find((x) => x.name === name)!;
  let ok = 0;
  let failed = 0;
  s.startMs.forEach((t, i) => {
    if (t < fromS * 1000 || t >= toS * 1000) return;
    ok += c.succeededPerS[i]!;
    failed += c.failedPerS[i]!;
  });
  return failed / (ok + failed);
}

/** Start (s) of the first window at or after `fromS` from which class `name` has no failures in any later window. */
function recoveredAtS(result: Result, name: string, fromS: number): number {
  const s = result.series;
  const failed = s.classes.find((x) => x.name === name)!.failedPerS;
  let at = Infinity;
  for (let i = s.startMs.length - 1; i >= 0 && s.startMs[i]! >= fromS * 1000; i--) {
    if (failed[i]! > 0) break;
    at = s.startMs[i]! / 1000;
  }
  return at;
}

describe("scenario library: faults", () => {
  it("zone-outage-at-peak: two zones cannot carry the peak, N+1 zones can", () => {
    const text = load("zone-outage-at-peak.yaml");
    const lean = simulate(text, { overrides: ["run.duration=15m"] });
    // The app tier runs at ~83 % of three zones at the peak: ~124 % of two. About a fifth of
    // the requests fail while the zone is down (10:00-15:00), none before.
    expect(errorShare(lean, "browse", 120, 600)).toBe(0);
    const during = errorShare(lean, "browse", 610, 900);
    expect(during).toBeGreaterThan(0.1);
    expect(during).toBeLessThan(0.4);
    // Every app and web node of the lost zone was found by the health checks and the manager.
    const [incident] = lean.faults.incidents;
    expect([incident!.kind, incident!.subject, incident!.nodes]).toEqual(["crash", "zone us-east-1c", 6]);
    for (const o of incident!.observations) {
      expect(o.detected + o.missed).toBe(o.name === "web" ? 2 : o.name === "app" ? 4 : 6);
      expect(o.detectMsMax!).toBeLessThan(o.name === "manager" ? 3200 : 12_100); // 2 rounds of 5 s + 2 s timeout
    }
    // With 18 app nodes the two surviving zones carry the peak (~83 % busy).
    const sized = simulate(text, { overrides: ["run.duration=12m", "topology.groups.app.count=18"] });
    expect(errorShare(sized, "browse", 620, 720)).toBeLessThan(0.005);
  });

  it("retry-storm: naive retries never recover; a budget and a breaker do", () => {
    const result = simulate(load("retry-storm.yaml"), { overrides: ["run.duration=3m"] });
    // The slowdown ends at 1:20. Naive retries keep the database at ~240 % of its capacity.
    expect(errorShare(result, "naive", 120, 180)).toBeGreaterThan(0.95);
    expect(recoveredAtS(result, "naive", 80)).toBe(Infinity);
    // The budget caps the load at ~66 %: the backlog drains within about a minute.
    expect(recoveredAtS(result, "budget", 80)).toBeLessThanOrEqual(140);
    expect(errorShare(result, "budget", 140, 180)).toBe(0);
    // The breaker stops calling: the backlog drains while it is open.
    expect(recoveredAtS(result, "breaker", 80)).toBeLessThanOrEqual(100);
    expect(recoveredAtS(result, "breaker", 80)).toBeLessThan(recoveredAtS(result, "budget", 80));
    const naive = result.classes.find((c) => c.name === "naive")!;
    const budget = result.classes.find((c) => c.name === "budget")!;
    expect(naive.retries).toBeGreaterThan(5 * budget.retries);
    expect(result.timeline.some((e) => e.kind === "breaker-open")).toBe(true);
  });

  it("gray-failure: round-robin loses the slow node's share; least-outstanding and P2C avoid it", () => {
    const result = simulate(load("gray-failure.yaml"), { overrides: ["run.duration=3m"] });
    const success = (name: string) => result.classes.find((c) => c.name === name)!.successRate!;
    // Round-robin sends the slow node 1/6 of 300/s = 50/s; it serves 2 cores / 200 ms = 10/s.
    // Lost: about (50 - 10) / 300 = 13 % of the requests.
    expect(success("rr")).toBeGreaterThan(0.8);
    expect(success("rr")).toBeLessThan(0.92);
    expect(success("lor")).toBeGreaterThan(0.999);
    expect(success("p2c")).toBeGreaterThan(0.98);
    // The health checks never noticed: the slow node answers them.
    for (const check of result.faults.healthChecks) expect(check.suspicions).toBe(0);
  });

  it("heartbeat-tuning: shorter timeouts detect sooner and cry wolf more often", () => {
    const result = simulate(load("heartbeat-tuning.yaml"), { overrides: ["run.duration=35m"] });
    const d = new Map(result.faults.detectors.map((x) => [x.name, x]));
    const t = ["timeout-1500ms", "timeout-3s", "timeout-5s"].map((n) => d.get(n)!);
    const phi = ["phi-1", "phi-3", "phi-8", "phi-12"].map((n) => d.get(n)!);
    for (const group of [t, phi]) {
      for (let i = 1; i < group.length; i++) {
        expect(group[i]!.detectMs.mean!).toBeGreaterThan(group[i - 1]!.detectMs.mean!);
        expect(group[i]!.falseSuspicions).toBeLessThanOrEqual(group[i - 1]!.falseSuspicions);
      }
    }
    // A fixed timeout T detects in T - H/2 on average (H = 1 s heartbeats): 1 s, 2.5 s, 4.5 s.
    t.forEach((x, i) => expect(Math.abs(x.detectMs.mean! - [1000, 2500, 4500][i]!)).toBeLessThan(150));
    // The 5 s timeout is never fooled; the 1.5 s one is by every lost heartbeat on the lossy link.
    expect(t[2]!.falseSuspicions).toBe(0);
    expect(t[0]!.falseSuspicions).toBeGreaterThan(200);
    // Phi 8 adapts to the lossy link: as fast as the 1.5 s timeout, far fewer false alarms.
    expect(phi[2]!.detectMs.mean!).toBeLessThan(1.5 * t[0]!.detectMs.mean!);
    expect(phi[2]!.falseSuspicions).toBeLessThan(t[0]!.falseSuspicions / 4);
  });
});
