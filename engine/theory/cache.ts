/**
 * Closed forms for caches under the independent reference model (IRM: each request asks
 * for object i with probability p_i, independently of all others), used to check the
 * simulator and to size caches without running it.
 *
 * LRU, by Che's approximation (H. Che, Y. Tung & Z. Wang, "Hierarchical Web caching systems:
 * modeling, design and experimental results", IEEE JSAC 20(7), 2002): an object stays in an
 * LRU cache of C objects for a "characteristic time" T (counted in requests here) after its
 * last request, the same for every object, where T solves
 *
 *     sum_i (1 - exp(-p_i T)) = C,
 *
 * (the expected number of distinct objects requested within T requests fills the cache), and
 * the hit ratio is sum_i p_i (1 - exp(-p_i T)). Fricker, Robert & Roberts ("A versatile and
 * accurate approximation for LRU cache performance", ITC 24, 2012) show it is asymptotically
 * exact as C grows and very accurate already for caches of tens of objects.
 *
 * A perfect LFU under IRM converges to holding the C most popular objects, so its long-run
 * hit ratio is the sum of the C largest p_i: the best any cache without foresight can do.
 */
import { assert } from "../core/assert";
import { dmath } from "../core/det-math";

/** The characteristic time T, in requests, of an LRU cache of `capacity` objects (Che). */
export function cheCharacteristicTime(probabilities: ArrayLike<number>, capacity: number): number {
  const n = probabilities.length;
  assert(capacity >= 1 && capacity < n, `cheCharacteristicTime: capacity must be in [1, ${n}) objects, got ${capacity}`);
  // f(T) = sum(1 - e^{-p T}) - C is increasing and concave, so Newton's method started left
  // of the root stays left of it and converges monotonically. T = C is left of the root:
  // 1 - e^{-x} ≤ x gives f(C) ≤ sum(p) C - C = 0.
  let t = capacity;
  for (let iteration = 0; iteration < 200; iteration++) {
    let f = -capacity;
    let slope = 0;
    for (let i = 0; i < n; i++) {
      const p = probabilities[i]!;
      const e = dmath.exp(-p * t);
      f += 1 - e;
      slope += p * e;
    }
    const step = -f / slope;
    t += step;
    if (Math.abs(step) <= 1e-12 * t) return t;
  }
  assert(false, `cheCharacteristicTime: no convergence for capacity ${capacity}`);
}

/** The LRU hit ratio under IRM by Che's approximation. */
export function cheHitRatio(probabilities: ArrayLike<number>, capacity: number): number {
  const t = cheCharacteristicTime(probabilities, capacity);
  let hit = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    hit += p * (1 - dmath.exp(-p * t));
  }
  return hit;
}

/** The hit ratio of a cache holding the `capacity` most popular objects (perfect LFU under IRM). */
export function staticOptimumHitRatio(probabilities: ArrayLike<number>, capacity: number): number {
  const sorted = Array.from(probabilities).sort((a, b) => b - a);
  let hit = 0;
  for (let i = 0; i < Math.min(capacity, sorted.length); i++) hit += sorted[i]!;
  return hit;
}
