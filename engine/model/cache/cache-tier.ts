/**
 * A cache tier: a service whose nodes each keep their own cache of objects in front of the
 * service's downstream calls (a read-through cache, a CDN edge, a shield tier).
 *
 * Each request to the service carries a key (drawn by {@link KeyPicker} from the service's
 * own stream `cache/<service>/keys`, or inherited from the request that missed upstream).
 * After its service time on a node, a request looks its key up in that node's cache:
 * - hit: the node answers at once; the hop's downstream calls are skipped;
 * - miss: the hop's downstream calls run (the origin fetch); when they succeed the key is
 *   inserted (evicting by policy), and the request answers;
 * - with `coalesce`, a miss for a key already being fetched on that node waits for that fetch
 *   and shares its outcome (Go's singleflight, nginx's proxy_cache_lock, Varnish's request
 *   collapsing): one origin request per key per node instead of a stampede.
 * Nodes do not share contents, so how keys are routed matters: the `hash` balancer policy
 * (rendezvous hashing, balancer.ts) sends each key to one node. A crashed node loses its
 * contents and restarts cold; its cold start is measured against its hit ratio before.
 *
 * Per-request work is a handful of typed-array operations (key-map.ts, lru-cache.ts,
 * lfu-cache.ts); nothing allocates per request once the caches have grown.
 */
import { assert } from "../../core/assert";
import type { CacheRestart, CacheSummary } from "../../result/cache-result";
import type { ClusterModel } from "../cluster-model";
import type { CacheSpec } from "./cache-spec";
import { CacheWindows } from "./cache-windows";
import { LOOKUP_EXPIRED, LOOKUP_HIT, type KeyCache } from "./key-cache";
import { KEY_NOT_FOUND, KeyMap } from "./key-map";
import { KeyPicker } from "./key-popularity";
import { LfuCache } from "./lfu-cache";
import { LruCache } from "./lru-cache";
import { PHASE_CHILDREN, type Job } from "../records";
import { CACHE_HIT, CACHE_MISS, CACHE_WAIT, type ServiceCache } from "../service-cache";

/** Restarts reported per service; later ones are counted in restartsOmitted. */
export const CACHE_RESTARTS_MAX = 100;

/** Creates an empty node cache for a spec. */
export function createKeyCache(spec: Pick<CacheSpec, "policy" | "capacity" | "ttlMs">): KeyCache {
  return spec.policy === "lru" ? new LruCache(spec.capacity, spec.ttlMs) : new LfuCache(spec.capacity, spec.ttlMs);
}

/** Counters of one cache service (whole run or measurement period). */
export class CacheCounts {
  lookups = 0;
  hits = 0;
  expired = 0;
  fetches = 0;
  fetchesFailed = 0;
  coalesced = 0;
  evictions = 0;
}

export class CacheTier implements ServiceCache {
  private readonly picker: KeyPicker;
  /** Per node index: its cache (created at its first lookup), or null. */
  private readonly caches: Array<KeyCache | null> = [];
  /**
   * Per node index: fetches in flight by key. With coalescing the value is the fetching
   * job's id (its waiters hang off that job); without, the number of fetches of the key.
   */
  private readonly inFlight: Array<KeyMap | null> = [];
  private readonly measured = new CacheCounts();
  private readonly windows: CacheWindows;
  private readonly restarts: CacheRestart[] = [];
  private restartsOmitted = 0;
  private fetchesInFlightPerKeyMax = 0;

  constructor(private readonly model: ClusterModel, readonly spec: CacheSpec) {
    const name = model.spec.services[spec.serviceIndex]!.name;
    this.picker = new KeyPicker(spec.keys, model.sim.streams.get(`cache/${name}/keys`));
    this.windows = new CacheWindows(model.spec.durationMs, model.spec.windowMs);
  }

  drawKey(nowMs: number): number {
    return this.picker.next(nowMs);
  }

  lookup(jobId: number, job: Job, nowMs: number): number {
    const node = job.node;
    const key = job.key;
    if (!(key >= 0 && node >= 0)) assert(false, `cache lookup needs a key and a node, got key ${key} on node ${node}`);
    const outcome = this.cacheOf(node).lookup(key, nowMs);
    const hit = outcome === LOOKUP_HIT;
    const measured = nowMs >= this.model.spec.warmupMs;
    this.windows.lookup(node, nowMs, hit, this.restarts);
    if (measured) {
      this.measured.lookups++;
      if (hit) this.measured.hits++;
      if (outcome === LOOKUP_EXPIRED) this.measured.expired++;
    }
    if (hit) return CACHE_HIT;
    const inFlight = this.inFlightOf(node);
    const found = inFlight.get(key);
    if (this.spec.coalesce) {
      if (found !== KEY_NOT_FOUND) {
        this.park(jobId, job, found);
        this.windows.coalesce(nowMs);
        if (measured) this.measured.coalesced++;
        return CACHE_WAIT;
      }
      inFlight.set(key, jobId);
      if (this.fetchesInFlightPerKeyMax < 1) this.fetchesInFlightPerKeyMax = 1;
    } else {
      const fetching = found === KEY_NOT_FOUND ? 1 : found + 1;
      inFlight.set(key, fetching);
      if (fetching > this.fetchesInFlightPerKeyMax) this.fetchesInFlightPerKeyMax = fetching;
    }
    job.cacheFetch = true;
    job.cacheWaitHead = -1;
    job.cacheWaitTail = -1;
    this.windows.fetch(nowMs);
    if (measured) this.measured.fetches++;
    return CACHE_MISS;
  }

  fetchDone(jobId: number, job: Job, ok: boolean, cause: number, nowMs: number): void {
    job.cacheFetch = false;
    const node = job.node;
    const key = job.key;
    const measured = nowMs >= this.model.spec.warmupMs;
    if (ok) {
      if (this.cacheOf(node).insert(key, nowMs)) {
        this.windows.evict(nowMs);
        if (measured) this.measured.evictions++;
      }
    } else if (measured) {
      this.measured.fetchesFailed++;
    }
    const inFlight = this.inFlightOf(node);
    const found = inFlight.get(key);
    if (!this.spec.coalesce) {
      if (!(found >= 1)) assert(false, `cache fetch of key ${key} finished but none was in flight`);
      if (found === 1) inFlight.delete(key);
      else inFlight.set(key, found - 1);
      return;
    }
    if (found !== jobId) assert(false, `cache fetch of key ${key} by job ${jobId} finished but job ${found} holds it`);
    inFlight.delete(key);
    this.answerWaiters(job, ok, cause);
  }

  nodeLost(node: number, nowMs: number): void {
    const cache = node < this.caches.length ? this.caches[node] : null;
    if (cache === null || cache === undefined) return;
    const objectsLost = cache.size;
    cache.clear();
    this.inFlight[node]?.clear();
    const hitRatioBefore = this.windows.nodeLost(node);
    if (this.restarts.length >= CACHE_RESTARTS_MAX) {
      this.restartsOmitted++;
      return;
    }
    this.windows.watchRestart(node, this.restarts.length);
    this.restarts.push({
      node: this.model.nodes.names[node]!,
      crashedAtMs: nowMs,
      objectsLost,
      hitRatioBefore,
      restartedAtMs: null,
      recoveredAtMs: null,
      recoveryMs: null,
    });
  }

  /** The summary for the Result; call once, after the run. */
  summary(): CacheSummary {
    const spec = this.model.spec;
    const endMs = spec.durationMs;
    this.windows.finish(this.restarts);
    const m = this.measured;
    const measuredS = (endMs - spec.warmupMs) / 1000;
    let objectsAtEnd = 0;
    for (const cache of this.caches) if (cache) objectsAtEnd += cache.size;
    const series = this.windows.series();
    return {
      service: spec.services[this.spec.serviceIndex]!.name,
      policy: this.spec.policy,
      capacityPerNode: this.spec.capacity,
      ttlMs: Number.isFinite(this.spec.ttlMs) ? this.spec.ttlMs : null,
      coalesce: this.spec.coalesce,
      lookups: m.lookups,
      hits: m.hits,
      misses: m.lookups - m.hits,
      expired: m.expired,
      fetches: m.fetches,
      fetchesFailed: m.fetchesFailed,
      coalesced: m.coalesced,
      evictions: m.evictions,
      hitRatio: m.lookups > 0 ? m.hits / m.lookups : null,
      originOffload: m.lookups > 0 ? 1 - m.fetches / m.lookups : null,
      fetchesPerSMean: measuredS > 0 ? m.fetches / measuredS : 0,
      fetchesPerSPeak: this.windows.peakFetchesPerS(spec.warmupMs),
      fetchesInFlightPerKeyMax: this.fetchesInFlightPerKeyMax,
      objectsAtEnd,
      series,
      restarts: this.restarts,
      restartsOmitted: this.restartsOmitted,
    };
  }

  /** The node's cache (tests). */
  cacheOf(node: number): KeyCache {
    while (this.caches.length <= node) this.caches.push(null);
    let cache = this.caches[node]!;
    if (cache === null) {
      cache = createKeyCache(this.spec);
      this.caches[node] = cache;
    }
    return cache;
  }

  private inFlightOf(node: number): KeyMap {
    while (this.inFlight.length <= node) this.inFlight.push(null);
    let map = this.inFlight[node]!;
    if (map === null) {
      map = new KeyMap(64);
      this.inFlight[node] = map;
    }
    return map;
  }

  /** Parks `job` at the tail of the waiters of fetching job `leaderId` (same node, same key). */
  private park(jobId: number, job: Job, leaderId: number): void {
    const leader = this.model.jobs.items[leaderId]!;
    if (!(leader.cacheFetch && leader.key === job.key && leader.node === job.node)) assert(false, `cache: job ${leaderId} is not fetching key ${job.key} on node ${job.node}`);
    job.phase = PHASE_CHILDREN; // waiting on the node, like a job waiting for downstream calls
    job.childCount = 0;
    job.stageIndex = 0;
    job.cacheWaitNext = -1;
    if (leader.cacheWaitTail < 0) leader.cacheWaitHead = jobId;
    else this.model.jobs.items[leader.cacheWaitTail]!.cacheWaitNext = jobId;
    leader.cacheWaitTail = jobId;
  }

  /** Answers the jobs parked behind a finished fetch, in arrival order. */
  private answerWaiters(leader: Job, ok: boolean, cause: number): void {
    let waiterId = leader.cacheWaitHead;
    leader.cacheWaitHead = -1;
    leader.cacheWaitTail = -1;
    const items = this.model.jobs.items;
    while (waiterId >= 0) {
      const waiter = items[waiterId]!;
      // Read the link first: answering may free the waiter's record for reuse.
      const next = waiter.cacheWaitNext;
      if (!(waiter.phase === PHASE_CHILDREN && waiter.key === leader.key && waiter.node === leader.node)) assert(false, `cache: waiter ${waiterId} is not waiting for key ${leader.key}`);
      this.model.respond(waiterId, waiter, ok, cause);
      waiterId = next;
    }
  }
}
