/**
 * The worker's snapshots: a live run leaves at most SNAPSHOTS_PER_RUN of them, a crash fork
 * resumes from the latest one before its time with the digest, series and heatmap of the forked
 * scenario run from zero, and a change a fork cannot make runs from zero and says why.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resultDigest, simulate } from "../../engine/index";
import { forkScenario } from "../topology/fork";
import { runScenario, type RunLoopHost } from "./run-loop";
import type { RunProgressReport } from "./run-protocol";
import { runKey, SnapshotStore, SNAPSHOTS_PER_RUN, RUNS_KEPT } from "./snapshot-store";

const original = readFileSync(new URL("../../scenarios/black-friday.yaml", import.meta.url), "utf8").replace("run: { duration: 3h,", "run: { duration: 24m,");
const host: RunLoopHost = { clockMs: () => 0, yieldNow: async () => undefined, isCancelled: () => false };
const base = { scenarioText: original, files: {}, seed: 5 };

describe("the worker's snapshot store", () => {
  it("keeps at most SNAPSHOTS_PER_RUN per run, for the last RUNS_KEPT runs, and finds the nearest before a time", () => {
    const store = new SnapshotStore();
    for (let r = 0; r <= RUNS_KEPT; r++) {
      store.begin(`run${r}`);
      for (let i = 1; i <= SNAPSHOTS_PER_RUN + 3; i++) store.add(`run${r}`, { atMs: i * 1000, text: "", heatmap: null, nodes: null });
    }
    expect(store.count("run0")).toBe(0);
    expect(store.count(`run${RUNS_KEPT}`)).toBe(SNAPSHOTS_PER_RUN);
    expect(store.nearestBefore(`run${RUNS_KEPT}`, 5000)?.atMs).toBe(4000);
    expect(store.nearestBefore(`run${RUNS_KEPT}`, 1000)).toBeNull();
  });

  it("a crash fork resumes from the original's snapshot and equals the forked scenario from zero", async () => {
    const store = new SnapshotStore();
    const first = await runScenario({ ...base, live: true, withSeries: true }, host, store);
    expect(first.kind).toBe("done");
    expect(store.count(runKey(base))).toBe(SNAPSHOTS_PER_RUN - 1); // none at the very end
    const atMs = 13 * 60_000;
    const forked = forkScenario(original, { atMs, durationMs: 24 * 60_000, change: { kind: "crash", group: "app", count: 1 } });
    if (!forked.ok) throw new Error(forked.message);
    const request = { scenarioText: forked.text, files: {}, seed: 5, withSeries: true };
    const fromZero = await runScenario(request, host);
    const fork = await runScenario({ ...request, resume: { kind: "fork", base, atMs } }, host, store);
    if (fork.kind !== "done" || fromZero.kind !== "done") throw new Error("a run failed");
    expect(fork.resumedFromMs, fork.resumeNote).toBe(12 * 60_000);
    expect(fork.digest).toBe(resultDigest(simulate(forked.text, { seed: 5 })));
    expect(fork.series).toEqual(fromZero.series);
    expect(fork.heatmap).toEqual(fromZero.heatmap);
    expect(fork.nodes).toEqual(fromZero.nodes);
  });

  it("a live fork restores even an early snapshot and reports the restored past before simulating", async () => {
    const store = new SnapshotStore();
    await runScenario({ ...base, live: true }, host, store);
    const atMs = 3 * 60_000; // an eighth of the run: before restores were fast, this ran from zero
    const forked = forkScenario(original, { atMs, durationMs: 24 * 60_000, change: { kind: "crash", group: "app", count: 1 } });
    if (!forked.ok) throw new Error(forked.message);
    const reports: RunProgressReport[] = [];
    const live = { ...host, onProgress: (report: RunProgressReport) => reports.push(report) };
    const fork = await runScenario({ scenarioText: forked.text, files: {}, seed: 5, live: true, withSeries: true, resume: { kind: "fork", base, atMs } }, live, store);
    if (fork.kind !== "done") throw new Error("the fork failed");
    expect(fork.resumedFromMs, fork.resumeNote).toBe(2 * 60_000);
    expect(fork.digest).toBe(resultDigest(simulate(forked.text, { seed: 5 })));
    const first = reports[0]!;
    expect(first.resumedFromMs).toBe(2 * 60_000);
    expect(first.nowMs).toBe(2 * 60_000);
    expect(first.eventsSimulated).toBe(0);
    expect(first.events).toBeGreaterThan(0);
    expect(first.chunk?.series.length).toBe(2); // the two one-minute windows before the snapshot
    expect(fork.eventsSimulated).toBe(fork.summary.events - first.events);
  });

  it("runs a change a fork cannot make from zero, and says why", async () => {
    const store = new SnapshotStore();
    await runScenario({ ...base, live: true }, host, store);
    const changed = original.replace("count: 3, cores: 4", "count: 4, cores: 4");
    const outcome = await runScenario({ scenarioText: changed, files: {}, seed: 5, resume: { kind: "fork", base, atMs: 13 * 60_000 } }, host, store);
    if (outcome.kind !== "done") throw new Error("the run failed");
    expect(outcome.resumedFromMs ?? null).toBeNull();
    expect(outcome.resumeNote).toMatch(/the fork changes model, which a fork cannot: run it from the start: ran from the start/);
    expect(outcome.digest).toBe(resultDigest(simulate(changed, { seed: 5 })));
  });
});
