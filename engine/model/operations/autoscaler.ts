/**
 * A target-tracking autoscaler for one node group, with the Kubernetes Horizontal Pod
 * Autoscaler's rules (kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale):
 *
 * Every `interval` it measures the group over the interval just ended and recommends
 *
 *   utilisation target u*:        desired = ceil(busy cores (time-average) / (u* x cores per node))
 *   requests-per-node target r*:  desired = ceil(attempts per second to the group's services / r*)
 *
 * which is HPA's ceil(current x metric / target) with booting nodes counted at zero load, so
 * nodes still booting are not ordered twice. Within the tolerance (|metric / target - 1| ≤ 10%
 * by default) the recommendation is the current size. Stabilisation then smooths flapping the
 * way HPA's `behavior` does: scale up only to the lowest recommendation of the trailing
 * up-window, down only to the highest of the down-window. A cooldown (AWS style) may forbid
 * actions for a while after each one. The result is clamped to [min, max].
 *
 * Lag is the point: a decision waits for the next evaluation, and new nodes serve only after
 * their boot time, so a fast spike is met by a queue first. A saturated group reports at most
 * 100% utilisation, so the autoscaler under-estimates what an overload needs (HPA does too).
 *
 * Scaling in removes booting nodes first, then crashed ones, then the newest up nodes, each
 * drained before it is retired (node-lifecycle.ts). While a rolling update runs on the group,
 * the autoscaler keeps measuring but holds its size (`held`).
 */
import { createDistribution, type Distribution } from "../../core/distributions";
import type { RandomStream } from "../../core/rng";
import type { AutoscalerSeries, AutoscalerSummary } from "../../result/operations-result";
import type { ClusterModel } from "../cluster-model";
import { bootNode, drainAndRetire, liveNodesOfGroup, type DrainOutcome } from "./node-lifecycle";
import { NODE_BOOTING, NODE_DOWN, NODE_UP } from "../nodes";
import type { AutoscalerSpec } from "./operations-spec";
import { grownFloat64 } from "../../core/typed-arrays";

/** One autoscaler on one node group (see the file comment for the rules). */
export class Autoscaler {
  /** Set by a rolling update on the same group: measure, but do not resize. */
  held = false;
  readonly series: AutoscalerSeries = { atMs: [], metric: [], desired: [], nodes: [], nodesUp: [] };
  private readonly groupName: string;
  private readonly bootTime: Distribution;
  private readonly bootStream: RandomStream;
  private readonly cores: number;
  private prevBusy = new Float64Array(0);
  private prevUp = new Float64Array(0);
  private prevAttempts = 0;
  /** Recent recommendations for stabilisation, oldest first. */
  private readonly recommendations: Array<{ atMs: number; desired: number }> = [];
  /** Nodes being drained for removal: not counted in the size any more. */
  private readonly draining = new Set<number>();
  private lastActionMs = -Infinity;
  private scaleUps = 0;
  private scaleDowns = 0;
  private nodesAdded = 0;
  private nodesRemoved = 0;
  private jobsLostDraining = 0;
  private nodesPeak: number;
  private nodesLow: number;

  constructor(private readonly model: ClusterModel, readonly spec: AutoscalerSpec) {
    const group = model.spec.groups[spec.groupIndex]!;
    this.groupName = group.name;
    this.cores = group.cores;
    this.bootTime = createDistribution(spec.bootTime);
    this.bootStream = model.sim.streams.get(`autoscaler/${group.name}/boot`);
    this.nodesPeak = this.nodesLow = group.count;
  }

  /** Schedules the evaluations; call once before the run starts. */
  start(): void {
    this.prevAttempts = this.attemptsNow();
    this.snapshotNodes();
    this.model.sim.callMethodAfter(this.spec.intervalMs, this, "evaluate");
  }

  /** Nodes the autoscaler counts as the group's size: live and not being removed. */
  activeNodes(): number[] {
    return liveNodesOfGroup(this.model, this.spec.groupIndex).filter((node) => !this.draining.has(node));
  }

  /** Whether the autoscaler is draining `node` for removal. */
  isDraining(node: number): boolean {
    return this.draining.has(node);
  }

  /** One evaluation (a kernel method event). */
  evaluate(): void {
    const model = this.model;
    const nowMs = model.sim.nowMs;
    const active = this.activeNodes();
    const current = active.length;
    const { metric, raw } = this.recommend(current);
    this.remember(nowMs, raw);
    let desired = this.stabilise(current);
    desired = Math.min(this.spec.nodesMax, Math.max(this.spec.nodesMin, desired));
    const cooling = nowMs < this.lastActionMs + this.spec.cooldownMs;
    if (!this.held && !cooling && desired !== current) {
      const detail = `${current} → ${desired} nodes (${this.describeMetric(metric)})`;
      if (desired > current) this.scaleUp(desired - current, detail);
      else this.scaleDown(active, current - desired, detail);
      this.lastActionMs = nowMs;
    }
    const size = this.activeNodes().length;
    this.nodesPeak = Math.max(this.nodesPeak, size);
    this.nodesLow = Math.min(this.nodesLow, size);
    const s = this.series;
    s.atMs.push(nowMs);
    s.metric.push(metric);
    s.desired.push(desired);
    s.nodes.push(size);
    s.nodesUp.push(active.filter((node) => model.nodes.state[node] === NODE_UP).length);
    if (nowMs + this.spec.intervalMs < model.spec.durationMs) model.sim.callMethodAfter(this.spec.intervalMs, this, "evaluate");
  }

  /** The metric over the last interval (null when nothing was up) and the raw recommendation. */
  private recommend(current: number): { metric: number | null; raw: number } {
    const intervalS = this.spec.intervalMs / 1000;
    const { busyCoresMs, upCoresMs } = this.takeNodeDeltas();
    const attempts = this.attemptsNow();
    const attemptsPerS = (attempts - this.prevAttempts) / intervalS;
    this.prevAttempts = attempts;
    const target = this.spec.target;
    let metric: number | null;
    let needed: number;
    if (target.kind === "utilisation") {
      metric = upCoresMs > 0 ? busyCoresMs / upCoresMs : null;
      needed = busyCoresMs / this.spec.intervalMs / (target.utilisation * this.cores);
    } else {
      const upNodes = upCoresMs / this.cores / this.spec.intervalMs;
      metric = upNodes > 0 ? attemptsPerS / upNodes : null;
      needed = attemptsPerS / target.ratePerS;
    }
    if (metric === null) return { metric, raw: current };
    const ratio = metric / (target.kind === "utilisation" ? target.utilisation : target.ratePerS);
    if (Math.abs(ratio - 1) <= this.spec.tolerance) return { metric, raw: current };
    // A tiny epsilon keeps an exact multiple (needed = 4.000000001 from float sums) from rounding up.
    return { metric, raw: Math.ceil(needed - 1e-9) };
  }

  private remember(atMs: number, desired: number): void {
    const keepMs = Math.max(this.spec.upStabilisationMs, this.spec.downStabilisationMs);
    this.recommendations.push({ atMs, desired });
    while (this.recommendations.length > 1 && this.recommendations[0]!.atMs < atMs - keepMs) this.recommendations.shift();
  }

  /** HPA's stabilizeRecommendationWithBehaviors: move only as far as the windows agree. */
  private stabilise(current: number): number {
    const nowMs = this.model.sim.nowMs;
    let up = Infinity;
    let down = -Infinity;
    for (const r of this.recommendations) {
      if (r.atMs >= nowMs - this.spec.upStabilisationMs) up = Math.min(up, r.desired);
      if (r.atMs >= nowMs - this.spec.downStabilisationMs) down = Math.max(down, r.desired);
    }
    if (current < up) return up;
    if (current > down) return down;
    return current;
  }

  private scaleUp(count: number, detail: string): void {
    this.scaleUps++;
    this.nodesAdded += count;
    this.model.note("scale-up", this.groupName, detail);
    for (let i = 0; i < count; i++) bootNode(this.model, this.spec.groupIndex, this.bootTime.sample(this.bootStream), null);
  }

  private scaleDown(active: number[], count: number, detail: string): void {
    this.scaleDowns++;
    this.nodesRemoved += count;
    this.model.note("scale-down", this.groupName, detail);
    for (const node of this.victims(active, count)) {
      this.draining.add(node);
      drainAndRetire(this.model, node, this.spec.drainTimeoutMs, { target: this, method: "retired" });
    }
  }

  /** A node it drained is gone (told by node-lifecycle.ts). */
  retired(outcome: DrainOutcome): void {
    this.draining.delete(outcome.node);
    this.jobsLostDraining += outcome.jobsLost;
  }

  /** Booting nodes first, then crashed ones, then the newest up nodes. */
  private victims(active: number[], count: number): number[] {
    const state = this.model.nodes.state;
    const rank = (node: number) => (state[node] === NODE_BOOTING ? 0 : state[node] === NODE_DOWN ? 1 : 2);
    return [...active].sort((a, b) => rank(a) - rank(b) || b - a).slice(0, count);
  }

  private describeMetric(metric: number | null): string {
    if (metric === null) return "no node up";
    const target = this.spec.target;
    return target.kind === "utilisation"
      ? `utilisation ${(metric * 100).toFixed(0)}% vs target ${(target.utilisation * 100).toFixed(0)}%`
      : `${metric.toFixed(1)} requests/s per node vs target ${target.ratePerS}`;
  }

  private attemptsNow(): number {
    let total = 0;
    for (const s of this.spec.serviceIndexes) total += this.model.recorder.services[s]!.attempts;
    return total;
  }

  /** Busy core-ms and up core-ms of the group since the last evaluation. */
  private takeNodeDeltas(): { busyCoresMs: number; upCoresMs: number } {
    const nodes = this.model.nodes;
    nodes.touchAll(this.model.sim.nowMs);
    this.growSnapshots(nodes.count);
    let busyCoresMs = 0;
    let upCoresMs = 0;
    for (let node = 0; node < nodes.count; node++) {
      if (nodes.group[node] !== this.spec.groupIndex) continue;
      busyCoresMs += nodes.busyIntegral[node]! - this.prevBusy[node]!;
      upCoresMs += (nodes.upIntegral[node]! - this.prevUp[node]!) * nodes.cores[node]!;
    }
    this.snapshotNodes();
    return { busyCoresMs, upCoresMs };
  }

  private snapshotNodes(): void {
    const nodes = this.model.nodes;
    this.growSnapshots(nodes.count);
    this.prevBusy.set(nodes.busyIntegral.subarray(0, nodes.count));
    this.prevUp.set(nodes.upIntegral.subarray(0, nodes.count));
  }

  private growSnapshots(count: number): void {
    if (this.prevBusy.length >= count) return;
    const size = Math.max(count, this.prevBusy.length * 2, 16);
    this.prevBusy = grownFloat64(this.prevBusy, size);
    this.prevUp = grownFloat64(this.prevUp, size);
  }

  /** The autoscaler's part of the Result. */
  summary(): AutoscalerSummary {
    const target = this.spec.target;
    return {
      group: this.groupName,
      nodesMin: this.spec.nodesMin,
      nodesMax: this.spec.nodesMax,
      target: target.kind === "utilisation" ? { kind: "utilisation", value: target.utilisation } : { kind: "requests-per-node", value: target.ratePerS },
      evaluations: this.series.atMs.length,
      scaleUps: this.scaleUps,
      scaleDowns: this.scaleDowns,
      nodesAdded: this.nodesAdded,
      nodesRemoved: this.nodesRemoved,
      nodesPeak: this.nodesPeak,
      nodesLow: this.nodesLow,
      jobsLostDraining: this.jobsLostDraining,
      series: this.series,
    };
  }
}
