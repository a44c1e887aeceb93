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
 * The files of the request core:
 * - cluster-model.ts (this file): builds the run-time model from its spec, runs the workload
 *   and the metrics windows, dispatches kernel events, and offers the hooks mechanisms use
 *   (faults, operations, caches, data tier: crash, recover, provision, eligibility, notes).
 * - caller.ts: the caller side of a hop (calls, attempts, timeouts, retries, hedges).
 * - server.ts: the server side (node and central queues, service, fan-out stages, responses).
 * - circuit-breaker.ts, step-runtime.ts, service-runtime.ts: per-hop and per-service state.
 * - records.ts: the pooled call and job records; event-kinds.ts: the event kinds.
 * The server side calls the caller side directly; the caller side reaches the server side
 * through an interface (caller.ts ServerSide) that this model connects, so no file imports
 * another both ways.
 *
 * Event kinds are small integers dispatched by one switch, carrying record ids (no closure per
 * request); faults and other rare events use callbacks.
 */
import { assert } from "../core/assert";
import { createDistribution } from "../core/distributions";
import type { RandomStream } from "../core/rng";
import { Simulation } from "../core/simulation";
import { deterministicArrivals, poissonArrivals, traceArrivals, type ArrivalProcess, type TraceArrivals } from "./arrivals";
import { recordedArrivalClasses, type ArrivalClasses } from "./arrival-classes";
import { Balancer } from "./balancer";
import { Caller, type CallerHost } from "./caller";
import {
  K_ABANDON, K_ARRIVAL, K_HEDGE, K_JOB_ARRIVE, K_RESPONSE, K_RETRY, K_SERVICE_DONE, K_TIMEOUT, K_USER_SEND, K_WINDOW, brokenInvariant,
} from "./event-kinds";
import { Network } from "./network";
import { IntQueue, NODE_RETIRED, NODE_UP, NodeTable } from "./nodes";
import { CallPool, JobPool, PHASE_CHILDREN, type Job } from "./records";
import { Recorder } from "./recorder";
import { Server, type ServiceDoneListener } from "./server";
import type { ServiceRuntime } from "./service-runtime";
import type { ModelSpec, StepSpec } from "./spec";
import { StepRuntime } from "./step-runtime";
import type { TimelineEvent } from "../result/result";
import { WindowSeries } from "./window-series";

/** Options for {@link ClusterModel}. */
export interface ClusterModelOptions {
  seed: number;
  /** Engine version label copied into the Result. */
  engineVersion: string;
}

/**
 * The run-time model of one run: its nodes, services and request classes on one simulation
 * (see the file comment). Mechanisms (engine/model/faults, operations, cache, ...) act on it
 * through its public fields and the hooks at the end of the class.
 */
export class ClusterModel implements CallerHost {
  readonly sim: Simulation;
  readonly nodes = new NodeTable();
  readonly services: ServiceRuntime[] = [];
  readonly network: Network;
  readonly recorder: Recorder;
  readonly series: WindowSeries;
  readonly timeline: TimelineEvent[] = [];
  /** Root hop of each class. */
  readonly roots: StepRuntime[] = [];
  readonly jobs = new JobPool();
  readonly calls = new CallPool();
  private readonly caller: Caller;
  private readonly server: Server;
  private readonly mixStream: RandomStream;
  private readonly classWeightsCumulative: number[] = [];
  /** Told each time a node comes up (see onNodeUp). */
  private readonly nodeUpListeners: Array<(node: number) => void> = [];
  private arrivalProcess: ArrivalProcess | null = null;
  /** Recorded classes of arrivals (a classed trace, per-class rates); null when the weights decide. */
  private arrivalClasses: ArrivalClasses | null = null;
  /** Arrivals due in [pausedFromMs, pausedUntilMs) are skipped (see pauseArrivals). */
  private pausedFromMs = Infinity;
  private pausedUntilMs = Infinity;

  constructor(readonly spec: ModelSpec, readonly options: ClusterModelOptions) {
    this.sim = new Simulation({ seed: options.seed });
    const streams = this.sim.streams;
    this.network = new Network(spec.network, spec.zones, streams.get("network/latency"), streams.get("network/loss"));
    // Messages with a constant latency arrive in the order they were sent: a FIFO lane each.
    for (const delayMs of this.network.fixedDelaysMs()) this.sim.addFixedDelayLane(delayMs);
    this.recorder = new Recorder(spec.classes.length, spec.services.length, spec.warmupMs);
    this.mixStream = streams.get("workload/mix");
    this.caller = new Caller(this, spec.workload);
    this.server = new Server(this, this.caller, spec.groups.length);
    this.caller.connect(this.server);
    this.buildNodes();
    this.buildServices();
    this.buildClasses();
    this.series = new WindowSeries(spec, this.nodes, this.recorder);
    this.sim.setDispatch((kind, target, data) => this.dispatch(kind, target, data));
  }

  // ---------------------------------------------------------------- construction

  private buildNodes(): void {
    this.spec.groups.forEach((group, groupIndex) => {
      for (let i = 0; i < group.count; i++) this.addNode(groupIndex, i, NODE_UP);
    });
  }

  /** Adds node number `ordinal` of a group; names are "<group>-<ordinal>". */
  private addNode(groupIndex: number, ordinal: number, state: number): number {
    const group = this.spec.groups[groupIndex]!;
    const zoneIndex = group.zoneIndexes[ordinal % group.zoneIndexes.length]!;
    // Within its zone, the group's nodes go round-robin over the zone's racks.
    const racks = this.spec.zones[zoneIndex]!.racks ?? [];
    const rackIndex = racks.length === 0 ? -1 : this.rackIndexOf(zoneIndex, Math.floor(ordinal / group.zoneIndexes.length) % racks.length);
    const node = this.nodes.add({ name: `${group.name}-${ordinal}`, groupIndex, group, zoneIndex, rackIndex, nowMs: this.sim.nowMs, state });
    this.server.nodeAdded(this.sim.streams.get(`node/${group.name}-${ordinal}/service`));
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
        patience: spec.patience === null ? null : createDistribution(spec.patience),
        patienceStream: spec.patience === null ? null : streams.get(`service/${spec.name}/patience`),
      };
      for (let node = 0; node < this.nodes.count; node++) {
        const at = spec.groupIndexes.indexOf(this.nodes.group[node]!);
        if (at >= 0) {
          this.joinService(service, node, spec.weights[at]!, true);
          service.centralCapacity += this.nodes.queueCapacity[node]!;
        }
      }
      if (central) {
        for (const g of spec.groupIndexes) this.server.centralServiceOnGroup(g, index);
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
    if (spec.timeoutMs !== Infinity) step.timeouts = this.caller.createTimeoutList(spec.timeoutMs);
    spec.stages.forEach((stage, i) => {
      const child = this.buildStep(stage.step, `${label}/${i}:${this.spec.services[stage.step.serviceIndex]!.name}`, classIndex);
      step.stages.push({ step: child, count: stage.count, waitFor: stage.waitFor });
    });
    return step;
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
    // Two loads up front instead of one per case keep this function's bytecode small: the
    // kernel's run loop inlines it, and the event queue's siftDown still fits beside it in
    // TurboFan's inlining budget (with a load per case it did not).
    const caller = this.caller;
    const server = this.server;
    switch (kind) {
      case K_ARRIVAL: return this.onArrival();
      case K_JOB_ARRIVE: return server.onJobArrive(target, data);
      case K_SERVICE_DONE: return server.onServiceDone(target, data);
      case K_RESPONSE: return caller.onResponse(target, data);
      case K_TIMEOUT: return caller.onTimeoutTick(target);
      case K_RETRY: return caller.onRetry(target, data);
      case K_HEDGE: return caller.onHedge(target, data);
      case K_WINDOW: return this.onWindow();
      case K_USER_SEND: return caller.startRequest(this.pickClass(), target);
      case K_ABANDON: return server.onPatienceOut(target, data);
      default: brokenInvariant("unknown model event kind", kind);
    }
  }

  private onArrival(): void {
    const nowMs = this.sim.nowMs;
    if (nowMs >= this.pausedFromMs && nowMs < this.pausedUntilMs) {
      // Paused by the hybrid engine: the next arrival is drawn from the pause's end (the open
      // process is memoryless; a trace skips the timestamps before it).
      const next = this.arrivalProcess!.next(this.pausedUntilMs);
      if (next < this.spec.durationMs) this.sim.at(next, K_ARRIVAL);
      return;
    }
    // The class first: a classed trace names the arrival `next` returned last. (Drawing the
    // weights' class before the next arrival changes nothing: they use separate streams.)
    const classIndex = this.arrivalClasses === null ? this.pickClass() : this.arrivalClasses.classOf(nowMs);
    const next = this.arrivalProcess!.next(nowMs);
    if (next < this.spec.durationMs) this.sim.at(next, K_ARRIVAL);
    this.caller.startRequest(classIndex, -1);
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

  // ---------------------------------------------------------------- hooks for mechanisms

  /**
   * Skips the open or traced arrivals due in [fromMs, untilMs) (engine/hybrid/: a fluid model
   * stands in for them); replaces any earlier pause. Requests already in flight go on.
   */
  pauseArrivals(fromMs: number, untilMs: number): void {
    assert(untilMs >= fromMs, `pauseArrivals: the pause must not end (${untilMs} ms) before it starts (${fromMs} ms)`);
    this.pausedFromMs = fromMs;
    this.pausedUntilMs = untilMs;
  }

  /**
   * The server is done with job `jobId`: it answers `ok` (or fails with CAUSE_* `cause`) if
   * its caller still waits. For caches, which answer the requests coalesced behind a fetch
   * (cache-tier.ts).
   */
  respond(jobId: number, job: Job, ok: boolean, cause: number): void {
    this.server.respond(jobId, job, ok, cause);
  }

  /**
   * Crashes `node`: its queue and the work in service are lost, its incarnation changes.
   * Balancers are not told: health checks and detectors find out (issue 4's mechanisms).
   * No effect unless the node is up.
   */
  crashNode(node: number): void {
    this.server.crashNode(node);
  }

  /**
   * Brings a crashed (or booting) node up, empty, and starts central-queue work on it; then
   * tells the onNodeUp listeners (a restarted node announces itself at once).
   */
  recoverNode(node: number): void {
    const wasUp = this.nodes.state[node] === NODE_UP;
    this.server.recoverNode(node);
    if (wasUp || this.nodes.state[node] !== NODE_UP) return;
    for (const listener of this.nodeUpListeners) listener(node);
  }

  /**
   * Tells `listener` of every service completion from now on: the node, and the job's time
   * there (queue wait plus service). An object, not a closure, so a run with it snapshots.
   */
  onServiceDone(listener: ServiceDoneListener): void {
    this.server.serviceDoneListeners.push(listener);
  }

  /** Calls `listener(node)` each time recoverNode brings a node up (after a crash, or a boot). */
  onNodeUp(listener: (node: number) => void): void {
    this.nodeUpListeners.push(listener);
  }

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
