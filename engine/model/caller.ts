/**
 * The caller side of a hop: what a client library does for one call to a service.
 *
 * A call (records.ts) is "what the caller waits for". It sends attempts (jobs): one first, a
 * retry with backoff and jitter after a failed attempt while the retry budget allows, a hedge
 * when no answer came within `hedgeAfterMs`. Each attempt may time out; the server does not
 * know and keeps working. The first successful answer decides the call; so does the last
 * failure when no retry is left. The decision goes up to the parent job's stage (server.ts,
 * through the model) or, for a request's root call, into the recorder. A circuit breaker
 * (circuit-breaker.ts) may fail a call fast before any attempt is sent.
 *
 * Timeouts do not use one kernel event per attempt: each hop keeps its armed deadlines in a
 * FIFO (timeout-list.ts) with one event for the earliest, and an answered attempt disarms its
 * entry in place.
 *
 * The caller reaches the server side in two places only: an attempt that reaches its node with
 * no network in between (no event), and a call that decides for its parent job. Both go
 * through {@link ServerSide}, an interface declared here that server.ts implements and the
 * model connects, so server.ts imports this file and this file imports no server code.
 */
import { createDistribution, type Distribution } from "../core/distributions";
import { NO_EVENT } from "../core/event-queue";
import type { RandomStream } from "../core/rng";
import type { Simulation } from "../core/simulation";
import { NO_MEMBER } from "./balancer";
import { VERDICT_FAIL_FAST, VERDICT_PROBE } from "./circuit-breaker";
import { K_HEDGE, K_JOB_ARRIVE, K_RETRY, K_TIMEOUT, K_USER_SEND, brokenInvariant, staleEvent, wrongPhase } from "./event-kinds";
import { assert } from "../core/assert";
import { CLIENT_ZONE, type Network } from "./network";
import type { NodeTable } from "./nodes";
import {
  CAUSE_CIRCUIT_OPEN, CAUSE_ERROR, CAUSE_NONE, CAUSE_TIMEOUT, CAUSE_UNAVAILABLE, PHASE_DONE, PHASE_TRANSIT,
  type Call, type CallPool, type Job, type JobPool,
} from "./records";
import { LEVEL_IN_FLIGHT, type Recorder } from "./recorder";
import { pickIdleMember, type ServiceRuntime } from "./service-runtime";
import type { WorkloadSpec } from "./spec";
import { RETRY_BUDGET_TOKENS_MAX, type StepRuntime } from "./step-runtime";
import { TimeoutList } from "./timeout-list";

/** The parts of a model the caller and the server side work on (ClusterModel has them). */
export interface ModelParts {
  readonly sim: Simulation;
  readonly jobs: JobPool;
  readonly calls: CallPool;
  readonly services: readonly ServiceRuntime[];
  readonly nodes: NodeTable;
  readonly network: Network;
  readonly recorder: Recorder;
}

/** What the caller side needs from its model (ClusterModel implements it). */
export interface CallerHost extends ModelParts {
  /** Root hop of each request class. */
  readonly roots: readonly StepRuntime[];
  /** Adds an entry to the run's timeline. */
  note(kind: string, subject: string, detail: string): void;
}

/** The server side as the caller sees it (server.ts implements it; the model connects it). */
export interface ServerSide {
  /** Attempt `jobId` (record `job`) reached its node (or central queue) with no network in between. */
  jobArrived(jobId: number, job: Job): void;
  /** A call of stage `stageIndex` of live job `parentJobId` decided. */
  childCallDone(parentJobId: number, stageIndex: number, ok: boolean, cause: number): void;
}

/** The caller side of every hop of a model (see the file comment). */
export class Caller {
  private readonly sim: Simulation;
  private readonly jobs: JobPool;
  private readonly calls: CallPool;
  private readonly services: readonly ServiceRuntime[];
  private readonly nodes: NodeTable;
  private readonly network: Network;
  private readonly recorder: Recorder;
  /** One timeout list per hop that has a timeout; K_TIMEOUT events name them by index. */
  private readonly timeoutLists: TimeoutList[] = [];
  /** Closed-loop think time between a user's requests; null for open workloads. */
  private readonly thinkTime: Distribution | null;
  private readonly thinkStream: RandomStream;
  /** Set once by {@link connect}, before the run. */
  private server: ServerSide | null = null;

  constructor(private readonly host: CallerHost, workload: WorkloadSpec) {
    this.sim = host.sim;
    this.jobs = host.jobs;
    this.calls = host.calls;
    this.services = host.services;
    this.nodes = host.nodes;
    this.network = host.network;
    this.recorder = host.recorder;
    this.thinkTime = workload.kind === "closed" ? createDistribution(workload.thinkTime) : null;
    this.thinkStream = host.sim.streams.get("workload/think");
  }

  /** Connects the server side (once, while the model is built). */
  connect(server: ServerSide): void {
    assert(this.server === null, "caller connected to a server side twice");
    this.server = server;
  }

  /** A new timeout list for a hop whose attempts time out after `timeoutMs`. */
  createTimeoutList(timeoutMs: number): TimeoutList {
    const list = new TimeoutList(this.timeoutLists.length, timeoutMs);
    this.timeoutLists.push(list);
    return list;
  }

  // ---------------------------------------------------------------- calls and attempts

  /** Starts a request of class `classIndex` (from closed-loop user `user`, or -1). */
  startRequest(classIndex: number, user: number): void {
    const nowMs = this.sim.nowMs;
    const step = this.host.roots[classIndex]!;
    const id = this.newCall(step, -1, 0, 0, CLIENT_ZONE);
    const call = this.calls.items[id]!;
    call.isRoot = true;
    call.classIndex = classIndex;
    this.calls.requestStartMs[id] = nowMs;
    call.user = user;
    call.measured = this.recorder.requestArrived(classIndex, nowMs);
    this.startAttempt(id);
  }

  /**
   * A new call of hop `step` for stage `parentStage` of job (`parentJob`, `parentJobGen`), or
   * -1 for a request's root call, made from zone `zoneOfCaller`. Returns its id; send it with
   * {@link startAttempt}.
   */
  newCall(step: StepRuntime, parentJob: number, parentJobGen: number, parentStage: number, zoneOfCaller: number): number {
    const id = this.calls.allocate();
    const call = this.calls.items[id]!;
    call.step = step;
    call.parentJob = parentJob;
    call.parentJobGen = parentJobGen;
    call.parentStage = parentStage;
    call.classIndex = step.classIndex;
    call.isRoot = false;
    call.measured = false;
    call.user = -1;
    call.zoneOfCaller = zoneOfCaller;
    call.retriesUsed = 0;
    call.hedgesUsed = 0;
    call.outstanding = 0;
    // A freed call has no attempts (finishCall released them all before freeing it), so its
    // attempt list needs no reset here.
    if (call.attemptCount !== 0) brokenInvariant("a new call still holds attempts", id);
    call.pinnedMember = -1;
    call.done = false;
    call.retryHandle = NO_EVENT;
    call.hedgeHandle = NO_EVENT;
    call.lastCause = CAUSE_NONE;
    call.probe = false;
    // A call carries its parent's key (an origin fetch asks for what missed); the first cache
    // on a request's path draws it (service-cache.ts).
    call.key = parentJob >= 0 ? this.jobs.items[parentJob]!.key : -1;
    const cache = this.services[step.serviceIndex]!.cache;
    if (cache !== null && call.key < 0) call.key = cache.drawKey(this.sim.nowMs);
    // Each first attempt earns retry-budget tokens.
    const ratio = step.spec.retry.budgetRatio;
    if (ratio !== Infinity) step.budgetTokens = Math.min(RETRY_BUDGET_TOKENS_MAX, step.budgetTokens + ratio);
    return id;
  }

  /**
   * Sends one attempt of call `callId`: asks its breaker, picks a node, allocates the job,
   * counts it in flight, arms its timeout and the call's hedge, and sends the request.
   *
   * One long function on purpose: it is the hottest path of the model, and TurboFan inlines
   * callees only up to a cumulative bytecode budget per optimized function
   * (--max-inlined-bytecode-size-cumulative, 920 bytes in Node 20). Helpers carved out of this
   * body spend that budget: split in three, it left the server side (jobArrived, startService)
   * as real calls, and the M/M/c benchmark lost a few per cent.
   */
  startAttempt(callId: number): void {
    const call = this.calls.items[callId]!;
    const step = call.step;
    const nowMs = this.sim.nowMs;
    const breaker = step.breaker;
    if (breaker !== null) {
      const verdict = breaker.admit(nowMs);
      if (verdict === VERDICT_FAIL_FAST) return this.completeCall(callId, false, CAUSE_CIRCUIT_OPEN);
      if (verdict === VERDICT_PROBE) call.probe = true;
    }
    const service = this.services[step.serviceIndex]!;
    let member = call.pinnedMember;
    call.pinnedMember = -1;
    let node = -1;
    if (service.central !== null && member < 0) {
      member = pickIdleMember(service, this.nodes);
    } else if (member < 0) {
      member = service.balancer.pick(0, call.key);
    }
    if (member === NO_MEMBER && service.central === null) {
      this.recorder.attemptSent(step.serviceIndex, call.measured);
      this.recorder.attemptFinished(step.serviceIndex, call.measured, false, CAUSE_UNAVAILABLE, 0);
      return this.attemptFailedBeforeSend(callId, CAUSE_UNAVAILABLE);
    }
    if (member >= 0) node = service.balancer.memberNodes[member]!;
    const jobId = this.jobs.allocate();
    const job = this.jobs.items[jobId]!;
    job.callId = callId;
    job.callGen = call.gen;
    job.step = step;
    job.node = node;
    job.member = member;
    job.phase = PHASE_TRANSIT;
    job.callerWaiting = true;
    job.responsePending = false;
    job.arrivalPending = false;
    job.timeoutArmed = false;
    job.serviceHandle = NO_EVENT;
    this.jobs.sentMs[jobId] = nowMs;
    this.jobs.deadlineMs[jobId] = nowMs + step.timeoutMs;
    job.ok = false;
    job.cause = CAUSE_NONE;
    job.zoneOfCaller = call.zoneOfCaller;
    job.stageIndex = 0;
    job.childCount = 0;
    job.key = call.key;
    job.cacheFetch = false;
    job.measured = call.measured;
    job.patienceHandle = NO_EVENT;
    if (member >= 0) service.balancer.sent(member);
    this.recorder.serviceLevels.change(step.serviceIndex, LEVEL_IN_FLIGHT, 1, nowMs);
    call.outstanding++;
    call.pushAttempt(jobId, job.gen);
    this.recorder.attemptSent(step.serviceIndex, call.measured);
    if (step.timeouts !== null) this.armTimeout(step.timeouts, jobId, job);
    if (step.spec.hedgeAfterMs !== Infinity && call.hedgeHandle === NO_EVENT && call.hedgesUsed === 0) {
      call.hedgeHandle = this.sim.after(step.spec.hedgeAfterMs, K_HEDGE, callId, call.gen);
    }
    const toZone = node >= 0 ? this.nodes.zone[node]! : service.centralZone;
    const delayMs = this.network.delayMs(call.zoneOfCaller, toZone, step.spec.requestBytes, node);
    if (delayMs < 0) {
      // Lost on the way: the server never sees it. Without a timeout the caller learns at once
      // (a connection error) and nothing else needs the job: free it. With a timeout the caller
      // frees it when it stops waiting.
      job.phase = PHASE_DONE;
      if (step.timeoutMs === Infinity) {
        this.attemptFinished(jobId, false, CAUSE_ERROR);
        this.maybeFreeJob(jobId, job);
      }
      return;
    }
    if (delayMs === 0) return this.server!.jobArrived(jobId, job); // no network in between: no event
    job.arrivalPending = true;
    this.sim.afterUncancellable(delayMs, K_JOB_ARRIVE, jobId, job.gen);
  }

  private armTimeout(list: TimeoutList, jobId: number, job: Job): void {
    const deadlineMs = this.sim.nowMs + list.timeoutMs;
    list.push(deadlineMs, jobId, job.gen);
    job.timeoutArmed = true;
    if (!list.tickPending) {
      list.tickPending = true;
      this.sim.at(deadlineMs, K_TIMEOUT, list.id);
    }
  }

  /**
   * K_TIMEOUT: fires the expired timeouts of one hop, then waits for its oldest live one.
   * Entries of answered (or freed) attempts are dead and skipped: that is how timeouts are
   * cancelled.
   */
  onTimeoutTick(listId: number): void {
    const list = this.timeoutLists[listId]!;
    const items = this.jobs.items;
    const nowMs = this.sim.nowMs;
    if (!list.tickPending) brokenInvariant("timeout tick for a hop list that scheduled none", listId);
    // tickPending stays true while firing, so timeouts armed meanwhile do not schedule a tick.
    while (list.length > 0) {
      const job = items[list.headJobId()]!;
      const live = job.gen === list.headJobGen() && job.timeoutArmed;
      if (live && list.headDeadlineMs() > nowMs) break;
      const jobId = list.headJobId();
      list.shift();
      if (!live) continue;
      // Releasing an attempt disarms its timeout, so an armed one has a waiting caller.
      if (!job.callerWaiting) brokenInvariant("armed timeout for a job whose caller no longer waits", jobId);
      job.timeoutArmed = false;
      // A job its server already lost (a crash, a dead node) or refused failed for that cause;
      // the timeout is only how its caller found out. A loss in the network stays a timeout.
      this.attemptFinished(jobId, false, job.phase === PHASE_DONE && job.cause !== CAUSE_NONE ? job.cause : CAUSE_TIMEOUT);
      this.maybeFreeJob(jobId, job);
    }
    list.tickPending = list.length > 0;
    if (list.tickPending) this.sim.at(list.headDeadlineMs(), K_TIMEOUT, listId);
  }

  /** An attempt that could not even be sent (no eligible node): retry or fail. */
  private attemptFailedBeforeSend(callId: number, cause: number): void {
    const call = this.calls.items[callId]!;
    call.lastCause = cause;
    if (call.outstanding === 0) this.retryOrFail(callId, cause);
  }

  // ---------------------------------------------------------------- answers

  /** K_RESPONSE: the answer of attempt (`jobId`, `gen`) reached its caller. */
  onResponse(jobId: number, gen: number): void {
    const job = this.jobs.items[jobId]!;
    if (job.gen !== gen) staleEvent("response", jobId);
    if (job.phase !== PHASE_DONE) wrongPhase("response", jobId, job.phase, PHASE_DONE);
    if (!job.responsePending) brokenInvariant("response for a job that sent none", jobId);
    job.responsePending = false;
    if (job.callerWaiting) this.attemptFinished(jobId, job.ok, job.cause);
    this.maybeFreeJob(jobId, job);
  }

  /**
   * The caller stops waiting for attempt `jobId`: an answer (`ok`, or failed with `cause`), a
   * timeout or a loss. Decides the call on success; retries or fails it when nothing else is
   * in flight. The job must still have a waiting caller.
   */
  attemptFinished(jobId: number, ok: boolean, cause: number): void {
    const job = this.jobs.items[jobId]!;
    const callId = job.callId;
    const call = this.calls.items[callId]!;
    this.releaseAttempt(job, call, jobId);
    this.recorder.attemptFinished(job.step.serviceIndex, job.measured, ok, cause, this.sim.nowMs - this.jobs.sentMs[jobId]!);
    const breaker = job.step.breaker;
    if (breaker !== null) {
      breaker.record(call.probe, ok, this.sim.nowMs, this.host);
      call.probe = false;
    }
    if (ok) return this.completeCall(callId, true, CAUSE_NONE);
    call.lastCause = cause;
    if (call.outstanding === 0 && call.retryHandle === NO_EVENT) this.retryOrFail(callId, cause);
  }

  /** Detaches an attempt from its caller: no longer waited for, no longer outstanding. */
  private releaseAttempt(job: Job, call: Call, jobId: number): void {
    // A waiting caller's call is live: a call releases its attempts before it is freed.
    if (!job.callerWaiting || call.gen !== job.callGen) brokenInvariant("job released twice, or after its call was freed", jobId);
    job.callerWaiting = false;
    job.timeoutArmed = false; // its TimeoutList entry is now dead and will be skipped
    if (job.member >= 0 && this.services[job.step.serviceIndex]!.balancer.answered(job.member) < 0) {
      brokenInvariant("balancer member outstanding below zero", job.member);
    }
    this.recorder.serviceLevels.change(job.step.serviceIndex, LEVEL_IN_FLIGHT, -1, this.sim.nowMs);
    if (--call.outstanding < 0) brokenInvariant("call outstanding below zero", job.callId);
    if (!call.removeAttempt(jobId)) brokenInvariant("released job is not an attempt of its call", jobId);
  }

  /** After a failed attempt with nothing else in flight: schedule a retry, or give up. */
  private retryOrFail(callId: number, cause: number): void {
    const call = this.calls.items[callId]!;
    const step = call.step;
    const retry = step.spec.retry;
    if (call.retriesUsed < retry.attemptsMax && cause !== CAUSE_CIRCUIT_OPEN && step.budgetTokens >= 1) {
      if (retry.budgetRatio !== Infinity) step.budgetTokens -= 1;
      call.retriesUsed++;
      this.recorder.extraAttempt(call.classIndex, step.serviceIndex, call.measured, false);
      call.retryHandle = this.sim.after(step.backoffMs(call.retriesUsed), K_RETRY, callId, call.gen);
      return;
    }
    this.completeCall(callId, false, cause);
  }

  /** K_RETRY: the backoff of call (`callId`, `gen`) is over. */
  onRetry(callId: number, gen: number): void {
    const call = this.calls.items[callId]!;
    if (call.gen !== gen) staleEvent("retry", callId);
    // While a retry waits nothing is in flight: hedges only follow an attempt in flight.
    if (call.retryHandle === NO_EVENT || call.outstanding !== 0) brokenInvariant("retry of a call with none pending or attempts in flight", callId);
    call.retryHandle = NO_EVENT;
    this.startAttempt(callId);
  }

  /** K_HEDGE: call (`callId`, `gen`) had no answer within its hop's hedge delay. */
  onHedge(callId: number, gen: number): void {
    const call = this.calls.items[callId]!;
    if (call.gen !== gen) staleEvent("hedge", callId);
    if (call.hedgeHandle === NO_EVENT) brokenInvariant("hedge of a call with none pending", callId);
    call.hedgeHandle = NO_EVENT;
    if (call.outstanding === 0) return; // between a failed attempt and its retry: nothing to hedge
    call.hedgesUsed++;
    this.recorder.extraAttempt(call.classIndex, call.step.serviceIndex, call.measured, true);
    this.startAttempt(callId);
  }

  // ---------------------------------------------------------------- decisions

  /** The call is decided: tell the parent (or finish the request) and free the record. */
  private completeCall(callId: number, ok: boolean, cause: number): void {
    const call = this.calls.items[callId]!;
    const parentJob = call.parentJob;
    const parentGen = call.parentJobGen;
    const parentStage = call.parentStage;
    const isRoot = call.isRoot;
    const classIndex = call.classIndex;
    const measured = call.measured;
    const startMs = this.calls.requestStartMs[callId]!;
    const user = call.user;
    this.finishCall(callId, call);
    if (isRoot) {
      const nowMs = this.sim.nowMs;
      this.recorder.requestFinished(classIndex, measured, ok, cause, nowMs - startMs, nowMs);
      if (user >= 0) this.sim.after(this.thinkTime!.sample(this.thinkStream), K_USER_SEND, user);
    } else {
      // A job abandons its stage's calls before it finishes, so the parent is live.
      if (this.jobs.items[parentJob]!.gen !== parentGen) staleEvent("child call decision", parentJob);
      this.server!.childCallDone(parentJob, parentStage, ok, cause);
    }
  }

  /**
   * Marks a call done, detaches its remaining attempts and pending timers, frees it. Called
   * when the call is decided, and by a job that stops waiting for its stage's calls.
   */
  finishCall(callId: number, call: Call): void {
    call.done = true;
    if (call.retryHandle !== NO_EVENT) this.sim.cancel(call.retryHandle);
    if (call.hedgeHandle !== NO_EVENT) this.sim.cancel(call.hedgeHandle);
    call.retryHandle = NO_EVENT;
    call.hedgeHandle = NO_EVENT;
    if (call.probe) {
      call.probe = false;
      call.step.breaker!.probeAbandoned();
    }
    while (call.attemptCount > 0) {
      const jobId = call.attemptId(call.attemptCount - 1);
      const job = this.jobs.items[jobId]!;
      this.releaseAttempt(job, call, jobId);
      this.recorder.attemptCancelled(job.step.serviceIndex, job.measured);
      this.maybeFreeJob(jobId, job);
    }
    this.calls.release(callId);
  }

  /** Frees a job once neither its server nor its caller nor any pending event needs it. */
  maybeFreeJob(jobId: number, job: Job): void {
    if (job.phase === PHASE_DONE && !job.callerWaiting && !job.responsePending && !job.arrivalPending) {
      this.jobs.release(jobId);
    }
  }
}
