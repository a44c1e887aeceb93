/**
 * Snapshots restore runs byte for byte: for every library scenario (shortened), a run snapshotted at
 * some moment, sent through JSON text and restored, finishes with the same Result digest as the
 * run that never stopped; so does the original after the snapshot (saving reads only). Random
 * moments come from fast-check. A snapshot of another version, or malformed, is refused.
 */
import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { resultDigest } from "../simulate";
import type { Simulation } from "../core/simulation";
import { ModelRun } from "./run";
import { SnapshotError } from "./run-snapshot";
import { readFileSync } from "node:fs";
import { libraryRun as libraryRunFrom, type LibraryRunOptions } from "./test-support/library-runs";

const scenarios = new URL("../../scenarios/", import.meta.url);
const libraryRun = (file: string, options: LibraryRunOptions = {}) => libraryRunFrom((p) => readFileSync(new URL(p, scenarios), "utf8"), file, options);

/** Scenario, shortened length, and a moment to snapshot at (ms). */
const CASES: ReadonlyArray<[string, number, number]> = [
  ["black-friday.yaml", 46 * 60_000, 43 * 60_000], // in the ramp: autoscaler booting nodes, app saturated
  ["black-friday-24h.yaml", 14 * 60_000, 12 * 60_000],
  ["cache-stampede.yaml", 2 * 60_000, 70_000],
  ["cdn-launch.yaml", 4 * 60_000, 3.5 * 60_000],
  ["db-failover.yaml", 8 * 60_000, 2.5 * 60_000], // mid-partition: a failover under way, writes in flight
  ["gray-failure.yaml", 6 * 60_000, 3 * 60_000],
  ["heartbeat-tuning.yaml", 10 * 60_000, 4 * 60_000],
  ["hpc-batch.yaml", 60 * 60_000, 20 * 60_000],
  ["network-partition.yaml", 4 * 60_000, 2.2 * 60_000], // replicated: elections, messages and writes in flight
  ["region-dr-drill.yaml", 12 * 60_000, 5.5 * 60_000], // the region is out: DNS and database failover pending
  ["replay-last-black-friday.yaml", 14 * 60_000, 12 * 60_000],
  ["retry-storm.yaml", 6 * 60_000, 3 * 60_000],
  ["rolling-update.yaml", 8 * 60_000, 3 * 60_000],
  ["three-tier.yaml", 80_000, 70_000],
  ["zone-outage-at-peak.yaml", 16 * 60_000, 12 * 60_000], // mid-outage: the crash's end is pending
];


function digestFromZero(file: string, durationMs: number): string {
  const { run } = libraryRun(file, { durationMs });
  run.advance();
  return resultDigest(run.result());
}

/** Runs to `atMs`, snapshots through JSON text, restores; returns both continuations' digests. */
function digestsThroughSnapshot(file: string, durationMs: number, atMs: number): { restored: string; original: string } {
  const { run } = libraryRun(file, { durationMs });
  run.advance({ untilMs: atMs });
  const text = JSON.stringify(run.snapshot());
  const restored = ModelRun.restore(JSON.parse(text));
  restored.advance();
  run.advance();
  return { restored: resultDigest(restored.result()), original: resultDigest(run.result()) };
}

/** Each case's digest from zero, taken before this file restores anything (see the last describe). */
const fromZeroFirst = new Map<string, string>();

describe("a restored run continues byte-identically", () => {
  beforeAll(() => {
    for (const [file, durationMs] of CASES) fromZeroFirst.set(file, digestFromZero(file, durationMs));
  }, 120_000);
  for (const [file, durationMs, atMs] of CASES) {
    it(`${file} (${durationMs / 60_000} min, snapshot at ${atMs / 60_000} min)`, () => {
      const expected = fromZeroFirst.get(file)!;
      const { restored, original } = digestsThroughSnapshot(file, durationMs, atMs);
      expect(original).toBe(expected);
      expect(restored).toBe(expected);
    });
  }
});

describe("snapshots at random moments", () => {
  const files = ["heartbeat-tuning.yaml", "hpc-batch.yaml", "gray-failure.yaml", "rolling-update.yaml", "network-partition.yaml", "db-failover.yaml"];
  const durationMs = 6 * 60_000;
  const expected = new Map<string, string>();
  test.prop([fc.constantFrom(...files), fc.double({ min: 0, max: durationMs, noNaN: true })], { numRuns: 8 })(
    "continue byte-identically",
    (file, atMs) => {
      if (!expected.has(file)) expected.set(file, digestFromZero(file, durationMs));
      expect(digestsThroughSnapshot(file, durationMs, atMs).restored).toBe(expected.get(file));
    },
  );
});

describe("restoring leaves later runs as they were", () => {
  // The codec restores onto a fresh run's objects in place, so a fresh run's field that points at
  // a module's object (a shared default, a constant plan) would carry the snapshot's state into
  // every later run in the process; the hybrid engine's first window plan once did. After every
  // restore above, each case run from zero again must give its first digest.
  it("every case from zero after the restores", () => {
    for (const [file, durationMs] of CASES) expect(digestFromZero(file, durationMs), file).toBe(fromZeroFirst.get(file));
  }, 120_000);
});

describe("snapshot errors", () => {
  it("saving names a closure in the event queue, which cannot be saved", () => {
    const { run } = libraryRun("three-tier.yaml", { durationMs: 80_000 });
    run.advance({ untilMs: 65_000 });
    (run as unknown as { model: { sim: Simulation } }).model.sim.callAt(70_000, () => undefined);
    expect(() => run.snapshot()).toThrow(/snapshot: cannot save the function at root\.run\.model\.sim\.queue\.slotRef\[\d+\]/);
  });

  it("refuses another version, another engine, and what is not a snapshot", () => {
    const { run } = libraryRun("hpc-batch.yaml", { durationMs: 10 * 60_000 });
    run.advance({ untilMs: 60_000 });
    const snapshot = run.snapshot();
    expect(() => ModelRun.restore({ ...snapshot, version: 99 })).toThrow(SnapshotError);
    expect(() => ModelRun.restore({ ...snapshot, version: 99 })).toThrow("snapshot version 99 is not supported: this engine reads version 4");
    expect(() => ModelRun.restore(snapshot, { engineVersion: "9.9.9" })).toThrow(`snapshot was taken by engine ${snapshot.engineVersion}; this is engine 9.9.9`);
    expect(() => ModelRun.restore({ hello: 1 })).toThrow("not a clustersim run snapshot");
    expect(() => ModelRun.restore({ ...snapshot, atMs: "x" })).toThrow("snapshot.atMs: must be a finite number");
  });
});
