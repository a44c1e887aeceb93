/**
 * Adding and removing nodes while traffic flows: the two moves the autoscaler and rolling
 * updates are made of.
 *
 * - Boot: a new node joins its group's services at once (so it is billed and counted) but
 *   takes no traffic until its boot time has passed; then it comes up and becomes eligible.
 * - Drain: a node leaving stops receiving new work (ineligible in every balancer), finishes
 *   what it has queued, in service or waiting on downstream calls, and is retired when empty
 *   or when the drain timeout expires, whichever comes first (work left at the timeout is
 *   lost like in a crash; its callers time out or retry).
 *
 * Both are rare events (a few per scaling step), so they are kernel method events. Draining polls
 * `workOnNode` every DRAIN_POLL_MS because the model has no "node became idle" signal; the
 * poll costs one scan of the live jobs per draining node per poll.
 */
import type { ClusterModel } from "../cluster-model";
import { NODE_BOOTING, NODE_DOWN, NODE_RETIRED, NODE_UP } from "../nodes";

/** How often a draining node is checked for remaining work, ms. */
export const DRAIN_POLL_MS = 1000;

/**
 * Who hears about a lifecycle step: `target[method](value)`. A method named on an object, not a
 * closure, so a snapshot of the run can carry a pending boot or drain (engine/core/snapshot-codec.ts).
 */
export interface LifecycleListener {
  target: object;
  method: string;
}

function tell(listener: LifecycleListener | null, value: unknown): void {
  if (listener !== null) (listener.target as Record<string, (value: unknown) => void>)[listener.method]!(value);
}

/** A node booting: becomes eligible when its boot time has passed (a kernel method event). */
export class BootWait {
  constructor(readonly model: ClusterModel, readonly node: number, readonly onReady: LifecycleListener | null) {}

  /** The boot time has passed (kernel event). */
  done(): void {
    const model = this.model;
    if (model.nodes.state[this.node] !== NODE_BOOTING) return;
    model.recoverNode(this.node);
    model.setNodeEligible(this.node, true);
    tell(this.onReady, this.node);
  }
}

/**
 * Provisions a node in `groupIndex` that serves after `bootMs`; tells `onReady` the node when it
 * comes up. If the node was retired (or crashed) while booting, it never comes up and
 * `onReady` is not told. Returns the new node's index.
 */
export function bootNode(model: ClusterModel, groupIndex: number, bootMs: number, onReady: LifecycleListener | null): number {
  const node = model.provisionNode(groupIndex, NODE_BOOTING);
  model.setNodeEligible(node, false);
  model.sim.callMethodAfter(bootMs, new BootWait(model, node, onReady), "done");
  return node;
}

/** What happened to a drained node's remaining work. */
export interface DrainOutcome {
  node: number;
  /** Time from the start of the drain to retirement, ms. */
  drainMs: number;
  /** Jobs still on the node when the drain timeout expired (lost); 0 for a clean drain. */
  jobsLost: number;
}

/** A node draining: polled until empty or out of time (kernel method events). */
export class Drain {
  constructor(
    readonly model: ClusterModel,
    readonly node: number,
    readonly startMs: number,
    readonly deadlineMs: number,
    readonly onRetired: LifecycleListener,
  ) {}

  /** Checks the node's remaining work (kernel event). */
  poll(): void {
    const model = this.model;
    if (model.nodes.state[this.node] !== NODE_UP) return this.finish(0);
    const work = model.workOnNode(this.node);
    if (work === 0) return this.finish(0);
    if (model.sim.nowMs >= this.deadlineMs) return this.finish(work);
    model.sim.callMethodAfter(Math.min(DRAIN_POLL_MS, this.deadlineMs - model.sim.nowMs), this, "poll");
  }

  /** Retires the node; `jobsLost` jobs were still on it. */
  finish(jobsLost: number): void {
    this.model.nodes.setDraining(this.node, false, this.model.sim.nowMs);
    this.model.retireNode(this.node);
    const outcome: DrainOutcome = { node: this.node, drainMs: this.model.sim.nowMs - this.startMs, jobsLost };
    tell(this.onRetired, outcome);
  }
}

/**
 * Drains `node` and retires it; tells `onRetired` the DrainOutcome once it is gone. A node that
 * is not up (booting or crashed) has nothing to drain and is retired at once (synchronously).
 */
export function drainAndRetire(model: ClusterModel, node: number, drainTimeoutMs: number, onRetired: LifecycleListener): void {
  const startMs = model.sim.nowMs;
  model.setNodeEligible(node, false);
  const state = model.nodes.state[node];
  if (state === NODE_RETIRED) return tell(onRetired, { node, drainMs: 0, jobsLost: 0 });
  const drain = new Drain(model, node, startMs, startMs + drainTimeoutMs, onRetired);
  if (state === NODE_BOOTING || state === NODE_DOWN) return drain.finish(0);
  model.nodes.setDraining(node, true, startMs);
  drain.poll();
}

/** Indexes of the nodes of `groupIndex` that are not retired, in index order. */
export function liveNodesOfGroup(model: ClusterModel, groupIndex: number): number[] {
  const nodes = model.nodes;
  const out: number[] = [];
  for (let node = 0; node < nodes.count; node++) {
    if (nodes.group[node] === groupIndex && nodes.state[node] !== NODE_RETIRED) out.push(node);
  }
  return out;
}
