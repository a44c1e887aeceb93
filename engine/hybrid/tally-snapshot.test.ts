/**
 * The whole-count rounding a fluid window's credit uses (tally-snapshot.ts): `splitWhole` shares
 * a whole number out exactly, each share within one of its expectation and with exactly that
 * expectation over the draw; `roundCount` is unbiased. Properties from fast-check; the
 * expectations are checked over a grid of draws, so without sampling noise.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { roundCount, splitWhole } from "./tally-snapshot";

const weightsArb = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 })
  .filter((w) => w.reduce((a, b) => a + b, 0) > 1e-9);

describe("a fluid window's whole-count rounding", () => {
  test.prop([weightsArb, fc.integer({ min: 0, max: 10_000_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])(
    "splitWhole shares out exactly the total, each share within one of its expectation",
    (weights, total, u) => {
      const into = new Float64Array(weights.length);
      splitWhole(total, Float64Array.from(weights), weights.length, () => u, into);
      const sum = weights.reduce((a, b) => a + b, 0);
      expect(into.reduce((a, b) => a + b, 0)).toBe(total);
      into.forEach((credit, i) => {
        expect(Number.isInteger(credit) && credit >= 0).toBe(true);
        expect(Math.abs(credit - (total * weights[i]!) / sum)).toBeLessThan(1 + 1e-6 * total);
      });
    },
  );

  it("gives each share its expectation over the draw", () => {
    const weights = Float64Array.from([3.3, 0, 1.25, 7.05, 0.4]);
    const total = 17;
    const mean = new Float64Array(weights.length);
    const into = new Float64Array(weights.length);
    const draws = 10_000;
    for (let d = 0; d < draws; d++) {
      splitWhole(total, weights, weights.length, () => (d + 0.5) / draws, into);
      into.forEach((credit, i) => (mean[i]! += credit / draws));
    }
    const sum = weights.reduce((a, b) => a + b, 0);
    mean.forEach((m, i) => expect(m).toBeCloseTo((total * weights[i]!) / sum, 3));
  });

  it("rounds a count up with the probability of its fraction", () => {
    const draws = 1000;
    let sum = 0;
    for (let d = 0; d < draws; d++) sum += roundCount(12.37, () => (d + 0.5) / draws);
    expect(sum / draws).toBeCloseTo(12.37, 6);
    expect(roundCount(5, () => 0.999)).toBe(5);
  });
});
