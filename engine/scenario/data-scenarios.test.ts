/**
 * The data-tier scenarios of the library (scenarios/db-failover.yaml, region-dr-drill.yaml)
 * produce their headlines at reduced length and rates. Bounds check the lesson each file
 * teaches (which mode loses writes, what the RTO is made of), not digits a seed would move.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../index";
import type { FailoverReport } from "../result/data-tier-result";

const DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../scenarios");
const load = (name: string) => readFileSync(path.join(DIR, name), "utf8");

/** The failover's phases added up in the report's order, ms: every listed phase, so they sum to the RTO exactly. */
const phases = (f: FailoverReport) => f.detectionMs! + f.fencingMs! + f.promotionMs! + f.reconnectMs! + f.firstWriteMs!;

describe("scenario library: data tier", () => {
  it("db-failover: sync loses nothing and pays a round trip per write; semi-sync loses less than async", () => {
    const writes = 120;
    const overrides = ["run.duration=140s", "run.warmup=30s"];
    for (const name of ["orders-sync", "orders-semi", "orders-async"]) {
      overrides.push(`services.${name}.database.writes.rate=${writes}/s`, `services.${name}.database.reads.rate=40/s`);
    }
    const result = simulate(load("db-failover.yaml"), { overrides });
    const [sync, semi, async] = result.databases;
    for (const d of [sync!, semi!, async!]) {
      const f = d.failovers[0]!;
      expect([d.service, f.kind, f.from, f.splitBrainWrites]).toEqual([d.service, "failover", `db-${d.service.slice(7)}-0`, 0]);
      // RTO = the phases, from the injected partition at 2:00 (not the last heartbeat before it):
      // detection (a 3 s timeout from the last heartbeat, sent up to 0.5 s before the cut, checked
      // every 0.25 s: 2.5-3.25 s after the cut), fencing 3 s, promotion 2 s, reconnection 2 s, and the first write: one client round trip.
      expect([f.failedAtMs, f.failedSince]).toEqual([120_000, "fault"]);
      expect(f.detectionMs!).toBeGreaterThanOrEqual(2500);
      expect(f.detectionMs!).toBeLessThanOrEqual(3250);
      expect([f.fencingMs, f.promotionMs, f.reconnectMs]).toEqual([3000, 2000, 2000]);
      expect(f.firstWriteMs!).toBeGreaterThan(0);
      expect(f.firstWriteMs!).toBeLessThan(20);
      expect(phases(f)).toBe(f.rtoMs!);
      expect(f.rtoMs!).toBeCloseTo(f.firstAckMs! - 120_000, 6);
    }
    expect(sync!.failovers[0]!.rpoWrites).toBe(0);
    expect(sync!.writesLost).toBe(0);
    // Async: the cut-off primary acknowledged its own zone's third of the writes until fenced.
    const f = async!.failovers[0]!;
    const expected = (writes / 3) * ((f.fencedAtMs! - 120_000) / 1000);
    expect(f.rpoWrites).toBeGreaterThan(0.7 * expected);
    expect(f.rpoWrites).toBeLessThan(1.3 * expected);
    // Semi-sync: the first 3 s (its timeout) its clients timed out instead; then it was async.
    expect(semi!.semiSyncFallbacks).toBe(1);
    expect(semi!.failovers[0]!.rpoWrites).toBeGreaterThan(0);
    expect(semi!.failovers[0]!.rpoWrites).toBeLessThan(0.8 * f.rpoWrites);
    // The price of RPO 0: a cross-zone round trip on every write.
    expect(sync!.writes.latencyMs.p50! - async!.writes.latencyMs.p50!).toBeGreaterThan(0.8);
  });

  it("region-dr-drill: RTO is detection + fencing + promotion + DNS delay within one metrics window; fail back loses nothing", () => {
    const overrides = [
      "run.duration=10m", "run.warmup=1m",
      "workload.rate.constant=60/s",
      "services.orders-db.database.writes.rate=50/s", "services.orders-db.database.reads.rate=20/s",
      "multiRegion.outages[0].at=2m", "multiRegion.outages[0].for=3m", "multiRegion.failBack.after=1m",
    ];
    const result = simulate(load("region-dr-drill.yaml"), { overrides });
    const regions = result.multiRegion!;
    const [failover, failBack] = regions.events;
    expect([failover!.kind, failover!.region, failover!.to, failover!.outageAtMs]).toEqual(["failover", "us-east", "us-west", 120_000]);
    const db = failover!.databases[0]!;
    expect([db.kind, db.from, db.to]).toEqual(["failover", "db-east-0", "db-west-0"]);
    // Detection: 5 s without a heartbeat (sent every 1 s), checked every 0.5 s, from the outage.
    expect(db.detectionMs!).toBeGreaterThanOrEqual(4000);
    expect(db.detectionMs!).toBeLessThanOrEqual(5500);
    expect([db.fencingMs, db.promotionMs, db.reconnectMs]).toEqual([10_000, 5_000, regions.dnsDelayMs]);
    expect([db.failedAtMs, db.failedSince]).toEqual([120_000, "region-outage"]);
    expect(phases(db)).toBe(db.rtoMs!);
    expect(failover!.rtoMs!).toBeGreaterThanOrEqual(db.rtoMs!);
    // Requests: three failed 10 s probes, then the DNS delay.
    expect(failover!.requestsRtoMs!).toBeGreaterThanOrEqual(20_000 + regions.dnsDelayMs);
    expect(failover!.requestsRtoMs!).toBeLessThanOrEqual(30_000 + regions.dnsDelayMs);
    // RPO: what was on its way to us-west (35 ms at 50/s: a few writes at most).
    expect(failover!.rpoWrites).toBeLessThanOrEqual(10);
    expect(failover!.capacity).toMatchObject({ fromCores: 16, toCores: 8, shortfall: 0.5 });
    // Fail back: planned, so nothing is lost and writes pause for seconds, not minutes.
    expect([failBack!.kind, failBack!.to, failBack!.rpoWrites]).toEqual(["fail-back", "us-east", 0]);
    const switchover = failBack!.databases[0]!;
    expect([switchover.kind, switchover.to]).toEqual(["switchover", "db-east-0"]);
    expect(switchover.rtoMs!).toBeLessThan(10_000);
    // A switchover's phases sum to its RTO too: no detection or fencing, then promotion, reconnection, first write.
    expect([switchover.detectionMs, switchover.fencingMs]).toEqual([0, 0]);
    expect(switchover.failedSince).toBe("switchover");
    expect(phases(switchover)).toBe(switchover.rtoMs!);
    expect(switchover.rtoMs!).toBeCloseTo(switchover.firstAckMs! - switchover.failedAtMs, 6);
    for (const phase of [switchover.promotionMs, switchover.reconnectMs, switchover.firstWriteMs]) expect(phase!).toBeGreaterThanOrEqual(0);
    expect(regions.regions.map((r) => r.servingAtEnd)).toEqual([true, false, false]);
  });
});
