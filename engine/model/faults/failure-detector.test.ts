import { describe, expect, it } from "vitest";
import { normalQuantile } from "../../core/distributions";
import { FailureDetector, type VerdictListener } from "./failure-detector";

/** A listener that records verdicts as "suspect 3" / "trust 3". */
function recorder(): VerdictListener & { log: string[] } {
  const log: string[] = [];
  return { log, suspect: (node) => log.push(`suspect ${node}`), trust: (node) => log.push(`trust ${node}`) };
}

describe("fixed-timeout failure detector", () => {
  it("suspects a node at the first check at or after its last heartbeat plus the timeout", () => {
    const verdicts = recorder();
    const detector = new FailureDetector({ kind: "timeout", timeoutMs: 3000 }, 1000, 4, verdicts);
    detector.watch(0, 0);
    detector.watch(1, 0);
    for (let t = 1000; t <= 5000; t += 1000) detector.heartbeat(1, t);
    detector.heartbeat(0, 1000);
    detector.heartbeat(0, 2000);
    expect(detector.check(4999)).toBe(0);
    expect(detector.check(5000)).toBe(1); // 2000 + 3000
    expect(verdicts.log).toEqual(["suspect 0"]);
    expect(detector.check(7000)).toBe(0); // suspected once, not again
    expect(detector.check(8000)).toBe(1); // node 1: 5000 + 3000
    detector.heartbeat(0, 9000);
    expect(verdicts.log).toEqual(["suspect 0", "suspect 1", "trust 0"]);
    expect(detector.check(11_999)).toBe(0);
    expect(detector.check(12_000)).toBe(1);
  });

  it("ignores heartbeats from nodes it does not watch", () => {
    const verdicts = recorder();
    const detector = new FailureDetector({ kind: "timeout", timeoutMs: 100 }, 50, 2, verdicts);
    detector.heartbeat(1, 10);
    detector.watch(0, 0);
    detector.unwatch(0);
    detector.heartbeat(0, 20);
    expect(detector.check(1000)).toBe(0);
    expect(verdicts.log).toEqual([]);
  });

  it("grows past its initial capacity", () => {
    const detector = new FailureDetector({ kind: "timeout", timeoutMs: 10 }, 5, 2, recorder());
    detector.watch(40, 0);
    expect(detector.check(10)).toBe(1);
  });
});

describe("phi accrual failure detector", () => {
  const options = { kind: "phi-accrual" as const, threshold: 8, window: 100, minStdDevMs: 100, acceptablePauseMs: 0 };

  it("learns the mean interval: after regular heartbeats the EWMA mean is the interval", () => {
    const detector = new FailureDetector({ ...options, minStdDevMs: 10 }, 500, 1, recorder());
    detector.watch(0, 0);
    // Heartbeats every 1000 ms after a bootstrap of 500 ms: the EWMA forgets the bootstrap
    // geometrically, (1 - alpha)^k with alpha = 2/101; after 2000 beats that is below 1e-17.
    for (let k = 1; k <= 2000; k++) detector.heartbeat(0, k * 1000);
    // Variance 0, so the floor applies: phi = threshold exactly at mean + minStdDev * z.
    const z = -normalQuantile(1e-8);
    const crossingMs = 2000 * 1000 + 1000 + 10 * z;
    expect(detector.deadlineMs[0]).toBeCloseTo(crossingMs, 6);
    expect(detector.phi(0, crossingMs)).toBeCloseTo(8, 6);
  });

  it("reaches the threshold exactly at its deadline, and suspects there", () => {
    const verdicts = recorder();
    const detector = new FailureDetector(options, 1000, 1, verdicts);
    detector.watch(0, 0);
    // Jittered heartbeats: 900, 1100, 900, ... so the variance is learnt (sd near 100 ms).
    let t = 0;
    for (let k = 0; k < 500; k++) detector.heartbeat(0, (t += k % 2 === 0 ? 900 : 1100));
    const deadline = detector.deadlineMs[0]!;
    expect(detector.phi(0, deadline)).toBeCloseTo(8, 6);
    expect(detector.phi(0, t + 1000)).toBeLessThan(1); // at the mean interval: P(later) near 1/2
    expect(detector.check(deadline - 1)).toBe(0);
    expect(detector.check(deadline)).toBe(1);
    expect(verdicts.log).toEqual(["suspect 0"]);
  });

  it("never suspects a node whose heartbeats keep their rhythm", () => {
    const detector = new FailureDetector(options, 1000, 3, recorder());
    for (let node = 0; node < 3; node++) detector.watch(node, 0);
    let suspicions = 0;
    for (let t = 1000; t <= 600_000; t += 1000) {
      for (let node = 0; node < 3; node++) detector.heartbeat(node, t + node * 7);
      suspicions += detector.check(t + 500);
    }
    expect(suspicions).toBe(0);
  });

  it("starts over from the bootstrap estimate when a suspected node is heard again", () => {
    const detector = new FailureDetector(options, 1000, 1, recorder());
    detector.watch(0, 0);
    detector.check(60_000);
    detector.heartbeat(0, 60_000); // trusted again; the 60 s silence is not an interval sample
    detector.heartbeat(0, 61_000);
    const z = -normalQuantile(1e-8);
    // After one sample x = 1000 equal to the bootstrap mean, the mean stays 1000 and the
    // variance (1 - alpha) * 250^2 is above the 100 ms floor.
    const alpha = 2 / 101;
    expect(detector.deadlineMs[0]).toBeCloseTo(61_000 + 1000 + Math.sqrt((1 - alpha) * 250 ** 2) * z, 6);
  });
});
