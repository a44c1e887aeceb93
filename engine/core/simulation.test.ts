import { describe, expect, it } from "vitest";
import { Digest } from "./hash";
import { RandomStreams } from "./rng";
import { Simulation } from "./simulation";

describe("Simulation", () => {
  it("dispatches typed events and callbacks in (time, insertion) order with the exact timeline", () => {
    const sim = new Simulation({ seed: 1 });
    const log: string[] = [];
    sim.setDispatch((kind, target, data) => log.push(`${sim.nowMs}:k${kind}:t${target}:d${data}`));
    sim.at(10, 1, 1, 0.5);
    sim.callAt(10, () => log.push(`${sim.nowMs}:callback`));
    sim.at(10, 2, 2);
    sim.at(5, 3, 3);
    const outcome = sim.run();
    expect(outcome).toEqual({ stoppedBy: "empty", events: 4 });
    expect(log).toEqual(["5:k3:t3:d0", "10:k1:t1:d0.5", "10:callback", "10:k2:t2:d0"]);
  });

  it("runs until a time, leaves later events pending and sets the clock to that time", () => {
    const sim = new Simulation({ seed: 1 });
    const fired: number[] = [];
    for (const t of [1, 2, 3, 4]) sim.callAt(t, () => fired.push(t));
    expect(sim.run({ untilMs: 2.5 })).toEqual({ stoppedBy: "until", events: 2 });
    expect(sim.nowMs).toBe(2.5);
    expect(fired).toEqual([1, 2]);
    // An event exactly at untilMs fires.
    expect(sim.run({ untilMs: 3 })).toEqual({ stoppedBy: "until", events: 1 });
    expect(sim.queue.size).toBe(1);
  });

  it("runs in slices of at most N events and can be stopped from a handler", () => {
    const sim = new Simulation({ seed: 1 });
    let count = 0;
    const tick = () => { count++; if (count === 25) sim.stop(); sim.callAfter(1, tick); };
    sim.callAt(0, tick);
    expect(sim.run({ eventsMax: 10 })).toEqual({ stoppedBy: "events-max", events: 10 });
    expect(sim.run({ eventsMax: 10 })).toEqual({ stoppedBy: "events-max", events: 10 });
    expect(sim.run({ eventsMax: 10 })).toEqual({ stoppedBy: "stopped", events: 5 });
    expect(sim.eventsProcessed).toBe(25);
    expect(sim.nowMs).toBe(24);
  });

  it("cancels a scheduled event so it never fires", () => {
    const sim = new Simulation({ seed: 1 });
    let fired = false;
    const handle = sim.callAt(5, () => { fired = true; });
    sim.callAt(1, () => expect(sim.cancel(handle)).toBe(true));
    sim.run();
    expect(fired).toBe(false);
  });

  it("refuses to schedule in the past", () => {
    const sim = new Simulation({ seed: 1 });
    sim.callAt(10, () => undefined);
    sim.run();
    expect(() => sim.at(5, 1)).toThrow(/cannot schedule in the past/);
    expect(() => sim.after(-1, 1)).toThrow(/delay must be >= 0/);
    expect(() => sim.at(NaN, 1)).toThrow();
  });

  it("fires uncancellable fixed-delay events in the same order with or without their lanes", () => {
    // A little network: each event sends one or two more after a delay drawn from a few fixed
    // values (some with lanes) or a random one; the timelines must be identical.
    const timeline = (lanes: boolean): string[] => {
      const sim = new Simulation({ seed: 3 });
      if (lanes) { sim.addFixedDelayLane(20); sim.addFixedDelayLane(0); sim.addFixedDelayLane(20); }
      const stream = sim.streams.get("test/delays");
      const log: string[] = [];
      let sent = 0;
      sim.setDispatch((kind, target, data) => {
        log.push(`${sim.nowMs}:k${kind}:t${target}:d${data}`);
        for (let k = 0; k < 2 && sent < 5000; k++) {
          const u = stream.next();
          const delayMs = u < 0.4 ? 20 : u < 0.5 ? 0 : u < 0.6 ? 7 : stream.next() * 30;
          sim.afterUncancellable(delayMs, 1 + (sent % 3), sent++, delayMs);
        }
      });
      expect(sim.queue.laneCount).toBe(lanes ? 2 : 0);
      for (let i = 0; i < 10; i++) sim.at(i, 1, -i);
      sim.run();
      return log;
    };
    const withLanes = timeline(true);
    expect(withLanes.length).toBe(5010);
    expect(withLanes).toEqual(timeline(false));
    expect(() => new Simulation({ seed: 1 }).addFixedDelayLane(-1)).toThrow(/finite and >= 0/);
    expect(() => new Simulation({ seed: 1 }).afterUncancellable(-1, 1)).toThrow(/delay must be >= 0/);
  });

  it("gives identical traces for the same seed and a different trace for another seed", () => {
    const a = busyModelTrace(2024);
    const b = busyModelTrace(2024);
    const c = busyModelTrace(2025);
    expect(a.events).toBeGreaterThan(5000);
    expect(a.cancelled).toBeGreaterThan(500);
    expect(a.ties).toBeGreaterThan(100);
    expect(b.digest).toBe(a.digest);
    expect(c.digest).not.toBe(a.digest);
  });
});

describe("RandomStreams", () => {
  it("gives each name the same sequence whatever order streams are created in", () => {
    const first = new RandomStreams(99);
    const x1 = first.get("node/web-1/service");
    const y1 = first.get("workload/checkout/arrivals");
    const second = new RandomStreams(99);
    const y2 = second.get("workload/checkout/arrivals");
    second.get("a/new/component"); // adding a component shifts nothing
    const x2 = second.get("node/web-1/service");
    for (let i = 0; i < 100; i++) {
      expect(x2.next()).toBe(x1.next());
      expect(y2.next()).toBe(y1.next());
    }
  });

  it("gives different sequences for different names and different root seeds", () => {
    const a = new RandomStreams(1).get("s").next();
    const b = new RandomStreams(1).get("t").next();
    const c = new RandomStreams(2).get("s").next();
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it("resumes streams exactly from a snapshot", () => {
    const streams = new RandomStreams(5);
    const s = streams.get("x");
    for (let i = 0; i < 10; i++) s.next();
    const snapshot = streams.snapshot();
    const expected = [s.next(), s.next(), s.next()];
    const fork = new RandomStreams(5);
    fork.restore(snapshot);
    const f = fork.get("x");
    expect([f.next(), f.next(), f.next()]).toEqual(expected);
  });

  it("rejects a root seed that is not a non-negative integer", () => {
    expect(() => new RandomStreams(-1)).toThrow(/root seed/);
    expect(() => new RandomStreams(1.5)).toThrow(/root seed/);
  });
});

/**
 * A small but busy model: 3 servers, jobs with integer-rounded times (so many events tie),
 * a timeout per job that is cancelled when the job finishes in time, and three streams.
 * Returns a digest of the full event trace.
 */
function busyModelTrace(seed: number): { digest: string; events: number; cancelled: number; ties: number } {
  const ARRIVE = 1, FINISH = 2, TIMEOUT = 3;
  const sim = new Simulation({ seed });
  const arrivals = sim.streams.get("test/arrivals");
  const service = sim.streams.get("test/service");
  const pick = sim.streams.get("test/pick");
  const timeoutOf = new Map<number, number>();
  const digest = new Digest();
  let cancelled = 0, ties = 0, lastMs = -1, nextJob = 0;
  sim.setDispatch((kind, target) => {
    digest.updateNumber(sim.nowMs).updateNumber(kind).updateNumber(target);
    if (sim.nowMs === lastMs) ties++;
    lastMs = sim.nowMs;
    if (kind === ARRIVE) {
      if (nextJob < 3000) sim.after(Math.round(-2 * Math.log(1 - arrivals.next())), ARRIVE, ++nextJob);
      const server = Math.floor(pick.next() * 3);
      sim.after(Math.round(-5 * Math.log(1 - service.next())), FINISH, target, server);
      timeoutOf.set(target, sim.after(12, TIMEOUT, target));
    } else if (kind === FINISH) {
      if (sim.cancel(timeoutOf.get(target)!)) cancelled++;
      timeoutOf.delete(target);
    } else {
      timeoutOf.delete(target);
    }
  });
  sim.at(0, ARRIVE, 0);
  const outcome = sim.run({ untilMs: 1e9 });
  return { digest: digest.hex(), events: sim.eventsProcessed + 0 * outcome.events, cancelled, ties };
}
