/**
 * Per-window time series: at the end of each metrics window, the model's counters and
 * integrals since the previous window become one point of each series.
 *
 * Node integrals (busy cores, queue length, time up) are cumulative in the NodeTable; this
 * class keeps the previous window's values per node and takes differences, so a window costs
 * O(nodes) once, and nothing per event. Windows that end after warm-up also feed the
 * windowed latency SLOs. Mechanisms with series of their own (leaders of a replicated service,
 * per-version latency of a rolling update) add a contributor that pushes their point of each
 * window. Listeners (ModelRun.onWindowClose) see each window through a
 * read-only WindowView after its point joined the series, before its tallies reset.
 *
 * It reads the node table and the recorder, never the model that owns them.
 */
import { finiteOrNull } from "../result/common";
import type { Series } from "../result/series-result";
import { NODE_RETIRED, NODE_UP, type NodeTable } from "./nodes";
import type { Recorder } from "./recorder";
import type { ModelSpec } from "./spec";
import { LiveWindowView, type WindowListener } from "./window-view";

/** The run's per-window series and windowed SLO counts, closed window by window. */
export class WindowSeries {
  readonly series: Series;
  private lastEndMs = 0;
  private prevBusy = new Float64Array(0);
  private prevQueue = new Float64Array(0);
  private prevUp = new Float64Array(0);
  /** Per latency SLO (by index into spec.slos): windows judged and windows meeting it. */
  readonly sloWindowsJudged: Float64Array;
  readonly sloWindowsMet: Float64Array;
  private readonly listeners: WindowListener[] = [];
  private readonly contributors: Array<(endMs: number) => void> = [];
  private readonly beforeCloseHooks: Array<(startMs: number, endMs: number) => void> = [];
  private readonly view: LiveWindowView;

  constructor(private readonly spec: ModelSpec, private readonly nodes: NodeTable, private readonly recorder: Recorder) {
    this.series = {
      windowMs: spec.windowMs,
      startMs: [], offeredPerS: [], succeededPerS: [], failedPerS: [], errorRate: [],
      latencyP50Ms: [], latencyP99Ms: [], latencyP999Ms: [], inSystem: [],
      groups: spec.groups.map((g) => ({ name: g.name, utilisation: [], queueLengthMean: [], nodesUp: [], nodesTotal: [] })),
      classes: spec.classes.map((c) => ({ name: c.name, succeededPerS: [], failedPerS: [], latencyP99Ms: [] })),
      replicated: [],
      rollingUpdates: [],
    };
    this.sloWindowsJudged = new Float64Array(spec.slos.length);
    this.sloWindowsMet = new Float64Array(spec.slos.length);
    this.view = new LiveWindowView(spec, nodes, recorder.window.latency, this.series);
  }

  /** Calls `listener` at each window's close (see ModelRun.onWindowClose); returns its unsubscribe. */
  onClose(listener: WindowListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /**
   * Adds a mechanism's series (an entry it put in `series`, installed before the run starts):
   * `close(endMs)` pushes its point of each window, after the node integrals are brought up to
   * the window's end and before the listeners see the window.
   */
  addContributor(close: (endMs: number) => void): void {
    this.contributors.push(close);
  }

  /**
   * Calls `hook(startMs, endMs)` at each window's end before the window is read: the one
   * writer allowed there, the hybrid engine (engine/hybrid/), adds what its fluid model stood in
   * for to the window's tallies.
   */
  beforeClose(hook: (startMs: number, endMs: number) => void): void {
    this.beforeCloseHooks.push(hook);
  }

  /** Closes the window ending at `endMs` (the last one may be shorter than windowMs). */
  closeWindow(endMs: number): void {
    const startMs = this.lastEndMs;
    const spanMs = endMs - startMs;
    if (spanMs <= 0) return;
    for (const hook of this.beforeCloseHooks) hook(startMs, endMs);
    const perS = 1000 / spanMs;
    const tally = this.recorder.window;
    const s = this.series;
    s.startMs.push(startMs);
    s.offeredPerS.push(tally.offered * perS);
    s.succeededPerS.push(tally.succeeded * perS);
    s.failedPerS.push(tally.failed * perS);
    const completed = tally.succeeded + tally.failed;
    s.errorRate.push(completed > 0 ? tally.failed / completed : null);
    s.latencyP50Ms.push(finiteOrNull(tally.latency.quantile(0.5)));
    s.latencyP99Ms.push(finiteOrNull(tally.latency.quantile(0.99)));
    s.latencyP999Ms.push(finiteOrNull(tally.latency.quantile(0.999)));
    s.inSystem.push(this.recorder.takeWindowInSystem(endMs, spanMs));
    this.closeGroups(endMs, spanMs);
    s.classes.forEach((series, c) => {
      series.succeededPerS.push(tally.classSucceeded[c]! * perS);
      series.failedPerS.push(tally.classFailed[c]! * perS);
      series.latencyP99Ms.push(finiteOrNull(tally.classLatency[c]!.quantile(0.99)));
    });
    for (const close of this.contributors) close(endMs);
    if (startMs >= this.spec.warmupMs) this.judgeWindowSlos();
    if (this.listeners.length > 0) this.tellListeners(startMs, endMs);
    tally.reset();
    this.lastEndMs = endMs;
  }

  private tellListeners(startMs: number, endMs: number): void {
    this.view.startMs = startMs;
    this.view.endMs = endMs;
    for (const listener of [...this.listeners]) listener(this.view);
  }

  private closeGroups(endMs: number, spanMs: number): void {
    const nodes = this.nodes;
    nodes.touchAll(endMs);
    this.ensureCapacity(nodes.count);
    const groupCount = this.spec.groups.length;
    const busy = new Float64Array(groupCount);
    const capacity = new Float64Array(groupCount);
    const queue = new Float64Array(groupCount);
    const up = new Float64Array(groupCount);
    const total = new Float64Array(groupCount);
    for (let node = 0; node < nodes.count; node++) {
      const g = nodes.group[node]!;
      const dBusy = nodes.busyIntegral[node]! - this.prevBusy[node]!;
      const dUp = nodes.upIntegral[node]! - this.prevUp[node]!;
      busy[g]! += dBusy;
      capacity[g]! += dUp * nodes.cores[node]!;
      queue[g]! += nodes.queueIntegral[node]! - this.prevQueue[node]!;
      if (nodes.state[node] === NODE_UP) up[g]!++;
      if (nodes.state[node] !== NODE_RETIRED) total[g]!++;
      this.prevBusy[node] = nodes.busyIntegral[node]!;
      this.prevQueue[node] = nodes.queueIntegral[node]!;
      this.prevUp[node] = nodes.upIntegral[node]!;
    }
    this.series.groups.forEach((series, g) => {
      series.utilisation.push(capacity[g]! > 0 ? busy[g]! / capacity[g]! : null);
      series.queueLengthMean.push(total[g]! > 0 ? queue[g]! / spanMs / total[g]! : 0);
      series.nodesUp.push(up[g]!);
      series.nodesTotal.push(total[g]!);
    });
  }

  private judgeWindowSlos(): void {
    const tally = this.recorder.window;
    this.spec.slos.forEach((slo, i) => {
      if (slo.kind !== "latency" || slo.windowsShareMin <= 0) return;
      const histogram = slo.classIndex < 0 ? tally.latency : tally.classLatency[slo.classIndex]!;
      const failed = slo.classIndex < 0 ? tally.failed : tally.classFailed[slo.classIndex]!;
      if (histogram.count === 0 && failed === 0) return; // an idle window says nothing
      this.sloWindowsJudged[i]!++;
      if (histogram.count > 0 && histogram.quantile(slo.quantile) < slo.thresholdMs) this.sloWindowsMet[i]!++;
    });
  }

  private ensureCapacity(count: number): void {
    if (this.prevBusy.length >= count) return;
    const size = Math.max(count, this.prevBusy.length * 2);
    const grow = (old: Float64Array) => { const a = new Float64Array(size); a.set(old); return a; };
    this.prevBusy = grow(this.prevBusy);
    this.prevQueue = grow(this.prevQueue);
    this.prevUp = grow(this.prevUp);
  }
}
