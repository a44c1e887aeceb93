/**
 * A synthetic runner for planner tests: instead of simulating, it computes each SLO's value
 * from the settings a request's overrides make (later overrides win, as when applied) and
 * the seed, and counts the runs it was asked for. Its scenario is only parsed and validated,
 * never run: it exists for the override paths, prices, zones and SLO names the planner reads
 * (a lesson's tiny scenario is engine/lessons/test-support/tiny-lesson.ts; ModelSpecs for
 * model tests are engine/model/test-support/specs.ts).
 */
import type { EvaluateRuns, RunRequest, RunSummary } from "../types";

/** A small valid scenario with two groups and two SLOs, `lat` (p99 < 100 ms) and `avail` (99%). */
export const SYNTHETIC_SCENARIO = `
version: 1
name: synthetic
seed: 7
run: { duration: 10s }
topology:
  regions:
    - { name: r, zones: [za, zb, zc] }
  groups:
    - { name: web, count: 2, cores: 1, price: 0.1/h }
    - { name: db, count: 1, cores: 1, price: 0.5/h }
services:
  - { name: web, groups: [web], serviceTime: 1ms }
  - { name: db, groups: [db], serviceTime: 1ms }
workload:
  rate: { constant: 1/s }
  classes:
    - { name: req, call: { service: web, calls: [{ service: db }] } }
slos:
  - name: lat
    latency: { percentile: p99, below: 100ms }
  - name: avail
    availability: 99%
`;

/** The SLO values of one synthetic run: latency in ms, availability as a share. */
export interface SyntheticValues {
  lat: number;
  avail: number;
}

/** The value of each overridden path after all overrides of `request`. */
export function settingsOf(request: RunRequest): Map<string, unknown> {
  const settings = new Map<string, unknown>();
  for (const o of request.overrides) settings.set(o.path, o.value);
  return settings;
}

/** Deterministic noise in [-1, 1] from a seed (a multiplicative hash, no RNG state). */
export function seedNoise(seed: number): number {
  return (((seed * 2654435761) >>> 0) % 2001) / 1000 - 1;
}

/** A counting runner over a synthetic model; `batches` records each batch's size. */
export function syntheticEvaluator(model: (settings: Map<string, unknown>, seed: number) => SyntheticValues): { evaluate: EvaluateRuns; runs: () => number; batches: number[] } {
  const batches: number[] = [];
  const evaluate: EvaluateRuns = async (requests) => {
    batches.push(requests.length);
    return requests.map((request): RunSummary => {
      const values = model(settingsOf(request), request.seed);
      return {
        slos: [
          { name: "lat", measured: values.lat, windowsMeetingShare: null, passed: values.lat < 100 },
          { name: "avail", measured: values.avail, windowsMeetingShare: null, passed: values.avail >= 0.99 },
        ],
        requestsCompleted: 1000,
        events: 3000,
        costPerHour: 0,
      };
    });
  };
  return { evaluate, runs: () => batches.reduce((a, b) => a + b, 0), batches };
}
