/**
 * Closed forms a lesson shows beside what the simulation measured, computed from the run's
 * scenario (not its Result): the student sees theory and measurement side by side.
 *
 * cheHitRatio: Che's approximation of an LRU cache's hit ratio under the independent reference
 * model (engine/theory/cache.ts) for a cache service's Zipf (or table) popularity and its
 * capacity. A service behind a hash balancer splits the catalogue over its n nodes, each an LRU
 * of C objects over about 1/n of the keys; that is Che's cache of n·C objects over the whole
 * catalogue to within the unevenness of the split (exact for one node). Launches (hot keys) and
 * TTL expiry are outside the model: the figure says so instead of giving a number.
 */
import { dmath } from "../core/det-math";
import { cheHitRatio } from "../theory/cache";
import type { Scenario } from "../scenario/schema";
import type { TheoryFigureKind } from "./lesson-schema";

/** A theory figure as compiled: which closed form, for which service. */
export interface TheoryRef {
  kind: TheoryFigureKind;
  service: string;
}

/** The closed form's value for the scenario, or why there is none. */
export function theoryValue(ref: TheoryRef, scenario: Scenario): { ok: true; value: number } | { ok: false; message: string } {
  const service = scenario.services.find((s) => s.name === ref.service);
  if (service === undefined) return { ok: false, message: `no service ${JSON.stringify(ref.service)}` };
  const cache = service.cache;
  if (cache === undefined) return { ok: false, message: `service ${ref.service} has no cache` };
  if (cache.policy !== "lru") return { ok: false, message: "Che's approximation is for LRU caches" };
  if (cache.ttl !== undefined || cache.keys.hot.length > 0) return { ok: false, message: "Che's approximation leaves out TTL expiry and launches" };
  const nodes = service.groups.reduce((sum, name) => sum + (scenario.topology.groups.find((g) => g.name === name)?.count ?? 0), 0);
  const weights = cache.keys.table ?? zipfWeights(cache.keys.count!, cache.keys.zipf!);
  const total = weights.reduce((a, b) => a + b, 0);
  const probabilities = weights.map((w) => w / total);
  const capacity = cache.capacity * Math.max(1, nodes);
  if (capacity >= probabilities.length) return { ok: true, value: 1 };
  return { ok: true, value: cheHitRatio(probabilities, capacity) };
}

/** Relative weights k^-s for ranks 1..count. */
function zipfWeights(count: number, exponent: number): number[] {
  const weights = new Array<number>(count);
  for (let k = 1; k <= count; k++) weights[k - 1] = dmath.pow(k, -exponent);
  return weights;
}
