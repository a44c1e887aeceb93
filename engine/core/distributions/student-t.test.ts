import { describe, expect, it } from "vitest";
import { ParameterError } from "../assert";
import { regularizedIncompleteBeta, studentTCdf, studentTQuantile, studentTUpperTail } from "./student-t";

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe("Student t distribution", () => {
  it("reproduces the printed t table to its three decimals", () => {
    // Printed tables round to 3 decimals: tolerance half a unit there.
    expect(Math.abs(studentTQuantile(0.975, 1) - 12.706)).toBeLessThan(5e-4);
    expect(Math.abs(studentTQuantile(0.975, 10) - 2.228)).toBeLessThan(5e-4);
    expect(Math.abs(studentTQuantile(0.975, 30) - 2.042)).toBeLessThan(5e-4);
  });

  it("matches reference t quantiles to 1e-9 relative, including fractional and tiny degrees of freedom", () => {
    // Reference values: scipy.stats.t.ppf (SciPy 1.17.1).
    const cases: Array<[p: number, df: number, t: number]> = [
      [0.975, 1, 12.706204736174694],
      [1e-8, 1, -31830988.61837906],
      [0.995, 2, 9.924843200918287],
      [0.9, 3, 1.637744353696209],
      [0.001, 5, -5.893429531356009],
      [0.6, 10, 0.2601848294920803],
      [0.995, 30, 2.7499956535672254],
      [1e-8, 30, -7.556534651885402],
      [0.975, 100, 1.9839715185235518],
      [0.975, 1000, 1.9623390808264083],
      [0.975, 2.5, 3.5746548420036817],
      [1e-8, 2.5, -1389.227583027538],
      [0.975, 0.5, 164.55767348048818],
      [1e-8, 0.5, -1028491156316339.8],
    ];
    for (const [p, df, t] of cases) {
      expect(relativeError(studentTQuantile(p, df), t), `p=${p} df=${df}`).toBeLessThan(1e-9);
    }
  });

  it("inverts its own t CDF over a grid of probabilities and degrees of freedom", () => {
    for (const df of [0.7, 1, 2, 3, 4.5, 9, 29, 200, 1e5]) {
      for (const p of [1e-12, 1e-6, 0.01, 0.1, 0.3, 0.5, 0.77, 0.95, 0.999999]) {
        const t = studentTQuantile(p, df);
        // The CDF is computed to ~1e-15 absolute; relative to min(p, 1 - p) allow 1e-10.
        const tail = Math.min(p, 1 - p);
        expect(Math.abs(studentTCdf(t, df) - p) / tail, `p=${p} df=${df}`).toBeLessThan(1e-10);
      }
    }
  });

  it("matches reference t CDF values", () => {
    // Reference values: scipy.stats.t.cdf (SciPy 1.17.1).
    const cases: Array<[t: number, df: number, p: number]> = [
      [2, 3, 0.9303370157205785],
      [-1.5, 7.3, 0.08778154640154305],
      [0.1, 1, 0.5317255174305535],
      [10, 2, 0.9950737714883372],
      [-40, 5, 9.205981085886477e-8],
      [1, 4.5, 0.8159974580599058],
      [-3, 12, 0.005533347843016845],
      [2.5, 1, 0.8788810584091566],
    ];
    for (const [t, df, p] of cases) expect(relativeError(studentTCdf(t, df), p), `t=${t} df=${df}`).toBeLessThan(1e-12);
    expect(studentTCdf(0, 3)).toBe(0.5);
    expect(studentTCdf(Infinity, 3)).toBe(1);
    expect(studentTCdf(-Infinity, 3)).toBe(0);
  });

  it("computes the incomplete beta function it rests on", () => {
    // References: scipy.special.betainc.
    expect(relativeError(regularizedIncompleteBeta(0.3, 2, 3), 0.3483)).toBeLessThan(1e-13);
    expect(relativeError(regularizedIncompleteBeta(0.9, 0.5, 0.5), 0.7951672353008665)).toBeLessThan(1e-13);
    expect(relativeError(regularizedIncompleteBeta(0.01, 10, 0.5), 1.770034965528571e-21)).toBeLessThan(1e-12);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });

  it("gives the upper tail directly, accurate far out where 1 - CDF would round to 0", () => {
    // By symmetry P(T > 40) at df 5 is the reference CDF value at -40 above (scipy.stats.t.cdf).
    expect(relativeError(studentTUpperTail(40, 5), 9.205981085886477e-8)).toBeLessThan(1e-12);
    expect(relativeError(studentTUpperTail(2, 3), 1 - 0.9303370157205785)).toBeLessThan(1e-12);
    expect(studentTUpperTail(0, 3)).toBe(0.5);
    expect(studentTUpperTail(Infinity, 3)).toBe(0);
  });

  it("returns infinities at p = 0 and 1 and rejects bad probabilities and degrees of freedom", () => {
    expect(studentTQuantile(0, 4)).toBe(-Infinity);
    expect(studentTQuantile(1, 4)).toBe(Infinity);
    expect(studentTQuantile(0.5, 4)).toBe(0);
    expect(() => studentTQuantile(1.5, 4)).toThrow(ParameterError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(/^degreesOfFreedom:/);
    expect(() => studentTCdf(1, -2)).toThrow(ParameterError);
    expect(() => studentTCdf(NaN, 2)).toThrow(ParameterError);
  });
});
