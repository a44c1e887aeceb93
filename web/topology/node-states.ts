/**
 * What state each node was in at a moment: the sampled lifecycle state (up, down, booting,
 * retired, slow) from the worker's per-window record, overlaid with what the timeline says
 * about named nodes: suspected by a failure detector or health check (from "detected" or
 * "false-suspicion" until "trusted"), cut off by a partition (from "partition" until "heal",
 * for the nodes or zones its subject names).
 *
 * Shown state, by priority: retired, down, booting, partitioned, suspected, slow, up.
 */
import type { TimelineEvent } from "../../engine/index";
import type { NodeStateName } from "../charts/palette";
import { NODE_CODE } from "../worker/node-state-recorder";
import type { NodeStates } from "../worker/run-protocol";

/** A state a node shows, including gray failure ("slow") and "absent" (not created yet). */
export type ShownState = NodeStateName;

/** A period in which the timeline puts a node in a state. */
export interface OverlayInterval {
  node: number;
  state: "suspected" | "partitioned";
  startMs: number;
  /** Infinity when it never ended. */
  endMs: number;
}

/** The lifecycle state name of a recorded code. */
export function stateOfCode(code: number): ShownState {
  switch (code) {
    case NODE_CODE.up: return "up";
    case NODE_CODE.down: return "down";
    case NODE_CODE.booting: return "booting";
    case NODE_CODE.retired: return "retired";
    case NODE_CODE.slow: return "slow";
    case NODE_CODE.absent: return "absent";
    default: return "up";
  }
}

/** Nodes a timeline subject names: node names, or every node of a named zone. */
export function subjectNodes(subject: string, nodes: Pick<NodeStates, "names" | "zones">): number[] {
  const tokens = subject.split(/[^a-z0-9-]+/).filter((t) => t !== "");
  const hit = new Set<number>();
  for (const token of tokens) {
    const byName = nodes.names.indexOf(token);
    if (byName >= 0) hit.add(byName);
    else nodes.zones.forEach((zone, i) => { if (zone === token) hit.add(i); });
  }
  return [...hit].sort((a, b) => a - b);
}

/** Suspicion and partition periods from the timeline. */
export function overlayIntervals(timeline: readonly TimelineEvent[], nodes: Pick<NodeStates, "names" | "zones">): OverlayInterval[] {
  const intervals: OverlayInterval[] = [];
  const openSuspicion = new Map<number, OverlayInterval>();
  const openPartition = new Map<string, OverlayInterval[]>();
  for (const event of timeline) {
    if (event.kind === "detected" || event.kind === "false-suspicion") {
      const node = nodes.names.indexOf(event.subject);
      if (node >= 0 && !openSuspicion.has(node)) {
        const interval: OverlayInterval = { node, state: "suspected", startMs: event.atMs, endMs: Infinity };
        openSuspicion.set(node, interval);
        intervals.push(interval);
      }
    } else if (event.kind === "trusted") {
      const node = nodes.names.indexOf(event.subject);
      const open = openSuspicion.get(node);
      if (open) { open.endMs = event.atMs; openSuspicion.delete(node); }
    } else if (event.kind === "partition") {
      const opened = subjectNodes(event.subject, nodes).map((node): OverlayInterval => ({ node, state: "partitioned", startMs: event.atMs, endMs: Infinity }));
      intervals.push(...opened);
      openPartition.set(event.subject, [...(openPartition.get(event.subject) ?? []), ...opened]);
    } else if (event.kind === "heal") {
      for (const interval of openPartition.get(event.subject) ?? []) interval.endMs = event.atMs;
      openPartition.delete(event.subject);
    }
  }
  return intervals;
}

const PRIORITY: ShownState[] = ["absent", "retired", "down", "booting", "partitioned", "suspected", "slow", "up"];

/** The state node `node` shows at time `ms` (window `w` of the record). */
export function shownState(nodes: NodeStates, overlays: readonly OverlayInterval[], node: number, window: number, ms: number): ShownState {
  const base = window >= 0 && window < nodes.windows ? stateOfCode(nodes.states[window * nodes.names.length + node]!) : "up";
  let best = base;
  for (const interval of overlays) {
    if (interval.node !== node || ms < interval.startMs || ms >= interval.endMs) continue;
    if (PRIORITY.indexOf(interval.state) < PRIORITY.indexOf(best)) best = interval.state;
  }
  return best;
}

/**
 * Moments worth jumping to, ms ascending: timeline events, and the start of each window in
 * which some node's recorded state changed with no timeline event to name the moment (an
 * event in that window, or at its end, is the better time to jump to).
 */
export function eventTimes(nodes: NodeStates | undefined, timeline: readonly TimelineEvent[], windowMs: number): number[] {
  const times = new Set<number>(timeline.map((e) => e.atMs));
  if (nodes) {
    const n = nodes.names.length;
    for (let w = 1; w < nodes.windows; w++) {
      const named = timeline.some((e) => e.atMs >= w * windowMs && e.atMs <= (w + 1) * windowMs);
      if (named) continue;
      for (let i = 0; i < n; i++) {
        if (nodes.states[w * n + i] !== nodes.states[(w - 1) * n + i]) { times.add(w * windowMs); break; }
      }
    }
  }
  return [...times].sort((a, b) => a - b);
}

/** Runs of equal shown state for one node: [startWindow, endWindow) and the state. */
export function stateRuns(nodes: NodeStates, overlays: readonly OverlayInterval[], node: number, windowMs: number): Array<{ from: number; to: number; state: ShownState }> {
  const runs: Array<{ from: number; to: number; state: ShownState }> = [];
  for (let w = 0; w < nodes.windows; w++) {
    const state = shownState(nodes, overlays, node, w, (w + 0.5) * windowMs);
    const last = runs[runs.length - 1];
    if (last && last.state === state) last.to = w + 1;
    else runs.push({ from: w, to: w + 1, state });
  }
  return runs;
}
