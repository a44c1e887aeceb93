/**
 * Caches in the scenario language: `services[i].cache` errors name their field, and the two
 * cache scenarios of the library (scenarios/cdn-launch.yaml, cache-stampede.yaml) produce
 * their headline at reduced length. Bounds are wide on purpose: they check the lesson each
 * file teaches, not digits a seed change would move.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario, simulate, type Result } from "../index";
import { parseCount } from "./schema-cache";

const DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../scenarios");
const load = (name: string) => readFileSync(path.join(DIR, name), "utf8");

const BASE = `
version: 1
name: cached
run: { duration: 10s }
topology:
  groups: [{ name: cache, count: 2 }, { name: db, count: 1 }]
services:
  - name: cache
    groups: [cache]
    balancer: { policy: hash }
    serviceTime: 1ms
    cache: CACHE
  - { name: db, groups: [db], serviceTime: 5ms }
workload:
  rate: { constant: 100/s }
  classes: [{ name: read, call: { service: cache, calls: [{ service: db }] } }]
`;

function problems(cache: string): string[] {
  const loaded = loadScenario(BASE.replace("CACHE", cache));
  return loaded.ok ? [] : loaded.problems.map((p) => `${p.path}: ${p.message}`);
}

describe("the cache schema", () => {
  it("accepts a cache with counts written with multipliers", () => {
    expect(problems("{ capacity: 1.5k, keys: { zipf: 0.9, count: 1M } }")).toEqual([]);
    expect(parseCount("100k")).toEqual({ ok: true, value: 100_000 });
    expect(parseCount("1.1k")).toEqual({ ok: true, value: 1100 });
    expect(parseCount(2500)).toEqual({ ok: true, value: 2500 });
  });

  it("names the field of each mistake", () => {
    expect(problems("{ capacity: lots, keys: { zipf: 0.9, count: 1M } }")).toEqual([
      `services[0].cache.capacity: expected a count like 100000, "100k" or "1.5M", got "lots"`,
    ]);
    expect(problems("{ capacity: 0, keys: { zipf: 0.9, count: 1M } }")).toEqual(["services[0].cache.capacity: must be between 1 and 10,000,000, got 0"]);
    expect(problems("{ capacity: 10.5, keys: { zipf: 0.9, count: 1M } }")).toEqual(["services[0].cache.capacity: must be a whole number of objects, got 10.5"]);
    expect(problems("{ capacity: 10, keys: { zipf: 0.9 } }")).toEqual(["services[0].cache.keys.count: required with zipf: the number of objects, e.g. 1M"]);
    expect(problems("{ capacity: 10, keys: { count: 5 } }")).toEqual(["services[0].cache.keys: give zipf (with count) or table"]);
    expect(problems("{ capacity: 10, keys: { zipf: 1, count: 5, table: [1] } }")).toEqual(["services[0].cache.keys: give zipf or table, not both"]);
    expect(problems("{ capacity: 10, keys: { table: [0, 0] } }")).toEqual(["services[0].cache.keys.table: needs at least one weight > 0"]);
    expect(problems("{ capacity: 10, policy: arc, keys: { table: [1] } }")[0]).toMatch(/^services\[0\]\.cache\.policy: must be one of "lru" or "lfu", got "arc"/);
    expect(problems("{ capacity: 10, ttl: 0s, keys: { table: [1] } }")[0]).toMatch(/^services\[0\]\.cache\.ttl: /);
    expect(problems("{ capacity: 10, keys: { table: [1] }, coalesce: yes }")[0]).toMatch(/^services\[0\]\.cache\.coalesce: /);
  });

  it("checks ttlJitter: a share in [0, 1) of a ttl there is", () => {
    expect(problems("{ capacity: 10, ttl: 10s, ttlJitter: 0.2, keys: { table: [1] } }")).toEqual([]);
    expect(problems("{ capacity: 10, ttl: 10s, ttlJitter: 20%, keys: { table: [1] } }")).toEqual([]);
    expect(problems("{ capacity: 10, ttlJitter: 0.2, keys: { table: [1] } }")).toEqual([
      "services[0].cache.ttlJitter: needs ttl: jitter shortens each fill's lifetime below ttl, and there is no ttl",
    ]);
    for (const bad of ["1", "100%", "-0.1", "lots"]) {
      expect(problems(`{ capacity: 10, ttl: 10s, ttlJitter: ${bad}, keys: { table: [1] } }`)[0], bad).toMatch(/^services\[0\]\.cache\.ttlJitter: /);
    }
    const loaded = loadScenario(BASE.replace("CACHE", "{ capacity: 10, ttl: 10s, ttlJitter: 25%, keys: { table: [1] } }"));
    expect(loaded.ok && loaded.spec.caches?.[0]?.ttlJitter).toBe(0.25);
  });

  it("checks launches against the run", () => {
    expect(problems("{ capacity: 10, keys: { zipf: 1, count: 100, hot: [{ at: 20s, share: 10% }] } }")).toEqual([]); // after the end: no effect
    expect(problems("{ capacity: 10, keys: { zipf: 1, count: 100, hot: [{ at: 1s, share: 70% }, { at: 2s, for: 1s, share: 40% }, { at: 5s, share: 20% }] } }")).toEqual([
      "services[0].cache.keys.hot[1].share: launches running at 2.00 s take 110% of requests together (at most 100%)",
    ]);
  });
});

/** Sum over cache services of a per-window series, for windows starting in [fromS, toS). */
function meanOver(result: Result, pick: (c: Result["caches"][number], i: number) => number, fromS: number, toS: number): number {
  let total = 0;
  let windows = 0;
  result.series.startMs.forEach((t, i) => {
    if (t < fromS * 1000 || t >= toS * 1000) return;
    windows++;
    for (const c of result.caches) total += pick(c, i);
  });
  return total / windows;
}

describe("scenarios/cdn-launch.yaml", () => {
  it("offloads most requests and the launch raises the origin load far less than the traffic", () => {
    // The launch moved to 90 s and the run cut to 3 min, so it runs in a few seconds.
    const at = ["edge-us", "edge-eu", "edge-ap"].map((s) => `services.${s}.cache.keys.hot[0].at=90s`);
    const result = simulate(load("cdn-launch.yaml"), { overrides: [...at, "workload.rate.spikes[0].at=90s", "run.duration=3m", "run.warmup=30s"] });
    expect(result.caches.map((c) => c.service)).toEqual(["edge-us", "edge-eu", "edge-ap"]);
    for (const c of result.caches) {
      expect(c.originOffload!, c.service).toBeGreaterThan(0.75);
      expect(c.fetchesInFlightPerKeyMax).toBe(1);
    }
    const offeredBefore = meanOver(result, (c, i) => c.series.lookupsPerS[i]!, 30, 90);
    const offeredDuring = meanOver(result, (c, i) => c.series.lookupsPerS[i]!, 125, 180);
    const originBefore = meanOver(result, (c, i) => c.series.fetchesPerS[i]!, 30, 90);
    const originDuring = meanOver(result, (c, i) => c.series.fetchesPerS[i]!, 125, 180);
    expect(offeredDuring / offeredBefore).toBeGreaterThan(2.7);
    expect(originDuring / originBefore).toBeLessThan(2);
    expect(result.requests.successRate).toBe(1);
  });
});

describe("scenarios/cache-stampede.yaml", () => {
  it("stampedes the origin when the hot keys expire together, and coalescing stops it", () => {
    const short = ["run.duration=80s", "run.warmup=20s", "faults=[]"];
    const off = simulate(load("cache-stampede.yaml"), { overrides: short });
    const on = simulate(load("cache-stampede.yaml"), { overrides: [...short, "services.cache.cache.coalesce=true"] });
    const [a, b] = [off.caches[0]!, on.caches[0]!];
    expect(a.fetchesInFlightPerKeyMax).toBeGreaterThan(50);
    expect(b.fetchesInFlightPerKeyMax).toBe(1);
    expect(b.coalesced).toBeGreaterThan(0);
    expect(b.fetches * 2).toBeLessThan(a.fetches);
    expect(b.fetchesPerSPeak * 4).toBeLessThan(a.fetchesPerSPeak);
    // The expiry at about 60 s: the origin melts down without coalescing, not with it.
    expect(a.series.hitRatio[62]!).toBeLessThan(0.7);
    expect(off.requests.successRate!).toBeLessThan(0.99);
    expect(on.requests.successRate!).toBeGreaterThan(0.999);
  });
});
