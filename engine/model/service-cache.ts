/**
 * The hooks through which the cluster model lets a cache (cache-tier.ts) take part in a
 * service's requests, kept to an interface so the model does not depend on how caches work.
 *
 * Where the model calls them (engine/model/cluster-model.ts):
 * - newCall: a call to a cache service that inherits no key from its parent job draws one
 *   (`drawKey`); every call carries its parent job's key down, so an origin fetch and any
 *   cache behind it (a shield tier) see the key of the request that missed.
 * - onServiceDone: after the node's service time, `lookup` decides: answer a hit at once
 *   (no downstream calls), run the hop's calls to fetch a miss, or park the job behind a
 *   fetch of the same key already in flight (request coalescing).
 * - respond: a job that fetched (`job.cacheFetch`) reports the outcome to `fetchDone`, which
 *   fills the cache on success and answers the jobs parked behind it.
 * - crashNode: `nodeLost` empties the node's cache; it restarts cold.
 */
import type { Job } from "./records";

/** The object was cached: answer now. */
export const CACHE_HIT = 0;
/** A miss: run the hop's downstream calls (the origin fetch), then fill the cache. */
export const CACHE_MISS = 1;
/** A miss for a key whose fetch is in flight on the node: the job waits for it (PHASE_CHILDREN). */
export const CACHE_WAIT = 2;

/** A cache on one service. */
export interface ServiceCache {
  /** The key of a request to the service made at `nowMs` that inherited none. */
  drawKey(nowMs: number): number;
  /** The job finished its service time on `job.node`: CACHE_HIT, CACHE_MISS or CACHE_WAIT. */
  lookup(jobId: number, job: Job, nowMs: number): number;
  /** Fetching job `jobId` is about to answer with `ok`/`cause` (called at the start of respond). */
  fetchDone(jobId: number, job: Job, ok: boolean, cause: number, nowMs: number): void;
  /** `node` crashed: its objects and fetches in flight are gone (its jobs were already lost). */
  nodeLost(node: number, nowMs: number): void;
}
