/**
 * The event queue alone: 1,000,000 pending events at random times, half of them cancelled
 * before they fire, then the rest drained. Counts pushes + cancels + pops as operations.
 */
import { EventQueue } from "../engine/core/event-queue";
import { RandomStreams } from "../engine/core/rng";
import type { BenchRecord } from "./record";

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
