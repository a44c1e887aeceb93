/**
 * Jittered expiry (`ttlJitter`): each fill lives a time uniform in [ttl·(1 − j), ttl], drawn
 * from the tier's own stream, so objects filled together expire over a spread and the origin
 * sees no synchronised refill peak. Without jitter no stream is created and nothing changes;
 * with it, a run saved in a snapshot continues byte-identically.
 */
import { describe, expect, it } from "vitest";
import { CachesExtension } from "./caches";
import { LOOKUP_EXPIRED, LOOKUP_HIT } from "./key-cache";
import { LfuCache } from "./lfu-cache";
import { LruCache } from "./lru-cache";
import type { ClusterModel } from "../cluster-model";
import { ModelRun } from "../run";
import { resultDigest } from "../../simulate";
import { hook } from "../test-support/hook";
import { cacheModel, run } from "../test-support/cache-model";

/** A small cache model's run, not advanced: its tier, and the names of its streams so far. */
function tierOf(ttlJitter: number, seed: number) {
  const model = cacheModel({ ratePerS: 10, durationMs: 1000, popularity: { kind: "table", weights: [1] }, capacity: 10, ttlMs: 10_000, ttlJitter });
  const caches = new CachesExtension([model.cache]);
  let captured: ClusterModel | null = null;
  const modelRun = new ModelRun({ model: model.spec }, { seed, engineVersion: "test", extensions: [caches, hook((m) => { captured = m; })] });
  const streamNames = () => captured!.sim.streams.snapshot().map((s) => s.name);
  return { tier: caches.tiers[0]!, modelRun, streamNames };
}

describe("fill lifetimes", () => {
  it("are drawn within [ttl·(1 − j), ttl], the same for the same seed, different for another", () => {
    const draws = (seed: number) => {
      const { tier } = tierOf(0.2, seed);
      return Array.from({ length: 1000 }, () => tier.fillLifetimeMs());
    };
    const a = draws(7);
    for (const lifetime of a) {
      expect(lifetime).toBeGreaterThan(8000);
      expect(lifetime).toBeLessThanOrEqual(10_000);
    }
    expect(draws(7)).toEqual(a);
    expect(draws(8)).not.toEqual(a);
  });

  it("have mean ttl·(1 − j/2) and the spread of a uniform (4 standard errors)", () => {
    // Uniform on [ttl(1 − j), ttl]: mean ttl(1 − j/2), sd ttl·j/√12; the mean of n draws
    // has standard error sd/√n (50 ms at n = 10⁵, ttl 10 s, j = 0.5); 4 SE is 1 in 16 000.
    const ttlMs = 10_000;
    for (const j of [0.1, 0.5, 0.9]) {
      const { tier } = tierOf(j, 3);
      const n = 100_000;
      let sum = 0;
      let sumSquares = 0;
      for (let i = 0; i < n; i++) {
        const lifetime = tier.fillLifetimeMs();
        sum += lifetime;
        sumSquares += lifetime * lifetime;
      }
      const mean = sum / n;
      const sd = (ttlMs * j) / Math.sqrt(12);
      expect(Math.abs(mean - ttlMs * (1 - j / 2)), `j ${j}`).toBeLessThan((4 * sd) / Math.sqrt(n));
      const variance = sumSquares / n - mean * mean;
      // The sample sd of a uniform is within 2% of the true sd at this n (its SE is ~0.2%).
      expect(Math.abs(Math.sqrt(variance) / sd - 1), `j ${j}`).toBeLessThan(0.02);
    }
  });

  it("without jitter are exactly ttl, and no expiry stream is created", () => {
    const { tier, modelRun, streamNames } = tierOf(0, 3);
    expect(tier.fillLifetimeMs()).toBe(10_000);
    modelRun.advance();
    expect(streamNames()).toContain("cache/svc/keys");
    expect(streamNames().some((name) => name.endsWith("/expiry"))).toBe(false);
    const jittered = tierOf(0.2, 3);
    jittered.modelRun.advance();
    expect(jittered.streamNames()).toContain("cache/svc/expiry");
  });

  it("are honoured by both policies: an object lives its own lifetime, not ttl", () => {
    for (const cache of [new LruCache(10, 1000), new LfuCache(10, 1000)]) {
      cache.insert(1, 0, 600);
      cache.insert(2, 0);
      expect(cache.lookup(1, 599), cache.policy).toBe(LOOKUP_HIT);
      expect(cache.lookup(1, 600), cache.policy).toBe(LOOKUP_EXPIRED);
      expect(cache.lookup(2, 999), cache.policy).toBe(LOOKUP_HIT);
      expect(cache.lookup(2, 1000), cache.policy).toBe(LOOKUP_EXPIRED);
    }
  });
});

describe("a synchronised fill", () => {
  // 1000 keys requested equally at 10 000/s: every key is filled within the first ~second,
  // so without jitter all of them expire together every ~10 s and are fetched again within a
  // few hundred ms: the origin's per-second peak is about the whole catalogue. Jitter 50%
  // spreads each generation's expiries over 5 s, and further with every refill.
  const fill = (ttlJitter: number, seed: number) => run(cacheModel({
    ratePerS: 10_000, durationMs: 45_000, warmupMs: 5000, windowMs: 1000, popularity: { kind: "table", weights: new Array<number>(1000).fill(1) },
    capacity: 2000, ttlMs: 10_000, ttlJitter, coalesce: true,
  }), seed).caches[0]!;

  it("sends the origin a refill peak of the whole catalogue without jitter, and a spread-out one with it", () => {
    for (const seed of [1, 2]) {
      const plain = fill(0, seed);
      const jittered = fill(0.5, seed);
      expect(plain.fetchesPerSPeak, `seed ${seed}`).toBeGreaterThan(900);
      // Expiries spread over 5 s: about 1000 / 5 = 200 per second at worst, then flatter.
      expect(jittered.fetchesPerSPeak, `seed ${seed}`).toBeLessThan(400);
      // Shorter lifetimes mean a few more fetches overall (mean lifetime 7.5 s, not 10 s).
      expect(jittered.fetches).toBeGreaterThan(plain.fetches);
      expect(jittered.fetches).toBeLessThan(plain.fetches * 1.6);
    }
  });
});

describe("a jittered run through a snapshot", () => {
  it("continues byte-identically: the expiry stream is saved and restored with the run", () => {
    const model = cacheModel({ ratePerS: 2000, durationMs: 30_000, popularity: { kind: "table", weights: new Array<number>(200).fill(1) }, capacity: 400, ttlMs: 5000, ttlJitter: 0.3, coalesce: true });
    const straight = new ModelRun({ model: model.spec, caches: [model.cache] }, { seed: 4, engineVersion: "test" });
    straight.advance();
    const paused = new ModelRun({ model: model.spec, caches: [model.cache] }, { seed: 4, engineVersion: "test" });
    paused.advance({ untilMs: 12_345 });
    const restored = ModelRun.restore(JSON.parse(JSON.stringify(paused.snapshot())));
    restored.advance();
    expect(resultDigest(restored.result())).toBe(resultDigest(straight.result()));
  });
});

