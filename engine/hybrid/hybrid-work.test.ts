/**
 * A hybrid run's work share (hybrid-work.ts): worked out by hand on a constant rate with one
 * disturbance, and measured on black-friday-24h's night (30 minutes with its zone outage in
 * them, hybrid), where it must follow the kernel events the run processed more closely than
 * the share of requests, which counts the fluid windows' paused requests as work.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { arrivalOracle } from "../model/arrival-oracle";
import { RateProfile } from "../model/rate-profile";
import { workShareAt } from "../model/run-work";
import type { HybridWindows } from "../result/hybrid-result";
import { prepareRun } from "../simulate";
import { DEFAULT_HYBRID_SETTINGS } from "./calm-plan";
import { HybridWork } from "./hybrid-work";

const MINUTE_MS = 60_000;

function windows(entries: Array<["fluid" | "discrete", number]>): HybridWindows {
  return {
    mode: entries.map(([mode]) => mode),
    fluidShare: entries.map(([, share]) => share),
    sampleMs: entries.map(() => 0),
    p99RelativeError: entries.map(() => null),
    errorRateHalfWidth: entries.map(() => null),
    reason: entries.map(() => ""),
  };
}

describe("HybridWork", () => {
  // 100 requests/s for 10 one-minute windows (6,000 each); warm-up is the first window, and a
  // disturbance spans minute 7 (so window 7 runs discrete).
  const workload = { kind: "open" as const, arrivals: "poisson" as const, profile: RateProfile.fromPoints([{ atMs: 0, ratePerS: 100 }]) };
  const oracle = arrivalOracle(workload)!;
  const spec = { windowMs: MINUTE_MS, durationMs: 10 * MINUTE_MS, warmupMs: MINUTE_MS };
  const work = new HybridWork(oracle, [[7 * MINUTE_MS - 1000, 8 * MINUTE_MS + 1000]], spec, DEFAULT_HYBRID_SETTINGS);

  it("weighs closed windows by the share they ran discretely, and windows ahead by the fluid windows so far", () => {
    // Closed: window 0 discrete (6,000), windows 1-2 fluid at 90 % and 100 % paused (600 and 0);
    // window 3 now, half done, discrete so far: 3,000 done, 3,000 left. Ahead: window 7 discrete
    // (6,000), windows 4-6, 8, 9 at the fluid windows' mean weight, 0.05 (5 x 300).
    const share = work.shareAt(3.5 * MINUTE_MS, windows([["discrete", 0], ["fluid", 0.9], ["fluid", 1]]), null);
    const done = 6000 + 600 + 0 + 3000;
    const left = 3000 + 6000 + 5 * 300;
    expect(share).toBeCloseTo(done / (done + left), 12);
  });

  it("does not count the current window's paused requests as work, done or left", () => {
    // Window 1, fluid: its requests from 1:10 to 2:00 are paused. At 1:30, done: 10 s (1,000);
    // left: nothing in the window; ahead: window 7 in full, 7 others at the first guess.
    const guess = (DEFAULT_HYBRID_SETTINGS.warmMinMs + DEFAULT_HYBRID_SETTINGS.sampleMinMs) / MINUTE_MS;
    const share = work.shareAt(1.5 * MINUTE_MS, windows([["discrete", 0]]), { fromMs: 70_000, toMs: 2 * MINUTE_MS });
    const done = 6000 + 1000;
    const left = 6000 + 7 * 6000 * guess;
    expect(share).toBeCloseTo(done / (done + left), 12);
  });

  it("is 1 at the end", () => {
    const closed = windows(Array.from({ length: 9 }, (_, i) => [i === 0 || i === 7 ? "discrete" : "fluid", i === 0 || i === 7 ? 0 : 0.95] as ["fluid" | "discrete", number]));
    expect(work.shareAt(10 * MINUTE_MS, closed, null)).toBe(1);
  });
});

describe("a hybrid run's progress", () => {
  it("follows the run's own events on black-friday-24h's night more closely than its requests do", () => {
    const text = readFileSync(new URL("../../scenarios/black-friday-24h.yaml", import.meta.url), "utf8");
    const prepared = prepareRun(text, { overrides: ["run.duration=30m", "run.warmup=2m", "faults[0].at=18m", "faults[0].for=4m", "run.fidelity=hybrid"] });
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
    const points: Array<{ events: number; work: number; requests: number }> = [];
    for (;;) {
      const progress = prepared.run.advance({ eventsMax: 50_000 });
      points.push({ events: progress.events, work: progress.workShare, requests: workShareAt(prepared.spec.model.workload, progress.durationMs, progress.nowMs) });
      if (progress.done) break;
    }
    const total = points[points.length - 1]!.events;
    const worst = (pick: (p: (typeof points)[number]) => number) => Math.max(...points.map((p) => Math.abs(pick(p) - p.events / total)));
    // Measured: 0.147 against 0.262 (on the whole day: 0.149 against 0.340). Stress the
    // controller measures but cannot foresee keeps it from exact.
    expect(points.length).toBeGreaterThan(20);
    expect(worst((p) => p.work)).toBeLessThan(0.2);
    expect(worst((p) => p.work)).toBeLessThan(worst((p) => p.requests) * 0.75);
  });
});
