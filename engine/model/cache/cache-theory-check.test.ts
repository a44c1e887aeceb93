/**
 * The cache structures against theory, under the independent reference model (Zipf keys
 * drawn independently, as the Che approximation assumes; engine/theory/cache.ts).
 *
 * Tolerance for LRU vs Che: |simulated - Che| ≤ 0.005 + 4 se.
 * - se is the standard error of the simulated hit ratio by batch means (20 batches of
 *   15,000 requests after a warm-up of 20 C requests): hits are correlated through the cache
 *   contents, so the binomial sqrt(h (1 - h) / n) would understate it; batches far longer than
 *   the cache's characteristic time are nearly independent. Here se ≈ 0.001.
 * - 0.005 is the allowance for the approximation itself: Fricker, Robert & Roberts (ITC 2012)
 *   show it is asymptotically exact and within a fraction of a percent for Zipf popularity at
 *   these sizes (C ≥ 100 objects); measured here it is within 0.001 at every point.
 */
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../core/rng";
import { cheCharacteristicTime, cheHitRatio, staticOptimumHitRatio } from "../../theory/cache";
import { LOOKUP_HIT, type KeyCache } from "./key-cache";
import { ZipfSampler, zipfProbabilities } from "./key-popularity";
import { LfuCache } from "./lfu-cache";
import { LruCache } from "./lru-cache";

const KEYS = 10_000;
const BATCHES = 20;
const BATCH = 15_000;

/** Hit ratio and its batch-means standard error of a cache fed independent Zipf keys. */
function simulate(cache: KeyCache, exponent: number, seed: number): { hitRatio: number; se: number } {
  const stream = new RandomStreams(seed).get("keys");
  const sampler = new ZipfSampler(KEYS, exponent);
  const request = (): boolean => {
    const key = sampler.sample(stream) - 1;
    if (cache.lookup(key, 0) === LOOKUP_HIT) return true;
    cache.insert(key, 0);
    return false;
  };
  for (let i = 0; i < 20 * cache.capacity; i++) request();
  const ratios: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    let hits = 0;
    for (let i = 0; i < BATCH; i++) if (request()) hits++;
    ratios.push(hits / BATCH);
  }
  const mean = ratios.reduce((a, b) => a + b, 0) / BATCHES;
  const variance = ratios.reduce((a, r) => a + (r - mean) ** 2, 0) / (BATCHES - 1);
  return { hitRatio: mean, se: Math.sqrt(variance / BATCHES) };
}

describe("Che's approximation", () => {
  it("solves for a characteristic time that fills the cache", () => {
    const p = zipfProbabilities(1000, 0.8);
    const t = cheCharacteristicTime(p, 100);
    let filled = 0;
    for (const pi of p) filled += 1 - Math.exp(-pi * t);
    expect(filled).toBeCloseTo(100, 8);
    // Uniform popularity: the hit ratio is 1 - e^{-T/N}, with T from N (1 - e^{-T/N}) = C.
    const uniform = new Float64Array(1000).fill(1 / 1000);
    expect(cheHitRatio(uniform, 250)).toBeCloseTo(0.25, 10);
  });

  for (const [exponent, share] of [[0.6, 0.05], [0.8, 0.01], [0.8, 0.2], [1.0, 0.05], [1.2, 0.01], [1.2, 0.2]] as const) {
    it(`predicts the LRU hit ratio for Zipf ${exponent} keys with a cache of ${share * 100}% of them`, () => {
      const capacity = KEYS * share;
      const che = cheHitRatio(zipfProbabilities(KEYS, exponent), capacity);
      const { hitRatio, se } = simulate(new LruCache(capacity, Infinity), exponent, Math.round(exponent * 100 + share * 1000));
      expect(se).toBeLessThan(0.003);
      expect(Math.abs(hitRatio - che), `simulated ${hitRatio.toFixed(4)} ± ${se.toFixed(4)}, Che ${che.toFixed(4)}`).toBeLessThanOrEqual(0.005 + 4 * se);
    });
  }
});

describe("LFU under a static popularity", () => {
  for (const [exponent, share] of [[0.6, 0.05], [0.8, 0.01], [1.0, 0.05]] as const) {
    it(`beats LRU for Zipf ${exponent} keys with a cache of ${share * 100}% of them, staying below the static optimum`, () => {
      const capacity = KEYS * share;
      const seed = Math.round(exponent * 100 + share * 1000);
      const lru = simulate(new LruCache(capacity, Infinity), exponent, seed);
      const lfu = simulate(new LfuCache(capacity, Infinity), exponent, seed);
      const optimum = staticOptimumHitRatio(zipfProbabilities(KEYS, exponent), capacity);
      // Measured margins are 0.06 to 0.10; 0.03 is well outside both runs' noise (se ≈ 0.001).
      expect(lfu.hitRatio - lru.hitRatio, `LFU ${lfu.hitRatio.toFixed(4)}, LRU ${lru.hitRatio.toFixed(4)}`).toBeGreaterThan(0.03);
      expect(lfu.hitRatio).toBeLessThanOrEqual(optimum + 4 * lfu.se);
    });
  }
});
