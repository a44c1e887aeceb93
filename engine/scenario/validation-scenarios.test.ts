/**
 * The scenarios in scenarios/validation/ reproduce their closed-form answers through the
 * whole pipeline (YAML -> schema -> compile -> model). Durations are shortened with overrides
 * to keep the suite fast; tolerances follow from the shortened run length (5 standard errors,
 * the standard error of a mean inflated by the relaxation factor 1/(1 - rho)^2 for queue
 * autocorrelation, Whitt 1989), and the long runs in the files themselves land much closer.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../index";
import { impatientQueue } from "../theory/abandonment";
import { erlangB, erlangC, md1MeanWaitMs, mm1MeanResponseMs, mmcMeanWaitMs, mmcWaitQuantileMs } from "../theory/queueing";

const DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../scenarios/validation");
const load = (name: string) => readFileSync(path.join(DIR, name), "utf8");

function relativeTolerance(n: number, rho: number): number {
  return 5 / Math.sqrt(n) / (1 - rho);
}

describe("validation scenarios", () => {
  it("mm1.yaml gives the M/M/1 mean response time 1/(mu - lambda)", () => {
    const result = simulate(load("mm1.yaml"), { overrides: ["run.duration=4h"] });
    const expected = mm1MeanResponseMs({ arrivalRatePerS: 8, serviceMeanMs: 100 });
    const tol = relativeTolerance(result.requests.succeeded, 0.8);
    expect(Math.abs(result.requests.latencyMs.mean! / expected - 1)).toBeLessThan(tol);
  });

  it("mmc-erlang-c.yaml gives the Erlang C mean queue wait", () => {
    const result = simulate(load("mmc-erlang-c.yaml"), { overrides: ["run.duration=8h"] });
    const expectedWaitMs = mmcMeanWaitMs({ servers: 16, arrivalRatePerS: 14.4, serviceMeanMs: 1000 });
    const n = result.requests.succeeded;
    // Response sd is about 1.1 s; the wait is the response minus the 1 s mean service.
    const seMs = 1100 / Math.sqrt(n) / (1 - 0.9);
    expect(Math.abs(result.requests.latencyMs.mean! - 1000 - expectedWaitMs)).toBeLessThan(5 * seMs);
  });

  it("mmc-erlang-c.yaml gives the Erlang C probability of waiting and P(W > t) per request", () => {
    const result = simulate(load("mmc-erlang-c.yaml"), { overrides: ["run.duration=8h"] });
    const wait = result.requests.queueWait;
    const queue = { servers: 16, arrivalRatePerS: 14.4, serviceMeanMs: 1000 };
    const c = erlangC(16, 14.4);
    // Binomial SE inflated by 1/(1 - rho) = 10 for autocorrelation; 5 of those.
    expect(Math.abs(wait.waitedShare! - c)).toBeLessThan(5 * Math.sqrt((c * (1 - c)) / wait.arrived) * 10);
    // p90 of the wait: P(W > t) = C e^{-(c mu - lambda) t} = 0.1; same relative bound plus the histogram's 0.5 %.
    const p90 = mmcWaitQuantileMs({ ...queue, quantile: 0.9 });
    expect(Math.abs(wait.waitMs.p90! / p90 - 1)).toBeLessThan(5 * Math.sqrt(0.9 * 0.1 / wait.arrived) / 0.1 * 10 + 0.005);
  });

  it("loss-offered-vs-served.yaml offers 150/s and serves 150 (1 - B(10, 15))/s", () => {
    const result = simulate(load("loss-offered-vs-served.yaml"), { overrides: ["run.duration=20m"] });
    const r = result.requests;
    const seconds = (result.durationMs - result.warmupMs) / 1000;
    const blocked = erlangB(10, 15);
    // Offered: Poisson count, SE sqrt(n); 5 SE.
    expect(Math.abs(r.offeredPerS - 150)).toBeLessThan((5 * Math.sqrt(150 * seconds)) / seconds);
    // Served and rejected shares: binomial SE inflated x3 (rejections cluster in busy periods); 5 of those.
    const se = 3 * Math.sqrt((blocked * (1 - blocked)) / r.offered);
    expect(Math.abs(r.goodputPerS / r.offeredPerS - (1 - blocked))).toBeLessThan(5 * se);
    expect(Math.abs(r.failedPerS / r.offeredPerS - blocked)).toBeLessThan(5 * se);
    expect(r.failedByCause.rejected).toBe(r.failed);
  });

  for (const [file, servers, rate, serviceMeanMs, patience] of [
    ["erlang-a.yaml", 16, 16, 1000, { kind: "exponential", meanMs: 2000 }],
    ["mm1-deterministic-patience.yaml", 1, 12, 100, { kind: "constant", ms: 300 }],
  ] as const) {
    it(`${file} gives the M/M/n+G probabilities of waiting and abandonment and the served wait`, () => {
      const result = simulate(load(file), { overrides: ["run.duration=2h"] });
      const wait = result.requests.queueWait;
      const theory = impatientQueue({ servers, arrivalRatePerS: rate, serviceMeanMs, patience });
      // Binomial SE inflated x3 (waits correlate within busy periods; abandonment keeps them short); 5 of those.
      const se = (p: number) => 15 * Math.sqrt((p * (1 - p)) / wait.arrived);
      expect(Math.abs(wait.waitedShare! - theory.waitProbability)).toBeLessThan(se(theory.waitProbability));
      expect(Math.abs(wait.abandonedShare! - theory.abandonProbability)).toBeLessThan(se(theory.abandonProbability));
      // The served wait's sd is below the patience scale; 15 SE as above.
      const scaleMs = patience.kind === "constant" ? patience.ms : patience.meanMs;
      expect(Math.abs(wait.waitMs.mean! - theory.meanWaitServedMs)).toBeLessThan((15 * scaleMs) / Math.sqrt(wait.arrived - wait.abandoned));
    });
  }

  it("power-of-two.yaml waits with the mean-field probability lambda^2", () => {
    const result = simulate(load("power-of-two.yaml"), { overrides: ["run.duration=10m"] });
    const wait = result.requests.queueWait;
    // Finite-n correction Var(B)/n^2 ~ 0.001 plus sampling error (about 0.002 at this length); allow 0.01.
    expect(Math.abs(wait.waitedShare! - 0.81)).toBeLessThan(0.01);
    let queuePerServer = 0;
    for (let k = 2; k < 40; k++) queuePerServer += 0.9 ** (2 ** k - 1);
    // The mean wait converges more slowly in n (the tail of the queue lengths); allow 8 %.
    expect(Math.abs(wait.waitMs.mean! / ((queuePerServer / 0.9) * 100) - 1)).toBeLessThan(0.08);
  });

  it("erlang-b.yaml rejects the Erlang B share of arrivals", () => {
    const result = simulate(load("erlang-b.yaml"), { overrides: ["run.duration=40m"] });
    const blocked = result.requests.failedByCause.rejected / result.requests.completed;
    const expected = erlangB(10, 5);
    // Binomial SE, inflated x3 because rejections cluster in busy periods.
    const se = Math.sqrt((expected * (1 - expected)) / result.requests.completed);
    expect(Math.abs(blocked - expected)).toBeLessThan(15 * se);
  });

  it("md1.yaml gives the Pollaczek–Khinchine mean wait", () => {
    const result = simulate(load("md1.yaml"), { overrides: ["run.duration=2h"] });
    const expectedWait = md1MeanWaitMs({ arrivalRatePerS: 7, serviceMeanMs: 100 });
    const tol = relativeTolerance(result.requests.succeeded, 0.7);
    expect(Math.abs((result.requests.latencyMs.mean! - 100) / expectedWait - 1)).toBeLessThan(3 * tol);
  });

  it("random-dispatch.yaml behaves as independent M/M/1 queues", () => {
    const result = simulate(load("random-dispatch.yaml"), { overrides: ["run.duration=1h"] });
    const expected = mm1MeanResponseMs({ arrivalRatePerS: 7, serviceMeanMs: 100 });
    const tol = relativeTolerance(result.requests.succeeded, 0.7);
    expect(Math.abs(result.requests.latencyMs.mean! / expected - 1)).toBeLessThan(tol);
  });
});

describe("workload kinds", () => {
  it("closed-loop.yaml obeys the interactive response time law X = N / (R + Z)", () => {
    const result = simulate(load("closed-loop.yaml"), { overrides: ["run.duration=1h"] });
    const responseMs = result.requests.latencyMs.mean!;
    const predicted = 50 / ((responseMs + 2000) / 1000);
    // The law is exact for the *measured* mean think time; we use its expectation (2 s),
    // whose sample mean over n requests has standard error 2 s / sqrt(n). Allow 5 of those,
    // relative to the cycle time R + Z.
    const tolerance = (5 * 2000) / Math.sqrt(result.requests.completed) / (responseMs + 2000);
    expect(Math.abs(result.requests.goodputPerS / predicted - 1)).toBeLessThan(tolerance);
  });

  it("replays a Prometheus export scaled by growth", () => {
    const text = readFileSync(path.join(DIR, "../replay-last-black-friday.yaml"), "utf8");
    const data = readFileSync(path.join(DIR, "../data/black-friday-2025.prom.json"), "utf8");
    const files = { "data/black-friday-2025.prom.json": data };
    const result = simulate(text, { files, overrides: ["run.duration=5m", "run.warmup=0s", "run.window=1m"] });
    // The export is replayed as steps of 5 minutes: the first sample, times 1.3 growth.
    const values = (JSON.parse(data) as { data: { result: Array<{ values: Array<[number, string]> }> } }).data.result[0]!.values;
    const expected = 1.3 * Number(values[0]![1]);
    // Poisson count over 300 s: relative SE 1/sqrt(n) ~ 0.13%; 5 SE.
    const n = result.requests.offered;
    expect(Math.abs(n / 300 / expected - 1)).toBeLessThan(5 / Math.sqrt(n));
  });

  it("says which file is missing when recorded traffic was not provided", () => {
    const text = readFileSync(path.join(DIR, "../replay-last-black-friday.yaml"), "utf8");
    expect(() => simulate(text, {})).toThrow(/workload\.rate\.replay\.file: file "data\/black-friday-2025\.prom\.json" was not provided/);
  });
});
