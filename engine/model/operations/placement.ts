/**
 * The placement scheduler: service instances with cpu and memory requests placed onto nodes
 * (hosts), Kubernetes style.
 *
 * How it maps onto the request model: the hosts of a placed service are the nodes of the
 * service's groups, and the service's balancer routes only to hosts that run at least one of
 * its instances (the scheduler sets balancer eligibility). Requests are served with the host's
 * cores, as before; the instances' cpu and memory requests decide where instances fit (a
 * host's requests never exceed its cores and memory), not how fast they serve. So placement
 * changes which hosts carry a service, and therefore capacity and failure domains: bin-packed
 * instances crowd onto few hosts, spread ones cover every zone.
 *
 * Policies (a scoring pass over the hosts that fit, ties to the lowest node index):
 * - spread: fewest instances of the service in the host's zone, then on the host, then the
 *   least allocated host (topology spread constraints + LeastAllocated);
 * - bin-pack: the most allocated host that still fits (MostAllocated).
 *
 * Failures: every `syncInterval` the scheduler looks at its hosts (like the node lifecycle
 * controller's monitor period). Instances on a host that is down, retired or crashed since
 * they were placed are evicted; `rescheduleDelay` after noticing, they are placed again where
 * capacity exists. Those that do not fit wait, are counted as unschedulable (once per
 * episode, with a timeline event) and are retried at every sync, so they come back when a
 * host is repaired. Instances stay where they are when a host comes back (no rebalancing).
 */
import type { PlacedServiceSummary, PlacementSummary } from "../../result/operations-result";
import type { ClusterModel } from "../cluster-model";
import { NODE_UP } from "../nodes";
import type { PlacedServiceSpec, PlacementSpec } from "./operations-spec";
import { grownFloat64 } from "../../core/typed-arrays";

/** Instances of one placed service: struct of arrays, one index per instance. */
interface PlacedInstances {
  spec: PlacedServiceSpec;
  name: string;
  /** Host node of each instance, or -1 while pending. */
  host: Int32Array;
  /** Host incarnation when placed: a change means the host crashed under the instance. */
  incarnation: Int32Array;
  /** When a pending instance may be placed (after the reschedule delay), ms. */
  eligibleAtMs: Float64Array;
  /** When the instance was evicted (NaN if never, or placed again since), ms. */
  evictedAtMs: Float64Array;
  /** 1 while an unschedulable episode has been reported for the instance. */
  reported: Uint8Array;
}

const MB = 1024 * 1024;

/** The placement scheduler of a run: where every placed instance runs, and what happened to it. */
export class PlacementScheduler {
  private readonly placed: PlacedInstances[];
  /** Per placed service, the eligibility last applied to each node (1/0). */
  private readonly applied: Int8Array[];
  private cpuUsed = new Float64Array(0);
  private memoryUsed = new Float64Array(0);
  private evicted = 0;
  private rescheduled = 0;
  private delaySumMs = 0;
  private delayMaxMs = -Infinity;
  private unschedulable = 0;
  private pendingCount = 0;
  private pendingIntegral = 0;
  private pendingLastMs = 0;

  constructor(private readonly model: ClusterModel, readonly spec: PlacementSpec) {
    this.placed = spec.services.map((s) => ({
      spec: s,
      name: model.spec.services[s.serviceIndex]!.name,
      host: new Int32Array(s.instances).fill(-1),
      incarnation: new Int32Array(s.instances),
      eligibleAtMs: new Float64Array(s.instances),
      evictedAtMs: new Float64Array(s.instances).fill(NaN),
      reported: new Uint8Array(s.instances),
    }));
    this.applied = spec.services.map(() => new Int8Array(0));
  }

  /** Places every instance (at time 0) and schedules the syncs; call before the run starts. */
  start(): void {
    for (const p of this.placed) this.pendingCount += p.spec.instances;
    this.placePending();
    this.refreshEligibility();
    this.model.sim.callMethodAfter(this.spec.syncIntervalMs, this, "sync");
  }

  /** One sync round (a kernel method event). */
  sync(): void {
    this.evictFromFailedHosts();
    this.placePending();
    this.refreshEligibility();
    const nowMs = this.model.sim.nowMs;
    if (nowMs + this.spec.syncIntervalMs < this.model.spec.durationMs) this.model.sim.callMethodAfter(this.spec.syncIntervalMs, this, "sync");
  }

  private evictFromFailedHosts(): void {
    const nodes = this.model.nodes;
    const nowMs = this.model.sim.nowMs;
    for (const p of this.placed) {
      let count = 0;
      let firstHost = -1;
      for (let i = 0; i < p.host.length; i++) {
        const host = p.host[i]!;
        if (host < 0 || (nodes.state[host] === NODE_UP && nodes.incarnation[host] === p.incarnation[i])) continue;
        this.release(p, host);
        p.host[i] = -1;
        p.evictedAtMs[i] = nowMs;
        p.eligibleAtMs[i] = nowMs + this.spec.rescheduleDelayMs;
        this.setPending(+1);
        this.evicted++;
        count++;
        if (firstHost < 0) firstHost = host;
      }
      if (count > 0) {
        this.model.note("instances-evicted", p.name, `${count} instance${count === 1 ? "" : "s"} lost with ${nodes.names[firstHost]}${count > 1 ? " and others" : ""}`);
        this.model.sim.callMethodAfter(this.spec.rescheduleDelayMs, this, "reschedule");
      }
    }
  }

  /** Places what evictions left pending (a kernel method event). */
  reschedule(): void {
    this.placePending();
    this.refreshEligibility();
  }

  /** Tries to place every pending instance whose delay has passed, in service and instance order. */
  private placePending(): void {
    const nowMs = this.model.sim.nowMs;
    for (const p of this.placed) {
      let failed = 0;
      for (let i = 0; i < p.host.length; i++) {
        if (p.host[i]! >= 0 || p.eligibleAtMs[i]! > nowMs) continue;
        const host = this.chooseHost(p);
        if (host < 0) {
          if (p.reported[i] === 0) {
            p.reported[i] = 1;
            this.unschedulable++;
            failed++;
          }
          continue;
        }
        this.assign(p, i, host);
        if (!Number.isNaN(p.evictedAtMs[i]!)) {
          const delayMs = nowMs - p.evictedAtMs[i]!;
          this.rescheduled++;
          this.delaySumMs += delayMs;
          this.delayMaxMs = Math.max(this.delayMaxMs, delayMs);
          p.evictedAtMs[i] = NaN;
        }
      }
      if (failed > 0) {
        const memory = p.spec.memoryBytes > 0 ? ` and ${(p.spec.memoryBytes / MB).toFixed(0)} MiB` : "";
        this.model.note("unschedulable", p.name, `${failed} instance${failed === 1 ? "" : "s"}: no host with ${p.spec.cpu} cores${memory} free`);
      }
    }
  }

  private assign(p: PlacedInstances, i: number, host: number): void {
    this.grow();
    p.host[i] = host;
    p.incarnation[i] = this.model.nodes.incarnation[host]!;
    p.reported[i] = 0;
    this.cpuUsed[host]! += p.spec.cpu;
    this.memoryUsed[host]! += p.spec.memoryBytes;
    this.setPending(-1);
  }

  private release(p: PlacedInstances, host: number): void {
    this.cpuUsed[host]! -= p.spec.cpu;
    this.memoryUsed[host]! -= p.spec.memoryBytes;
  }

  /** The best host for one more instance of `p` by policy; -1 when none fits. */
  private chooseHost(p: PlacedInstances): number {
    this.grow();
    const nodes = this.model.nodes;
    const groups = this.model.spec.services[p.spec.serviceIndex]!.groupIndexes;
    const perZone = new Map<number, number>();
    const perHost = new Map<number, number>();
    for (let i = 0; i < p.host.length; i++) {
      const host = p.host[i]!;
      if (host < 0) continue;
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      perZone.set(nodes.zone[host]!, (perZone.get(nodes.zone[host]!) ?? 0) + 1);
    }
    let best = -1;
    let bestScore: number[] = [];
    for (let node = 0; node < nodes.count; node++) {
      if (nodes.state[node] !== NODE_UP || !groups.includes(nodes.group[node]!)) continue;
      const memoryBytes = this.spec.groupMemoryBytes[nodes.group[node]!]!;
      if (this.cpuUsed[node]! + p.spec.cpu > nodes.cores[node]! + 1e-9) continue;
      if (this.memoryUsed[node]! + p.spec.memoryBytes > memoryBytes) continue;
      const allocated = this.cpuUsed[node]! / nodes.cores[node]!;
      // Lower scores win; compared lexicographically.
      const score = this.spec.policy === "spread"
        ? [perZone.get(nodes.zone[node]!) ?? 0, perHost.get(node) ?? 0, allocated]
        : [-allocated];
      if (best < 0 || lexicographicLess(score, bestScore)) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * A host is eligible in a placed service's balancer iff it runs an instance of it. Only
   * changes are applied, so a health check's verdict on a host is not overwritten each sync.
   */
  private refreshEligibility(): void {
    const nodes = this.model.nodes;
    this.placed.forEach((p, k) => {
      const hosting = new Uint8Array(nodes.count);
      for (let i = 0; i < p.host.length; i++) if (p.host[i]! >= 0) hosting[p.host[i]!] = 1;
      const groups = this.model.spec.services[p.spec.serviceIndex]!.groupIndexes;
      const applied = this.applied[k]!;
      for (let node = 0; node < nodes.count; node++) {
        if (!groups.includes(nodes.group[node]!)) continue;
        const was = node < applied.length ? applied[node]! : -1;
        if (was === hosting[node]) continue;
        this.model.setMemberEligible(p.spec.serviceIndex, node, hosting[node] === 1);
      }
      this.applied[k] = Int8Array.from(hosting);
    });
  }

  private setPending(delta: number): void {
    const nowMs = this.model.sim.nowMs;
    this.pendingIntegral += this.pendingCount * (nowMs - this.pendingLastMs);
    this.pendingLastMs = nowMs;
    this.pendingCount += delta;
  }

  private grow(): void {
    const count = this.model.nodes.count;
    if (this.cpuUsed.length >= count) return;
    const size = Math.max(count, this.cpuUsed.length * 2, 16);
    this.cpuUsed = grownFloat64(this.cpuUsed, size);
    this.memoryUsed = grownFloat64(this.memoryUsed, size);
  }

  /** Host of each instance of the `k`-th placed service (-1 while pending); for tests. */
  hostsOf(k: number): Int32Array {
    return this.placed[k]!.host;
  }

  /** Cores requested by the instances on `node`. */
  cpuRequestedOn(node: number): number {
    return node < this.cpuUsed.length ? this.cpuUsed[node]! : 0;
  }

  /** The scheduler's part of the Result. */
  summary(): PlacementSummary {
    this.setPending(0);
    this.pendingIntegral += this.pendingCount * (this.model.spec.durationMs - this.pendingLastMs);
    this.pendingLastMs = this.model.spec.durationMs;
    return {
      policy: this.spec.policy,
      services: this.placed.map((p) => this.serviceSummary(p)),
      evicted: this.evicted,
      rescheduled: this.rescheduled,
      rescheduleDelayMsMean: this.rescheduled > 0 ? this.delaySumMs / this.rescheduled : null,
      rescheduleDelayMsMax: this.rescheduled > 0 ? this.delayMaxMs : null,
      unschedulable: this.unschedulable,
      pendingInstanceMs: this.pendingIntegral,
    };
  }

  private serviceSummary(p: PlacedInstances): PlacedServiceSummary {
    const nodes = this.model.nodes;
    const zones = this.model.spec.zones;
    const perHost = new Map<number, number>();
    const perZone = new Array<number>(zones.length).fill(0);
    let running = 0;
    for (let i = 0; i < p.host.length; i++) {
      const host = p.host[i]!;
      if (host < 0) continue;
      running++;
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      perZone[nodes.zone[host]!]!++;
    }
    return {
      service: p.name,
      instances: p.spec.instances,
      running,
      pending: p.spec.instances - running,
      hosts: [...perHost.keys()].sort((a, b) => a - b).map((node) => ({ node: nodes.names[node]!, zone: zones[nodes.zone[node]!]!.name, instances: perHost.get(node)! })),
      zones: zones.map((z, i) => ({ zone: z.name, instances: perZone[i]! })).filter((z) => z.instances > 0),
    };
  }
}

function lexicographicLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]! - 1e-12) return true;
    if (a[i]! > b[i]! + 1e-12) return false;
  }
  return false;
}
