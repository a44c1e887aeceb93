import { describe, expect, it } from "vitest";
import { erlangC } from "../theory/queueing";
import { mmcResponseExceedance, mmcResponseQuantileMs, smallestServersForResponse } from "./mmc-response";

/**
 * P(W + S > t) by quadrature over the service time: P(S > t) + integral over s in [0, t] of
 * f_S(s) P(W > t - s) ds, with P(W > x) = C exp(-theta x). Simpson's rule with 20,000 panels
 * has error O(h^4 f''''), below 1e-10 for these smooth integrands.
 */
function exceedanceByQuadrature(servers: number, arrivalRatePerS: number, serviceMeanMs: number, tMs: number): number {
  const load = (arrivalRatePerS * serviceMeanMs) / 1000;
  const waitProbability = erlangC(servers, load);
  const mu = 1 / serviceMeanMs;
  const theta = (servers - load) / serviceMeanMs;
  const f = (s: number) => mu * Math.exp(-mu * s) * waitProbability * Math.exp(-theta * (tMs - s));
  const panels = 20_000;
  const h = tMs / panels;
  let sum = f(0) + f(tMs);
  for (let i = 1; i < panels; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return Math.exp(-mu * tMs) + (sum * h) / 3;
}

describe("M/M/c response time", () => {
  it("matches a numerical convolution of wait and service", () => {
    for (const [servers, rate, mean, t] of [[1, 8, 100, 700], [5, 40, 100, 350], [16, 14.4, 1000, 2500], [3, 1, 1000, 100]] as const) {
      expect(mmcResponseExceedance({ servers, arrivalRatePerS: rate, serviceMeanMs: mean, tMs: t })).toBeCloseTo(exceedanceByQuadrature(servers, rate, mean, t), 9);
    }
  });

  it("is continuous where the drain rate equals the service rate", () => {
    // c = 2, A = 1: theta = (c - A) / S = mu exactly; the closed form switches branches there.
    const at = (rate: number) => mmcResponseExceedance({ servers: 2, arrivalRatePerS: rate, serviceMeanMs: 100, tMs: 250 });
    expect(at(10)).toBeCloseTo(at(10 + 1e-7), 8);
    expect(at(10)).toBeCloseTo(exceedanceByQuadrature(2, 10, 100, 250), 9);
  });

  it("reduces to M/M/1's exponential response time and to bare service with many servers", () => {
    // M/M/1: R ~ Exp(mu - lambda), so the p99 is ln(100) / (mu - lambda) = 2302.6 ms at rho = 0.8.
    expect(mmcResponseQuantileMs({ servers: 1, arrivalRatePerS: 8, serviceMeanMs: 100, quantile: 0.99 })).toBeCloseTo(Math.log(100) * 500, 6);
    // 100 servers at A = 1 almost never queue: the p95 is the service time's, -ln(0.05) * 100 ms.
    expect(mmcResponseQuantileMs({ servers: 100, arrivalRatePerS: 10, serviceMeanMs: 100, quantile: 0.95 })).toBeCloseTo(-Math.log(0.05) * 100, 6);
    expect(mmcResponseQuantileMs({ servers: 4, arrivalRatePerS: 40, serviceMeanMs: 100, quantile: 0.5 })).toBe(Infinity);
  });

  it("finds the smallest server count meeting a response-time quantile, as a scan of quantiles does", () => {
    for (const [rate, quantile, target] of [[50, 0.9, 300], [200, 0.95, 330], [800, 0.99, 480], [5, 0.5, 80]] as const) {
      let scanned = 1;
      while (mmcResponseQuantileMs({ servers: scanned, arrivalRatePerS: rate, serviceMeanMs: 100, quantile }) > target) scanned++;
      expect(smallestServersForResponse({ arrivalRatePerS: rate, serviceMeanMs: 100, quantile, targetMs: target })).toBe(scanned);
    }
  });

  it("says no count suffices when the target is below the bare service time's quantile", () => {
    // p90 of Exp(mean 100 ms) alone is 230.3 ms: no number of servers gets below it.
    expect(smallestServersForResponse({ arrivalRatePerS: 10, serviceMeanMs: 100, quantile: 0.9, targetMs: 230 })).toBe(Infinity);
  });
});
