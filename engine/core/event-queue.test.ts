import { describe, expect, it } from "vitest";
import { EventQueue, NO_EVENT } from "./event-queue";
import { RandomStreams } from "./rng";

/** Reference model: a plain array kept sorted by (time, seq). */
interface Ref { timeMs: number; seq: number; target: number; handle: number }

describe("EventQueue", () => {
  it("pops events in time order and breaks ties by insertion order", () => {
    const queue = new EventQueue(4);
    queue.push(5, 1, 10, 0, null);
    queue.push(1, 1, 11, 0, null);
    queue.push(5, 1, 12, 0, null);
    queue.push(1, 1, 13, 0, null);
    queue.push(3, 1, 14, 0, null);
    const order: number[] = [];
    while (queue.pop()) order.push(queue.poppedTarget);
    expect(order).toEqual([11, 13, 14, 10, 12]);
  });

  it("cancels a pending event and ignores stale or repeated cancels", () => {
    const queue = new EventQueue(4);
    const a = queue.push(1, 1, 1, 0, null);
    const b = queue.push(2, 1, 2, 0, null);
    expect(queue.cancel(a)).toBe(true);
    expect(queue.cancel(a)).toBe(false);
    expect(queue.cancel(NO_EVENT)).toBe(false);
    expect(queue.size).toBe(1);
    // The freed slot is reused; the old handle must not cancel the new tenant.
    const c = queue.push(3, 1, 3, 0, null);
    expect(queue.cancel(a)).toBe(false);
    expect(queue.isPending(c)).toBe(true);
    expect(queue.pop()).toBe(true);
    expect(queue.poppedTarget).toBe(2);
    expect(queue.cancel(b)).toBe(false);
    expect(queue.timeOf(c)).toBe(3);
  });

  it("carries the numeric and object payloads", () => {
    const queue = new EventQueue();
    const ref = { id: 9 };
    queue.push(1, 7, 3, 2.5, ref);
    queue.pop();
    expect([queue.poppedKind, queue.poppedTarget, queue.poppedData, queue.poppedRef]).toEqual([7, 3, 2.5, ref]);
    queue.push(2, 1, 0, 0, null);
    queue.pop();
    expect(queue.poppedRef).toBe(null);
  });

  it("stays at the true pending count when most events are cancelled (no lazy-deletion bloat)", () => {
    const queue = new EventQueue(16);
    for (let i = 0; i < 10_000; i++) {
      const timeout = queue.push(i + 1000, 2, i, 0, null);
      queue.push(i + 1, 1, i, 0, null);
      queue.cancel(timeout);
    }
    expect(queue.size).toBe(10_000);
  });

  it("agrees with a sorted-array model under random pushes, pops and cancels", () => {
    // Fuzz: fixed seeds in CI; set CLUSTERSIM_FUZZ_SEEDS=n for more.
    const seedCount = Number(process.env.CLUSTERSIM_FUZZ_SEEDS ?? 20);
    for (let seed = 1; seed <= seedCount; seed++) {
      const random = new RandomStreams(seed).get("fuzz/queue");
      const queue = new EventQueue(2);
      const model: Ref[] = [];
      let seq = 0;
      for (let step = 0; step < 2000; step++) {
        const u = random.next();
        if (u < 0.5) {
          // Few distinct times so ties are frequent.
          const timeMs = Math.floor(random.next() * 50);
          const target = step;
          const handle = queue.push(timeMs, 1, target, 0, null);
          model.push({ timeMs, seq: seq++, target, handle });
          model.sort((a, b) => a.timeMs - b.timeMs || a.seq - b.seq);
        } else if (u < 0.75 && model.length > 0) {
          const victim = model.splice(Math.floor(random.next() * model.length), 1)[0]!;
          expect(queue.cancel(victim.handle), `seed ${seed} step ${step}`).toBe(true);
        } else if (model.length > 0) {
          expect(queue.pop()).toBe(true);
          const expected = model.shift()!;
          expect(queue.poppedTarget, `seed ${seed} step ${step}`).toBe(expected.target);
          expect(queue.poppedTimeMs).toBe(expected.timeMs);
        }
        expect(queue.size).toBe(model.length);
      }
      queue.checkInvariants();
    }
  });

  it("merges FIFO lanes with the heap in (time, seq) order, ties by insertion order", () => {
    const queue = new EventQueue(4);
    const lane = queue.addLane();
    queue.push(5, 1, 10, 0, null);
    queue.pushToLane(lane, 1, 1, 11, 0);
    queue.push(1, 1, 12, 0, null);
    queue.pushToLane(lane, 5, 1, 13, 0);
    queue.pushToLane(lane, 5, 1, 14, 0);
    queue.push(5, 1, 15, 0, null);
    expect(queue.size).toBe(6);
    expect(queue.peekTimeMs()).toBe(1);
    queue.checkInvariants();
    const order: number[] = [];
    while (queue.pop()) order.push(queue.poppedTarget);
    expect(order).toEqual([11, 12, 10, 13, 14, 15]);
    expect(queue.size).toBe(0);
    expect(queue.peekTimeMs()).toBe(Infinity);
  });

  it("sends an event earlier than its lane's last one to the heap, where it still fires in order", () => {
    const queue = new EventQueue(4);
    const lane = queue.addLane();
    queue.pushToLane(lane, 10, 1, 1, 0);
    queue.pushToLane(lane, 3, 1, 2, 0); // out of the lane's order: the heap takes it
    queue.pushToLane(lane, 10, 1, 3, 2.5);
    queue.checkInvariants();
    const popped: Array<[number, number, number, number, unknown]> = [];
    while (queue.pop()) popped.push([queue.poppedTimeMs, queue.poppedKind, queue.poppedTarget, queue.poppedData, queue.poppedRef]);
    expect(popped).toEqual([[3, 1, 2, 0, null], [10, 1, 1, 0, null], [10, 1, 3, 2.5, null]]);
    expect(() => queue.pushToLane(lane, NaN, 1, 0, 0)).toThrow(/finite/);
    expect(() => queue.pushToLane(lane, Infinity, 1, 0, 0)).toThrow(/finite/);
  });

  it("agrees with a sorted-array model with fixed-delay lanes beside the heap, over lane growth", () => {
    // Fuzz: fixed seeds in CI; set CLUSTERSIM_FUZZ_SEEDS=n for more. The clock is the last
    // popped time; lane events are scheduled a fixed delay after it (so in order, as in the
    // model), heap events at random times, with few distinct values so ties are frequent.
    const seedCount = Number(process.env.CLUSTERSIM_FUZZ_SEEDS ?? 20);
    const delays = [0, 2, 5];
    for (let seed = 1; seed <= seedCount; seed++) {
      const random = new RandomStreams(seed).get("fuzz/queue-lanes");
      const queue = new EventQueue(2);
      for (let l = 0; l < delays.length; l++) expect(queue.addLane()).toBe(l);
      const model: Ref[] = [];
      let seq = 0;
      let nowMs = 0;
      for (let step = 0; step < 3000; step++) {
        const u = random.next();
        if (u < 0.6) {
          const toLane = random.next() < 0.6;
          const lane = Math.floor(random.next() * delays.length);
          const timeMs = toLane ? nowMs + delays[lane]! : nowMs + Math.floor(random.next() * 8);
          const handle = toLane ? 0 : queue.push(timeMs, 1, step, 0, null);
          if (toLane) queue.pushToLane(lane, timeMs, 1, step, 0);
          model.push({ timeMs, seq: seq++, target: step, handle });
          model.sort((a, b) => a.timeMs - b.timeMs || a.seq - b.seq);
        } else if (u < 0.7) {
          const victims = model.filter((r) => r.handle !== 0);
          if (victims.length > 0) {
            const victim = victims[Math.floor(random.next() * victims.length)]!;
            model.splice(model.indexOf(victim), 1);
            expect(queue.cancel(victim.handle), `seed ${seed} step ${step}`).toBe(true);
          }
        } else if (model.length > 0) {
          expect(queue.peekTimeMs()).toBe(model[0]!.timeMs);
          expect(queue.pop()).toBe(true);
          const expected = model.shift()!;
          expect(queue.poppedTarget, `seed ${seed} step ${step}`).toBe(expected.target);
          expect(queue.poppedTimeMs).toBe(expected.timeMs);
          nowMs = expected.timeMs;
        }
        expect(queue.size).toBe(model.length);
        if (step % 500 === 0) queue.checkInvariants();
      }
      queue.checkInvariants();
    }
  });
});
