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
import { erlangB, md1MeanWaitMs, mm1MeanResponseMs, mmcMeanWaitMs } from "../theory/queueing";

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
