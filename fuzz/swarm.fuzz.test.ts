/**
 * A swarm of random valid small clusters (issue 20): groups, balancers, service times, queues,
 * timeouts, retries, fan-out and load drawn by fast-check, each run checked at every window's
 * end and at the end:
 * - offered = succeeded + failed + in flight (per window, from the series, and overall);
 * - time is monotone (windows abut, in order);
 * - percentiles are ordered (p50 <= p99 <= p99.9; p50 <= p90 <= p99 <= p99.9 overall);
 * - utilisation, error rate, success rate and nodes-up share lie in [0, 1];
 * - the same bytes (digest) when the run is rerun and when it is advanced in random slices.
 */
import { describe, expect, it } from "vitest";
import { fc } from "@fast-check/vitest";
import { ENGINE_VERSION, loadScenario, ModelRun, resultDigest, RunLimitError, type WindowView } from "../engine/index";
import { checkProperty, PROPERTY_TIMEOUT_MS } from "./budget";

const distribution = fc.oneof(
  fc.record({ type: fc.constant("exponential"), mean: fc.integer({ min: 1, max: 50 }).map((n) => `${n}ms`) }),
  fc.record({ type: fc.constant("constant"), value: fc.integer({ min: 0, max: 30 }).map((n) => `${n}ms`) }),
  fc.record({ type: fc.constant("lognormal"), median: fc.constant("5ms"), p99: fc.constantFrom("20ms", "80ms") }),
);
const hop = (service: string) => fc.record({
  service: fc.constant(service),
  timeout: fc.oneof(fc.constant("none"), fc.integer({ min: 5, max: 500 }).map((n) => `${n}ms`)),
  retries: fc.option(fc.record({ max: fc.integer({ min: 0, max: 3 }), backoff: fc.constantFrom("0ms", "5ms"), budget: fc.constantFrom("10%", "50%") }), { nil: undefined }),
}, { requiredKeys: ["service", "timeout"] });

/** A valid scenario of 1-3 services, each on its own group, called in a chain. */
const scenario = fc.record({
  seed: fc.nat({ max: 1_000_000 }),
  tiers: fc.array(fc.record({
    count: fc.integer({ min: 1, max: 4 }),
    cores: fc.integer({ min: 1, max: 4 }),
    queue: fc.oneof(fc.constant("unbounded" as const), fc.integer({ min: 0, max: 20 })),
    policy: fc.constantFrom("round-robin", "random", "least-outstanding", "power-of-choices", "weighted", "central-queue", "hash"),
    serviceTime: distribution,
  }), { minLength: 1, maxLength: 3 }),
  ratePerS: fc.integer({ min: 1, max: 400 }),
  arrivals: fc.constantFrom("poisson", "deterministic"),
  durationMs: fc.integer({ min: 200, max: 3000 }),
  windowMs: fc.constantFrom(50, 100, 250, 1000),
}).chain((s) => fc.tuple(fc.constant(s), fc.tuple(...s.tiers.map((_, i) => hop(`s${i}`)))));

function scenarioText([s, hops]: [{ seed: number; tiers: Array<{ count: number; cores: number; queue: number | "unbounded"; policy: string; serviceTime: unknown }>; ratePerS: number; arrivals: string; durationMs: number; windowMs: number }, Array<Record<string, unknown>>]): string {
  let call: Record<string, unknown> | undefined;
  for (let i = hops.length - 1; i >= 0; i--) call = { ...hops[i], ...(call === undefined ? {} : { calls: [call] }) };
  return JSON.stringify({
    version: 1, name: "swarm", seed: s.seed,
    run: { duration: `${s.durationMs}ms`, warmup: "0s", window: `${Math.min(s.windowMs, s.durationMs)}ms` },
    topology: { groups: s.tiers.map((t, i) => ({ name: `g${i}`, count: t.count, cores: t.cores, queue: t.queue })) },
    services: s.tiers.map((t, i) => ({ name: `s${i}`, groups: [`g${i}`], balancer: { policy: t.policy }, serviceTime: t.serviceTime })),
    workload: { arrivals: s.arrivals, rate: { constant: `${s.ratePerS}/s` }, classes: [{ name: "c", call }] },
  });
}

const within = (v: number | null, lo: number, hi: number) => v === null || (v >= lo - 1e-9 && v <= hi + 1e-9);
const ordered = (...values: Array<number | null>) => values.every((v, i) => i === 0 || v === null || values[i - 1] === null || values[i - 1]! <= v + 1e-9);

/** Checks a window's point (the last of the series) and the window's bounds. */
function checkWindow(view: WindowView, previousEndMs: number): void {
  expect(view.startMs).toBe(previousEndMs);
  expect(view.endMs).toBeGreaterThan(view.startMs);
  const s = view.series;
  const i = s.startMs.length - 1;
  expect(s.startMs[i]).toBe(view.startMs);
  expect(ordered(s.latencyP50Ms[i]!, s.latencyP99Ms[i]!, s.latencyP999Ms[i]!)).toBe(true);
  expect(within(s.errorRate[i]!, 0, 1)).toBe(true);
  for (const g of s.groups) {
    expect(within(g.utilisation[i]!, 0, 1)).toBe(true);
    expect(g.nodesUp[i]!).toBeLessThanOrEqual(g.nodesTotal[i]! + 1e-9);
  }
  for (const name of ["offeredPerS", "succeededPerS", "failedPerS", "inSystem"] as const) expect(s[name][i]!).toBeGreaterThanOrEqual(0);
}

function runOnce(text: string, slices: number[] | null): { digest: string; windows: number } | "limit" {
  const loaded = loadScenario(text);
  if (!loaded.ok) throw new Error(`generated an invalid scenario: ${JSON.stringify(loaded.problems)}`);
  const run = new ModelRun(loaded.spec, { seed: loaded.scenario.seed, engineVersion: ENGINE_VERSION });
  let endMs = 0;
  let windows = 0;
  let offered = 0;
  let completed = 0;
  run.onWindowClose((view) => {
    checkWindow(view, endMs);
    const i = view.series.startMs.length - 1;
    const seconds = (view.endMs - view.startMs) / 1000;
    offered += view.series.offeredPerS[i]! * seconds;
    completed += (view.series.succeededPerS[i]! + view.series.failedPerS[i]!) * seconds;
    expect(completed).toBeLessThanOrEqual(offered + 1e-6); // in flight is never negative
    endMs = view.endMs;
    windows++;
  });
  try {
    let k = 0;
    while (!run.advance(slices === null ? {} : { eventsMax: slices[k++ % slices.length]! }).done);
  } catch (error) {
    if (error instanceof RunLimitError) return "limit";
    throw error;
  }
  const result = run.result();
  const r = result.requests;
  expect(endMs).toBe(result.durationMs);
  expect(r.offered).toBe(r.succeeded + r.failed + r.inFlightAtEnd);
  expect(r.completed).toBe(r.succeeded + r.failed);
  expect(Math.abs(offered - r.offered)).toBeLessThan(1e-6 * Math.max(1, r.offered) + 1e-6);
  expect(ordered(r.latencyMs.min, r.latencyMs.p50, r.latencyMs.p90, r.latencyMs.p99, r.latencyMs.p999, r.latencyMs.max)).toBe(true);
  expect(within(r.successRate, 0, 1)).toBe(true);
  for (const g of result.groups) expect(within(g.utilisation, 0, 1) && within(g.upShare, 0, 1)).toBe(true);
  return { digest: resultDigest(result), windows };
}

describe("swarm of random small clusters (fuzz)", () => {
  it("keeps every window's invariants and the same bytes when rerun or sliced", { timeout: PROPERTY_TIMEOUT_MS }, async () => {
    await checkProperty("swarm", fc.property(scenario, fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 4 }), (drawn, slices) => {
      const text = scenarioText(drawn);
      const first = runOnce(text, null);
      if (first === "limit") return;
      expect(first.windows).toBeGreaterThan(0);
      expect(runOnce(text, null)).toEqual(first);
      expect(runOnce(text, slices)).toEqual(first);
    }), 25);
  });
});
