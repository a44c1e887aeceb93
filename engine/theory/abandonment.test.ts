/**
 * The M/M/n+G formulas of abandonment.ts against results they must reproduce: Barrer's closed
 * form for M/M/1+D, Erlang C when patience is very long, Erlang B when it is very short (every
 * waiting customer leaves), and Erlang-A's numerical integrals against the birth-death chain.
 */
import { describe, expect, it } from "vitest";
import { dmath } from "../core/det-math";
import { impatientQueue } from "./abandonment";
import { erlangB, erlangC, mmcMeanWaitMs } from "./queueing";

describe("impatient queues (M/M/n+G)", () => {
  it("M/M/1+D matches Barrer's closed form for the abandonment probability", () => {
    for (const [rate, d] of [[8, 200], [12, 300], [5, 50]] as const) {
      const rho = rate / 10; // service mean 100 ms
      const e = dmath.exp((rate / 1000 - 1 / 100) * d);
      const barrer = ((1 - rho) * rho * e) / (1 - rho * rho * e);
      const got = impatientQueue({ servers: 1, arrivalRatePerS: rate, serviceMeanMs: 100, patience: { kind: "constant", ms: d } });
      expect(got.abandonProbability).toBeCloseTo(barrer, 12);
    }
  });

  it("tends to Erlang C (no abandonment) as patience grows", () => {
    const queue = { servers: 4, arrivalRatePerS: 30, serviceMeanMs: 100 };
    for (const patience of [{ kind: "constant", ms: 1e6 }, { kind: "exponential", meanMs: 1e7 }] as const) {
      const got = impatientQueue({ ...queue, patience });
      expect(got.waitProbability).toBeCloseTo(erlangC(4, 3), 4);
      expect(got.abandonProbability).toBeLessThan(1e-4);
      expect(got.meanWaitServedMs / mmcMeanWaitMs(queue)).toBeCloseTo(1, 3);
    }
  });

  it("tends to Erlang B (every waiting customer leaves) as patience shrinks", () => {
    const got = impatientQueue({ servers: 4, arrivalRatePerS: 30, serviceMeanMs: 100, patience: { kind: "exponential", meanMs: 1e-3 } });
    expect(got.abandonProbability).toBeCloseTo(erlangB(4, 3), 4);
    expect(got.meanWaitServedMs).toBeLessThan(1e-3);
  });

  it("Erlang-A agrees with the birth-death chain of M/M/n+M", () => {
    // Independent route: states k = customers present; births lambda, deaths min(k, n) mu +
    // max(k - n, 0) theta. By PASTA P(wait) = P(k >= n); abandonments happen at rate theta E[queue],
    // so P(abandon) = theta E[queue] / lambda. Truncated at 2,000 customers (mass beyond < 1e-300).
    for (const [n, rate, meanPatienceMs] of [[3, 40, 200], [10, 120, 50], [1, 15, 400]] as const) {
      const lambda = rate / 1000, mu = 1 / 100, theta = 1 / meanPatienceMs;
      const weights = [1];
      for (let k = 1; k < 2000; k++) weights.push((weights[k - 1]! * lambda) / (Math.min(k, n) * mu + Math.max(k - n, 0) * theta));
      const total = weights.reduce((x, y) => x + y, 0);
      let waiting = 0;
      let queue = 0;
      weights.forEach((w, k) => {
        if (k >= n) waiting += w / total;
        queue += (Math.max(k - n, 0) * w) / total;
      });
      const got = impatientQueue({ servers: n, arrivalRatePerS: rate, serviceMeanMs: 100, patience: { kind: "exponential", meanMs: meanPatienceMs } });
      expect(got.waitProbability).toBeCloseTo(waiting, 8);
      expect(got.abandonProbability).toBeCloseTo((theta * queue) / lambda, 8);
    }
  });
});
