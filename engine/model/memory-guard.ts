/**
 * The run-time guard against runaway memory (issue 20, defect 3).
 *
 * A valid scenario can still ask for more memory than any machine has: one node offered more
 * than it can serve with an unbounded queue, retries without a budget, a rate spike no
 * capacity keeps up with. Left alone, the request pools and the event queue grow until V8
 * aborts the process with no message. The run checks a few counters every
 * {@link GUARD_INTERVAL_EVENTS} events (a handful of loads: nothing on the hot path) and, past
 * a limit, ends with a {@link RunLimitError} whose sentence names the cause and the fix. A run
 * that never trips the guard is untouched: checking between slices never changes the order of
 * events, so its Result and digest are the same.
 */
import type { ClusterModel } from "./cluster-model";

/** Events between two checks. */
export const GUARD_INTERVAL_EVENTS = 1 << 16;
/** Most request attempts alive at once (queued, in service or on the wire). */
export const MAX_LIVE_ATTEMPTS = 1_000_000;
/** Most calls (one per hop of a request, including retries) alive at once. */
export const MAX_LIVE_CALLS = 1_000_000;
/** Most events pending in the kernel's queue. */
export const MAX_PENDING_EVENTS = 5_000_000;

/** The limits a run is held to; tests lower them to trip the guard quickly. */
export interface RunLimits {
  liveAttempts: number;
  liveCalls: number;
  pendingEvents: number;
}

/** The limits every run is held to unless a test says otherwise. */
export const DEFAULT_RUN_LIMITS: RunLimits = { liveAttempts: MAX_LIVE_ATTEMPTS, liveCalls: MAX_LIVE_CALLS, pendingEvents: MAX_PENDING_EVENTS };

/**
 * A run stopped because it would outgrow memory: the input is valid but asks for more than a
 * run may hold. The message is one sentence for the user (cause and fix); not a bug.
 */
export class RunLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunLimitError";
  }
}

const count = (n: number): string => n.toLocaleString("en-US");

/** @throws RunLimitError when the model holds more than `limits` allow. */
export function checkRunLimits(model: ClusterModel, limits: RunLimits = DEFAULT_RUN_LIMITS): void {
  const attempts = model.jobs.live;
  const calls = model.calls.live;
  const pending = model.sim.queue.size;
  if (attempts <= limits.liveAttempts && calls <= limits.liveCalls && pending <= limits.pendingEvents) return;
  const at = `at ${count(Math.floor(model.sim.nowMs / 1000))} s simulated`;
  const nodes = model.nodes;
  let deepest = -1;
  for (let node = 0; node < nodes.count; node++) {
    if (deepest < 0 || nodes.queues[node]!.length > nodes.queues[deepest]!.length) deepest = node;
  }
  const depth = deepest < 0 ? 0 : nodes.queues[deepest]!.length;
  if (attempts > limits.liveAttempts && depth * 4 >= attempts) {
    const group = model.spec.groups[nodes.group[deepest]!]!.name;
    throw new RunLimitError(`node ${nodes.names[deepest]} holds ${count(depth)} queued requests ${at}: the offered load exceeds its capacity; set \`queue:\` on group ${group} to bound the queue, or add nodes or cores`);
  }
  if (pending > limits.pendingEvents) {
    throw new RunLimitError(`${count(pending)} events are pending ${at}, more than the ${count(limits.pendingEvents)} a run may hold: work is scheduled faster than it completes; lower the rate or bound queues, retries and timeouts`);
  }
  throw new RunLimitError(`${count(Math.max(attempts, calls))} requests are in flight ${at}, more than the ${count(limits.liveAttempts)} a run may hold: the load grows faster than it completes (retries without a budget, waiting without a timeout); set \`queue:\` on the groups, a retry \`budget:\` or timeouts`);
}
