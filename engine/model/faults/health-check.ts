/**
 * A balancer's active health check, configured the way AWS ELB and Envoy configure it: every
 * `interval` the balancer probes each member; a probe fails when no answer comes back within
 * `timeout` (the node is down, or the probe or its answer is lost or too slow on the network).
 * After `unhealthyThreshold` consecutive failures the member leaves the rotation; after
 * `healthyThreshold` consecutive successes it comes back.
 *
 * Until a dead node has failed enough probes, the balancer keeps sending it requests, which
 * fail or time out: expected time from a crash to removal is about
 * interval / 2 + (unhealthyThreshold - 1) * interval + timeout (the crash lands uniformly
 * within a probe round; the last failing probe is declared at its timeout). That cost is
 * what the model shows.
 *
 * Probes bypass the request queue, like a load balancer's TCP or /healthz check: a node that
 * is up but slow (gray failure) passes them. A probe's fate is decided from the node's state
 * and the network when it is sent; a success counts at once (its round trip is a few ms), a
 * failure when its timeout expires. One callback per round and one more per round with
 * failures: the cost is per member per round, never per request. Probe latencies and losses
 * come from the checker's own random streams.
 */
import type { RandomStream } from "../../core/rng";
import type { ClusterModel } from "../cluster-model";
import type { ServiceRuntime } from "../service-runtime";
import { VETO_HEALTH_CHECK, type EligibilityVotes } from "./faults-eligibility";
import type { IncidentLog } from "./faults-incidents";
import type { HealthCheckSpec } from "./faults-spec";
import { NODE_RETIRED, NODE_UP } from "../nodes";
import { grownInt32, grownUint8 } from "../../core/typed-arrays";

export class HealthChecker {
  /** Probes sent and failed over the run. */
  probes = 0;
  probesFailed = 0;
  private readonly service: ServiceRuntime;
  private readonly streams: { latency: RandomStream; loss: RandomStream };
  /** Per member: 1 while the checker considers it healthy. */
  private healthy = new Uint8Array(0);
  private successes = new Int32Array(0);
  private failures = new Int32Array(0);
  /** Members whose probe failed in the current round, applied at its timeout. */
  private failedMembers = new Int32Array(16);
  private failedCount = 0;
  private readonly roundBound = () => this.round();
  private readonly applyFailuresBound = () => this.applyFailures();

  constructor(
    private readonly model: ClusterModel,
    private readonly spec: HealthCheckSpec,
    private readonly log: IncidentLog,
    private readonly observer: number,
    private readonly votes: EligibilityVotes,
  ) {
    this.service = model.services[spec.serviceIndex]!;
    const streams = model.sim.streams;
    const prefix = `health-check/${this.service.name}`;
    this.streams = { latency: streams.get(`${prefix}/latency`), loss: streams.get(`${prefix}/loss`) };
    // Rounds start at a random phase so fixed-time crashes do not line up with them.
    const phaseMs = streams.get(`${prefix}/phase`).next() * spec.intervalMs;
    model.sim.callAt(phaseMs, this.roundBound);
  }

  private round(): void {
    const model = this.model;
    const nodes = model.nodes;
    const balancer = this.service.balancer;
    const memberCount = balancer.memberNodes.length;
    this.ensureMembers(memberCount);
    this.failedCount = 0;
    for (let member = 0; member < memberCount; member++) {
      const node = balancer.memberNodes[member]!;
      if (nodes.state[node] === NODE_RETIRED) continue;
      this.probes++;
      if (this.probeSucceeds(node)) this.succeeded(member, node);
      else this.failedMembers[this.failedCount++] = member;
    }
    if (this.failedCount > 0) model.sim.callAfter(this.spec.timeoutMs, this.applyFailuresBound);
    model.sim.callAfter(this.spec.intervalMs, this.roundBound);
  }

  /** Whether a probe sent now to `node` is answered within the timeout. */
  private probeSucceeds(node: number): boolean {
    const model = this.model;
    const nodeZone = model.nodes.zone[node]!;
    const fromZone = this.spec.fromZone >= 0 ? this.spec.fromZone : nodeZone;
    const outMs = model.network.delayWithStreamsMs(this.streams, fromZone, nodeZone, node, -1);
    if (outMs < 0) return false;
    const backMs = model.network.delayWithStreamsMs(this.streams, nodeZone, fromZone, -1, node);
    return backMs >= 0 && model.nodes.state[node] === NODE_UP && outMs + backMs <= this.spec.timeoutMs;
  }

  private succeeded(member: number, node: number): void {
    this.failures[member] = 0;
    this.successes[member]!++;
    if (this.healthy[member] === 0 && this.successes[member]! >= this.spec.healthyThreshold) {
      this.healthy[member] = 1;
      this.votes.lift(this.spec.serviceIndex, node, VETO_HEALTH_CHECK);
      this.log.trust(this.observer, node);
    }
  }

  private applyFailures(): void {
    const balancer = this.service.balancer;
    for (let i = 0; i < this.failedCount; i++) {
      const member = this.failedMembers[i]!;
      const node = balancer.memberNodes[member]!;
      this.probesFailed++;
      this.successes[member] = 0;
      this.failures[member]!++;
      if (this.healthy[member] === 1 && this.failures[member]! >= this.spec.unhealthyThreshold) {
        this.healthy[member] = 0;
        this.votes.veto(this.spec.serviceIndex, node, VETO_HEALTH_CHECK);
        this.log.suspect(this.observer, node);
      }
    }
    this.failedCount = 0;
  }

  private ensureMembers(count: number): void {
    if (count > this.failedMembers.length) this.failedMembers = new Int32Array(count * 2);
    const old = this.healthy.length;
    if (count <= old) return;
    const size = Math.max(16, count * 2);
    this.healthy = grownUint8(this.healthy, size, 1);
    this.successes = grownInt32(this.successes, size);
    this.failures = grownInt32(this.failures, size);
  }
}
