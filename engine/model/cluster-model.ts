/**
 * The cluster model: nodes behind balancers serving request classes that call services hop
 * by hop, driven by a workload, on the simulation kernel.
 *
 * Life of a request (each arrow is one kernel event):
 *
 *   arrival -> [network] -> job arrives at a node -> queue or start service
 *     -> service done -> downstream stages (fan-out calls, wait for k of n) -> respond
 *     -> [network] -> response at the caller -> next stage / retry / request done
 *
 * Each hop's caller may time out (the server keeps working, or drops it if the queue is
 * deadline-aware), retry with backoff and jitter within a budget, hedge, or fail fast through
 * a circuit breaker. A crashed node loses its queue and work in service; callers find out by
 * timing out (or at once, for hops without a timeout). See records.ts for why calls and jobs
 * are separate records.
 *
 * Event kinds are small integers dispatched by one switch, carrying record ids (no closure per
 * request); faults and other rare events use callbacks.
 */
import { createDistribution, type Distribution } from "../core/distributions";
import { NO_EVENT } from "../core/event-queue";
import type { RandomStream } from "../core/rng";
import { Simulation } from "../core/simulation";
import { deterministicArrivals, poissonArrivals, traceArrivals, type ArrivalProcess, type TraceArrivals } from "./arrivals";
import { recordedArrivalClasses, type ArrivalClasses } from "./arrival-classes";
import { Balancer, NO_MEMBER } from "./balancer";
import { CLIENT_ZONE, Network } from "./network";
import { IntQueue, NODE_BOOTING, NODE_DOWN, NODE_RETIRED, NODE_UP, NodeTable } from "./nodes";
import {
  CAUSE_CIRCUIT_OPEN, CAUSE_ERROR, CAUSE_NONE, CAUSE_REJECTED, CAUSE_TIMEOUT, CAUSE_UNAVAILABLE,
  Call, Job, PHASE_CHILDREN, PHASE_DONE, PHASE_QUEUED, PHASE_SERVING, PHASE_TRANSIT, Pool,
} from "./records";
import { LEVEL_BUSY, LEVEL_IN_FLIGHT, LEVEL_QUEUED, Recorder } from "./recorder";
import { CACHE_HIT, CACHE_WAIT, type ServiceCache } from "./service-cache";
import type { ModelSpec, StepSpec } from "./spec";
import { BREAKER_CLOSED, BREAKER_HALF_OPEN, BREAKER_OPEN, RETRY_BUDGET_TOKENS_MAX, StepRuntime } from "./step-runtime";
import type { TimelineEvent } from "../result/result";
import { TimeoutList } from "./timeout-list";
import { WindowSeries } from "./window-series";

// Event kinds (0 is the kernel's callback kind).
const K_ARRIVAL = 1;
const K_JOB_ARRIVE = 2;
const K_SERVICE_DONE = 3;
const K_RESPONSE = 4;
const K_TIMEOUT = 5;
const K_RETRY = 6;
const K_HEDGE = 7;
const K_WINDOW = 8;
const K_USER_SEND = 9;

/** A service at run time: its balancer and, for the central-queue policy, its shared queue. */
export interface ServiceRuntime {
  name: string;
  index: number;
  balancer: Balancer;
  defaultServiceTime: Distribution;
  deadlineAware: boolean;
  central: IntQueue | null;
  centralCapacity: number;
  /** Balancer member of each node index, or -1 (grows with the node table). */
  memberOfNode: number[];
  /** Zone where the central queue lives (the first member's zone). */
  centralZone: number;
  /** The service's cache when it is one (installed by engine/model/cache/caches.ts), else null. */
  cache: ServiceCache | null;
}

/** Options for {@link ClusterModel}. */
export interface ClusterModelOptions {
  seed: number;
  /** Engine version label copied into the Result. */
  engineVersion: string;
}

export class ClusterModel {
  readonly sim: Simulation;
  readonly nodes = new NodeTable();
  readonly services: ServiceRuntime[] = [];
  readonly network: Network;
  readonly recorder: Recorder;
  readonly series: WindowSeries;
  readonly timeline: TimelineEvent[] = [];
  /** Root hop of each class. */
  readonly roots: StepRuntime[] = [];
  readonly jobs = new Pool<Job>(() => new Job());
  readonly calls = new Pool<Call>(() => new Call());
  /** One timeout list per hop that has a timeout; K_TIMEOUT events target them by index. */
  private readonly timeoutLists: TimeoutList[] = [];
  /** Central-queue services hosted on each group. */
  private readonly centralServicesOfGroup: number[][];
  private readonly serviceStreams: RandomStream[] = [];
  private readonly mixStream: RandomStream;
  private readonly classWeightsCumulative: number[] = [];
  private arrivalProcess: ArrivalProcess | null = null;
  /** Recorded classes of arrivals (a classed trace, per-class rates); null when the weights decide. */
  private arrivalClasses: ArrivalClasses | null = null;
  private readonly thinkTime: Distribution | null = null;
  private readonly thinkStream: RandomStream;
  private readonly measuredFromMs: number;

  constructor(readonly spec: ModelSpec, readonly options: ClusterModelOptions) {
    this.sim = new Simulation({ seed: options.seed });
    const streams = this.sim.streams;
    this.network = new Network(spec.network, spec.zones, streams.get("network/latency"), streams.get("network/loss"));
    this.recorder = new Recorder(spec.classes.length, spec.services.length, spec.warmupMs);
    this.measuredFromMs = spec.warmupMs;
    this.mixStream = streams.get("workload/mix");
    this.thinkStream = streams.get("workload/think");
    this.centralServicesOfGroup = spec.groups.map(() => []);
    this.buildNodes();
    this.buildServices();
    this.buildClasses();
    this.series = new WindowSeries(spec, this.nodes, this.recorder);
    if (spec.workload.kind === "closed") this.thinkTime = createDistribution(spec.workload.thinkTime);
    this.sim.setDispatch((kind, target, data) => this.dispatch(kind, target, data));
  }

  // ---------------------------------------------------------------- construction

  private buildNodes(): void {
    const perZoneCount = new Map<number, number>();
    this.spec.groups.forEach((group, groupIndex) => {
      for (let i = 0; i < group.count; i++) this.addNode(groupIndex, i, NODE_UP, perZoneCount);
    });
  }

  /** Adds node number `ordinal` of a group; names are "<group>-<ordinal>". */
  addNode(groupIndex: number, ordinal: number, state: number, _perZone?: Map<number, number>): number {
    const group = this.spec.groups[groupIndex]!;
    const zoneIndex = group.zoneIndexes[ordinal % group.zoneIndexes.length]!;
    // Within its zone, the group's nodes go round-robin over the zone's racks.
    const racks = this.spec.zones[zoneIndex]!.racks ?? [];
    const rackIndex = racks.length === 0 ? -1 : this.rackIndexOf(zoneIndex, Math.floor(ordinal / group.zoneIndexes.length) % racks.length);
    const node = this.nodes.add({ name: `${group.name}-${ordinal}`, groupIndex, group, zoneIndex, rackIndex, nowMs: this.sim.nowMs, state });
    this.serviceStreams.push(this.sim.streams.get(`node/${group.name}-${ordinal}/service`));
    // Join every service deployed on the group (only when built; buildServices does the rest).
    for (const service of this.services) {
      const at = this.spec.services[service.index]!.groupIndexes.indexOf(groupIndex);
      if (at >= 0) this.joinService(service, node, this.spec.services[service.index]!.weights[at]!, state === NODE_UP);
    }
    return node;
  }

  private joinService(service: ServiceRuntime, node: number, weight: number, eligible: boolean): void {
    const member = service.balancer.addMember(node, weight);
    while (service.memberOfNode.length <= node) service.memberOfNode.push(-1);
    service.memberOfNode[node] = member;
    if (!eligible) service.balancer.setEligible(member, false);
  }

  private buildServices(): void {
    const streams = this.sim.streams;
    this.spec.services.forEach((spec, index) => {
      const balancer = new Balancer(index, spec.policy, spec.choices, streams.get(`balancer/${spec.name}`));
      const central = spec.policy === "central-queue" ? new IntQueue() : null;
      const service: ServiceRuntime = {
        name: spec.name, index, balancer, defaultServiceTime: createDistribution(spec.serviceTime),
        deadlineAware: spec.deadlineAware, central, centralCapacity: 0, memberOfNode: [], centralZone: 0, cache: null,
      };
      for (let node = 0; node < this.nodes.count; node++) {
        const at = spec.groupIndexes.indexOf(this.nodes.group[node]!);
        if (at >= 0) {
          this.joinService(service, node, spec.weights[at]!, true);
          service.centralCapacity += this.nodes.queueCapacity[node]!;
        }
      }
      if (central) {
        for (const g of spec.groupIndexes) this.centralServicesOfGroup[g]!.push(index);
        service.centralZone = balancer.memberNodes.length > 0 ? this.nodes.zone[balancer.memberNodes[0]!]! : 0;
      }
      this.services.push(service);
    });
  }

  private buildClasses(): void {
    let total = 0;
    this.spec.classes.forEach((cls, classIndex) => {
      this.roots.push(this.buildStep(cls.root, `${cls.name}/${this.spec.services[cls.root.serviceIndex]!.name}`, classIndex));
      total += cls.weight;
      this.classWeightsCumulative.push(total);
    });
    for (let i = 0; i < this.classWeightsCumulative.length; i++) this.classWeightsCumulative[i]! /= total;
  }

  private buildStep(spec: StepSpec, label: string, classIndex: number): StepRuntime {
    const service = this.services[spec.serviceIndex]!;
    const step = new StepRuntime(spec, label, classIndex, service.defaultServiceTime, service.balancer, this.sim.streams.get(`retry/${label}`));
    if (spec.timeoutMs !== Infinity) {
      step.timeouts = new TimeoutList(this.timeoutLists.length, spec.timeoutMs);
      this.timeoutLists.push(step.timeouts);
    }
    spec.stages.forEach((stage, i) => {
      const child = this.buildStep(stage.step, `${label}/${i}:${this.spec.services[stage.step.serviceIndex]!.name}`, classIndex);
      step.stages.push({ step: child, count: stage.count, waitFor: stage.waitFor });
    });
    return step;
  }

  // ---------------------------------------------------------------- running

  /** Schedules the workload and the metrics windows; call once before running. */
  start(): void {
    const workload = this.spec.workload;
    const streams = this.sim.streams;
    if (workload.kind === "open") {
      this.arrivalProcess = workload.arrivals === "poisson"
        ? poissonArrivals(workload.profile, streams.get("workload/arrivals"))
        : deterministicArrivals(workload.profile);
    } else if (workload.kind === "trace") {
      this.arrivalProcess = traceArrivals(workload.timestampsMs);
    }
    this.arrivalClasses = recordedArrivalClasses(workload, { trace: workload.kind === "trace" ? (this.arrivalProcess as TraceArrivals) : null, stream: this.mixStream });
    if (this.arrivalProcess) {
      const first = this.arrivalProcess.next(0);
      if (first < this.spec.durationMs) this.sim.at(first, K_ARRIVAL);
    } else if (workload.kind === "closed") {
      for (let user = 0; user < workload.users; user++) {
        const startMs = workload.users > 1 ? (workload.rampMs * user) / workload.users : 0;
        this.sim.at(startMs, K_USER_SEND, user);
      }
    }
    if (this.spec.windowMs < this.spec.durationMs) this.sim.at(this.spec.windowMs, K_WINDOW);
  }

  private dispatch(kind: number, target: number, data: number): void {
    switch (kind) {
      case K_ARRIVAL: return this.onArrival();
      case K_JOB_ARRIVE: return this.onJobArrive(target, data);
      case K_SERVICE_DONE: return this.onServiceDone(target, data);
      case K_RESPONSE: return this.onResponse(target, data);
      case K_TIMEOUT: return this.onTimeoutTick(target);
      case K_RETRY: return this.onRetry(target, data);
      case K_HEDGE: return this.onHedge(target, data);
      case K_WINDOW: return this.onWindow();
      case K_USER_SEND: return this.startRequest(this.pickClass(), target);
    }
  }

  private onArrival(): void {
    const nowMs = this.sim.nowMs;
    // The class first: a classed trace names the arrival `next` returned last. (Drawing the
    // weights' class before the next arrival changes nothing: they use separate streams.)
    const classIndex = this.arrivalClasses === null ? this.pickClass() : this.arrivalClasses.classOf(nowMs);
    const next = this.arrivalProcess!.next(nowMs);
    if (next < this.spec.durationMs) this.sim.at(next, K_ARRIVAL);
    this.startRequest(classIndex, -1);
  }

  private pickClass(): number {
    const cumulative = this.classWeightsCumulative;
    if (cumulative.length === 1) return 0;
    const u = this.mixStream.next();
    for (let i = 0; i < cumulative.length - 1; i++) if (u < cumulative[i]!) return i;
    return cumulative.length - 1;
  }

  private onWindow(): void {
    this.series.closeWindow(this.sim.nowMs);
    const next = this.sim.nowMs + this.spec.windowMs;
    if (next < this.spec.durationMs) this.sim.at(next, K_WINDOW);
  }

  // ---------------------------------------------------------------- requests and calls

  /** Starts a request of class `classIndex` (from closed-loop user `user`, or -1). */
  startRequest(classIndex: number, user: number): void {
    const nowMs = this.sim.nowMs;
    const step = this.roots[classIndex]!;
    const id = this.newCall(step, -1, 0, 0, CLIENT_ZONE);
    const call = this.calls.items[id]!;
    call.isRoot = true;
    call.classIndex = classIndex;
    call.requestStartMs = nowMs;
    call.user = user;
    call.measured = this.recorder.requestArrived(classIndex, nowMs);
    this.startAttempt(id);
  }

  private newCall(step: StepRuntime, parentJob: number, parentJobGen: number, parentStage: number, zoneOfCaller: number): number {
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
    if (call.attemptIds.length !== 0) call.attemptIds.length = 0;
    if (call.attemptGens.length !== 0) call.attemptGens.length = 0;
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

  /** Sends one attempt of call `callId`: picks a node, schedules arrival, timeout, hedge. */
  private startAttempt(callId: number): void {
    const call = this.calls.items[callId]!;
    const step = call.step;
    const nowMs = this.sim.nowMs;
    if (step.spec.breaker !== undefined && !this.breakerAllows(step, call)) {
      return this.completeCall(callId, false, CAUSE_CIRCUIT_OPEN);
    }
    const service = this.services[step.serviceIndex]!;
    let member = call.pinnedMember;
    call.pinnedMember = -1;
    let node = -1;
    if (service.central !== null && member < 0) {
      member = this.pickIdleMember(service);
    } else if (member < 0) {
      member = service.balancer.pick(0, call.key);
    }
    if (member === NO_MEMBER && service.central === null) {
      this.recorder.services[step.serviceIndex]!.attempts++;
      this.recorder.attemptFinished(step.serviceIndex, false, CAUSE_UNAVAILABLE, 0);
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
    job.sentMs = nowMs;
    job.deadlineMs = nowMs + step.timeoutMs;
    job.ok = false;
    job.cause = CAUSE_NONE;
    job.zoneOfCaller = call.zoneOfCaller;
    job.stageIndex = 0;
    job.childCount = 0;
    job.key = call.key;
    job.cacheFetch = false;
    if (member >= 0) service.balancer.outstanding[member]!++;
    this.recorder.serviceLevels.change(step.serviceIndex, LEVEL_IN_FLIGHT, 1, nowMs);
    call.outstanding++;
    call.attemptIds.push(jobId);
    call.attemptGens.push(job.gen);
    this.recorder.services[step.serviceIndex]!.attempts++;
    if (step.timeouts !== null) this.armTimeout(step.timeouts, jobId, job);
    if (step.spec.hedgeAfterMs !== Infinity && call.hedgeHandle === NO_EVENT && call.hedgesUsed === 0) {
      call.hedgeHandle = this.sim.after(step.spec.hedgeAfterMs, K_HEDGE, callId, call.gen);
    }
    const toZone = node >= 0 ? this.nodes.zone[node]! : service.centralZone;
    const delayMs = this.network.delayMs(call.zoneOfCaller, toZone, step.spec.requestBytes, node);
    if (delayMs < 0) {
      // Lost on the way: the server never sees it.
      job.phase = PHASE_DONE;
      if (step.timeoutMs === Infinity) this.attemptFinished(jobId, false, CAUSE_ERROR);
      return;
    }
    if (delayMs === 0) return this.jobArrived(jobId, job); // no network in between: no event
    job.arrivalPending = true;
    this.sim.after(delayMs, K_JOB_ARRIVE, jobId, job.gen);
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

  /** Fires the expired timeouts of one hop, then waits for its oldest live one. */
  private onTimeoutTick(listId: number): void {
    const list = this.timeoutLists[listId]!;
    const items = this.jobs.items;
    const nowMs = this.sim.nowMs;
    // tickPending stays true while firing, so timeouts armed meanwhile do not schedule a tick.
    while (list.length > 0) {
      const job = items[list.headJobId()]!;
      const live = job.gen === list.headJobGen() && job.timeoutArmed;
      if (live && list.headDeadlineMs() > nowMs) break;
      const jobId = list.headJobId();
      list.shift();
      if (!live) continue;
      job.timeoutArmed = false;
      if (job.callerWaiting) this.attemptFinished(jobId, false, CAUSE_TIMEOUT);
      this.maybeFreeJob(jobId, job);
    }
    list.tickPending = list.length > 0;
    if (list.tickPending) this.sim.at(list.headDeadlineMs(), K_TIMEOUT, listId);
  }

  /** A member of a central-queue service with a free core, starting at the balancer's cursor; -1 if none. */
  private pickIdleMember(service: ServiceRuntime): number {
    const balancer = service.balancer;
    const n = balancer.memberNodes.length;
    for (let k = 0; k < n; k++) {
      const member = balancer.pick();
      if (member === NO_MEMBER) return -1;
      const node = balancer.memberNodes[member]!;
      if (this.nodes.state[node] === NODE_UP && this.nodes.busy[node]! < this.nodes.cores[node]!) return member;
    }
    return -1;
  }

  private breakerAllows(step: StepRuntime, call: Call): boolean {
    const breaker = step.spec.breaker!;
    if (step.breakerState === BREAKER_CLOSED) return true;
    if (step.breakerState === BREAKER_OPEN && this.sim.nowMs >= step.breakerOpenUntilMs) {
      step.breakerState = BREAKER_HALF_OPEN;
      step.breakerProbeInFlight = false;
    }
    if (step.breakerState === BREAKER_HALF_OPEN && !step.breakerProbeInFlight) {
      step.breakerProbeInFlight = true;
      call.probe = true;
      return true;
    }
    void breaker;
    return false;
  }

  private breakerRecord(step: StepRuntime, call: Call, ok: boolean): void {
    const breaker = step.spec.breaker;
    if (breaker === undefined) return;
    if (call.probe) {
      call.probe = false;
      step.breakerProbeInFlight = false;
      if (ok) {
        step.breakerState = BREAKER_CLOSED;
        step.breakerFailures = 0;
        this.note("breaker-closed", step.label, "probe succeeded");
      } else {
        step.breakerState = BREAKER_OPEN;
        step.breakerOpenUntilMs = this.sim.nowMs + breaker.openMs;
      }
      return;
    }
    if (ok) {
      step.breakerFailures = 0;
    } else if (++step.breakerFailures >= breaker.failuresToOpen && step.breakerState === BREAKER_CLOSED) {
      step.breakerState = BREAKER_OPEN;
      step.breakerOpenUntilMs = this.sim.nowMs + breaker.openMs;
      this.note("breaker-open", step.label, `${step.breakerFailures} consecutive failures`);
    }
  }

  /** An attempt that could not even be sent (no eligible node): retry or fail. */
  private attemptFailedBeforeSend(callId: number, cause: number): void {
    const call = this.calls.items[callId]!;
    call.lastCause = cause;
    if (call.outstanding === 0) this.retryOrFail(callId, cause);
  }

  // ---------------------------------------------------------------- server side

  private onJobArrive(jobId: number, gen: number): void {
    const job = this.jobs.items[jobId]!;
    if (job.gen !== gen) throw staleEvent("job arrival", jobId);
    job.arrivalPending = false;
    this.jobArrived(jobId, job);
  }

  /** The request of attempt `jobId` reached its node (or its service's central queue). */
  private jobArrived(jobId: number, job: Job): void {
    const node = job.node;
    if (node < 0) return this.arriveAtCentralQueue(jobId, job);
    const nodes = this.nodes;
    if (nodes.state[node] !== NODE_UP) return this.serverLost(jobId, job);
    job.incarnation = nodes.incarnation[node]!;
    if (nodes.busy[node]! < nodes.cores[node]!) {
      this.startService(jobId, job, node);
    } else if (nodes.queues[node]!.length < nodes.queueCapacity[node]!) {
      nodes.touch(node, this.sim.nowMs);
      const queue = nodes.queues[node]!;
      queue.push(jobId);
      this.recorder.serviceLevels.change(job.step.serviceIndex, LEVEL_QUEUED, 1, this.sim.nowMs);
      if (queue.length > nodes.queueMax[node]!) nodes.queueMax[node] = queue.length;
      job.phase = PHASE_QUEUED;
    } else {
      this.respond(jobId, job, false, CAUSE_REJECTED);
    }
  }

  private arriveAtCentralQueue(jobId: number, job: Job): void {
    const service = this.services[job.step.serviceIndex]!;
    // A core may have freed while the request travelled.
    const member = this.pickIdleMember(service);
    if (member >= 0) {
      const node = service.balancer.memberNodes[member]!;
      job.member = member;
      job.node = node;
      job.incarnation = this.nodes.incarnation[node]!;
      return this.startService(jobId, job, node);
    }
    const central = service.central!;
    if (central.length >= service.centralCapacity) return this.respond(jobId, job, false, CAUSE_REJECTED);
    central.push(jobId);
    this.recorder.serviceLevels.change(service.index, LEVEL_QUEUED, 1, this.sim.nowMs);
    job.phase = PHASE_QUEUED;
  }

  /** Starts service of `job` on `node`, which has a free core. */
  private startService(jobId: number, job: Job, node: number): void {
    const nowMs = this.sim.nowMs;
    const nodes = this.nodes;
    nodes.touch(node, nowMs);
    nodes.busy[node]!++;
    job.phase = PHASE_SERVING;
    this.recorder.serviceLevels.change(job.step.serviceIndex, LEVEL_BUSY, 1, nowMs);
    const serviceMs = (job.step.serviceTime.sample(this.serviceStreams[node]!) * nodes.slowdown[node]!) / nodes.speed[node]!;
    job.serviceHandle = this.sim.after(serviceMs, K_SERVICE_DONE, jobId, job.gen);
  }

  private onServiceDone(jobId: number, gen: number): void {
    const job = this.jobs.items[jobId]!;
    if (job.gen !== gen) throw staleEvent("service completion", jobId);
    job.serviceHandle = NO_EVENT;
    const node = job.node;
    const nodes = this.nodes;
    nodes.touch(node, this.sim.nowMs);
    nodes.busy[node]!--;
    this.recorder.serviceLevels.change(job.step.serviceIndex, LEVEL_BUSY, -1, this.sim.nowMs);
    nodes.served[node]!++;
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
        const job = this.jobs.items[next]!;
        job.node = node;
        job.member = member;
        job.incarnation = nodes.incarnation[node]!;
        this.startQueued(next, node);
      }
    }
  }

  /** Starts a job taken from a queue, or drops it if its caller's deadline passed. */
  private startQueued(jobId: number, node: number): void {
    const job = this.jobs.items[jobId]!;
    const service = this.services[job.step.serviceIndex]!;
    this.recorder.serviceLevels.change(service.index, LEVEL_QUEUED, -1, this.sim.nowMs);
    if (service.deadlineAware && this.sim.nowMs > job.deadlineMs) {
      this.recorder.services[service.index]!.droppedExpired++;
      job.phase = PHASE_DONE;
      this.maybeFreeJob(jobId, job);
      return;
    }
    this.startService(jobId, job, node);
  }

  /** Launches the downstream calls of the job's current stage. */
  private startStage(jobId: number, job: Job): void {
    const stage = job.step.stages[job.stageIndex]!;
    job.stageSucceeded = 0;
    job.stageFailed = 0;
    job.stageCause = CAUSE_NONE;
    job.childCount = 0;
    const balancer = stage.step.balancer;
    const stamp = stage.count > 1 && this.services[stage.step.serviceIndex]!.central === null ? balancer.beginDistinct() : 0;
    const zone = this.nodes.zone[job.node]!;
    job.launching = true;
    for (let i = 0; i < stage.count; i++) {
      const callId = this.newCall(stage.step, jobId, job.gen, job.stageIndex, zone);
      const call = this.calls.items[callId]!;
      const root = this.rootCallOf(job);
      call.measured = root;
      if (stamp !== 0) call.pinnedMember = balancer.pick(stamp, call.key);
      job.childIds[job.childCount] = callId;
      job.childGens[job.childCount] = call.gen;
      job.childCount++;
      this.startAttempt(callId);
    }
    job.launching = false;
    this.checkStage(jobId, job);
  }

  /** Whether the request a job works for is measured (carried down from the root call). */
  private rootCallOf(job: Job): boolean {
    const call = this.calls.items[job.callId]!;
    return call.gen === job.callGen ? call.measured : false;
  }

  private onChildDone(jobId: number, stageIndex: number, ok: boolean, cause: number): void {
    const job = this.jobs.items[jobId]!;
    if (job.phase !== PHASE_CHILDREN || job.stageIndex !== stageIndex) return;
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
      const callId = job.childIds[i]!;
      const call = this.calls.items[callId]!;
      if (call.gen === job.childGens[i] && !call.done) this.finishCall(callId, call);
    }
  }

  /**
   * The server is done with the job: send the answer back if the caller still waits. Public
   * for caches, which answer the requests coalesced behind a fetch (cache-tier.ts).
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
        this.attemptFinished(jobId, ok, cause); // no network in between: no event
      } else if (delayMs > 0) {
        job.responsePending = true;
        this.sim.after(delayMs, K_RESPONSE, jobId, job.gen);
      } else if (job.step.timeoutMs === Infinity) {
        this.attemptFinished(jobId, false, CAUSE_ERROR);
      }
    }
    this.maybeFreeJob(jobId, job);
  }

  /** The job's server vanished (crash, or it arrived at a node that is down). */
  private serverLost(jobId: number, job: Job): void {
    if (job.serviceHandle !== NO_EVENT) {
      this.sim.cancel(job.serviceHandle);
      job.serviceHandle = NO_EVENT;
    }
    if (job.phase === PHASE_CHILDREN) this.abandonChildren(job);
    else if (job.phase === PHASE_SERVING) this.recorder.serviceLevels.change(job.step.serviceIndex, LEVEL_BUSY, -1, this.sim.nowMs);
    else if (job.phase === PHASE_QUEUED) this.recorder.serviceLevels.change(job.step.serviceIndex, LEVEL_QUEUED, -1, this.sim.nowMs);
    job.phase = PHASE_DONE;
    // Without a timeout the caller would wait forever: treat it as a connection error.
    if (job.callerWaiting && job.step.timeoutMs === Infinity) this.attemptFinished(jobId, false, CAUSE_ERROR);
    this.maybeFreeJob(jobId, job);
  }

  /**
   * Crashes `node`: its queue and the work in service are lost, its incarnation changes.
   * Balancers are not told: health checks and detectors find out (issue 4's mechanisms).
   */
  crashNode(node: number): void {
    const nodes = this.nodes;
    if (nodes.state[node] !== NODE_UP) return;
    nodes.touch(node, this.sim.nowMs);
    nodes.state[node] = NODE_DOWN;
    nodes.incarnation[node]!++;
    nodes.busy[node] = 0;
    nodes.queues[node]!.drain((jobId) => this.serverLost(jobId, this.jobs.items[jobId]!));
    // Jobs in service or waiting for downstream calls on this node.
    const items = this.jobs.items;
    for (let jobId = 0; jobId < items.length; jobId++) {
      const job = items[jobId]!;
      if (job.node === node && (job.phase === PHASE_SERVING || job.phase === PHASE_CHILDREN)) this.serverLost(jobId, job);
    }
    for (const service of this.services) if (service.cache !== null) service.cache.nodeLost(node, this.sim.nowMs); // restarts cold
  }

  /** Brings a crashed node back, empty. */
  recoverNode(node: number): void {
    const nodes = this.nodes;
    if (nodes.state[node] !== NODE_DOWN && nodes.state[node] !== NODE_BOOTING) return;
    nodes.touch(node, this.sim.nowMs);
    nodes.state[node] = NODE_UP;
    this.fillFreeCores(node);
  }

  // ---------------------------------------------------------------- caller side

  private onResponse(jobId: number, gen: number): void {
    const job = this.jobs.items[jobId]!;
    if (job.gen !== gen) throw staleEvent("response", jobId);
    job.responsePending = false;
    if (job.callerWaiting) this.attemptFinished(jobId, job.ok, job.cause);
    this.maybeFreeJob(jobId, job);
  }

  /** The caller stops waiting for attempt `jobId` (answer, timeout or loss). */
  private attemptFinished(jobId: number, ok: boolean, cause: number): void {
    const job = this.jobs.items[jobId]!;
    const callId = job.callId;
    const call = this.calls.items[callId]!;
    this.releaseAttempt(job, call, jobId);
    this.recorder.attemptFinished(job.step.serviceIndex, ok, cause, this.sim.nowMs - job.sentMs);
    this.breakerRecord(job.step, call, ok);
    if (ok) return this.completeCall(callId, true, CAUSE_NONE);
    call.lastCause = cause;
    if (call.outstanding === 0 && call.retryHandle === NO_EVENT) this.retryOrFail(callId, cause);
  }

  /** Detaches an attempt from its caller: no longer waited for, no longer outstanding. */
  private releaseAttempt(job: Job, call: Call, jobId: number): void {
    job.callerWaiting = false;
    job.timeoutArmed = false; // its TimeoutList entry is now dead and will be skipped
    if (job.member >= 0) this.services[job.step.serviceIndex]!.balancer.outstanding[job.member]!--;
    this.recorder.serviceLevels.change(job.step.serviceIndex, LEVEL_IN_FLIGHT, -1, this.sim.nowMs);
    if (call.gen === job.callGen) {
      call.outstanding--;
      const ids = call.attemptIds;
      const last = ids.length - 1;
      if (last >= 0 && ids[last] === jobId) {
        ids.pop(); // the common case: the only (or latest) attempt
        call.attemptGens.pop();
      } else {
        const at = ids.indexOf(jobId);
        if (at >= 0) {
          ids.splice(at, 1);
          call.attemptGens.splice(at, 1);
        }
      }
    }
  }

  /** After a failed attempt with nothing else in flight: schedule a retry, or give up. */
  private retryOrFail(callId: number, cause: number): void {
    const call = this.calls.items[callId]!;
    const step = call.step;
    const retry = step.spec.retry;
    if (call.retriesUsed < retry.attemptsMax && cause !== CAUSE_CIRCUIT_OPEN && step.budgetTokens >= 1) {
      if (retry.budgetRatio !== Infinity) step.budgetTokens -= 1;
      call.retriesUsed++;
      this.recorder.extraAttempt(call.classIndex, step.serviceIndex, this.isMeasured(call), false);
      call.retryHandle = this.sim.after(step.backoffMs(call.retriesUsed), K_RETRY, callId, call.gen);
      return;
    }
    this.completeCall(callId, false, cause);
  }

  private isMeasured(call: Call): boolean {
    return call.measured;
  }

  private onRetry(callId: number, gen: number): void {
    const call = this.calls.items[callId]!;
    if (call.gen !== gen) throw staleEvent("retry", callId);
    call.retryHandle = NO_EVENT;
    this.startAttempt(callId);
  }

  private onHedge(callId: number, gen: number): void {
    const call = this.calls.items[callId]!;
    if (call.gen !== gen) throw staleEvent("hedge", callId);
    call.hedgeHandle = NO_EVENT;
    if (call.done || call.outstanding === 0) return;
    call.hedgesUsed++;
    this.recorder.extraAttempt(call.classIndex, call.step.serviceIndex, call.measured, true);
    this.startAttempt(callId);
  }

  /** The call is decided: tell the parent (or finish the request) and free the record. */
  private completeCall(callId: number, ok: boolean, cause: number): void {
    const call = this.calls.items[callId]!;
    const parentJob = call.parentJob;
    const parentGen = call.parentJobGen;
    const parentStage = call.parentStage;
    const isRoot = call.isRoot;
    const classIndex = call.classIndex;
    const measured = call.measured;
    const startMs = call.requestStartMs;
    const user = call.user;
    this.finishCall(callId, call);
    if (isRoot) {
      this.recorder.requestFinished(classIndex, measured, ok, cause, this.sim.nowMs - startMs, this.sim.nowMs);
      if (user >= 0) this.sim.after(this.thinkTime!.sample(this.thinkStream), K_USER_SEND, user);
    } else {
      const job = this.jobs.items[parentJob]!;
      if (job.gen === parentGen) this.onChildDone(parentJob, parentStage, ok, cause);
    }
  }

  /** Marks a call done, detaches its remaining attempts and pending timers, frees it. */
  private finishCall(callId: number, call: Call): void {
    call.done = true;
    if (call.retryHandle !== NO_EVENT) this.sim.cancel(call.retryHandle);
    if (call.hedgeHandle !== NO_EVENT) this.sim.cancel(call.hedgeHandle);
    call.retryHandle = NO_EVENT;
    call.hedgeHandle = NO_EVENT;
    if (call.probe) {
      call.probe = false;
      call.step.breakerProbeInFlight = false;
    }
    while (call.attemptIds.length > 0) {
      const jobId = call.attemptIds[call.attemptIds.length - 1]!;
      const job = this.jobs.items[jobId]!;
      this.releaseAttempt(job, call, jobId);
      this.maybeFreeJob(jobId, job);
    }
    this.calls.release(callId);
  }

  /** Frees a job once neither its server nor its caller nor any pending event needs it. */
  private maybeFreeJob(jobId: number, job: Job): void {
    if (job.phase === PHASE_DONE && !job.callerWaiting && !job.responsePending && !job.arrivalPending) {
      this.jobs.release(jobId);
    }
  }

  /** Rack names of the whole cluster, zone by zone; node.rack indexes into this. */
  get rackNames(): string[] {
    return this.spec.zones.flatMap((zone) => zone.racks ?? []);
  }

  /** Index into rackNames of rack `local` of zone `zoneIndex`. */
  private rackIndexOf(zoneIndex: number, local: number): number {
    let offset = 0;
    for (let z = 0; z < zoneIndex; z++) offset += this.spec.zones[z]!.racks?.length ?? 0;
    return offset + local;
  }

  // ---------------------------------------------------------------- hooks for mechanisms

  /**
   * Adds a node to group `groupIndex` in state `state` (NODE_BOOTING for a node that must boot
   * before serving; call recoverNode when it is up). It joins every service on the group; a
   * booting node is not eligible in the balancers until `setNodeEligible(node, true)`.
   * Returns the node index. Names continue the group's numbering ("web-12").
   */
  provisionNode(groupIndex: number, state: number): number {
    let ordinal = 0;
    for (let node = 0; node < this.nodes.count; node++) if (this.nodes.group[node] === groupIndex) ordinal++;
    return this.addNode(groupIndex, ordinal, state);
  }

  /**
   * Removes a node from service for good (scale-in): no longer eligible anywhere, no longer
   * billed. Work still on it is lost like in a crash, so drain it first (see drainNode).
   */
  retireNode(node: number): void {
    this.setNodeEligible(node, false);
    if (this.nodes.state[node] === NODE_UP) this.crashNode(node);
    this.nodes.touch(node, this.sim.nowMs);
    this.nodes.state[node] = NODE_RETIRED;
  }

  /** Sets a node's eligibility in every balancer it is a member of. */
  setNodeEligible(node: number, eligible: boolean): void {
    for (const service of this.services) {
      const member = node < service.memberOfNode.length ? service.memberOfNode[node]! : -1;
      if (member >= 0) service.balancer.setEligible(member, eligible);
    }
  }

  /** Sets a node's eligibility in one service's balancer (health checks are per balancer). */
  setMemberEligible(serviceIndex: number, node: number, eligible: boolean): void {
    const service = this.services[serviceIndex]!;
    const member = node < service.memberOfNode.length ? service.memberOfNode[node]! : -1;
    if (member >= 0) service.balancer.setEligible(member, eligible);
  }

  /** Jobs on a node: queued, in service or waiting for downstream calls (for draining). */
  workOnNode(node: number): number {
    let count = this.nodes.load(node);
    const items = this.jobs.items;
    for (let jobId = 0; jobId < items.length; jobId++) {
      if (items[jobId]!.node === node && items[jobId]!.phase === PHASE_CHILDREN) count++;
    }
    return count;
  }

  /** Sets a node's service-time multiplier (gray failure: 3 = three times slower). */
  setSlowdown(node: number, factor: number): void {
    this.nodes.slowdown[node] = factor;
  }

  /** Adds an entry to the run's timeline. */
  note(kind: string, subject: string, detail: string): void {
    this.timeline.push({ atMs: this.sim.nowMs, kind, subject, detail });
  }
}

function staleEvent(what: string, id: number): Error {
  return new Error(`internal error: ${what} event for record ${id} after it was freed`);
}
