/**
 * Forks: a snapshot taken before a crash, restored with the crash moved to another zone, gives
 * the Result of the run that had that zone's crash from time 0, byte for byte (what lets the
 * planner share one pre-crash prefix between its zone-loss cases). Overrides a fork does not
 * allow are refused with errors naming them.
 */
import { describe, expect, it } from "vitest";
import { resultDigest } from "../simulate";
import { ModelRun } from "./run";
import { ForkError } from "./run-fork";
import { readFileSync } from "node:fs";
import { libraryRun as libraryRunFrom, type LibraryRunOptions } from "./test-support/library-runs";

const scenarios = new URL("../../scenarios/", import.meta.url);
const libraryRun = (file: string, options: LibraryRunOptions = {}) => libraryRunFrom((p) => readFileSync(new URL(p, scenarios), "utf8"), file, options);

const FILE = "black-friday.yaml";
const DURATION_MS = 50 * 60_000;
const CRASH_MS = 44 * 60_000;

function zoneCrash(zone: string) {
  return libraryRun(FILE, { durationMs: DURATION_MS, overrides: [{ path: "faults", value: [{ type: "crash", zone, at: `${CRASH_MS}ms` }] }] });
}

describe("forks", () => {
  it("a crash moved to another zone at restore equals the run that had it from the start", () => {
    const base = zoneCrash("us-east-1a");
    base.run.advance({ untilMs: CRASH_MS - 60_000 });
    const snapshot = JSON.parse(JSON.stringify(base.run.snapshot())) as unknown;
    for (const zone of ["us-east-1b", "us-east-1c"]) {
      const fromZero = zoneCrash(zone);
      const fork = ModelRun.restore(snapshot, { fork: { faults: fromZero.spec.faults.faults } });
      fork.advance();
      fromZero.run.advance();
      expect(resultDigest(fork.result())).toBe(resultDigest(fromZero.run.result()));
    }
    // The snapshot is not changed by a fork: restored as it is, it is the zone-a run.
    const again = ModelRun.restore(snapshot);
    again.advance();
    base.run.advance();
    expect(resultDigest(again.result())).toBe(resultDigest(base.run.result()));
  });

  it("refuses a fault that already started, one at another time, and other overrides", () => {
    const base = zoneCrash("us-east-1a");
    base.run.advance({ untilMs: CRASH_MS + 1 });
    const late = base.run.snapshot();
    const other = zoneCrash("us-east-1b").spec.faults.faults;
    expect(() => ModelRun.restore(late, { fork: { faults: other } })).toThrow(ForkError);
    expect(() => ModelRun.restore(late, { fork: { faults: other } })).toThrow(/fork\.faults\[0\] \(faults\[0\]\): no fault faults\[0\] is pending/);
    const early = zoneCrash("us-east-1a");
    early.run.advance({ untilMs: 60_000 });
    const moved = [{ ...other[0]!, atMs: CRASH_MS + 1000 }];
    expect(() => ModelRun.restore(early.run.snapshot(), { fork: { faults: moved } })).toThrow(/a fork keeps start times/);
    expect(() => ModelRun.restore(early.run.snapshot(), { fork: { count: 3 } as never })).toThrow("fork.count: not an override a fork allows (allowed: faults, addFaults)");
  });
});

describe("a fork that adds a crash", () => {
  it("equals the scenario with that crash appended, run from zero", () => {
    const crash = { type: "crash", group: "app", count: 2, at: `${CRASH_MS}ms` };
    const base = libraryRun(FILE, { durationMs: DURATION_MS });
    base.run.advance({ untilMs: CRASH_MS - 90_000 });
    const withCrash = libraryRun(FILE, { durationMs: DURATION_MS, overrides: [{ path: "faults", value: [crash] }] });
    const added = withCrash.spec.faults.faults;
    const fork = ModelRun.restore(JSON.parse(JSON.stringify(base.run.snapshot())), { fork: { addFaults: added } });
    fork.advance();
    withCrash.run.advance();
    expect(resultDigest(fork.result())).toBe(resultDigest(withCrash.run.result()));
    expect(() => ModelRun.restore(fork.snapshot(), { fork: { addFaults: added } })).toThrow(/fork\.addFaults\[0\] \(faults\[0\]\): starts at/);
  });
});
