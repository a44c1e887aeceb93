/**
 * Fault injection: turns a FaultPlan's faults into callbacks at their times, and applies
 * them to the model through its hooks (crashNode, recoverNode, setSlowdown, the network,
 * balancer eligibility). Every random choice (which nodes of a group, when a node fails
 * next) draws from the fault's own stream `faults/<label>` (per node for failure processes,
 * `faults/<label>/<node>`), so adding a fault or a node shifts no other numbers.
 *
 * Faults overlap safely: a node is down while any crash holds it (a count per node), slow by
 * the product of the slowdowns on it, and cut off while any network fault cuts it
 * (faults-network.ts). A fault only undoes what it did: a node that was already down for
 * another reason (booting, retired) is left alone.
 */
import { createDistribution, type Distribution } from "../../core/distributions";
import { KIND_METHOD, MethodCall } from "../../core/simulation";
import type { RandomStream } from "../../core/rng";
import type { ClusterModel } from "../cluster-model";
import { VETO_DEPENDENCY, type EligibilityVotes } from "./faults-eligibility";
import type { IncidentLog } from "./faults-incidents";
import type { NetworkFaults } from "./faults-network";
import type { CrashRepairFault, DependencyFault, FaultSpec, LinkFault, NodeTarget, PartitionFault } from "./faults-spec";
import { NODE_RETIRED, NODE_UP } from "../nodes";
import { grownInt32, grownUint8 } from "../../core/typed-arrays";

/** Schedules the faults of a plan and applies them (see the file comment). */
export class FaultInjector {
  /** Per node: crashes holding it down, and whether a fault took it down (so may bring it up). */
  private downCount = new Int32Array(0);
  private downByFault = new Uint8Array(0);
  private readonly slowdowns: Array<{ token: number; node: number; factor: number }> = [];
  private tokenNext = 1;

  constructor(
    private readonly model: ClusterModel,
    private readonly log: IncidentLog,
    private readonly network: NetworkFaults,
    private readonly votes: EligibilityVotes,
  ) {}

  /** Schedules fault `fault`; call before the run starts. */
  schedule(fault: FaultSpec): void {
    if (fault.kind === "crash-repair") return this.scheduleCrashRepair(fault);
    if (fault.atMs >= this.model.spec.durationMs) return;
    this.model.sim.callMethodAt(fault.atMs, this, "begin", fault);
  }

  /**
   * Schedules a timed fault added by a fork as if `schedule` had been called when the event
   * counter stood at `seq` (so it fires among same-time events where it would have).
   */
  scheduleAsIfAt(seq: number, fault: Exclude<FaultSpec, CrashRepairFault>): void {
    if (fault.atMs >= this.model.spec.durationMs) return;
    this.model.sim.queue.pushAsIfAt(seq, fault.atMs, KIND_METHOD, 0, 0, new MethodCall(this, "begin", fault));
  }

  /** A timed fault starts, and its end is scheduled (a kernel method event). */
  begin(fault: Exclude<FaultSpec, CrashRepairFault>): void {
    const ending = this.start(fault);
    if (fault.forMs !== Infinity) this.model.sim.callMethodAfter(fault.forMs, this, "end", ending);
  }

  /**
   * Starts a timed fault; returns what ends it, as data (nodes, tokens, incident), so a pending
   * end survives a snapshot of the run.
   */
  private start(fault: Exclude<FaultSpec, CrashRepairFault>): FaultEnding {
    switch (fault.kind) {
      case "crash": {
        const nodes = this.resolve(fault.target, fault.label);
        const subject = this.describe(fault.target, nodes);
        const incident = this.log.open("crash", fault.label, subject, nodes.length, `${count(nodes.length)} down`);
        for (const node of nodes) this.takeDown(node, incident);
        return { kind: "crash", nodes, subject, incident };
      }
      case "slow": {
        const nodes = this.resolve(fault.target, fault.label);
        const subject = this.describe(fault.target, nodes);
        const incident = this.log.open("slow", fault.label, subject, nodes.length, `serves ${fault.factor}x slower, still answers health checks`);
        const tokens = nodes.map((node) => this.slowDown(node, fault.factor));
        return { kind: "slow", tokens, subject, incident };
      }
      case "partition": return this.startPartition(fault);
      case "pause":
      case "isolate": {
        const nodes = this.resolve(fault.target, fault.label);
        const subject = this.describe(fault.target, nodes);
        const oneWay = fault.kind === "isolate" && fault.oneWay;
        const detail = fault.kind === "pause" ? "stalls: answers nothing" : oneWay ? "messages from it are lost" : "cut off from the network";
        const incident = this.log.open(fault.kind === "pause" ? "pause" : "partition", fault.label, subject, nodes.length, detail);
        for (const node of nodes) this.network.isolate(node, !oneWay, true);
        this.log.cutOff(incident, nodes);
        return { kind: "isolate", nodes, oneWay, paused: fault.kind === "pause", subject, incident };
      }
      case "link": return this.startLink(fault);
      case "dependency": return this.startDependency(fault);
    }
  }

  /** A timed fault ends (a kernel method event). */
  end(ending: FaultEnding): void {
    const { subject, incident } = ending;
    switch (ending.kind) {
      case "crash":
        for (const node of ending.nodes) this.bringUp(node);
        this.log.close(incident, "repair", subject, `${count(ending.nodes.length)} back up`);
        return;
      case "slow":
        for (const token of ending.tokens) this.endSlowdown(token);
        this.log.close(incident, "slow-end", subject, "back to normal speed");
        return;
      case "isolate":
        for (const node of ending.nodes) this.network.reconnect(node, !ending.oneWay, true);
        this.log.reconnect(incident);
        this.log.close(incident, ending.paused ? "resume" : "heal", subject, ending.paused ? "answers again" : "reconnected");
        return;
      case "partition":
      case "link":
        for (const token of ending.tokens) this.network.removePair(token);
        this.log.reconnect(incident);
        this.log.close(incident, ending.kind === "link" ? "link-heal" : "heal", subject, ending.kind === "link" ? "link back to normal" : "partition healed");
        return;
      case "dependency":
        if (ending.mode === "unavailable") {
          for (const node of ending.nodes) this.votes.lift(ending.serviceIndex, node, VETO_DEPENDENCY);
        } else if (ending.mode === "timeout") {
          for (const node of ending.nodes) this.network.reconnect(node, true, true);
          this.log.reconnect(incident);
        } else {
          for (const token of ending.tokens) this.endSlowdown(token);
        }
        this.log.close(incident, "dependency-end", subject, "back to normal");
        return;
    }
  }

  private startPartition(fault: PartitionFault): FaultEnding {
    const zones = this.model.spec.zones;
    const [a, b] = fault.sides;
    const subject = `${a.map((z) => zones[z]!.name).join(", ")} ${fault.oneWay ? "->" : "|"} ${b.map((z) => zones[z]!.name).join(", ")}`;
    const nodes = this.nodesInZones([...a, ...b]);
    const incident = this.log.open("partition", fault.label, subject, nodes.length, fault.oneWay ? "one-way partition" : "partition");
    const tokens: number[] = [];
    for (const from of a) {
      for (const to of b) {
        tokens.push(this.network.addPair(from, to, 0, 1));
        if (!fault.oneWay) tokens.push(this.network.addPair(to, from, 0, 1));
      }
    }
    this.log.cutOff(incident, nodes);
    return { kind: "partition", tokens, subject, incident };
  }

  private startLink(fault: LinkFault): FaultEnding {
    const zones = this.model.spec.zones;
    const subject = `${zones[fault.fromZone]!.name} ${fault.oneWay ? "->" : "<->"} ${zones[fault.toZone]!.name}`;
    const nodes = this.nodesInZones([fault.fromZone, fault.toZone]);
    const detail = `+${fault.extraDelayMs} ms, ${(fault.extraLoss * 100).toPrecision(3)}% loss`;
    const incident = this.log.open("link", fault.label, subject, nodes.length, detail);
    const tokens = [this.network.addPair(fault.fromZone, fault.toZone, fault.extraDelayMs, fault.extraLoss)];
    if (!fault.oneWay && fault.fromZone !== fault.toZone) tokens.push(this.network.addPair(fault.toZone, fault.fromZone, fault.extraDelayMs, fault.extraLoss));
    this.log.cutOff(incident, nodes);
    return { kind: "link", tokens, subject, incident };
  }

  private startDependency(fault: DependencyFault): FaultEnding {
    const service = this.model.services[fault.serviceIndex]!;
    const nodes = service.balancer.memberNodes.filter((node) => this.model.nodes.state[node] !== NODE_RETIRED);
    const subject = `service ${service.name}`;
    const detail = fault.mode === "slow" ? `${fault.factor}x slower` : fault.mode === "timeout" ? "stops answering" : "refuses every call";
    const incident = this.log.open("dependency", fault.label, subject, nodes.length, detail);
    let tokens: number[] = [];
    if (fault.mode === "unavailable") {
      for (const node of nodes) this.votes.veto(service.index, node, VETO_DEPENDENCY);
    } else if (fault.mode === "timeout") {
      for (const node of nodes) this.network.isolate(node, true, true);
      this.log.cutOff(incident, nodes);
    } else {
      tokens = nodes.map((node) => this.slowDown(node, fault.factor));
    }
    return { kind: "dependency", mode: fault.mode, serviceIndex: service.index, nodes, tokens, subject, incident };
  }

  /** Each node of the group (and zone) fails and is repaired independently, forever. */
  private scheduleCrashRepair(fault: CrashRepairFault): void {
    const ttf = createDistribution(fault.timeToFailure);
    const ttr = createDistribution(fault.timeToRepair);
    const nodes = this.resolve({ kind: "set", groupIndex: fault.groupIndex, zoneIndex: fault.zoneIndex, count: null, fraction: 1 }, fault.label);
    for (const node of nodes) {
      const stream = this.model.sim.streams.get(`faults/${fault.label}/${this.model.nodes.names[node]}`);
      const failure: FailureProcess = { fault, node, stream, ttf, ttr };
      this.model.sim.callMethodAt(fault.fromMs + ttf.sample(stream), this, "failRandomly", failure);
    }
  }

  /** A node of a failure process fails (a kernel method event). */
  failRandomly(failure: FailureProcess): void {
    const { fault, node, stream, ttr } = failure;
    if (this.model.nodes.state[node] === NODE_RETIRED) return;
    const subject = `node ${this.model.nodes.names[node]}`;
    const incident = this.log.open("crash", fault.label, subject, 1, "random failure");
    this.takeDown(node, incident);
    this.model.sim.callMethodAfter(ttr.sample(stream), this, "repairRandomly", { failure, subject, incident });
  }

  /** A node of a failure process is repaired (a kernel method event). */
  repairRandomly(repair: { failure: FailureProcess; subject: string; incident: number }): void {
    const { failure, subject, incident } = repair;
    this.bringUp(failure.node);
    this.log.close(incident, "repair", subject, "repaired");
    this.model.sim.callMethodAfter(failure.ttf.sample(failure.stream), this, "failRandomly", failure);
  }

  private takeDown(node: number, incident: number): void {
    this.ensureNodes(node);
    if (this.downCount[node]!++ > 0) return;
    if (this.model.nodes.state[node] !== NODE_UP) return;
    this.model.crashNode(node);
    this.downByFault[node] = 1;
    this.log.nodeDown(node, incident);
  }

  private bringUp(node: number): void {
    if (--this.downCount[node]! > 0 || this.downByFault[node] === 0) return;
    this.downByFault[node] = 0;
    this.model.recoverNode(node);
    this.log.nodeUp(node);
  }

  private slowDown(node: number, factor: number): number {
    const token = this.tokenNext++;
    this.slowdowns.push({ token, node, factor });
    this.applySlowdown(node);
    return token;
  }

  private endSlowdown(token: number): void {
    const at = this.slowdowns.findIndex((s) => s.token === token);
    const node = this.slowdowns[at]!.node;
    this.slowdowns.splice(at, 1);
    this.applySlowdown(node);
  }

  private applySlowdown(node: number): void {
    let factor = 1;
    for (const s of this.slowdowns) if (s.node === node) factor *= s.factor;
    this.model.setSlowdown(node, factor);
  }

  /** The nodes a target hits now, in node order (a random subset drawn from the fault's stream). */
  private resolve(target: NodeTarget, label: string): number[] {
    const nodes = this.model.nodes;
    if (target.kind === "named") return target.names.map((name) => nodes.names.indexOf(name)).filter((node) => node >= 0);
    const pool: number[] = [];
    for (let node = 0; node < nodes.count; node++) {
      if (nodes.state[node] === NODE_RETIRED) continue;
      if (target.groupIndex >= 0 && nodes.group[node] !== target.groupIndex) continue;
      if (target.zoneIndex >= 0 && nodes.zone[node] !== target.zoneIndex) continue;
      pool.push(node);
    }
    const wanted = Math.min(pool.length, target.count ?? Math.ceil(target.fraction * pool.length - 1e-9));
    if (wanted === pool.length) return pool;
    // Partial Fisher-Yates: the first `wanted` of a seeded shuffle, then back in node order.
    const stream = this.model.sim.streams.get(`faults/${label}`);
    for (let i = 0; i < wanted; i++) {
      const j = i + Math.floor(stream.next() * (pool.length - i));
      const swap = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = swap;
    }
    return pool.slice(0, wanted).sort((x, y) => x - y);
  }

  private describe(target: NodeTarget, nodes: number[]): string {
    const names = this.model.nodes.names;
    if (target.kind === "named") return nodes.length === 1 ? `node ${names[nodes[0]!]}` : `nodes ${nodes.map((n) => names[n]).join(", ")}`;
    const spec = this.model.spec;
    const where = [
      target.groupIndex >= 0 ? `group ${spec.groups[target.groupIndex]!.name}` : "",
      target.zoneIndex >= 0 ? `zone ${spec.zones[target.zoneIndex]!.name}` : "",
    ].filter((w) => w !== "").join(" in ");
    const all = target.count === null && target.fraction === 1;
    return all ? where : `${count(nodes.length)} of ${where}: ${nodes.map((n) => names[n]).join(", ")}`;
  }

  private nodesInZones(zones: number[]): number[] {
    const nodes = this.model.nodes;
    const out: number[] = [];
    for (let node = 0; node < nodes.count; node++) if (nodes.state[node] !== NODE_RETIRED && zones.includes(nodes.zone[node]!)) out.push(node);
    return out;
  }

  private ensureNodes(node: number): void {
    if (node < this.downCount.length) return;
    const size = Math.max(16, node * 2);
    this.downCount = grownInt32(this.downCount, size);
    this.downByFault = grownUint8(this.downByFault, size);
  }
}

/** What ends a timed fault that has started (plain data: a snapshot carries it). */
export type FaultEnding = { subject: string; incident: number } & (
  | { kind: "crash"; nodes: number[] }
  | { kind: "slow"; tokens: number[] }
  | { kind: "isolate"; nodes: number[]; oneWay: boolean; paused: boolean }
  | { kind: "partition" | "link"; tokens: number[] }
  | { kind: "dependency"; mode: DependencyFault["mode"]; serviceIndex: number; nodes: number[]; tokens: number[] }
);

/** One node's failure process of a crash-repair fault. */
export interface FailureProcess {
  fault: CrashRepairFault;
  node: number;
  stream: RandomStream;
  ttf: Distribution;
  ttr: Distribution;
}

/** "1 node", "3 nodes". */
function count(nodes: number): string {
  return `${nodes} node${nodes === 1 ? "" : "s"}`;
}
