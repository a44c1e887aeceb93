/**
 * The full model through the scenario layer (issue 3):
 * - the M/M/c validation scenario (c = 16, 14.4/s, mean 1 s) for 1,000,000 customers, beside
 *   the kernel-only figure (bench/mmc-kernel.ts); model events = arrivals + departures;
 * - a three-tier web -> app -> db service at 20k requests/s with 200 nodes for 10 simulated
 *   minutes (bench/scenarios/three-tier-20k.yaml); model events = kernel events here, since
 *   every event is a network hop, a service completion or an arrival;
 * - memory flatness: the three-tier run at 10 and at 60 simulated minutes (separate
 *   processes, so each peak RSS is its own).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { mmcMeanWaitMs } from "../engine/theory/queueing";
import { simulate } from "../engine/index";
import { cpuNowMs, type BenchRecord } from "./record";

// The runner (build/bench.mjs) starts every benchmark with the repository root as its cwd.
const ROOT = process.cwd();
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

export function benchModelMmc(): BenchRecord[] {
  const text = read("scenarios/validation/mmc-erlang-c.yaml");
  simulate(text, { overrides: ["run.duration=1h", "run.warmup=0s"] }); // warm the JIT
  const durationS = Math.round(1_000_000 / 14.4);
  const startMs = performance.now();
  const startCpuMs = cpuNowMs();
  const result = simulate(text, { overrides: [`run.duration=${durationS}s`, "run.warmup=0s"] });
  const cpuMs = cpuNowMs() - startCpuMs;
  const wallMs = performance.now() - startMs;
  const expected = mmcMeanWaitMs({ servers: 16, arrivalRatePerS: 14.4, serviceMeanMs: 1000 }) / 1000;
  const waitS = (result.requests.latencyMs.mean! - 1000) / 1000;
  return [{
    name: "model-mmc-via-scenario",
    modelEventsPerS: (2 * result.requests.completed) / (wallMs / 1000),
    wallMs,
    cpuMs,
    modelEventsPerCpuS: (2 * result.requests.completed) / (cpuMs / 1000),
    sanity: { label: "mean queue wait (s)", value: waitS, expected, ok: Math.abs(waitS / expected - 1) < 0.1 },
    notes: `${result.requests.completed} customers, ${result.events} kernel events`,
  }];
}

export function benchModelThreeTier(durationMin: number): BenchRecord[] {
  const text = read("bench/scenarios/three-tier-20k.yaml");
  simulate(text, { overrides: ["run.duration=20s", "run.warmup=0s"] });
  const startMs = performance.now();
  const startCpuMs = cpuNowMs();
  const result = simulate(text, { overrides: [`run.duration=${durationMin}m`] });
  const cpuMs = cpuNowMs() - startCpuMs;
  const wallMs = performance.now() - startMs;
  const rate = result.requests.goodputPerS;
  return [{
    name: `model-three-tier-20k-200-nodes-${durationMin}min`,
    modelEventsPerS: result.events / (wallMs / 1000),
    wallMs,
    cpuMs,
    modelEventsPerCpuS: result.events / (cpuMs / 1000),
    sanity: { label: "goodput (req/s)", value: rate, expected: 20_000, ok: Math.abs(rate / 20_000 - 1) < 0.02 && result.requests.successRate! > 0.999 },
    notes: `${result.requests.completed} requests, ${result.events} kernel events, p99 ${result.requests.latencyMs.p99!.toFixed(1)} ms`,
  }];
}
