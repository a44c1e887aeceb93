import { describe, expect, it } from "vitest";
import { ParameterError } from "./assert";
import { createDistribution, describeDistribution } from "./distributions";
import type { Distribution, DistributionSpec } from "./distributions";
import { lnGamma, normalCdf, normalPdf } from "./distributions/special-functions";
import { RandomStreams } from "./rng";

/*
 * Statistical checks and their tolerances.
 *
 * Each case draws N samples for every seed in SEEDS (fixed, so a failure reproduces; every
 * message starts with its seed). With mu_k the raw moments E[X^k], written out below
 * independently of the implementation:
 *
 * - Sample mean: standard error sqrt(sigma^2 / N); allowed deviation 5 standard errors (a false
 *   alarm has probability 6e-7 under the CLT). Skipped where the variance is infinite.
 * - Sample variance s^2: exactly Var(s^2) = (mu4c - sigma^4 (N - 3) / (N - 1)) / N, with mu4c
 *   the 4th central moment, so its standard error is sqrt((mu4c - sigma^4) / N) to within
 *   1 part in N; allowed 5 standard errors. Skipped where the 4th moment is infinite (s^2 then
 *   has infinite variance and the CLT does not apply).
 * - Quantiles: the empirical p-quantile (order statistic k = ceil(N p)) has F(X_(k)) ~
 *   Beta(k, N + 1 - k), with sd ~ sqrt(p (1 - p) / N). So X_(k) must lie between
 *   quantile(p - d) and quantile(p + d) with d = 5 sqrt(p (1 - p) / N) + 1 / N.
 * - Kolmogorov-Smirnov: D_N = sup |F_N(x) - F(x)| must stay below K_alpha / sqrt(N). The
 *   Kolmogorov distribution's tail is P(sqrt(N) D_N > K) ~ 2 exp(-2 K^2), so
 *   K_alpha = sqrt(-ln(alpha / 2) / 2); a single test at alpha = 0.01 gives the familiar
 *   K = 1.63. This file runs 36 KS tests (18 continuous cases x 2 seeds), and at 1.63 each a
 *   correct sampler would fail one of them with probability 1 - 0.99^36 = 30% (seed 2 of the
 *   uniform case does: sqrt(N) D_N = 1.76 at N = 25k, 0.61 at N = 1M). So alpha = 0.01 is
 *   the family-wise level, split evenly over the tests (Bonferroni): K = 2.11 for 36 tests.
 */
const SEEDS = [1, 2];
const N = 25_000;
const STANDARD_ERRORS = 5;
const KS_ALPHA_FAMILY = 0.01;

interface Case {
  spec: DistributionSpec;
  /** Independent closed form of E[X^k] for k = 1..4 (Infinity where it diverges). */
  rawMoment: (k: number) => number;
  /** Continuous distributions get a KS test and a cdf/quantile round trip. */
  continuous: boolean;
  /** Extra probabilities at which to compare sample and analytic quantiles. */
  extraPs?: number[];
}

const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
const risingFactorial = (a: number, k: number): number => (k === 0 ? 1 : (a + k - 1) * risingFactorial(a, k - 1));
const binomial = (n: number, k: number): number => factorial(n) / (factorial(k) * factorial(n - k));

/** E[X^k] of exp(N(mu, sigma^2)) is exp(k mu + k^2 sigma^2 / 2). */
const lognormalMoment = (mu: number, sigma: number) => (k: number) => Math.exp(k * mu + (k * k * sigma * sigma) / 2);

/**
 * E[X^k] for Normal(mu, sd) conditioned on X > 0. For Z standard normal truncated below at
 * alpha: M0 = 1, M1 = h, M_j = (j - 1) M_(j-2) + alpha^(j-1) h, with h = phi(alpha) / (1 -
 * Phi(alpha)) (integrate z^(j-1) z phi(z) by parts); then expand (mu + sd Z)^k binomially.
 */
function truncatedNormalMoment(mu: number, sd: number): (k: number) => number {
  const alpha = -mu / sd;
  const h = normalPdf(alpha) / normalCdf(-alpha);
  const m = [1, h];
  for (let j = 2; j <= 4; j++) m.push((j - 1) * m[j - 2]! + Math.pow(alpha, j - 1) * h);
  return (k) => {
    let sum = 0;
    for (let j = 0; j <= k; j++) sum += binomial(k, j) * Math.pow(mu, k - j) * Math.pow(sd, j) * m[j]!;
    return sum;
  };
}

/** E[X^k] for a piecewise-linear quantile function: sum of w (b^(k+1) - a^(k+1)) / ((k+1)(b - a)). */
function piecewiseLinearMoment(rows: Array<[number, number]>): (k: number) => number {
  return (k) => {
    let sum = 0;
    for (let i = 0; i + 1 < rows.length; i++) {
      const [p0, a] = rows[i]!;
      const [p1, b] = rows[i + 1]!;
      sum += a === b ? (p1 - p0) * a ** k : ((p1 - p0) * (b ** (k + 1) - a ** (k + 1))) / ((k + 1) * (b - a));
    }
    return sum;
  };
}

const LATENCY_TABLE = [
  { p: 0.5, value: 20 },
  { p: 0.9, value: 45 },
  { p: 0.99, value: 120 },
  { p: 0.999, value: 400 },
];
/** The table's top: the last slope (400 - 120) / 0.009 extended over the last 0.001. */
const LATENCY_TABLE_MAX = 400 + (0.001 * 280) / 0.009;
const Z99 = 2.3263478740408408;

const CASES: Case[] = [
  { spec: { type: "constant", value: 7 }, rawMoment: (k) => 7 ** k, continuous: false },
  {
    spec: { type: "uniform", min: 10, max: 30 },
    rawMoment: (k) => (30 ** (k + 1) - 10 ** (k + 1)) / ((k + 1) * 20),
    continuous: true,
  },
  { spec: { type: "exponential", mean: 250 }, rawMoment: (k) => factorial(k) * 250 ** k, continuous: true },
  { spec: { type: "exponential", rate: 0.004 }, rawMoment: (k) => factorial(k) * 250 ** k, continuous: true },
  {
    // E[X^k] of N(100, 20^2): mu, mu^2 + s^2, mu^3 + 3 mu s^2, mu^4 + 6 mu^2 s^2 + 3 s^4.
    spec: { type: "normal", mean: 100, sd: 20, truncateAtZero: false },
    rawMoment: (k) => [1, 100, 100 ** 2 + 400, 100 ** 3 + 3 * 100 * 400, 100 ** 4 + 6 * 100 ** 2 * 400 + 3 * 400 ** 2][k]!,
    continuous: true,
  },
  // Mean 10 with sd 20 loses 31% of the mass to truncation, so the truncated moments matter.
  { spec: { type: "normal", mean: 10, sd: 20 }, rawMoment: truncatedNormalMoment(10, 20), continuous: true },
  {
    // sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2 / 2.
    spec: { type: "lognormal", mean: 100, cv: 0.5 },
    rawMoment: lognormalMoment(Math.log(100) - Math.log(1.25) / 2, Math.sqrt(Math.log(1.25))),
    continuous: true,
  },
  {
    spec: { type: "lognormal", median: 20, p99: 120 },
    rawMoment: lognormalMoment(Math.log(20), Math.log(6) / Z99),
    continuous: true,
  },
  {
    // E[X^k] = shape scale^k / (shape - k) for k < shape: shape 5 has 4 finite moments.
    spec: { type: "pareto", scale: 10, shape: 5 },
    rawMoment: (k) => (5 * 10 ** k) / (5 - k),
    continuous: true,
  },
  {
    // Shape 1.5: finite mean, infinite variance, so only quantiles and KS are checked.
    spec: { type: "pareto", scale: 10, shape: 1.5 },
    rawMoment: (k) => (k < 1.5 ? (1.5 * 10 ** k) / (1.5 - k) : Infinity),
    continuous: true,
    extraPs: [0.999],
  },
  {
    // E[X^k] = shape L^shape (H^(k - shape) - L^(k - shape)) / ((k - shape) (1 - (L/H)^shape)).
    spec: { type: "bounded-pareto", min: 1, max: 1000, shape: 1.2 },
    rawMoment: (k) => (1.2 * (1000 ** (k - 1.2) - 1)) / ((k - 1.2) * (1 - 1000 ** -1.2)),
    continuous: true,
  },
  {
    // E[X^k] = scale^k Gamma(1 + k / shape).
    spec: { type: "weibull", shape: 1.5, scale: 100 },
    rawMoment: (k) => 100 ** k * Math.exp(lnGamma(1 + k / 1.5)),
    continuous: true,
  },
  {
    spec: { type: "weibull", shape: 0.7, scale: 50 },
    rawMoment: (k) => 50 ** k * Math.exp(lnGamma(1 + k / 0.7)),
    continuous: true,
  },
  {
    // E[X^k] = scale^k shape (shape + 1) ... (shape + k - 1).
    spec: { type: "gamma", shape: 2.5, scale: 40 },
    rawMoment: (k) => 40 ** k * risingFactorial(2.5, k),
    continuous: true,
  },
  {
    // Shape below 1 exercises the U^(1/shape) boost.
    spec: { type: "gamma", shape: 0.4, scale: 10 },
    rawMoment: (k) => 10 ** k * risingFactorial(0.4, k),
    continuous: true,
  },
  // Erlang k = 3 is sampled as a product of uniforms, k = 40 by Marsaglia-Tsang.
  { spec: { type: "erlang", k: 3, mean: 90 }, rawMoment: (k) => 30 ** k * risingFactorial(3, k), continuous: true },
  { spec: { type: "erlang", k: 40, mean: 200 }, rawMoment: (k) => 5 ** k * risingFactorial(40, k), continuous: true },
  {
    spec: { type: "empirical", points: LATENCY_TABLE },
    rawMoment: piecewiseLinearMoment([[0, 0], [0.5, 20], [0.9, 45], [0.99, 120], [0.999, 400], [1, LATENCY_TABLE_MAX]]),
    continuous: true,
    extraPs: [0.999],
  },
  {
    // Cache hits and misses. Raw moments of a mixture are the weighted raw moments.
    spec: {
      type: "mixture",
      components: [
        { weight: 0.9, dist: { type: "exponential", mean: 20 } },
        { weight: 0.1, dist: { type: "lognormal", median: 200, p99: 1000 } },
      ],
    },
    rawMoment: (k) => 0.9 * factorial(k) * 20 ** k + 0.1 * lognormalMoment(Math.log(200), Math.log(5) / Z99)(k),
    continuous: true,
    extraPs: [0.95],
  },
];

const KS_TESTS = CASES.filter((c) => c.continuous).length * SEEDS.length;
const KS_K = Math.sqrt(-Math.log(KS_ALPHA_FAMILY / KS_TESTS / 2) / 2);
const KS_CRITICAL = KS_K / Math.sqrt(N);

const sampleCache = new Map<string, Float64Array>();

/** N samples of `spec` from stream "test/<label>" of seed `seed`, drawn once and sorted. */
function sortedSamples(spec: DistributionSpec, seed: number): Float64Array {
  const key = `${seed}/${JSON.stringify(spec)}`;
  let samples = sampleCache.get(key);
  if (samples === undefined) {
    const dist = createDistribution(spec);
    const stream = new RandomStreams(seed).get(`test/${describeDistribution(spec)}`);
    samples = new Float64Array(N);
    for (let i = 0; i < N; i++) samples[i] = dist.sample(stream);
    samples.sort();
    sampleCache.set(key, samples);
  }
  return samples;
}

function sampleMeanAndVariance(xs: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let squares = 0;
  for (const x of xs) squares += (x - mean) * (x - mean);
  return { mean, variance: squares / (xs.length - 1) };
}

/** D_N = max over i of max(F(x_(i)) - (i - 1) / N, i / N - F(x_(i))) for sorted samples. */
function ksStatistic(sorted: Float64Array, dist: Distribution): number {
  let d = 0;
  for (let i = 0; i < sorted.length; i++) {
    const f = dist.cdf(sorted[i]!);
    d = Math.max(d, f - i / sorted.length, (i + 1) / sorted.length - f);
  }
  return d;
}

describe("createDistribution", () => {
  for (const testCase of CASES) {
    const { spec, rawMoment } = testCase;
    const label = describeDistribution(spec);
    const [m1, m2, m3, m4] = [1, 2, 3, 4].map(rawMoment) as [number, number, number, number];
    const varianceExpected = m2 - m1 * m1;
    // 4th central moment from raw moments: E[(X - m)^4] = m4 - 4 m m3 + 6 m^2 m2 - 3 m^4.
    const centralMoment4 = m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4;

    describe(label, () => {
      const dist = createDistribution(spec);

      it("reports the analytic mean and variance of its closed form", () => {
        expect(dist.type).toBe(spec.type);
        expect(dist.mean).toBeDefined();
        expect(Math.abs(dist.mean! - m1)).toBeLessThanOrEqual(1e-9 * Math.abs(m1) + 1e-12);
        if (Number.isFinite(varianceExpected)) {
          expect(Math.abs(dist.variance! - varianceExpected)).toBeLessThanOrEqual(1e-8 * varianceExpected + 1e-12);
        } else {
          expect(dist.variance).toBeUndefined();
        }
      });

      it.skipIf(!Number.isFinite(varianceExpected))("has a sample mean within 5 standard errors of its mean", () => {
        for (const seed of SEEDS) {
          const { mean } = sampleMeanAndVariance(sortedSamples(spec, seed));
          const tolerance = STANDARD_ERRORS * Math.sqrt(varianceExpected / N);
          expect(Math.abs(mean - m1), `seed ${seed}: sample mean ${mean} vs ${m1}`).toBeLessThanOrEqual(tolerance);
        }
      });

      it.skipIf(!Number.isFinite(centralMoment4))("has a sample variance within 5 standard errors of its variance", () => {
        for (const seed of SEEDS) {
          const { variance } = sampleMeanAndVariance(sortedSamples(spec, seed));
          const tolerance = STANDARD_ERRORS * Math.sqrt((centralMoment4 - varianceExpected ** 2) / N);
          expect(Math.abs(variance - varianceExpected), `seed ${seed}: sample variance ${variance} vs ${varianceExpected}`).toBeLessThanOrEqual(
            tolerance,
          );
        }
      });

      it("has sample p50, p90 and p99 within 5 standard errors of quantile()", () => {
        for (const seed of SEEDS) {
          const sorted = sortedSamples(spec, seed);
          for (const p of [0.5, 0.9, 0.99, ...(testCase.extraPs ?? [])]) {
            const observed = sorted[Math.ceil(N * p) - 1]!;
            const d = STANDARD_ERRORS * Math.sqrt((p * (1 - p)) / N) + 1 / N;
            const [low, high] = [dist.quantile(Math.max(0, p - d)), dist.quantile(Math.min(1, p + d))];
            expect(observed, `seed ${seed}: p${p * 100} ${observed} outside [${low}, ${high}]`).toBeGreaterThanOrEqual(low);
            expect(observed, `seed ${seed}: p${p * 100} ${observed} outside [${low}, ${high}]`).toBeLessThanOrEqual(high);
          }
        }
      });

      it.skipIf(!testCase.continuous)("passes a Kolmogorov-Smirnov test (D_N < K / sqrt(N), family-wise alpha = 0.01)", () => {
        for (const seed of SEEDS) {
          const d = ksStatistic(sortedSamples(spec, seed), dist);
          expect(d, `seed ${seed}: D_N = ${d}, critical ${KS_CRITICAL}`).toBeLessThan(KS_CRITICAL);
        }
      });

      it.skipIf(!testCase.continuous)("inverts its cdf: cdf(quantile(p)) = p", () => {
        for (const p of [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999]) {
          expect(Math.abs(dist.cdf(dist.quantile(p)) - p), `p ${p}`).toBeLessThan(1e-9);
        }
      });

      it("draws identical samples from identical seeds and different ones from another seed", () => {
        const draw = (seed: number) => {
          const stream = new RandomStreams(seed).get("determinism");
          return Array.from({ length: 200 }, () => dist.sample(stream));
        };
        expect(draw(42)).toEqual(draw(42));
        if (spec.type !== "constant") expect(draw(43)).not.toEqual(draw(42));
      });
    });
  }
});

/** `|actual - expected| <= relative * |expected|`, naming what was compared. */
function expectRelative(actual: number | undefined, expected: number, relative: number, label: string): void {
  expect(actual, label).toBeDefined();
  expect(Math.abs(actual! - expected), `${label}: got ${actual}, expected ${expected}`).toBeLessThanOrEqual(
    relative * Math.abs(expected),
  );
}

/** The fraction of `sorted` samples <= x. */
function fractionAtMost(sorted: Float64Array, x: number): number {
  let count = 0;
  while (count < sorted.length && sorted[count]! <= x) count++;
  return count / sorted.length;
}

describe("exponential", () => {
  it("samples -mean * ln(1 - u), one uniform per sample", () => {
    const dist = createDistribution({ type: "exponential", mean: 250 });
    const stream = new RandomStreams(7).get("exponential");
    const twin = new RandomStreams(7).get("exponential");
    for (let i = 0; i < 100; i++) expect(dist.sample(stream)).toBe(-250 * Math.log(1 - twin.next()));
  });

  it("given a rate draws the same values as given the mean 1 / rate", () => {
    const byRate = createDistribution({ type: "exponential", rate: 0.004 });
    const byMean = createDistribution({ type: "exponential", mean: 250 });
    const a = new RandomStreams(3).get("x");
    const b = new RandomStreams(3).get("x");
    for (let i = 0; i < 100; i++) expectRelative(byRate.sample(a), byMean.sample(b), 1e-14, `sample ${i}`);
  });
});

describe("normal", () => {
  it("never samples below zero when truncated, and has the truncated mean", () => {
    // mu + sd phi(alpha) / (1 - Phi(alpha)) with alpha = -mu / sd = -0.5.
    const dist = createDistribution({ type: "normal", mean: 10, sd: 20 });
    expectRelative(dist.mean, 10 + (20 * normalPdf(-0.5)) / normalCdf(0.5), 1e-12, "mean");
    expect(sortedSamples({ type: "normal", mean: 10, sd: 20 }, 1)[0]).toBeGreaterThanOrEqual(0);
    expect(dist.cdf(0)).toBe(0);
  });

  it("is a point mass at the mean when sd is 0", () => {
    const dist = createDistribution({ type: "normal", mean: 5, sd: 0 });
    expect([dist.sample(new RandomStreams(1).get("x")), dist.quantile(0.3), dist.mean, dist.variance]).toEqual([5, 5, 5, 0]);
    expect([dist.cdf(4.99), dist.cdf(5)]).toEqual([0, 1]);
  });
});

describe("lognormal", () => {
  const spec: DistributionSpec = { type: "lognormal", median: 20, p99: 120 };

  it("given median and p99 reproduces both, analytically and in samples", () => {
    const dist = createDistribution(spec);
    expectRelative(dist.quantile(0.5), 20, 1e-13, "quantile(0.5)");
    expectRelative(dist.quantile(0.99), 120, 1e-13, "quantile(0.99)");
    expectRelative(dist.cdf(120), 0.99, 1e-13, "cdf(120)");
    for (const seed of SEEDS) {
      // The fraction below x is binomial: standard error sqrt(p (1 - p) / N).
      for (const [p, x] of [[0.5, 20], [0.99, 120]] as const) {
        const fraction = fractionAtMost(sortedSamples(spec, seed), x);
        expect(Math.abs(fraction - p), `seed ${seed}: P(X <= ${x}) = ${fraction}`).toBeLessThanOrEqual(
          STANDARD_ERRORS * Math.sqrt((p * (1 - p)) / N),
        );
      }
    }
  });

  it("given mean and cv has exactly that mean and coefficient of variation", () => {
    const dist = createDistribution({ type: "lognormal", mean: 100, cv: 0.5 });
    expectRelative(dist.mean, 100, 1e-13, "mean");
    expectRelative(Math.sqrt(dist.variance!) / dist.mean!, 0.5, 1e-13, "cv");
  });
});

describe("pareto", () => {
  it("has no mean for shape <= 1 and no variance for shape <= 2", () => {
    const noMean = createDistribution({ type: "pareto", scale: 10, shape: 0.8 });
    expect([noMean.mean, noMean.variance]).toEqual([undefined, undefined]);
    const noVariance = createDistribution({ type: "pareto", scale: 10, shape: 1.5 });
    expect(noVariance.mean).toBeCloseTo(30, 12); // shape scale / (shape - 1)
    expect(noVariance.variance).toBeUndefined();
  });

  it("bounded keeps every sample within [min, max]", () => {
    const sorted = sortedSamples({ type: "bounded-pareto", min: 1, max: 1000, shape: 1.2 }, 1);
    expect(sorted[0]).toBeGreaterThanOrEqual(1);
    expect(sorted[N - 1]).toBeLessThanOrEqual(1000);
  });
});

describe("gamma and Erlang", () => {
  it("Erlang(k, mean) has the CDF of gamma(k, mean / k) and Weibull(1, s) that of exponential(s)", () => {
    const erlang = createDistribution({ type: "erlang", k: 3, mean: 90 });
    const gamma = createDistribution({ type: "gamma", shape: 3, scale: 30 });
    const weibull = createDistribution({ type: "weibull", shape: 1, scale: 30 });
    const exponential = createDistribution({ type: "exponential", mean: 30 });
    for (const x of [1, 30, 90, 300]) {
      expect(erlang.cdf(x)).toBe(gamma.cdf(x));
      expectRelative(weibull.cdf(x), exponential.cdf(x), 1e-14, `weibull cdf(${x})`);
    }
  });
});

describe("empirical", () => {
  const dist = createDistribution({ type: "empirical", points: LATENCY_TABLE });

  it("reproduces its table's percentiles, analytically and in samples", () => {
    for (const { p, value } of LATENCY_TABLE) {
      expectRelative(dist.quantile(p), value, 1e-13, `quantile(${p})`);
      expectRelative(dist.cdf(value), p, 1e-13, `cdf(${value})`);
      for (const seed of SEEDS) {
        const fraction = fractionAtMost(sortedSamples({ type: "empirical", points: LATENCY_TABLE }, seed), value);
        expect(Math.abs(fraction - p), `seed ${seed}: P(X <= ${value}) = ${fraction}`).toBeLessThanOrEqual(
          STANDARD_ERRORS * Math.sqrt((p * (1 - p)) / N) + 1 / N,
        );
      }
    }
  });

  it("starts at zero and extends the last segment's slope to p = 1", () => {
    expect(dist.quantile(0)).toBe(0);
    expect(dist.quantile(0.25)).toBe(10);
    expectRelative(dist.quantile(1), LATENCY_TABLE_MAX, 1e-13, "quantile(1)");
    expect(sortedSamples({ type: "empirical", points: LATENCY_TABLE }, 1)[N - 1]).toBeLessThanOrEqual(LATENCY_TABLE_MAX);
  });

  it("honours explicit p = 0 and p = 1 rows", () => {
    const table = createDistribution({
      type: "empirical",
      points: [{ p: 0, value: 5 }, { p: 0.5, value: 20 }, { p: 1, value: 100 }],
    });
    expect([table.quantile(0), table.quantile(1)]).toEqual([5, 100]);
    expect(table.mean).toBeCloseTo(0.5 * 12.5 + 0.5 * 60, 12); // each half's midpoint value
  });

  it("turns a flat run of values into an atom", () => {
    const table = createDistribution({
      type: "empirical",
      points: [{ p: 0, value: 10 }, { p: 0.5, value: 10 }, { p: 1, value: 20 }],
    });
    expect([table.cdf(9.99), table.cdf(10), table.quantile(0.3), table.quantile(0.75)]).toEqual([0, 0.5, 10, 15]);
  });
});

describe("mixture", () => {
  it("has the weighted mean and the law-of-total-variance variance, with unnormalised weights", () => {
    const dist = createDistribution({
      type: "mixture",
      components: [
        { weight: 3, dist: { type: "exponential", mean: 10 } },
        { weight: 1, dist: { type: "exponential", mean: 50 } },
      ],
    });
    // Mean 0.75 * 10 + 0.25 * 50 = 20; E[X^2] = 0.75 * 2 * 10^2 + 0.25 * 2 * 50^2 = 1400.
    expectRelative(dist.mean, 20, 1e-14, "mean");
    expectRelative(dist.variance, 1400 - 400, 1e-14, "variance");
  });

  it("has no mean when a component has none", () => {
    const dist = createDistribution({
      type: "mixture",
      components: [
        { weight: 1, dist: { type: "constant", value: 1 } },
        { weight: 1, dist: { type: "pareto", scale: 1, shape: 0.8 } },
      ],
    });
    expect([dist.mean, dist.variance]).toEqual([undefined, undefined]);
  });

  it("never samples a zero-weight component", () => {
    const dist = createDistribution({
      type: "mixture",
      components: [
        { weight: 0, dist: { type: "constant", value: 1 } },
        { weight: 2, dist: { type: "constant", value: 2 } },
        { weight: 0, dist: { type: "constant", value: 3 } },
      ],
    });
    const stream = new RandomStreams(5).get("x");
    for (let i = 0; i < 1000; i++) expect(dist.sample(stream)).toBe(2);
    expect([dist.quantile(0.5), dist.mean, dist.variance]).toEqual([2, 2, 0]);
  });
});

describe("invalid parameters", () => {
  const rows: Array<{ why: string; spec: unknown; parameter: string; says: string }> = [
    { why: "a negative exponential mean", spec: { type: "exponential", mean: -1 }, parameter: "mean", says: "got -1" },
    { why: "a zero exponential mean", spec: { type: "exponential", mean: 0 }, parameter: "mean", says: "got 0" },
    { why: "both mean and rate", spec: { type: "exponential", mean: 1, rate: 1 }, parameter: "rate", says: "not both" },
    { why: "neither mean nor rate", spec: { type: "exponential" }, parameter: "mean", says: "missing" },
    { why: "a NaN rate", spec: { type: "exponential", rate: Number.NaN }, parameter: "rate", says: "got NaN" },
    { why: "an infinite constant", spec: { type: "constant", value: Infinity }, parameter: "value", says: "got Infinity" },
    { why: "min above max", spec: { type: "uniform", min: 30, max: 10 }, parameter: "max", says: "at least min (30), got 10" },
    { why: "a negative sd", spec: { type: "normal", mean: 10, sd: -1 }, parameter: "sd", says: "got -1" },
    { why: "a negative truncated mean", spec: { type: "normal", mean: -5, sd: 1 }, parameter: "mean", says: "got -5" },
    { why: "a non-boolean truncation", spec: { type: "normal", mean: 5, sd: 1, truncateAtZero: "yes" }, parameter: "truncateAtZero", says: "got yes" },
    { why: "a zero cv", spec: { type: "lognormal", mean: 10, cv: 0 }, parameter: "cv", says: "got 0" },
    { why: "a negative lognormal mean", spec: { type: "lognormal", mean: -3, cv: 1 }, parameter: "mean", says: "got -3" },
    { why: "a zero median", spec: { type: "lognormal", median: 0, p99: 10 }, parameter: "median", says: "got 0" },
    { why: "mixed lognormal forms", spec: { type: "lognormal", mean: 10, p99: 10 }, parameter: "median", says: "not both forms" },
    { why: "a zero Pareto shape", spec: { type: "pareto", scale: 1, shape: 0 }, parameter: "shape", says: "got 0" },
    { why: "a negative Pareto scale", spec: { type: "pareto", scale: -1, shape: 2 }, parameter: "scale", says: "got -1" },
    { why: "a zero bounded-Pareto min", spec: { type: "bounded-pareto", min: 0, max: 10, shape: 1 }, parameter: "min", says: "got 0" },
    { why: "bounded-Pareto max not above min", spec: { type: "bounded-pareto", min: 10, max: 10, shape: 1 }, parameter: "max", says: "greater than min (10), got 10" },
    { why: "a negative Weibull shape", spec: { type: "weibull", shape: -1, scale: 1 }, parameter: "shape", says: "got -1" },
    { why: "a zero gamma scale", spec: { type: "gamma", shape: 2, scale: 0 }, parameter: "scale", says: "got 0" },
    { why: "a fractional Erlang k", spec: { type: "erlang", k: 2.5, mean: 10 }, parameter: "k", says: "got 2.5" },
    { why: "an empty table", spec: { type: "empirical", points: [] }, parameter: "points", says: "non-empty" },
    { why: "a repeated percentile", spec: { type: "empirical", points: [{ p: 0.5, value: 1 }, { p: 0.5, value: 2 }] }, parameter: "points[1].p", says: "greater than points[0].p (0.5), got 0.5" },
    { why: "a decreasing value", spec: { type: "empirical", points: [{ p: 0.5, value: 20 }, { p: 0.9, value: 10 }] }, parameter: "points[1].value", says: "at least points[0].value (20), got 10" },
    { why: "a percentile above 1", spec: { type: "empirical", points: [{ p: 50, value: 20 }] }, parameter: "points[0].p", says: "got 50" },
    { why: "a negative value without a p = 0 row", spec: { type: "empirical", points: [{ p: 0.5, value: -1 }] }, parameter: "points[0].value", says: "got -1" },
    { why: "no components", spec: { type: "mixture", components: [] }, parameter: "components", says: "non-empty" },
    { why: "a negative weight", spec: { type: "mixture", components: [{ weight: -1, dist: { type: "constant", value: 1 } }] }, parameter: "components[0].weight", says: "got -1" },
    { why: "all-zero weights", spec: { type: "mixture", components: [{ weight: 0, dist: { type: "constant", value: 1 } }] }, parameter: "components", says: "all be zero" },
    {
      why: "an invalid component",
      spec: { type: "mixture", components: [{ weight: 1, dist: { type: "constant", value: 1 } }, { weight: 1, dist: { type: "exponential", mean: -2 } }] },
      parameter: "components[1].dist.mean",
      says: "got -2",
    },
    { why: "an unknown type", spec: { type: "poisson", mean: 1 }, parameter: "type", says: 'got "poisson"' },
  ];

  it("reports a p99 below the median in the documented words", () => {
    expect(() => createDistribution({ type: "lognormal", median: 20, p99: 10 })).toThrow(
      new ParameterError("p99", "must be greater than median (20), got 10"),
    );
    expect(() => createDistribution({ type: "lognormal", median: 20, p99: 10 })).toThrow("p99: must be greater than median (20), got 10");
  });

  for (const { why, spec, parameter, says } of rows) {
    it(`rejects ${why}, naming ${parameter}`, () => {
      let thrown: unknown;
      try {
        createDistribution(spec as DistributionSpec);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ParameterError);
      const error = thrown as ParameterError;
      expect(error.parameter).toBe(parameter);
      expect(error.message.startsWith(`${parameter}: `), error.message).toBe(true);
      expect(error.message).toContain(says);
    });
  }
});

describe("describeDistribution", () => {
  it("labels specs with their own parameters", () => {
    const labels: Array<[DistributionSpec, string]> = [
      [{ type: "exponential", mean: 250 }, "exponential(mean 250)"],
      [{ type: "exponential", rate: 0.004 }, "exponential(rate 0.004)"],
      [{ type: "normal", mean: 100, sd: 20, truncateAtZero: false }, "normal(mean 100, sd 20)"],
      [{ type: "lognormal", median: 20, p99: 120 }, "lognormal(median 20, p99 120)"],
      [{ type: "erlang", k: 3, mean: 0.1 + 0.2 }, "erlang(k 3, mean 0.3)"],
      [{ type: "empirical", points: LATENCY_TABLE }, "empirical(p50 20, p90 45, p99 120, p99.9 400)"],
      [
        {
          type: "mixture",
          components: [
            { weight: 9, dist: { type: "constant", value: 2 } },
            { weight: 1, dist: { type: "bounded-pareto", min: 1, max: 100, shape: 1.1 } },
          ],
        },
        "mixture(90% constant(2), 10% bounded-pareto(min 1, max 100, shape 1.1))",
      ],
    ];
    for (const [spec, label] of labels) expect(describeDistribution(spec)).toBe(label);
  });
});
