// Progress output with an injected clock: what a terminal and a CI log see.
import { describe, expect, it } from "vitest";
import type { TextSink } from "./command";
import { ProgressReporter } from "./progress";

function sink(isTTY: boolean): TextSink & { text: string } {
  const out = { text: "", isTTY, columns: 200, write: (chunk: string) => void (out.text += chunk) };
  return out;
}

describe("ProgressReporter", () => {
  it("redraws one bar line on a terminal with share, simulated time, events/s, ETA and jobs done, and clears it at the end", () => {
    const terminal = sink(true);
    let nowMs = 0;
    const reporter = new ProgressReporter(terminal, "bar", { label: "x", jobs: 2, jobNoun: "replications", clock: () => nowMs });
    nowMs = 1000;
    reporter.update(0, { nowMs: 30_000, durationMs: 60_000, events: 500_000, workShare: 0.5 });
    // Job 0 is half done, job 1 not started: 25% after 1 s of wall time, so 3 s to go.
    expect(terminal.text).toBe("\r\x1b[K[#####---------------]  25%  sim 15.0 s / 1.0 min  ETA 3.00 s  500,000 events/s  0/2 replications done");
    nowMs = 1050;
    reporter.update(1, { nowMs: 6_000, durationMs: 60_000, events: 100_000, workShare: 0.1 });
    expect(terminal.text.split("\r").length).toBe(2); // redraws at most every 100 ms
    reporter.finish();
    expect(terminal.text.endsWith("\r\x1b[K")).toBe(true);
  });

  it("prints plain lines in a CI log: a start line, one every 5 s, and a closing line", () => {
    const log = sink(false);
    let nowMs = 0;
    const reporter = new ProgressReporter(log, "lines", { label: "three-tier.yaml, seed 42", jobs: 1, jobNoun: "replications", clock: () => nowMs });
    for (nowMs = 1000; nowMs <= 12_000; nowMs += 1000) reporter.update(0, { nowMs: nowMs * 5, durationMs: 60_000, events: nowMs * 1000, workShare: (nowMs * 5) / 60_000 });
    nowMs = 12_500;
    reporter.jobDone(0, 12_000_000);
    reporter.finish();
    expect(log.text.split("\n")).toEqual([
      "clustersim: running three-tier.yaml, seed 42",
      "clustersim: 42%  sim 25.0 s / 1.0 min  ETA 7.00 s  1.00M events/s",
      "clustersim: 83%  sim 50.0 s / 1.0 min  ETA 2.00 s  1.00M events/s",
      "clustersim: done in 12.5 s (12.0M events, 960,000 events/s)",
      "",
    ]);
  });

  it("shows the share of work (expected requests due) in the bar and the ETA, and the clock beside it", () => {
    // A day whose spike is ahead: 60 % of the simulated time has passed, but only 20 % of its
    // requests. After 2 s of wall time the work left is 4x the work done: 8 s, not 1.33 s.
    const terminal = sink(true);
    let nowMs = 0;
    const reporter = new ProgressReporter(terminal, "bar", { label: "x", jobs: 1, jobNoun: "replications", clock: () => nowMs });
    nowMs = 2000;
    reporter.update(0, { nowMs: 14.4 * 3_600_000, durationMs: 24 * 3_600_000, events: 1_000_000, workShare: 0.2 });
    expect(terminal.text).toBe("\r\x1b[K[####----------------]  20%  sim 14.4 h / 24.0 h  ETA 8.00 s  500,000 events/s");
  });

  it("prints nothing when quiet", () => {
    const quiet = sink(false);
    const reporter = new ProgressReporter(quiet, "none", { label: "x", jobs: 1, jobNoun: "runs", clock: () => 10_000 });
    reporter.update(0, { nowMs: 1, durationMs: 2, events: 3, workShare: 0.5 });
    reporter.finish();
    expect(quiet.text).toBe("");
  });
});
