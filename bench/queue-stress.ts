/**
 * The event queue alone, two ways:
 * - stress: 1,000,000 pending events at random times, half of them cancelled before they fire,
 *   then the rest drained. Counts pushes + cancels + pops as operations.
 * - hold on three-tier's own operations: the queue operations of a 5-second run of
 *   bench/scenarios/three-tier-20k.yaml (pushes into the pending set and into the FIFO lanes,
 *   peeks and pops, cancels) are recorded, then replayed on a fresh queue, so the queue's cost
 *   per operation is measured on the real mix of delays (~500 pending events, network hops and
 *   gamma/lognormal/exponential service times) without the model around it. A candidate
 *   pending-set structure can be compared on the same sequence (a calendar queue was, on
 *   2026-12-07: no faster than the binary heap here, nor in the whole three-tier run).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { EventQueue, type EventHandle } from "../engine/core/event-queue";
import { RandomStreams } from "../engine/core/rng";
import { simulate } from "../engine/index";
import { cpuNowMs, type BenchRecord } from "./record";

/** The stress run (see the file comment) over `pending` events. */
export function benchQueueStress(pending = 1_000_000): BenchRecord {
  const random = new RandomStreams(3).get("bench/queue").next;
  const startMs = performance.now();
  const queue = new EventQueue(1024);
  const handles = new Float64Array(pending);
  for (let i = 0; i < pending; i++) handles[i] = queue.push(random() * 1e6, 1, i, 0, null);
  let cancelled = 0;
  for (let i = 0; i < pending; i += 2) if (queue.cancel(handles[i]!)) cancelled++;
  let popped = 0, lastMs = -Infinity, ordered = true;
  while (queue.pop()) {
    if (queue.poppedTimeMs < lastMs) ordered = false;
    lastMs = queue.poppedTimeMs;
    popped++;
  }
  const wallMs = performance.now() - startMs;
  const operations = pending + cancelled + popped;
  return {
    name: "queue-stress-1M-pending-half-cancelled",
    modelEventsPerS: operations / (wallMs / 1000),
    wallMs,
    sanity: { label: "events popped in order", value: popped, expected: pending - cancelled, ok: ordered && popped === pending - cancelled },
    notes: `${operations} queue operations (push + cancel + pop)`,
  };
}

// Recorded operations: three numbers each (code, a, b).
const OP_PUSH = 0; // (time, -)
const OP_LANE = 1; // (time, lane)
const OP_POP = 2; // (time popped, -)
const OP_CANCEL = 3; // (index of the push, -)
const OP_PUSH_AS_IF_AT = 4; // (time, seq)

/** A growable list of numbers. */
class Numbers {
  values = new Float64Array(1 << 20);
  length = 0;
  add(a: number, b: number, c: number): void {
    if (this.length + 3 > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = a;
    this.values[this.length++] = b;
    this.values[this.length++] = c;
  }
}

/**
 * The queue operations of a run of `text`, recorded by wrapping EventQueue's methods for the
 * length of the run (and only then), with the number of lanes the run used.
 */
function recordQueueOperations(text: string, duration: string): { ops: Float64Array; lanes: number; pushes: number } {
  const proto = EventQueue.prototype;
  const original = { push: proto.push, pushAsIfAt: proto.pushAsIfAt, pushToLane: proto.pushToLane, pop: proto.pop, cancel: proto.cancel };
  const ops = new Numbers();
  const pushOfHandle = new Map<EventHandle, number>();
  let pushes = 0;
  let lanes = 0;
  proto.push = function (timeMs, kind, target, data, ref) {
    const handle = original.push.call(this, timeMs, kind, target, data, ref);
    ops.add(OP_PUSH, timeMs, 0);
    pushOfHandle.set(handle, pushes++);
    return handle;
  };
  proto.pushAsIfAt = function (seq, timeMs, kind, target, data, ref) {
    const handle = original.pushAsIfAt.call(this, seq, timeMs, kind, target, data, ref);
    ops.add(OP_PUSH_AS_IF_AT, timeMs, seq);
    pushOfHandle.set(handle, pushes++);
    return handle;
  };
  proto.pushToLane = function (lane, timeMs, kind, target, data) {
    // An event out of the lane's order goes to the heap through `push`, which records it.
    const recorded = ops.length;
    original.pushToLane.call(this, lane, timeMs, kind, target, data);
    lanes = Math.max(lanes, lane + 1);
    if (ops.length === recorded) ops.add(OP_LANE, timeMs, lane);
  };
  proto.pop = function () {
    const popped = original.pop.call(this);
    if (popped) ops.add(OP_POP, this.poppedTimeMs, 0);
    return popped;
  };
  proto.cancel = function (handle) {
    const cancelled = original.cancel.call(this, handle);
    if (cancelled) ops.add(OP_CANCEL, pushOfHandle.get(handle)!, 0);
    return cancelled;
  };
  try {
    simulate(text, { overrides: [`run.duration=${duration}`, "run.warmup=0s"] });
  } finally {
    Object.assign(proto, original);
  }
  return { ops: ops.values.subarray(0, ops.length), lanes, pushes };
}

/** Replays recorded operations on a fresh queue; returns how many pops differed from the recording. */
function replay(ops: Float64Array, lanes: number, handles: Float64Array): number {
  const queue = new EventQueue();
  for (let lane = 0; lane < lanes; lane++) queue.addLane();
  let pushes = 0;
  let wrong = 0;
  for (let i = 0; i < ops.length; i += 3) {
    const op = ops[i]!;
    if (op === OP_PUSH) handles[pushes++] = queue.push(ops[i + 1]!, 1, pushes, 0, null);
    else if (op === OP_POP) {
      // The run loop peeks before every pop (engine/core/simulation.ts).
      const nextMs = queue.peekTimeMs();
      queue.pop();
      if (queue.poppedTimeMs !== ops[i + 1] || nextMs !== ops[i + 1]) wrong++;
    } else if (op === OP_LANE) queue.pushToLane(ops[i + 2]!, ops[i + 1]!, 2, 0, 0);
    else if (op === OP_CANCEL) queue.cancel(handles[ops[i + 1]!]!);
    else handles[pushes++] = queue.pushAsIfAt(ops[i + 2]!, ops[i + 1]!, 1, pushes, 0, null);
  }
  return wrong;
}

/**
 * The hold run on three-tier's own operations (see the file comment): one warm-up replay, then
 * the fastest of `rounds` replays, CPU and wall; the sanity figure counts pops that differ from
 * the recording (0 when the queue reproduced the run's order).
 */
export function benchQueueHoldThreeTier(rounds = 5): BenchRecord {
  const text = readFileSync(path.join(process.cwd(), "bench/scenarios/three-tier-20k.yaml"), "utf8");
  const { ops, lanes, pushes } = recordQueueOperations(text, "5s");
  const handles = new Float64Array(pushes);
  let wrong = replay(ops, lanes, handles); // warm the JIT
  // The fastest of `rounds` replays: the least disturbed by other work on the machine.
  let wallMs = Infinity;
  let cpuMs = Infinity;
  for (let round = 0; round < rounds; round++) {
    const startMs = performance.now();
    const startCpuMs = cpuNowMs();
    wrong += replay(ops, lanes, handles);
    cpuMs = Math.min(cpuMs, cpuNowMs() - startCpuMs);
    wallMs = Math.min(wallMs, performance.now() - startMs);
  }
  const operations = ops.length / 3;
  const counts = [0, 0, 0, 0, 0];
  for (let i = 0; i < ops.length; i += 3) counts[ops[i]!]!++;
  return {
    name: "queue-hold-three-tier-20k-5s",
    modelEventsPerS: operations / (wallMs / 1000),
    wallMs,
    cpuMs,
    modelEventsPerCpuS: operations / (cpuMs / 1000),
    sanity: { label: "pops off the recorded order", value: wrong, expected: 0, ok: wrong === 0 },
    notes: `${operations} queue operations of three-tier-20k's first 5 s replayed (${pushes} pushes, ${counts[OP_LANE]} into lanes, ${counts[OP_POP]} peeks + pops, ${counts[OP_CANCEL]} cancels); ${((cpuMs * 1e6) / operations).toFixed(1)} ns CPU per operation, fastest of ${rounds}`,
  };
}
