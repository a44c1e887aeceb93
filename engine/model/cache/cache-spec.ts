/**
 * CacheSpec: a service marked as a cache, compiled from a scenario's `services[i].cache`
 * (engine/scenario/compile-cache.ts) into engine units and indexes. See cache-tier.ts for
 * what the model does with it.
 */
import type { CachePolicy } from "./key-cache";

/** The popularity of the catalogue's keys (key k is rank k + 1). */
export type PopularitySpec =
  | { kind: "zipf"; exponent: number; count: number }
  | { kind: "table"; weights: number[] };

/**
 * A launch: from `atMs` a share of requests (ramping linearly from 0 over `rampMs`) asks for
 * `count` new keys, equally; it stops at `untilMs`. New keys never appeared before, so every
 * cache starts cold on them.
 */
export interface HotKeysSpec {
  atMs: number;
  rampMs: number;
  /** Infinity: to the end of the run. */
  untilMs: number;
  /** Fraction of requests, in (0, 1]. */
  share: number;
  count: number;
  /** The first of the launch's keys (after the catalogue and earlier launches). */
  firstKey: number;
}

/** Where requests' keys come from. */
export interface KeysSpec {
  popularity: PopularitySpec;
  hot: HotKeysSpec[];
}

/** A cache in front of a service's downstream calls. */
export interface CacheSpec {
  serviceIndex: number;
  policy: CachePolicy;
  /** Objects each node of the service can hold. */
  capacity: number;
  /** Time an object lives after it is filled, ms; Infinity for no expiry. */
  ttlMs: number;
  /**
   * Share in [0, 1) by which a fill's lifetime is shortened at random: uniform in
   * [ttlMs·(1 − ttlJitter), ttlMs]. 0: every fill lives exactly ttlMs.
   */
  ttlJitter: number;
  /** Concurrent misses for one key on one node wait for the single fetch in flight. */
  coalesce: boolean;
  keys: KeysSpec;
}
