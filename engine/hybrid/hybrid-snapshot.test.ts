/**
 * Hybrid runs snapshot and fork like exact ones (engine/model/run-snapshot.ts, run-fork.ts): a
 * hybrid run saved at any moment (mid-sample, mid-pause, in a discrete window), sent through
 * JSON text and resumed finishes with the Result of the run that never stopped, byte for byte;
 * so does a fork that moves the pending outage to another zone (the planner's zone-loss cases)
 * or adds a fault after the window under way. A fork whose fault the hybrid engine should have
 * planned around in the window it already planned is refused, naming why. A hybrid run that
 * fell back to exact (a closed loop) snapshots as an exact one does.
 *
 * The run: black-friday-24h's night (30 minutes at ~500 requests/s, warm-up 2 minutes), its
 * zone outage moved to 18m for 4m, as in hybrid-accuracy.test.ts: most windows fluid, many
 * reusing a sample.
 */
import { readFileSync } from "node:fs";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { ForkError } from "../model/run-fork";
import { ModelRun } from "../model/run";
import { SnapshotError } from "../model/run-snapshot";
import { prepareRun, resultDigest, resumeRun, type PreparedRun } from "../simulate";

const text = readFileSync(new URL("../../scenarios/black-friday-24h.yaml", import.meta.url), "utf8");
const NIGHT = ["run.duration=30m", "run.warmup=2m", "faults[0].at=18m", "faults[0].for=4m", "run.fidelity=hybrid"];

/** The scenario with `fault` (a flow mapping) after its own, or as written. */
function withFault(fault: string | undefined): string {
  if (fault === undefined) return text;
  const own = "  - { type: crash, zone: us-east-1c, at: 14h55m, for: 10m }\n";
  if (!text.includes(own)) throw new Error("black-friday-24h's fault moved: update this test");
  return text.replace(own, `${own}  - ${fault}\n`);
}

function prepared(extra: readonly string[] = [], fault?: string): PreparedRun {
  const p = prepareRun(withFault(fault), { fileName: "black-friday-24h.yaml", overrides: [...NIGHT, ...extra] });
  if (!p.ok) throw new Error(p.problems.map((problem) => `${problem.path}: ${problem.message}`).join("\n"));
  return p;
}

const fromZero = new Map<string, string>();
function digestFromZero(extra: readonly string[] = [], fault?: string): string {
  const key = `${extra.join(" ")} ${fault ?? ""}`;
  if (!fromZero.has(key)) {
    const { run } = prepared(extra, fault);
    run.advance();
    fromZero.set(key, resultDigest(run.result()));
  }
  return fromZero.get(key)!;
}

/** The saved run advanced to `atMs`, snapshotted through JSON text, resumed as the run of `forkExtra`. */
function throughSnapshot(atMs: number, savedExtra: readonly string[], forkExtra: readonly string[], forkFault?: string): { resumed: string; original: string } {
  const { run } = prepared(savedExtra);
  run.advance({ untilMs: atMs });
  const snapshot: unknown = JSON.parse(JSON.stringify(run.snapshot()));
  const resumed = resumeRun(snapshot, prepared(forkExtra, forkFault));
  expect(resumed.nowMs).toBe(atMs);
  resumed.advance();
  run.advance();
  return { resumed: resultDigest(resumed.result()), original: resultDigest(run.result()) };
}

describe("hybrid snapshots", () => {
  it("run the night hybrid, fluid windows pausing arrivals and reusing samples", () => {
    const { run } = prepared();
    run.advance();
    const hybrid = run.result().hybrid!;
    expect(hybrid.ran).toBe("hybrid");
    expect(hybrid.fluidWindows).toBeGreaterThan(12);
  });

  test.prop([fc.integer({ min: 1, max: 30 * 60 - 1 })], { numRuns: 4 })(
    "continue byte-identically from any moment",
    (atS) => {
      const { resumed, original } = throughSnapshot(atS * 1000, [], []);
      expect(original).toBe(digestFromZero());
      expect(resumed).toBe(digestFromZero());
    },
    600_000,
  );

  it("continue byte-identically from mid-pause and mid-sample moments", () => {
    for (const atMs of [7 * 60_000 + 45_000, 9 * 60_000 + 5_000, 25 * 60_000 + 30_000]) {
      expect(throughSnapshot(atMs, [], []).resumed, `at ${atMs} ms`).toBe(digestFromZero());
    }
  }, 600_000);
});

describe("restoring a hybrid snapshot without its hybrid engine", () => {
  it("is refused with a SnapshotError that names resumeRun", () => {
    const { run } = prepared();
    run.advance({ untilMs: 5 * 60_000 });
    expect(() => ModelRun.restore(JSON.parse(JSON.stringify(run.snapshot())) as unknown)).toThrow(SnapshotError);
    expect(() => ModelRun.restore(JSON.parse(JSON.stringify(run.snapshot())) as unknown)).toThrow(/hybrid run: restore it with resumeRun/);
  });
});

describe("hybrid snapshots of a scenario the hybrid engine runs exactly", () => {
  it("continue byte-identically (a closed loop falls back to exact)", () => {
    const closed = readFileSync(new URL("../../scenarios/validation/closed-loop.yaml", import.meta.url), "utf8");
    const overrides = ["run.duration=3m", "run.warmup=10s", "run.fidelity=hybrid"];
    const build = () => {
      const p = prepareRun(closed, { overrides });
      if (!p.ok) throw new Error("closed-loop does not load");
      return p;
    };
    const whole = build().run;
    whole.advance();
    expect(whole.result().hybrid?.ran).toBe("exact");
    const { run } = build();
    run.advance({ untilMs: 70_000 });
    const resumed = resumeRun(JSON.parse(JSON.stringify(run.snapshot())) as unknown, build());
    resumed.advance();
    expect(resultDigest(resumed.result())).toBe(resultDigest(whole.result()));
  });
});

describe("hybrid forks", () => {
  it("move the pending outage to another zone, as the planner's zone-loss cases do", () => {
    const zoneB = ["faults[0].zone=us-east-1b"];
    expect(throughSnapshot(17 * 60_000 + 59_000, [], zoneB).resumed).toBe(digestFromZero(zoneB));
  }, 600_000);

  it("add a fault that starts after the window under way", () => {
    const added = "{ type: crash, zone: us-east-1a, at: 26m, for: 2m }";
    expect(throughSnapshot(12 * 60_000 + 30_000, [], [], added).resumed).toBe(digestFromZero([], added));
  }, 600_000);

  it("refuse a fault the window already planned would have run discrete for", () => {
    const { run } = prepared();
    run.advance({ untilMs: 12 * 60_000 + 30_000 });
    const snapshot: unknown = JSON.parse(JSON.stringify(run.snapshot()));
    const added = prepared([], "{ type: crash, zone: us-east-1a, at: 12m50s, for: 2m }");
    expect(() => resumeRun(snapshot, added)).toThrow(ForkError);
    expect(() => resumeRun(snapshot, added)).toThrow(/hybrid engine to run discrete from .* before the end of the window it had already planned/);
  }, 600_000);
});

describe("restoring hybrid snapshots", () => {
  // The codec restores onto a fresh run's objects in place: a field pointing at a module's object
  // carried a snapshot's first window plan into every later run of the process once. After the
  // restores and forks above, the night from zero must still give its first digest.
  it("leaves later runs as they were", () => {
    const first = digestFromZero();
    const { run } = prepared();
    run.advance();
    expect(resultDigest(run.result())).toBe(first);
  }, 600_000);
});
