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
 * Both are rare events (a few per scaling step), so they use kernel callbacks. Draining polls
 * `workOnNode` every DRAIN_POLL_MS because the model has no "node became idle" signal; the
 * poll costs one scan of the live jobs per draining node per poll.
 */
import type { ClusterModel } from "../cluster-model";
import { NODE_BOOTING, NODE_DOWN, NODE_RETIRED, NODE_UP } from "../nodes";

/** How often a draining node is checked for remaining work, ms. */
export const DRAIN_POLL_MS = 1000;

/**
 * Provisions a node in `groupIndex` that serves after `bootMs`; calls `onReady(node)` when it
 * comes up. If the node was retired (or crashed) while booting, it never comes up and
 * `onReady` is not called. Returns the new node's index.
 */
export function bootNode(model: ClusterModel, groupIndex: number, bootMs: number, onReady: (node: number) => void): number {
  const node = model.provisionNode(groupIndex, NODE_BOOTING);
  model.setNodeEligible(node, false);
  model.sim.callAfter(bootMs, () => {
    if (model.nodes.state[node] !== NODE_BOOTING) return;
    model.recoverNode(node);
    model.setNodeEligible(node, true);
    onReady(node);
  });
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

/**
 * Drains `node` and retires it; calls `onRetired` once it is gone. A node that is not up
 * (booting or crashed) has nothing to drain and is retired at once (synchronously).
 */
export function drainAndRetire(model: ClusterModel, node: number, drainTimeoutMs: number, onRetired: (outcome: DrainOutcome) => void): void {
  const startMs = model.sim.nowMs;
  model.setNodeEligible(node, false);
  const finish = (jobsLost: number) => {
    model.nodes.setDraining(node, false, model.sim.nowMs);
    model.retireNode(node);
    onRetired({ node, drainMs: model.sim.nowMs - startMs, jobsLost });
  };
  const state = model.nodes.state[node];
  if (state === NODE_BOOTING || state === NODE_DOWN) return finish(0);
  if (state === NODE_RETIRED) return onRetired({ node, drainMs: 0, jobsLost: 0 });
  model.nodes.setDraining(node, true, startMs);
  const deadlineMs = startMs + drainTimeoutMs;
  const poll = () => {
    if (model.nodes.state[node] !== NODE_UP) return finish(0);
    const work = model.workOnNode(node);
    if (work === 0) return finish(0);
    if (model.sim.nowMs >= deadlineMs) return finish(work);
    model.sim.callAfter(Math.min(DRAIN_POLL_MS, deadlineMs - model.sim.nowMs), poll);
  };
  poll();
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
