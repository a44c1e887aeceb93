/**
 * Progress on stderr, in one of three modes:
 * - "bar" (stderr is a terminal): one line redrawn at most ten times a second with a bar,
 *   simulated time, events per second, ETA and finished jobs;
 * - "lines" (CI logs): a line when work starts, one every {@link LINE_INTERVAL_MS} ms, one at
 *   the end; nothing is redrawn, so logs stay readable;
 * - "none" (--quiet).
 * Progress is measured in work, not simulated time: a job's share done is the share of its
 * expected requests that are due (RunProgress.workShare, engine/model/run-work.ts), so the bar
 * and the ETA do not race through a quiet night and stall at the spike; the whole is the mean
 * over jobs. The simulated time shown is the jobs' mean clock. Wall time is read here only to
 * pace output and estimate ETA.
 */
import { formatDurationMs } from "../engine";
import type { TextSink } from "./command";
import type { JobProgress } from "./job";

/** How progress is shown. */
export type ProgressMode = "bar" | "lines" | "none";

/** Spacing of plain progress lines, ms of wall time. */
const LINE_INTERVAL_MS = 5000;
/** Spacing of bar redraws, ms of wall time. */
const BAR_INTERVAL_MS = 100;
const BAR_WIDTH = 20;

/** The mode for a sink: quiet wins, then a terminal gets a bar, anything else plain lines. */
export function progressMode(sink: TextSink, quiet: boolean): ProgressMode {
  if (quiet) return "none";
  return sink.isTTY ? "bar" : "lines";
}

/** Tracks jobs' progress and draws it. */
export class ProgressReporter {
  /** Per job: share of its work done (what the bar, the percentage and the ETA show). */
  private readonly shares: Float64Array;
  /** Per job: share of its simulated time done (what "sim" shows). */
  private readonly clockShares: Float64Array;
  private readonly events: Float64Array;
  private readonly done: Uint8Array;
  private doneCount = 0;
  private durationMs = 0;
  private readonly startedMs: number;
  private lastDrawMs: number;
  private drawn = false;

  /**
   * @param label what runs, e.g. `three-tier.yaml, seed 42`; printed first in "lines" mode.
   * @param clock wall-clock ms (injectable for tests).
   */
  constructor(
    private readonly sink: TextSink,
    private readonly mode: ProgressMode,
    private readonly options: { label: string; jobs: number; jobNoun: string; clock?: () => number },
  ) {
    this.shares = new Float64Array(options.jobs);
    this.clockShares = new Float64Array(options.jobs);
    this.events = new Float64Array(options.jobs);
    this.done = new Uint8Array(options.jobs);
    this.startedMs = this.now();
    this.lastDrawMs = this.startedMs;
    if (mode === "lines") sink.write(`clustersim: running ${options.label}\n`);
  }

  private now(): number {
    return (this.options.clock ?? performance.now.bind(performance))();
  }

  /** A job reports progress. */
  update(index: number, progress: JobProgress): void {
    // A hybrid run's share can step back a little (engine/hybrid/hybrid-work.ts): the bar does not.
    this.shares[index] = Math.min(1, Math.max(this.shares[index]!, progress.workShare));
    this.clockShares[index] = progress.durationMs > 0 ? Math.min(1, progress.nowMs / progress.durationMs) : 0;
    this.events[index] = progress.events;
    this.durationMs = progress.durationMs;
    this.maybeDraw();
  }

  /** A job finished; `events` is its final count. */
  jobDone(index: number, events: number): void {
    if (this.done[index] === 0) this.doneCount += 1;
    this.done[index] = 1;
    this.shares[index] = 1;
    this.clockShares[index] = 1;
    this.events[index] = events;
    this.maybeDraw();
  }

  /** Clears the bar, or prints the closing line in "lines" mode. */
  finish(): void {
    if (this.mode === "bar" && this.drawn) this.sink.write("\r\x1b[K");
    if (this.mode === "lines") {
      const elapsedMs = this.now() - this.startedMs;
      const events = this.totalEvents();
      this.sink.write(`clustersim: done in ${formatDurationMs(elapsedMs)} (${formatCount(events)} events, ${formatCount(events / Math.max(elapsedMs / 1000, 1e-9))} events/s)\n`);
    }
  }

  /** Clears the bar without a closing line (the work failed or was interrupted). */
  abandon(): void {
    if (this.mode === "bar" && this.drawn) this.sink.write("\r\x1b[K");
    this.drawn = false;
  }

  private totalEvents(): number {
    let sum = 0;
    for (let i = 0; i < this.events.length; i++) sum += this.events[i];
    return sum;
  }

  private maybeDraw(): void {
    if (this.mode === "none") return;
    const nowMs = this.now();
    const interval = this.mode === "bar" ? BAR_INTERVAL_MS : LINE_INTERVAL_MS;
    if (nowMs - this.lastDrawMs < interval) return;
    this.lastDrawMs = nowMs;
    const text = this.describe(nowMs);
    if (this.mode === "bar") {
      const columns = this.sink.columns ?? 100;
      this.sink.write(`\r\x1b[K${text.slice(0, columns - 1)}`);
      this.drawn = true;
    } else {
      this.sink.write(`clustersim: ${text.trimStart()}\n`);
    }
  }

  /** `[########------------]  42%  sim 4.2 min / 10.0 min  ETA 5.00 s  1.80M events/s  3/16 replications done`. */
  private describe(nowMs: number): string {
    const share = mean(this.shares);
    const clockShare = mean(this.clockShares);
    const elapsedMs = nowMs - this.startedMs;
    const rate = this.totalEvents() / Math.max(elapsedMs / 1000, 1e-9);
    const etaMs = share > 0 ? (elapsedMs * (1 - share)) / share : NaN;
    const filled = Math.round(share * BAR_WIDTH);
    // Most useful first: a narrow terminal cuts the line from the right.
    const parts = [
      `${this.mode === "bar" ? `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ` : ""}${(share * 100).toFixed(0).padStart(3)}%`,
      `sim ${formatDurationMs(clockShare * this.durationMs)} / ${formatDurationMs(this.durationMs)}`,
      `ETA ${Number.isFinite(etaMs) ? formatDurationMs(etaMs) : "?"}`,
      `${formatCount(rate)} events/s`,
    ];
    if (this.shares.length > 1) parts.push(`${this.doneCount}/${this.shares.length} ${this.options.jobNoun} done`);
    return parts.join("  ");
  }
}

/** The mean of `values`; 1 when there are none (no job: nothing left to do). */
function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return values.length > 0 ? sum / values.length : 1;
}

/** 1234 -> "1,234"; 1.8e6 -> "1.80M". */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  return Math.round(value).toLocaleString("en-US");
}
