/**
 * Per-version latency of a rolling update: how long jobs spent at the group's old-version nodes
 * and at its new-version nodes (queued and in service), so a chart and the Result show whether
 * the new version serves as fast as the old one while both take traffic.
 *
 * The per-window mean costs nothing per request: by Little's law, over a window the mean time at
 * a set of nodes is the job-time they held (the integral of jobs queued and in service, which
 * the node table keeps; a job in service holds one core) divided by the jobs they completed. Jobs
 * still at a node when a window closes move their time into the next window, so a window's
 * figure is exact up to that edge effect, small once a window holds many jobs. Nodes the update
 * starts are the new version; every other node of the group (before the update: all of them) is
 * the old.
 *
 * Percentiles need each job's time: the server tells this class of every service completion
 * (ClusterModel.onServiceDone; a job's time from reaching its node, or its service's central
 * queue, to the end of its service), and it records the group's into one histogram per version
 * for the window (its p99 goes into the series) and one for the run after warm-up (the Result's
 * rollingUpdates[].timeAtNode). Memory: two numbers per node, four histograms, one point per
 * window.
 */
import type { Series } from "../../result/series-result";
import type { RollingUpdateSummary } from "../../result/operations-result";
import { latencySummary } from "../../result/latency-summary";
import { LatencyHistogram } from "../../metrics/histogram";
import type { ClusterModel } from "../cluster-model";
import type { ServiceDoneListener } from "../server";
import { grownFloat64 } from "../../core/typed-arrays";

/** Series `Series.rollingUpdates` of one update, filled window by window. */
export class VersionLatency implements ServiceDoneListener {
  private readonly isNew = new Set<number>();
  private prevJobMs = new Float64Array(0);
  private prevServed = new Float64Array(0);
  private readonly point: Series["rollingUpdates"][number];
  /** Times at the node of this window's completions, old version [0] and new [1]. */
  private readonly window = [new LatencyHistogram(), new LatencyHistogram()] as const;
  /** The same after warm-up, for the whole run. */
  private readonly run = [new LatencyHistogram(), new LatencyHistogram()] as const;

  constructor(private readonly model: ClusterModel, private readonly groupIndex: number, name: string) {
    this.point = { name, oldVersionMs: [], newVersionMs: [], oldVersionP99Ms: [], newVersionP99Ms: [] };
    model.series.series.rollingUpdates.push(this.point);
    model.series.addContributor(() => this.close());
    model.onServiceDone(this);
  }

  /** A job finished its service on `node` after `timeAtNodeMs` there (from the server). */
  serviceDone(node: number, timeAtNodeMs: number): void {
    if (this.model.nodes.group[node] !== this.groupIndex) return;
    const v = this.isNew.has(node) ? 1 : 0;
    this.window[v].record(timeAtNodeMs);
    if (this.model.sim.nowMs >= this.model.spec.warmupMs) this.run[v].record(timeAtNodeMs);
  }

  /** Time at the node by version over the run after warm-up (RollingUpdateSummary.timeAtNode). */
  timeAtNode(): RollingUpdateSummary["timeAtNode"] {
    const times = (h: LatencyHistogram) => ({ jobs: h.count, latencyMs: latencySummary(h) });
    return { old: times(this.run[0]), new: times(this.run[1]) };
  }

  /** Node `node` runs the new version (a replacement the update started). */
  markNew(node: number): void {
    this.isNew.add(node);
  }

  /** Pushes the window's point; the node integrals are up to the window's end. */
  private close(): void {
    const nodes = this.model.nodes;
    if (this.prevJobMs.length < nodes.count) {
      this.prevJobMs = grownFloat64(this.prevJobMs, nodes.count * 2);
      this.prevServed = grownFloat64(this.prevServed, nodes.count * 2);
    }
    const jobMs = [0, 0];
    const served = [0, 0];
    for (let node = 0; node < nodes.count; node++) {
      if (nodes.group[node] !== this.groupIndex) continue;
      const v = this.isNew.has(node) ? 1 : 0;
      const held = nodes.busyIntegral[node]! + nodes.queueIntegral[node]!;
      jobMs[v]! += held - this.prevJobMs[node]!;
      served[v]! += nodes.served[node]! - this.prevServed[node]!;
      this.prevJobMs[node] = held;
      this.prevServed[node] = nodes.served[node]!;
    }
    this.point.oldVersionMs.push(served[0]! > 0 ? jobMs[0]! / served[0]! : null);
    this.point.newVersionMs.push(served[1]! > 0 ? jobMs[1]! / served[1]! : null);
    const p99 = (h: LatencyHistogram) => (h.count > 0 ? h.quantile(0.99) : null);
    this.point.oldVersionP99Ms.push(p99(this.window[0]));
    this.point.newVersionP99Ms.push(p99(this.window[1]));
    this.window[0].reset();
    this.window[1].reset();
  }
}
