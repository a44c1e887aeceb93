/**
 * Pooled records for requests in flight: calls (the caller's view of one hop, with its
 * retries and hedges) and jobs (one attempt of a call: its trip to a node, its queueing,
 * service and downstream calls, and the response).
 *
 * Why two records: a caller that times out and retries has two attempts of the same hop in
 * flight at once, and the first one's server keeps working (as real servers do). The call
 * says "what the caller is waiting for"; each job says "what one server is doing".
 *
 * Records are class instances of one fixed shape, reused through free lists, so a busy run
 * allocates no objects per request once the pools have grown to the peak in-flight count.
 * Events name a record by (id, generation): the generation changes when a record is freed,
 * so an event for a freed record is detected (and is a bug: the model cancels or waits for
 * every event before freeing; caller.ts and server.ts assert it, and the phase each event
 * expects, on entry). References held *without* an event may go stale, and that is expected:
 * an armed timeout whose attempt was answered (TimeoutList), a job whose caller gave up and
 * freed its call, a finished child call of a job's stage. Those compare the generation and
 * skip. The pool asserts that a record is never freed twice.
 *
 * The times a request's path reads (a job's send, arrival and deadline, a call's request
 * start) are not fields of the records but Float64Array columns of their pools (JobPool,
 * CallPool), indexed by record id: V8 keeps a double field as a pointer to a separate heap
 * number, one more memory fetch per read.
 */
import { AssertionError } from "../core/assert";
import { NO_EVENT, type EventHandle } from "../core/event-queue";
import type { StepRuntime } from "./step-runtime";
import { grownFloat64 } from "../core/typed-arrays";

/** Failure causes a caller can see, as small integers (indexes into FAILURE_CAUSES). */
export const CAUSE_NONE = -1;
export const CAUSE_TIMEOUT = 0;
export const CAUSE_REJECTED = 1;
export const CAUSE_UNAVAILABLE = 2;
export const CAUSE_CIRCUIT_OPEN = 3;
export const CAUSE_ERROR = 4;
export const CAUSE_NODE_DOWN = 5;
export const CAUSE_CRASHED = 6;
export const CAUSE_ABANDONED = 7;
/**
 * Why an attempt (or a request) failed, one cause each, by what happened to it rather than by
 * how its caller found out (a caller with a timeout learns of a crash by timing out; the cause
 * is still the crash):
 * - timeout: the caller gave up waiting (the hop's timeout fired) while the request was still
 *   being worked on (travelling, queued, in service, or waiting for its own downstream calls),
 *   or after the network silently lost it or its answer.
 * - rejected: a full queue refused the request.
 * - unavailable: the balancer had no eligible node.
 * - circuit-open: the caller's circuit breaker failed the call fast.
 * - error: the network lost the request or its answer on a hop without a timeout (a connection error).
 * - node-down: the request reached a node that had already crashed (or was not up).
 * - crashed: the request was on a node (queued or in service) when the node crashed.
 * - abandoned: the request left a queue when its patience ran out (the service's `patience`).
 */
export const FAILURE_CAUSES = ["timeout", "rejected", "unavailable", "circuit-open", "error", "node-down", "crashed", "abandoned"] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];

/** Server-side phases of a job. */
export const PHASE_TRANSIT = 0;
export const PHASE_QUEUED = 1;
export const PHASE_SERVING = 2;
export const PHASE_CHILDREN = 3;
/** The server is finished with the job (answered, rejected, dropped or lost it). */
export const PHASE_DONE = 4;
/** Names of the PHASE_* values, for assertion messages. */
export const PHASE_NAMES = ["transit", "queued", "serving", "children", "done"] as const;

/** One attempt of a call. */
export class Job {
  gen = 0;
  callId = -1;
  callGen = 0;
  step: StepRuntime = null as unknown as StepRuntime;
  /** Node serving the attempt; -1 while waiting in a service's central queue. */
  node = -1;
  /** Balancer member index of `node`; -1 when not routed through a member. */
  member = -1;
  /** The request counts in statistics (it arrived after warm-up); copied from its call when sent. */
  measured = false;
  /** The pending patience event while queued (services with patience), else NO_EVENT. */
  patienceHandle: EventHandle = NO_EVENT;
  /** The node's incarnation when the job arrived (a crash changes it). */
  incarnation = 0;
  phase = PHASE_TRANSIT;
  /** The caller still waits for this attempt (no timeout, no other attempt won yet). */
  callerWaiting = false;
  /** A response event is scheduled and has not fired. */
  responsePending = false;
  /** A central-queue or node-arrival event is scheduled and has not fired. */
  arrivalPending = false;
  /** The caller's timeout for this attempt is armed (in its hop's TimeoutList). */
  timeoutArmed = false;
  serviceHandle: EventHandle = NO_EVENT;
  ok = false;
  cause = CAUSE_NONE;
  zoneOfCaller = 0;
  // Downstream stages.
  stageIndex = 0;
  stageSucceeded = 0;
  stageFailed = 0;
  stageCause = CAUSE_NONE;
  launching = false;
  /**
   * Child calls of the current stage: ids and generations of children 0 .. childCount - 1.
   * The first is kept in the record itself (most stages send one call), the others in arrays
   * (child i at i - 1): reading an array is two more objects to fetch from memory.
   */
  childCount = 0;
  child0Id = -1;
  child0Gen = 0;
  childIdsMore: number[] = [];
  childGensMore: number[] = [];

  /** Sets child `i` of the current stage (i <= childCount). */
  setChild(i: number, callId: number, callGen: number): void {
    if (i === 0) {
      this.child0Id = callId;
      this.child0Gen = callGen;
    } else {
      this.childIdsMore[i - 1] = callId;
      this.childGensMore[i - 1] = callGen;
    }
  }

  /** Id of child `i` of the current stage. */
  childId(i: number): number {
    return i === 0 ? this.child0Id : this.childIdsMore[i - 1]!;
  }

  /** Generation of child `i` of the current stage. */
  childGen(i: number): number {
    return i === 0 ? this.child0Gen : this.childGensMore[i - 1]!;
  }
  // Caches (cache-tier.ts).
  /** The object the request asks for (from its call), or -1 for requests without keys. */
  key = -1;
  /** This job is fetching its key from the origin after a cache miss; the cache fills on success. */
  cacheFetch = false;
  /** Jobs parked behind this fetch (coalesced misses): first and last, linked by cacheWaitNext; -1 for none. */
  cacheWaitHead = -1;
  cacheWaitTail = -1;
  /** The next job parked behind the same fetch, or -1. */
  cacheWaitNext = -1;
}

/** The caller's view of one hop (or of the whole request, for the root call). */
export class Call {
  gen = 0;
  step: StepRuntime = null as unknown as StepRuntime;
  /** Parent job id and generation; -1 for the root call of a request. */
  parentJob = -1;
  parentJobGen = 0;
  parentStage = 0;
  classIndex = 0;
  isRoot = false;
  /** Whether the request counts in statistics (arrived after warm-up). */
  measured = false;
  /** Closed-loop user that sent the request, or -1. */
  user = -1;
  zoneOfCaller = 0;
  retriesUsed = 0;
  hedgesUsed = 0;
  /** Attempts in flight from the caller's view. */
  outstanding = 0;
  /**
   * The attempts in flight (ids and generations), in the order they were sent: the first in
   * the record itself (a call usually has one), the others in arrays (attempt i at i - 1), as
   * for a job's children. Change it only through the methods below.
   */
  attemptCount = 0;
  attempt0Id = -1;
  attempt0Gen = 0;
  attemptIdsMore: number[] = [];
  attemptGensMore: number[] = [];
  /** Member to use for the first attempt (fan-out picks distinct members up front), or -1. */
  pinnedMember = -1;
  done = false;
  retryHandle: EventHandle = NO_EVENT;
  hedgeHandle: EventHandle = NO_EVENT;
  lastCause = CAUSE_NONE;
  /** This attempt is the circuit breaker's half-open probe. */
  probe = false;
  /** The object the request asks for: drawn by the first cache on its path, then inherited; -1 for none. */
  key = -1;

  /** Appends attempt (`jobId`, `jobGen`) to the attempts in flight. */
  pushAttempt(jobId: number, jobGen: number): void {
    if (this.attemptCount === 0) {
      this.attempt0Id = jobId;
      this.attempt0Gen = jobGen;
    } else {
      this.attemptIdsMore.push(jobId);
      this.attemptGensMore.push(jobGen);
    }
    this.attemptCount++;
  }

  /** Id of attempt `i` in flight (0 = the oldest). */
  attemptId(i: number): number {
    return i === 0 ? this.attempt0Id : this.attemptIdsMore[i - 1]!;
  }

  /** Generation of attempt `i` in flight. */
  attemptGen(i: number): number {
    return i === 0 ? this.attempt0Gen : this.attemptGensMore[i - 1]!;
  }

  /** Removes attempt `jobId` keeping the others in order; false if it is not in flight. */
  removeAttempt(jobId: number): boolean {
    const more = this.attemptIdsMore;
    if (this.attemptCount === 1 && this.attempt0Id === jobId) {
      this.attemptCount = 0; // the common case: the only attempt
      return true;
    }
    if (this.attemptCount === 0) return false;
    if (this.attempt0Id === jobId) {
      this.attempt0Id = more.shift()!;
      this.attempt0Gen = this.attemptGensMore.shift()!;
    } else {
      const at = more.lastIndexOf(jobId);
      if (at < 0) return false;
      more.splice(at, 1);
      this.attemptGensMore.splice(at, 1);
    }
    this.attemptCount--;
    return true;
  }
}

/** A free-list pool of records addressed by integer id. */
export class Pool<T extends { gen: number }> {
  readonly items: T[] = [];
  private free: number[] = [];
  /** Per id: 1 while allocated, 0 while on the free list (catches a record freed twice). */
  private readonly allocated: number[] = [];
  /** Records currently allocated. */
  live = 0;
  /** Peak of `live` over the run. */
  livePeak = 0;

  constructor(private readonly create: () => T) {}

  /** Takes a record (fields as the previous user left them: the caller resets them). */
  allocate(): number {
    this.live++;
    if (this.live > this.livePeak) this.livePeak = this.live;
    const id = this.free.length > 0 ? this.free.pop()! : this.grow();
    this.allocated[id] = 1;
    return id;
  }

  /** A new record at the end (the pool has none free). */
  private grow(): number {
    this.items.push(this.create());
    this.allocated.push(0);
    const id = this.items.length - 1;
    this.grown(id + 1);
    return id;
  }

  /** The pool now holds `count` records: subclasses grow their columns to fit. */
  protected grown(count: number): void {
    void count;
  }

  /**
   * Returns a record; its generation changes so stale references can be detected.
   * @throws AssertionError if the record is not allocated (freed twice, or never taken).
   */
  release(id: number): void {
    if (this.allocated[id] !== 1) freedTwice(id);
    this.allocated[id] = 0;
    const item = this.items[id]!;
    item.gen++;
    this.free.push(id);
    this.live--;
  }

  /** Whether record `id` is allocated now (for checks in tests). */
  isAllocated(id: number): boolean {
    return this.allocated[id] === 1;
  }
}

function freedTwice(id: number): never {
  throw new AssertionError(`record ${id} freed twice (or never allocated)`);
}

/** Initial length of the pools' time columns (see the file comment); doubled as the pools grow. */
const COLUMN_CAPACITY_INITIAL = 64;

/** The pool of jobs, with their times as columns indexed by job id. */
export class JobPool extends Pool<Job> {
  /** When the job reached its node or central queue, ms (its queue wait starts then). */
  arrivedMs = new Float64Array(COLUMN_CAPACITY_INITIAL);
  /** When the caller sent the attempt, ms. */
  sentMs = new Float64Array(COLUMN_CAPACITY_INITIAL);
  /** Absolute time the caller stops waiting (Infinity without a timeout), ms. */
  deadlineMs = new Float64Array(COLUMN_CAPACITY_INITIAL);

  constructor() {
    super(() => new Job());
  }

  protected override grown(count: number): void {
    if (count <= this.sentMs.length) return;
    const capacity = this.sentMs.length * 2;
    this.arrivedMs = grownFloat64(this.arrivedMs, capacity);
    this.sentMs = grownFloat64(this.sentMs, capacity);
    this.deadlineMs = grownFloat64(this.deadlineMs, capacity);
  }
}

/** The pool of calls, with their times as columns indexed by call id. */
export class CallPool extends Pool<Call> {
  /** Request start time (root calls), ms. */
  requestStartMs = new Float64Array(COLUMN_CAPACITY_INITIAL);

  constructor() {
    super(() => new Call());
  }

  protected override grown(count: number): void {
    if (count <= this.requestStartMs.length) return;
    this.requestStartMs = grownFloat64(this.requestStartMs, this.requestStartMs.length * 2);
  }
}
