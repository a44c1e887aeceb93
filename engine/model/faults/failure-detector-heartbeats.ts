/**
 * Heartbeats over the modelled network to a cluster manager, judged by one or more failure
 * detectors side by side (engine/model/faults/failure-detector.ts). Every detector sees the very
 * same heartbeats, so their verdicts compare like for like.
 *
 * Each node of the chosen groups sends a heartbeat every interval while it is up, starting at
 * a random phase; a heartbeat crosses the network from the node's zone to the manager's zone
 * (latency, loss, partitions and node isolation apply) and feeds every detector when it
 * arrives. The manager runs its detectors every `checkInterval`. A crashed node sends
 * nothing; a node that comes back up (repaired, restarted, or booted by the autoscaler) sends a
 * heartbeat at once, announcing itself, and keeps its cadence after that; a retired one is no
 * longer watched; a node added while up is watched from the manager's next check.
 *
 * Events: one callback per heartbeat sent and one per heartbeat delivered, through closures
 * made once per node (nothing allocated per heartbeat), plus one per check. Latency and loss
 * come from the manager's own streams, so adding a detector shifts no request's numbers.
 * With `evictWith`, the chosen detector's suspicions also take the node out of every
 * balancer until it trusts the node again.
 */
import type { RandomStream } from "../../core/rng";
import type { ClusterModel } from "../cluster-model";
import { FailureDetector } from "./failure-detector";
import { VETO_DETECTOR, type EligibilityVotes } from "./faults-eligibility";
import type { IncidentLog } from "./faults-incidents";
import type { DetectorSpec } from "./faults-spec";
import { NODE_RETIRED, NODE_UP } from "../nodes";
import { grownUint8 } from "../../core/typed-arrays";

export class Heartbeats {
  /** Heartbeats sent and delivered over the run. */
  sent = 0;
  delivered = 0;
  readonly detectors: FailureDetector[] = [];
  private readonly streams: { latency: RandomStream; loss: RandomStream };
  private readonly phaseStream: RandomStream;
  /** Per node: 1 once it has a heartbeat timer. */
  private started = new Uint8Array(0);
  private readonly sendFns: Array<() => void> = [];
  private readonly arriveFns: Array<() => void> = [];
  private readonly sendsGroup: Uint8Array;
  private readonly checkBound = () => this.check();

  /**
   * @param observers the incident-log observer index of each detector, in spec order.
   */
  constructor(private readonly model: ClusterModel, private readonly spec: DetectorSpec, log: IncidentLog, observers: number[], votes: EligibilityVotes) {
    const streams = model.sim.streams;
    this.streams = { latency: streams.get("detector/latency"), loss: streams.get("detector/loss") };
    this.phaseStream = streams.get("detector/phase");
    this.sendsGroup = new Uint8Array(model.spec.groups.length);
    for (const g of spec.groupIndexes) this.sendsGroup[g] = 1;
    spec.detectors.forEach((options, i) => {
      const observer = observers[i]!;
      const evicts = spec.evictWith === i;
      const listener = {
        suspect: (node: number) => {
          log.suspect(observer, node);
          if (evicts) votes.vetoEverywhere(node, VETO_DETECTOR);
        },
        trust: (node: number) => {
          log.trust(observer, node);
          if (evicts) votes.liftEverywhere(node, VETO_DETECTOR);
        },
      };
      const detector = options.kind === "timeout"
        ? new FailureDetector({ kind: "timeout", timeoutMs: options.timeoutMs }, spec.heartbeatIntervalMs, model.nodes.count, listener)
        : new FailureDetector({ kind: "phi-accrual", threshold: options.threshold, window: options.window, minStdDevMs: options.minStdDevMs, acceptablePauseMs: options.acceptablePauseMs }, spec.heartbeatIntervalMs, model.nodes.count, listener);
      this.detectors.push(detector);
    });
    this.adoptNodes();
    model.onNodeUp((node) => this.announce(node));
    model.sim.callAt(spec.checkIntervalMs, this.checkBound);
  }

  /** A node came up: it sends a heartbeat now (outside its cadence), starting to be watched if new. */
  private announce(node: number): void {
    if (this.sendsGroup[this.model.nodes.group[node]!] === 0) return;
    if (this.started.length <= node) this.started = grownUint8(this.started, (node + 1) * 2);
    if (this.started[node] === 0) this.startNode(node, this.model.sim.nowMs);
    if (this.started[node] === 1) this.beat(node);
  }

  /** Starts heartbeats for nodes that are up and not yet watched; unwatches retired ones. */
  private adoptNodes(): void {
    const nodes = this.model.nodes;
    if (this.started.length < nodes.count) this.started = grownUint8(this.started, nodes.count * 2);
    const nowMs = this.model.sim.nowMs;
    for (let node = 0; node < nodes.count; node++) {
      if (this.sendsGroup[nodes.group[node]!] === 0) continue;
      if (this.started[node] === 0 && nodes.state[node] === NODE_UP) this.startNode(node, nowMs);
      else if (this.started[node] === 1 && nodes.state[node] === NODE_RETIRED) {
        this.started[node] = 2;
        for (const d of this.detectors) d.unwatch(node);
      }
    }
  }

  private startNode(node: number, nowMs: number): void {
    this.started[node] = 1;
    while (this.sendFns.length <= node) {
      const n = this.sendFns.length;
      this.sendFns.push(() => this.send(n));
      this.arriveFns.push(() => this.arrive(n));
    }
    for (const d of this.detectors) d.watch(node, nowMs);
    this.model.sim.callAt(nowMs + this.phaseStream.next() * this.spec.heartbeatIntervalMs, this.sendFns[node]!);
  }

  private send(node: number): void {
    const model = this.model;
    const state = model.nodes.state[node]!;
    if (state === NODE_RETIRED) return;
    model.sim.callAfter(this.spec.heartbeatIntervalMs, this.sendFns[node]!);
    if (state === NODE_UP) this.beat(node);
  }

  /** One heartbeat from `node` (up) across the network to the manager. */
  private beat(node: number): void {
    const model = this.model;
    this.sent++;
    const delayMs = model.network.delayWithStreamsMs(this.streams, model.nodes.zone[node]!, this.spec.managerZone, -1, node);
    if (delayMs >= 0) model.sim.callAfter(delayMs, this.arriveFns[node]!);
  }

  private arrive(node: number): void {
    this.delivered++;
    const nowMs = this.model.sim.nowMs;
    for (let i = 0; i < this.detectors.length; i++) this.detectors[i]!.heartbeat(node, nowMs);
  }

  private check(): void {
    const nowMs = this.model.sim.nowMs;
    this.adoptNodes();
    for (let i = 0; i < this.detectors.length; i++) this.detectors[i]!.check(nowMs);
    this.model.sim.callAfter(this.spec.checkIntervalMs, this.checkBound);
  }
}
