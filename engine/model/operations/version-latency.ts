/**
 * Per-version latency of a rolling update: in each metrics window, the mean time a job spent
 * at the group's old-version nodes and at its new-version nodes (queued and in service), so a
 * chart shows whether the new version serves as fast as the old one while both take traffic.
 *
 * It costs nothing per request: by Little's law, over a window the mean time at a set of nodes
 * is the job-time they held (the integral of jobs queued and in service, which the node table
 * keeps; a job in service holds one core) divided by the jobs they completed. Jobs still at a
 * node when a window closes move their time into the next window, so a window's figure is exact
 * up to that edge effect, small once a window holds many jobs. Nodes the update starts are the
 * new version; every other node of the group (before the update: all of them) is the old.
 * Memory: two numbers per node and one point per window.
 */
import type { Series } from "../../result/series-result";
import type { ClusterModel } from "../cluster-model";
import { grownFloat64 } from "../../core/typed-arrays";

/** Series `Series.rollingUpdates` of one update, filled window by window. */
export class VersionLatency {
  private readonly isNew = new Set<number>();
  private prevJobMs = new Float64Array(0);
  private prevServed = new Float64Array(0);
  private readonly point: Series["rollingUpdates"][number];

  constructor(private readonly model: ClusterModel, private readonly groupIndex: number, name: string) {
    this.point = { name, oldVersionMs: [], newVersionMs: [] };
    model.series.series.rollingUpdates.push(this.point);
    model.series.addContributor(() => this.close());
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
  }
}
