/**
 * The server side of a hop: what a node does with an attempt (a job) that reached it.
 *
 * A job waits in its node's FIFO queue (or its service's central queue) for a free core,
 * is served for a time drawn from the hop's distribution (scaled by the node's speed and
 * slowdown), then runs the hop's downstream stages: each stage sends `count` calls in
 * parallel through the caller side (caller.ts) and is done when `waitFor` of them succeed, or
 * failed when too many failed to get there. The job then responds over the network to its
 * caller, if the caller still waits. A full queue rejects; a deadline-aware queue drops work
 * whose caller has already given up; a crash loses everything queued and in service. In a
 * service with patience, a queued job leaves its queue when its patience (drawn when it joins
 * the queue) runs out, wherever it is in the queue, and fails as abandoned.
 *
 * Queue wait: a job's wait runs from its arrival at the node (or the central queue) to the
 * start of its service; the recorder takes it at service start (recorder.ts WaitTally).
 *
 * Phases of a job (records.ts): transit -> queued -> serving -> children -> done; every event
 * handler asserts the phase it expects. Calls to the caller side are direct (this file imports
 * caller.ts); the caller reaches back through the ServerSide interface caller.ts declares.
 */
import { NO_EVENT } from "../core/event-queue";
import type { RandomStream } from "../core/rng";
import type { Simulation } from "../core/simulation";
import type { Caller, ModelParts, ServerSide } from "./caller";
import { K_ABANDON, K_RESPONSE, K_SERVICE_DONE, brokenInvariant, staleEvent, wrongPhase } from "./event-kinds";
import type { Network } from "./network";
import { NODE_BOOTING, NODE_DOWN, NODE_UP, type NodeTable } from "./nodes";
import {
  CAUSE_ABANDONED, CAUSE_CRASHED, CAUSE_ERROR, CAUSE_NODE_DOWN, CAUSE_NONE, CAUSE_REJECTED, PHASE_CHILDREN, PHASE_DONE, PHASE_QUEUED, PHASE_SERVING, PHASE_TRANSIT,
  type Call, type CallPool, type Job, type JobPool,
} from "./records";
import { LEVEL_BUSY, LEVEL_QUEUED, type Recorder } from "./recorder";
import { CACHE_HIT, CACHE_WAIT } from "./service-cache";
import { pickIdleMember, type ServiceRuntime } from "./service-runtime";

/** Told of each service completion (ClusterModel.onServiceDone). */
export interface ServiceDoneListener {
  /**
   * A job finished its service on `node`, `timeAtNodeMs` after it reached the node (or its
   * service's central queue): its queue wait plus its service time.
   */
  serviceDone(node: number, timeAtNodeMs: number): void;
}

/** The server side of every node of a model (see the file comment). */
export class Server implements ServerSide {
  /** Told of each service completion; usually none (a rolling update's per-version latency). */
  readonly serviceDoneListeners: ServiceDoneListener[] = [];
  private readonly sim: Simulation;
  private readonly jobs: JobPool;
  private readonly calls: CallPool;
  private readonly services: readonly ServiceRuntime[];
  private readonly nodes: NodeTable;
  private readonly network: Network;
  private readonly recorder: Recorder;
  /** Per node index: the stream its service times are drawn from ("node/<name>/service"). */
  private readonly serviceStreams: RandomStream[] = [];
  /** Per group index: the central-queue services deployed on it. */
  private readonly centralServicesOfGroup: number[][];

  constructor(parts: ModelParts, private readonly caller: Caller, groupCount: number) {
    this.sim = parts.sim;
    this.jobs = parts.jobs;
    this.calls = parts.calls;
    this.services = parts.services;
    this.nodes = parts.nodes;
    this.network = parts.network;
    this.recorder = parts.recorder;
    this.centralServicesOfGroup = Array.from({ length: groupCount }, () => []);
  }

  /** A node was added to the table (its index is the count so far); `serviceStream` draws its service times. */
  nodeAdded(serviceStream: RandomStream): void {
    this.serviceStreams.push(serviceStream);
  }

  /** Central-queue service `serviceIndex` is deployed on group `groupIndex`. */
  centralServiceOnGroup(groupIndex: number, serviceIndex: number): void {
    this.centralServicesOfGroup[groupIndex]!.push(serviceIndex);
  }

  // ---------------------------------------------------------------- arrival and queues

  /** K_JOB_ARRIVE: attempt (`jobId`, `gen`) reached its node or central queue over the network. */
  onJobArrive(jobId: number, gen: number): void {
    const job = this.jobs.items[jobId]!;
    if (job.gen !== gen) staleEvent("job arrival", jobId);
    if (job.phase !== PHASE_TRANSIT) wrongPhase("job arrival", jobId, job.phase, PHASE_TRANSIT);
    if (!job.arrivalPending) brokenInvariant("job arrival for a job that sent none", jobId);
    job.arrivalPending = false;
    this.jobArrived(jobId, job);
  }

  /**
   * The request of attempt `jobId` reached its node (or its service's central queue). Called
   * by onJobArrive, which checks the job, and by the caller for a job it has just sent.
   */
  jobArrived(jobId: number, job: Job): void {
    const node = job.node;
    this.jobs.arrivedMs[jobId] = this.sim.nowMs;
    if (node < 0) return this.arriveAtCentralQueue(jobId, job);
    const nodes = this.nodes;
    if (nodes.state[node] !== NODE_UP) return this.serverLost(jobId, job, CAUSE_NODE_DOWN);
    job.incarnation = nodes.incarnation[node]!;
    const queued = nodes.busy[node]! >= nodes.cores[node]!;
    this.recorder.reachedQueue(job.step.serviceIndex, job.step.classIndex, job.measured, queued && nodes.queues[node]!.length < nodes.queueCapacity[node]!);
    if (!queued) {
      this.startService(jobId, job, node);
    } else if (nodes.queues[node]!.length < nodes.queueCapacity[node]!) {
      nodes.touch(node, this.sim.nowMs);
      const queue = nodes.queues[node]!;
      queue.push(jobId);
      this.recorder.serviceLevels.change(job.step.serviceIndex, LEVEL_QUEUED, 1, this.sim.nowMs);
      if (queue.length > nodes.queueMax[node]!) nodes.queueMax[node] = queue.length;
      this.enterQueue(jobId, job);
    } else {
      this.respond(jobId, job, false, CAUSE_REJECTED);
    }
  }

  /** A job joins a queue; with patience, its abandonment is scheduled. */
  private enterQueue(jobId: number, job: Job): void {
    job.phase = PHASE_QUEUED;
    const service = this.services[job.step.serviceIndex]!;
    if (service.patience !== null) {
      job.patienceHandle = this.sim.after(service.patience.sample(service.patienceStream!), K_ABANDON, jobId, job.gen);
    }
  }

  /** K_ABANDON: queued job (`jobId`, `gen`) ran out of patience: it leaves its queue at once. */
  onPatienceOut(jobId: number, gen: number): void {
    const job = this.jobs.items[jobId]!;
    if (job.gen !== gen) staleEvent("abandonment", jobId);
    if (job.phase !== PHASE_QUEUED) wrongPhase("abandonment", jobId, job.phase, PHASE_QUEUED);
    job.patienceHandle = NO_EVENT;
    const node = job.node;
    const nowMs = this.sim.nowMs;
    let removed: boolean;
    if (node >= 0) {
      this.nodes.touch(node, nowMs);
      removed = this.nodes.queues[node]!.remove(jobId);
    } else {
      removed = this.services[job.step.serviceIndex]!.central!.remove(jobId);
    }
    if (!removed) brokenInvariant("abandoning job is not in its queue", jobId);
    this.recorder.serviceLevels.change(job.step.serviceIndex, LEVEL_QUEUED, -1, nowMs);
    this.recorder.abandoned(job.step.serviceIndex, job.step.classIndex, job.measured);
    this.respond(jobId, job, false, CAUSE_ABANDONED);
  }

  private arriveAtCentralQueue(jobId: number, job: Job): void {
    const service = this.services[job.step.serviceIndex]!;
    // A core may have freed while the request travelled.
    const member = pickIdleMember(service, this.nodes);
    const central = service.central!;
    this.recorder.reachedQueue(service.index, job.step.classIndex, job.measured, member < 0 && central.length < service.centralCapacity);
    if (member >= 0) {
      const node = service.balancer.memberNodes[member]!;
      this.assignCentralJob(job, service, member, node);
      return this.startService(jobId, job, node);
    }
    if (central.length >= service.centralCapacity) return this.respond(jobId, job, false, CAUSE_REJECTED);
    central.push(jobId);
    this.recorder.serviceLevels.change(service.index, LEVEL_QUEUED, 1, this.sim.nowMs);
    this.enterQueue(jobId, job);
  }

  /**
   * A job of a central-queue service gets its node. It left its caller without a member, so
   * the member's outstanding count takes it now, if its caller still waits (the caller's
   * release takes it off again).
   */
  private assignCentralJob(job: Job, service: ServiceRuntime, member: number, node: number): void {
    job.member = member;
    job.node = node;
    job.incarnation = this.nodes.incarnation[node]!;
    if (job.callerWaiting) service.balancer.sent(member);
  }

  /** Starts service of `job` on `node`, which is up with a free core (the callers check). */
  private startService(jobId: number, job: Job, node: number): void {
    const nowMs = this.sim.nowMs;
    const nodes = this.nodes;
    nodes.touch(node, nowMs);
    nodes.busy[node]!++; // onServiceDone checks 0 <= busy <= cores
    job.phase = PHASE_SERVING;
    this.recorder.serviceLevels.change(job.step.serviceIndex, LEVEL_BUSY, 1, nowMs);
    this.recorder.serviceStarted(job.step.serviceIndex, job.step.classIndex, job.measured, nowMs - this.jobs.arrivedMs[jobId]!);
    const serviceMs = (job.step.serviceTime.sample(this.serviceStreams[node]!) * nodes.slowdown[node]!) / nodes.speed[node]!;
    job.serviceHandle = this.sim.after(serviceMs, K_SERVICE_DONE, jobId, job.gen);
  }

  /** K_SERVICE_DONE: job (`jobId`, `gen`) finished its service time. */
  onServiceDone(jobId: number, gen: number): void {
    const job = this.jobs.items[jobId]!;
    if (job.gen !== gen) staleEvent("service completion", jobId);
    if (job.phase !== PHASE_SERVING) wrongPhase("service completion", jobId, job.phase, PHASE_SERVING);
    job.serviceHandle = NO_EVENT;
    const node = job.node;
    const nodes = this.nodes;
    nodes.touch(node, this.sim.nowMs);
    const busy = --nodes.busy[node]!;
    if (busy < 0 || busy >= nodes.cores[node]!) brokenInvariant("node busy cores out of range at a service completion", node);
    this.recorder.serviceLevels.change(job.step.serviceIndex, LEVEL_BUSY, -1, this.sim.nowMs);
    nodes.served[node]!++;
    if (this.serviceDoneListeners.length > 0) this.tellServiceDone(node, this.sim.nowMs - this.jobs.arrivedMs[jobId]!);
    this.fillFreeCores(node);
    const cache = this.services[job.step.serviceIndex]!.cache;
    if (cache !== null) {
      // A cache answers a hit itself, parks a miss behind a fetch of the same key in flight,
      // or lets the miss fetch through the hop's calls (engine/model/cache/cache-tier.ts).
      const outcome = cache.lookup(jobId, job, this.sim.nowMs);
      if (outcome === CACHE_HIT) return this.respond(jobId, job, true, CAUSE_NONE);
      if (outcome === CACHE_WAIT) return;
    }
    if (job.step.stages.length > 0) {
      job.phase = PHASE_CHILDREN;
      job.stageIndex = 0;
      this.startStage(jobId, job);
    } else {
      this.respond(jobId, job, true, CAUSE_NONE);
    }
  }

  /** Tells the listeners of a service completion (kept out of onServiceDone: its bytecode stays small). */
  private tellServiceDone(node: number, timeAtNodeMs: number): void {
    for (const listener of this.serviceDoneListeners) listener.serviceDone(node, timeAtNodeMs);
  }

  /** Starts queued work on `node` while it has free cores: its own queue, then central queues. */
  fillFreeCores(node: number): void {
    const nodes = this.nodes;
    if (nodes.state[node] !== NODE_UP) return;
    const queue = nodes.queues[node]!;
    while (nodes.busy[node]! < nodes.cores[node]! && queue.length > 0) {
      nodes.touch(node, this.sim.nowMs);
      const next = queue.shift();
      this.startQueued(next, node);
    }
    const centrals = this.centralServicesOfGroup[nodes.group[node]!]!;
    for (let k = 0; k < centrals.length && nodes.busy[node]! < nodes.cores[node]!; k++) {
      const service = this.services[centrals[k]!]!;
      const member = service.memberOfNode[node]!;
      if (member < 0 || service.balancer.eligible[member] === 0) continue;
      const central = service.central!;
      while (nodes.busy[node]! < nodes.cores[node]! && central.length > 0) {
        const next = central.shift();
        this.assignCentralJob(this.jobs.items[next]!, service, member, node);
        this.startQueued(next, node);
      }
    }
  }

  /** Starts a job taken from a queue, or drops it if its caller's deadline passed. */
  private startQueued(jobId: number, node: number): void {
    const job = this.jobs.items[jobId]!;
    const service = this.services[job.step.serviceIndex]!;
    this.recorder.serviceLevels.change(service.index, LEVEL_QUEUED, -1, this.sim.nowMs);
    if (job.patienceHandle !== NO_EVENT) {
      this.sim.cancel(job.patienceHandle);
      job.patienceHandle = NO_EVENT;
    }
    if (service.deadlineAware && this.sim.nowMs > this.jobs.deadlineMs[jobId]!) {
      if (job.measured) this.recorder.services[service.index]!.droppedExpired++;
      job.phase = PHASE_DONE;
      this.caller.maybeFreeJob(jobId, job);
      return;
    }
    this.startService(jobId, job, node);
  }

  // ---------------------------------------------------------------- downstream stages

  /** Launches the downstream calls of the job's current stage. */
  private startStage(jobId: number, job: Job): void {
    if (job.phase !== PHASE_CHILDREN) wrongPhase("stage start", jobId, job.phase, PHASE_CHILDREN);
    const stage = job.step.stages[job.stageIndex]!;
    job.stageSucceeded = 0;
    job.stageFailed = 0;
    job.stageCause = CAUSE_NONE;
    job.childCount = 0;
    const balancer = stage.step.balancer;
    const stamp = stage.count > 1 && this.services[stage.step.serviceIndex]!.central === null ? balancer.beginDistinct() : 0;
    const zone = this.nodes.zone[job.node]!;
    // Children that decide at once (a breaker failing fast, no eligible node) are counted but
    // the stage is checked only after all are launched.
    job.launching = true;
    for (let i = 0; i < stage.count; i++) {
      const callId = this.caller.newCall(stage.step, jobId, job.gen, job.stageIndex, zone);
      const call = this.calls.items[callId]!;
      call.measured = this.isMeasured(job);
      if (stamp !== 0) call.pinnedMember = balancer.pick(stamp, call.key);
      job.setChild(job.childCount, callId, call.gen);
      job.childCount++;
      this.caller.startAttempt(callId);
    }
    job.launching = false;
    this.checkStage(jobId, job);
  }

  /**
   * Whether the request a job works for is measured, carried down from its call. The caller
   * may have given up and freed the call (the server carries on): then it is not.
   */
  private isMeasured(job: Job): boolean {
    const call = this.calls.items[job.callId]!;
    return call.gen === job.callGen ? call.measured : false;
  }

  /** A call of stage `stageIndex` of live job `jobId` decided (from caller.ts). */
  childCallDone(jobId: number, stageIndex: number, ok: boolean, cause: number): void {
    const job = this.jobs.items[jobId]!;
    // A job abandons a stage's calls before it moves on or finishes, so only the current
    // stage's calls report, while the job waits for them.
    if (job.phase !== PHASE_CHILDREN) wrongPhase("child call decision", jobId, job.phase, PHASE_CHILDREN);
    if (job.stageIndex !== stageIndex) brokenInvariant("child call decision for a stage the job has left", jobId);
    if (ok) job.stageSucceeded++;
    else {
      job.stageFailed++;
      job.stageCause = cause;
    }
    if (!job.launching) this.checkStage(jobId, job);
  }

  private checkStage(jobId: number, job: Job): void {
    const stage = job.step.stages[job.stageIndex]!;
    if (job.stageSucceeded >= stage.waitFor) {
      this.abandonChildren(job);
      job.stageIndex++;
      if (job.stageIndex < job.step.stages.length) this.startStage(jobId, job);
      else this.respond(jobId, job, true, CAUSE_NONE);
    } else if (job.stageFailed > stage.count - stage.waitFor) {
      this.abandonChildren(job);
      this.respond(jobId, job, false, job.stageCause);
    }
  }

  /** Stops waiting for the job's outstanding child calls (their servers carry on). */
  private abandonChildren(job: Job): void {
    const count = job.childCount;
    job.childCount = 0;
    for (let i = 0; i < count; i++) {
      const callId = job.childId(i);
      const call = this.calls.items[callId]!;
      // Children that already decided were freed (their generation moved on).
      if (call.gen === job.childGen(i) && !call.done) this.caller.finishCall(callId, call);
    }
  }

  // ---------------------------------------------------------------- answers and losses

  /**
   * The server is done with the job: send the answer back if the caller still waits. Also
   * used by caches, which answer the requests coalesced behind a fetch (cache-tier.ts).
   */
  respond(jobId: number, job: Job, ok: boolean, cause: number): void {
    if (job.cacheFetch) this.services[job.step.serviceIndex]!.cache!.fetchDone(jobId, job, ok, cause, this.sim.nowMs);
    job.phase = PHASE_DONE;
    job.ok = ok;
    job.cause = cause;
    if (job.callerWaiting) {
      const fromZone = job.node >= 0 ? this.nodes.zone[job.node]! : this.services[job.step.serviceIndex]!.centralZone;
      const delayMs = this.network.delayMs(fromZone, job.zoneOfCaller, job.step.spec.responseBytes, -1, job.node);
      if (delayMs === 0) {
        this.caller.attemptFinished(jobId, ok, cause); // no network in between: no event
      } else if (delayMs > 0) {
        job.responsePending = true;
        this.sim.afterUncancellable(delayMs, K_RESPONSE, jobId, job.gen);
      } else {
        // The network lost the answer: without a timeout the caller learns at once (a
        // connection error); with one it times out, as it would on a real silent loss.
        job.ok = false;
        job.cause = CAUSE_NONE;
        if (job.step.timeoutMs === Infinity) this.caller.attemptFinished(jobId, false, CAUSE_ERROR);
      }
    }
    this.caller.maybeFreeJob(jobId, job);
  }

  /**
   * The job's server vanished: it arrived at a node that is down (`cause` CAUSE_NODE_DOWN) or
   * its node crashed while it was queued or in service (CAUSE_CRASHED).
   */
  private serverLost(jobId: number, job: Job, cause: number): void {
    if (job.phase === PHASE_DONE) brokenInvariant("job lost after its server finished it", jobId);
    if (job.serviceHandle !== NO_EVENT) {
      this.sim.cancel(job.serviceHandle);
      job.serviceHandle = NO_EVENT;
    }
    if (job.patienceHandle !== NO_EVENT) {
      this.sim.cancel(job.patienceHandle);
      job.patienceHandle = NO_EVENT;
    }
    if (job.phase === PHASE_CHILDREN) this.abandonChildren(job);
    else if (job.phase === PHASE_SERVING) this.recorder.serviceLevels.change(job.step.serviceIndex, LEVEL_BUSY, -1, this.sim.nowMs);
    else if (job.phase === PHASE_QUEUED) this.recorder.serviceLevels.change(job.step.serviceIndex, LEVEL_QUEUED, -1, this.sim.nowMs);
    job.phase = PHASE_DONE;
    job.ok = false;
    job.cause = cause;
    // Without a timeout the caller would wait forever: it learns at once (a connection error);
    // with one it learns when the timeout fires, and the cause is still this one (caller.ts).
    if (job.callerWaiting && job.step.timeoutMs === Infinity) this.caller.attemptFinished(jobId, false, cause);
    this.caller.maybeFreeJob(jobId, job);
  }

  /** Crashes `node` (see ClusterModel.crashNode). */
  crashNode(node: number): void {
    const nodes = this.nodes;
    if (nodes.state[node] !== NODE_UP) return;
    nodes.touch(node, this.sim.nowMs);
    nodes.state[node] = NODE_DOWN;
    nodes.incarnation[node]!++;
    nodes.busy[node] = 0;
    nodes.queues[node]!.drain((jobId) => this.serverLost(jobId, this.jobs.items[jobId]!, CAUSE_CRASHED));
    // Jobs in service or waiting for downstream calls on this node.
    const items = this.jobs.items;
    for (let jobId = 0; jobId < items.length; jobId++) {
      const job = items[jobId]!;
      if (job.node === node && (job.phase === PHASE_SERVING || job.phase === PHASE_CHILDREN)) this.serverLost(jobId, job, CAUSE_CRASHED);
    }
    for (const service of this.services) if (service.cache !== null) service.cache.nodeLost(node, this.sim.nowMs); // restarts cold
  }

  /** Brings a crashed (or booting) node up, empty (see ClusterModel.recoverNode). */
  recoverNode(node: number): void {
    const nodes = this.nodes;
    if (nodes.state[node] !== NODE_DOWN && nodes.state[node] !== NODE_BOOTING) return;
    nodes.touch(node, this.sim.nowMs);
    nodes.state[node] = NODE_UP;
    this.fillFreeCores(node);
  }
}
