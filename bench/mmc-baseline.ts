/**
 * The reference point: the same M/M/c model as bench/mmc-kernel.ts on a plain,
 * hand-written JavaScript binary heap of event objects, with no kernel at all. It shows what
 * the kernel costs over the simplest possible loop on this machine.
 */
import { RandomStreams } from "../engine/core/rng";
import type { BenchRecord } from "./record";

interface Ev { t: number; seq: number; kind: number }

function less(a: Ev, b: Ev): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

export function benchMmcBaseline(customers = 1_000_000): BenchRecord {
  const run = (n: number) => {
    const streams = new RandomStreams(1);
    const arrivals = streams.get("mmc/arrivals").next;
    const service = streams.get("mmc/service").next;
    const heap: Ev[] = [];
    let seq = 0;
    const push = (t: number, kind: number) => {
      const e = { t, seq: seq++, kind };
      let i = heap.push(e) - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!less(e, heap[p]!)) break;
        heap[i] = heap[p]!;
        i = p;
      }
      heap[i] = e;
    };
    const pop = (): Ev => {
      const top = heap[0]!;
      const last = heap.pop()!;
      if (heap.length > 0) {
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= heap.length) break;
          if (c + 1 < heap.length && less(heap[c + 1]!, heap[c]!)) c++;
          if (!less(heap[c]!, last)) break;
          heap[i] = heap[c]!;
          i = c;
        }
        heap[i] = last;
      }
      return top;
    };
    const waiting: number[] = [];
    let head = 0, busy = 0, generated = 0, served = 0, waitSum = 0, now = 0;
    push(0, 1);
    while (heap.length > 0) {
      const e = pop();
      now = e.t;
      if (e.kind === 1) {
        if (++generated < n) push(now - Math.log(1 - arrivals()) / 0.0144, 1);
        if (busy < 16) { busy++; served++; push(now - 1000 * Math.log(1 - service()), 2); } else waiting.push(now);
      } else if (head < waiting.length) {
        waitSum += now - waiting[head++]!;
        served++;
        push(now - 1000 * Math.log(1 - service()), 2);
      } else busy--;
    }
    return { served, waitMean: waitSum / served };
  };
  run(50_000);
  const startMs = performance.now();
  const outcome = run(customers);
  const wallMs = performance.now() - startMs;
  return {
    name: "mmc-plain-js-heap-baseline",
    modelEventsPerS: (2 * outcome.served) / (wallMs / 1000),
    wallMs,
    sanity: { label: "mean queue wait (s)", value: outcome.waitMean / 1000, expected: 0.3703, ok: Math.abs(outcome.waitMean / 370.3 - 1) < 0.1 },
    notes: "reference loop without the kernel",
  };
}
