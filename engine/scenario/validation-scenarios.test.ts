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
import { erlangB, md1MeanWaitMs, mm1MeanResponseMs, mmcMeanWaitMs } from "../metrics/queueing-theory";

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
