import { describe, expect, it } from "vitest";
import { gammaQuantile, lnGamma, normalCdf, normalQuantile, regularizedGammaP } from "./special-functions";

/** |actual - expected| <= relative * |expected|, with the seed-free case named in the message. */
function expectRelative(actual: number, expected: number, relative: number, label: string): void {
  expect(Math.abs(actual - expected), `${label}: got ${actual}, expected ${expected}`).toBeLessThanOrEqual(
    relative * Math.abs(expected),
  );
}

describe("normalCdf", () => {
  // Reference values: 0.5 * erfc(-z / sqrt(2)) from a C library (CPython math.erfc).
  it("matches reference values in the centre and far into both tails", () => {
    const reference: Array<[number, number]> = [
      [0, 0.5],
      [1.96, 0.9750021048517795],
      [-1, 0.15865525393145707],
      [-5, 2.866515718791946e-7],
      [-10, 7.619853024160593e-24],
      [-20, 2.7536241186063314e-89],
    ];
    for (const [z, expected] of reference) expectRelative(normalCdf(z), expected, 1e-13, `Phi(${z})`);
  });

  it("is symmetric: Phi(z) + Phi(-z) = 1", () => {
    for (const z of [0.1, 0.5, 0.66291, 1, 2.5, 4, 5.65, 6, 8]) {
      expect(Math.abs(normalCdf(z) + normalCdf(-z) - 1)).toBeLessThan(2e-16);
    }
  });
});

describe("normalQuantile", () => {
  it("matches reference percentage points", () => {
    expect(normalQuantile(0.5)).toBe(0);
    expectRelative(normalQuantile(0.975), 1.959963984540054, 1e-14, "z(0.975)");
    expectRelative(normalQuantile(0.99), 2.3263478740408408, 1e-14, "z(0.99)");
  });

  it("inverts normalCdf across all three of its approximation regions", () => {
    // p down to 1e-300 exercises the far-tail branch (sqrt(-ln p) > 5 beyond p ~ 1.4e-11).
    for (const p of [1e-300, 1e-50, 1e-12, 1e-5, 0.01, 0.075, 0.3, 0.5, 0.7, 0.925, 0.99, 1 - 1e-10]) {
      expectRelative(normalCdf(normalQuantile(p)), p, 1e-12, `Phi(z(${p}))`);
    }
  });

  it("returns infinities at 0 and 1 and NaN outside [0, 1]", () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});

describe("lnGamma", () => {
  it("matches reference values, including below 1/2 where it uses reflection", () => {
    // Reference: CPython math.lgamma; ln Gamma(1) = ln Gamma(2) = 0, Gamma(n) = (n - 1)!.
    const reference: Array<[number, number]> = [
      [0.001, 6.907178885383854],
      [0.1, 2.2527126517342055],
      [0.5, 0.5723649429247004],
      [10, 12.801827480081467],
      [171.5, 709.1431630309282],
    ];
    for (const [x, expected] of reference) expectRelative(lnGamma(x), expected, 1e-13, `lnGamma(${x})`);
    expect(Math.abs(lnGamma(1))).toBeLessThan(1e-15);
    expect(Math.abs(lnGamma(2))).toBeLessThan(1e-15);
    expectRelative(Math.exp(lnGamma(6)), 120, 1e-13, "Gamma(6)");
  });
});

describe("regularizedGammaP", () => {
  it("matches the closed forms for shapes 1, 3 and 1/2 on both sides of x = a + 1", () => {
    for (const x of [0.01, 0.5, 1, 2, 3.9, 4.1, 10, 30]) {
      // Shape 1 is the exponential CDF; shape 3 is the Erlang-3 CDF.
      expectRelative(regularizedGammaP(1, x), -Math.expm1(-x), 1e-13, `P(1, ${x})`);
      const erlang3 = 1 - Math.exp(-x) * (1 + x + (x * x) / 2);
      expect(Math.abs(regularizedGammaP(3, x) - erlang3), `P(3, ${x})`).toBeLessThan(1e-14);
      // Shape 1/2: P(1/2, x) = erf(sqrt(x)) = 2 Phi(sqrt(2x)) - 1.
      const halfShape = 2 * normalCdf(Math.sqrt(2 * x)) - 1;
      expect(Math.abs(regularizedGammaP(0.5, x) - halfShape), `P(1/2, ${x})`).toBeLessThan(1e-14);
    }
  });

  it("converges for a large shape near its mean", () => {
    // P(a, a) = 1/2 + 1 / (3 sqrt(2 pi a)) + O(1/a) (Temme's expansion); for a = 1000 the
    // neglected terms are below 1e-4.
    const a = 1000;
    const expected = 0.5 + 1 / (3 * Math.sqrt(2 * Math.PI * a));
    expect(Math.abs(regularizedGammaP(a, a) - expected)).toBeLessThan(1e-4);
  });

  it("is 0 at and below zero and 1 at infinity", () => {
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaP(2, -1)).toBe(0);
    expect(regularizedGammaP(2, Infinity)).toBe(1);
  });
});

describe("gammaQuantile", () => {
  it("inverts regularizedGammaP for small, medium and large shapes", () => {
    for (const a of [0.1, 0.5, 1, 2.5, 40, 1000]) {
      for (const p of [1e-6, 0.01, 0.5, 0.9, 0.999]) {
        const x = gammaQuantile(a, p);
        expectRelative(regularizedGammaP(a, x), p, 1e-9, `P(${a}, Q(${a}, ${p}))`);
      }
    }
  });

  it("gives the exponential quantile for shape 1", () => {
    expectRelative(gammaQuantile(1, 0.5), Math.LN2, 1e-12, "Q(1, 0.5)");
  });
});
