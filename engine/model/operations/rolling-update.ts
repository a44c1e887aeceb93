/**
 * A rolling update of one node group, with the Kubernetes Deployment rules
 * (kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment):
 * every node alive when the update starts ("old") is replaced by a new one, and at every
 * moment
 *
 *   nodes alive (old + new, booting and draining included)  ≤  N + maxSurge
 *   nodes available (up, not draining, not booting)         ≥  N - maxUnavailable
 *
 * where N is the group's size at the start. A share ("25%") rounds maxSurge up and
 * maxUnavailable down, as Kubernetes does; both zero is rejected when the scenario compiles
 * (the update could never move).
 *
 * The controller reacts to each change (a new node ready, an old one retired): first it
 * starts new nodes while the surge budget allows (so with surge, capacity is added before any
 * is taken away), then it drains old nodes while the unavailability budget allows. A drained
 * node finishes its in-flight work before it is retired (node-lifecycle.ts); a replacement
 * serves after its restart time. Without surge an update therefore dips to N - maxUnavailable
 * nodes for restart + drain time per batch; with surge it never drops below N.
 *
 * Crashed old nodes are replaced first and cost no availability. An autoscaler on the group
 * holds its size until the update is done.
 */
import { createDistribution, type Distribution } from "../../core/distributions";
import type { RandomStream } from "../../core/rng";
import type { RollingUpdateSummary } from "../../result/operations-result";
import type { Autoscaler } from "./autoscaler";
import type { ClusterModel } from "../cluster-model";
import { bootNode, drainAndRetire, liveNodesOfGroup, type DrainOutcome } from "./node-lifecycle";
import { NODE_DOWN, NODE_UP } from "../nodes";
import type { NodeBudget, RollingUpdateSpec } from "./operations-spec";
import { VersionLatency } from "./version-latency";

/** Resolves a budget against a group of `size` nodes (shares: surge rounds up, unavailable down). */
export function resolveBudget(budget: NodeBudget, size: number, round: "up" | "down"): number {
  if (budget.kind === "count") return budget.count;
  const exact = budget.share * size;
  // Shares like 25% of 8 must give exactly 2, not 2.0000000004 rounded up to 3.
  return round === "up" ? Math.ceil(exact - 1e-9) : Math.floor(exact + 1e-9);
}

/** One rolling update of one node group (see the file comment for the budgets). */
export class RollingUpdate {
  private readonly groupName: string;
  private readonly restartTime: Distribution;
  private readonly stream: RandomStream;
  private started = false;
  private stepping = false;
  private stepAgain = false;
  private startedAtMs = 0;
  private finishedAtMs: number | null = null;
  private size = 0;
  private maxUnavailable = 0;
  private maxSurge = 0;
  /** Old nodes not yet taken out, in the order they will go. */
  private oldWaiting: number[] = [];
  private oldAlive = 0;
  private readonly draining = new Set<number>();
  private created = 0;
  private ready = 0;
  private replaced = 0;
  private availableMin = Infinity;
  private totalMax = 0;
  private jobsLostDraining = 0;
  private completedAtStart = 0;
  private failedAtStart = 0;
  private completedAtEnd = 0;
  private failedAtEnd = 0;
  private versions: VersionLatency | null = null;

  constructor(private readonly model: ClusterModel, readonly spec: RollingUpdateSpec, private readonly autoscaler: Autoscaler | null) {
    this.groupName = model.spec.groups[spec.groupIndex]!.name;
    this.restartTime = createDistribution(spec.restartTime);
    this.stream = model.sim.streams.get(`rolling-update/${this.groupName}/restart`);
  }

  /** Schedules the update and starts its per-version latency series; call once before the run starts. */
  start(): void {
    this.versions = new VersionLatency(this.model, this.spec.groupIndex, this.groupName);
    if (this.spec.atMs < this.model.spec.durationMs) this.model.sim.callMethodAt(this.spec.atMs, this, "begin");
  }

  /** The update starts (a kernel method event). */
  begin(): void {
    const model = this.model;
    // Nodes the autoscaler is already draining are on their way out: not replaced.
    const old = this.autoscaler ? this.autoscaler.activeNodes() : liveNodesOfGroup(model, this.spec.groupIndex);
    const state = model.nodes.state;
    // Crashed nodes first: replacing them costs no availability.
    this.oldWaiting = [...old].sort((a, b) => Number(state[b] === NODE_DOWN) - Number(state[a] === NODE_DOWN) || a - b);
    this.oldAlive = old.length;
    this.size = old.length;
    this.maxUnavailable = resolveBudget(this.spec.maxUnavailable, this.size, "down");
    this.maxSurge = resolveBudget(this.spec.maxSurge, this.size, "up");
    // Like Kubernetes: if both resolve to 0 (a small share of a small group), allow one unavailable.
    if (this.maxUnavailable === 0 && this.maxSurge === 0) this.maxUnavailable = 1;
    this.started = true;
    this.startedAtMs = model.sim.nowMs;
    const overall = model.recorder.overall;
    this.completedAtStart = overall.succeeded + overall.failed;
    this.failedAtStart = overall.failed;
    if (this.autoscaler) this.autoscaler.held = true;
    model.note("rolling-update-start", this.groupName, `replacing ${this.size} nodes, max unavailable ${this.maxUnavailable}, max surge ${this.maxSurge}`);
    this.step();
  }

  /**
   * Starts what the budgets allow; called at the start and after every change. An idle node
   * retires at once, from inside the loop below, and that change calls back here: the guard
   * defers it to one more pass, so the loop never acts on counts a nested pass changed.
   */
  private step(): void {
    if (this.stepping) {
      this.stepAgain = true;
      return;
    }
    this.stepping = true;
    do {
      this.stepAgain = false;
      this.stepOnce();
    } while (this.stepAgain);
    this.stepping = false;
  }

  private stepOnce(): void {
    if (this.finishedAtMs !== null) return;
    const model = this.model;
    let total = this.oldAlive + this.created;
    while (total < this.size + this.maxSurge && this.created < this.size) {
      this.created++;
      total++;
      const node = bootNode(model, this.spec.groupIndex, this.restartTime.sample(this.stream), { target: this, method: "replacementReady" });
      this.versions?.markNew(node);
    }
    let available = this.available();
    while (this.oldWaiting.length > 0) {
      const node = this.oldWaiting[0]!;
      const costs = model.nodes.state[node] === NODE_UP ? 1 : 0;
      if (available - costs < this.size - this.maxUnavailable) break;
      this.oldWaiting.shift();
      available -= costs;
      this.draining.add(node);
      drainAndRetire(model, node, this.spec.drainTimeoutMs, { target: this, method: "oldRetired" });
    }
    this.availableMin = Math.min(this.availableMin, this.available());
    this.totalMax = Math.max(this.totalMax, liveNodesOfGroup(model, this.spec.groupIndex).length);
    if (this.oldAlive === 0 && this.ready === this.size) this.finish();
  }

  /** A replacement node came up (told by node-lifecycle.ts). */
  replacementReady(): void {
    this.ready++;
    this.step();
  }

  /** An old node is gone (told by node-lifecycle.ts). */
  oldRetired(outcome: DrainOutcome): void {
    this.draining.delete(outcome.node);
    this.oldAlive--;
    this.replaced++;
    this.jobsLostDraining += outcome.jobsLost;
    this.step();
  }

  /** Nodes of the group up and serving: not booting, not draining, not crashed. */
  private available(): number {
    let count = 0;
    for (const node of liveNodesOfGroup(this.model, this.spec.groupIndex)) {
      if (this.model.nodes.state[node] === NODE_UP && !this.draining.has(node) && !this.autoscaler?.isDraining(node)) count++;
    }
    return count;
  }

  private finish(): void {
    const model = this.model;
    this.finishedAtMs = model.sim.nowMs;
    const overall = model.recorder.overall;
    this.completedAtEnd = overall.succeeded + overall.failed;
    this.failedAtEnd = overall.failed;
    if (this.autoscaler) this.autoscaler.held = false;
    const seconds = ((this.finishedAtMs - this.startedAtMs) / 1000).toFixed(1);
    model.note("rolling-update-done", this.groupName, `${this.replaced} nodes replaced in ${seconds} s`);
  }

  /** Whether the update has started and not finished. */
  get inProgress(): boolean {
    return this.started && this.finishedAtMs === null;
  }

  /** The update's part of the Result. */
  summary(): RollingUpdateSummary {
    const overall = this.model.recorder.overall;
    const completedAtEnd = this.finishedAtMs === null ? overall.succeeded + overall.failed : this.completedAtEnd;
    const failedAtEnd = this.finishedAtMs === null ? overall.failed : this.failedAtEnd;
    return {
      group: this.groupName,
      startedAtMs: this.spec.atMs,
      finishedAtMs: this.finishedAtMs,
      nodes: this.size,
      replaced: this.replaced,
      maxUnavailable: this.maxUnavailable,
      maxSurge: this.maxSurge,
      availableMin: this.started ? this.availableMin : this.size,
      totalMax: this.totalMax,
      jobsLostDraining: this.jobsLostDraining,
      requestsCompleted: this.started ? completedAtEnd - this.completedAtStart : 0,
      requestsFailed: this.started ? failedAtEnd - this.failedAtStart : 0,
      timeAtNode: this.versions!.timeAtNode(),
    };
  }
}
