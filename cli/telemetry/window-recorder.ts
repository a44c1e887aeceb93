/**
 * What the exported metrics need from a run that its Result does not keep: per window, the
 * latency histogram's buckets (folded into the exported `le` bounds), the requests slower than
 * each latency SLO's threshold, and how many nodes of each group and zone are in each state at
 * the window's end. Collected through the run's read-only window view
 * (`ModelRun.onWindowClose`), so recording changes nothing in the Result.
 *
 * The output is plain data: it crosses from a worker thread to the main thread with the Result.
 */
import type { ModelRun, WindowView } from "../../engine";
import { cumulativeCounts, leBounds, type LeBound } from "./latency-buckets";

/** One window's figures. */
export interface TelemetryWindow {
  /** The window's end, ms of simulated time. */
  endMs: number;
  /** Successful requests completed in the window: cumulative count at each `le` bound, then the total. */
  latencyCounts: number[];
  /** Sum of their latencies, ms. */
  latencySumMs: number;
  /** Per threshold of {@link WindowTelemetry.thresholdsMs}: requests of the window slower than it. */
  slowerThan: number[];
  /** Nodes at the window's end, per entry of {@link WindowTelemetry.nodeKeys}. */
  nodeCounts: number[];
}

/** The per-window figures of one run. */
export interface WindowTelemetry {
  /** The exported `le` bounds, seconds (the `+Inf` bucket is implicit). */
  leSeconds: number[];
  /** Latency thresholds counted per window (the latency SLOs' `below`), ms. */
  thresholdsMs: number[];
  /** The (group, zone, state) combinations seen, in order of first appearance. */
  nodeKeys: Array<{ group: string; zone: string; state: string }>;
  windows: TelemetryWindow[];
}

/** Records a run's windows into a {@link WindowTelemetry}. */
export class TelemetryRecorder {
  readonly telemetry: WindowTelemetry;
  private bounds: LeBound[] | null = null;
  private readonly nodeKeyIndex = new Map<string, number>();

  /** Subscribes to `run`; `thresholdsMs` are the latency thresholds to count slow requests against. */
  constructor(run: ModelRun, thresholdsMs: readonly number[]) {
    this.telemetry = { leSeconds: [], thresholdsMs: [...thresholdsMs], nodeKeys: [], windows: [] };
    run.onWindowClose((view) => this.record(view));
  }

  private record(view: WindowView): void {
    const histogram = view.latency;
    if (this.bounds === null) {
      this.bounds = leBounds(histogram);
      this.telemetry.leSeconds = this.bounds.map((bound) => bound.leSeconds);
    }
    const nodeCounts = new Array<number>(this.telemetry.nodeKeys.length).fill(0);
    for (let node = 0; node < view.nodes.count; node++) {
      const key = this.nodeKey(view.nodes.group(node), view.nodes.zone(node), view.nodes.state(node));
      nodeCounts[key] = (nodeCounts[key] ?? 0) + 1;
    }
    this.telemetry.windows.push({
      endMs: view.endMs,
      latencyCounts: cumulativeCounts(histogram, this.bounds),
      latencySumMs: histogram.sumMs,
      slowerThan: this.telemetry.thresholdsMs.map((thresholdMs) => slowerThan(histogram, thresholdMs)),
      nodeCounts,
    });
  }

  /** The index of a (group, zone, state) combination, added on first sight. */
  private nodeKey(group: string, zone: string, state: string): number {
    const text = `${group}\u0000${zone}\u0000${state}`;
    let index = this.nodeKeyIndex.get(text);
    if (index === undefined) {
      index = this.telemetry.nodeKeys.length;
      this.nodeKeyIndex.set(text, index);
      this.telemetry.nodeKeys.push({ group, zone, state });
    }
    return index;
  }
}

/**
 * Requests slower than `thresholdMs`: all but those in buckets whose upper bound is at most the
 * threshold. The bucket the threshold falls in counts as slower (the engine's 0.5 % resolution).
 */
function slowerThan(histogram: WindowView["latency"], thresholdMs: number): number {
  let fast = 0;
  for (let index = 0; index < histogram.bucketCount && histogram.upperBoundMs(index) <= thresholdMs; index++) fast += histogram.bucketCountAt(index);
  return histogram.count - fast;
}
