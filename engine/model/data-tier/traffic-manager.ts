/**
 * Regions behind a global traffic manager: DNS failover (Route 53 failover records, a global
 * load balancer) and region outages, for disaster-recovery drills (issue 9).
 *
 * Deployments. Active-passive (warm standby): one region serves, the others run but get no
 * traffic; their nodes are held out of every balancer. Active-active: every healthy region
 * serves. Routing is by balancer eligibility (a veto bit of its own, faults-eligibility.ts), so
 * health checks and detectors keep working unchanged beside it.
 *
 * Health. The manager probes each region every interval; a region is healthy while at least
 * one node of a request-serving group in it is up (a database's nodes do not count: the HA
 * manager looks after those). After `unhealthyThreshold` failed probes in a row it is
 * unhealthy, after `healthyThreshold` good ones healthy again.
 *
 * DNS. A change of answer reaches clients after the record's TTL plus propagation: the model
 * moves all traffic at decision + TTL + propagation, the moment the last cached answer
 * expires (what a runbook must plan for), rather than spreading it over the TTL.
 *
 * Failover and fail back (active-passive). When the serving region turns unhealthy, traffic
 * moves to the first healthy standby in topology order. Once the home region has been healthy
 * for `failBackAfter`, the manager fails back: DNS to the home region and a planned
 * switchover of every database to a replica there (no write lost).
 *
 * Outages. A scheduled outage (the drill that pulls the plug) or a failure process (time to
 * failure, time to repair) crashes every node of the region's zones that is up and brings
 * back exactly those. Each outage, failover and fail back leaves a record for the Result.
 */
import { createDistribution, type Distribution } from "../../core/distributions";
import type { RandomStream } from "../../core/rng";
import type { ClusterModel } from "../cluster-model";
import type { HaManager } from "./database-failover";
import type { RegionOutageSpec, RegionsSpec } from "./data-tier-spec";
import { VETO_TRAFFIC, type EligibilityVotes } from "../faults/faults-eligibility";
import { NODE_RETIRED, NODE_UP } from "../nodes";
import { grownUint8 } from "../../core/typed-arrays";

/** Region outages recorded in full; later ones are only counted. */
export const REGION_OUTAGES_MAX = 50;

/** A change of routing decided by the traffic manager (times in ms; NaN: not yet or unknown). */
export interface RegionEventRecord {
  kind: "failover" | "fail-back" | "region-down" | "region-up";
  region: number;
  /** Region traffic moves to (failover, fail back); -1 otherwise. */
  toRegion: number;
  /** When the outage behind it began, if the manager caused it. */
  outageAtMs: number;
  detectedAtMs: number;
  trafficMovedAtMs: number;
}

export class TrafficManager {
  /** Per region: 1 while traffic is routed there. */
  readonly serving: Uint8Array;
  /** Per region: the manager's verdict. */
  readonly healthy: Uint8Array;
  readonly events: RegionEventRecord[] = [];
  readonly outages: Array<{ region: number; fromMs: number; toMs: number | null }> = [];
  outagesOmitted = 0;
  readonly regionOfZone: number[];
  /** Groups whose nodes serve requests (not a database's). */
  readonly routedGroup: Uint8Array;
  private readonly failStreak: Int32Array;
  private readonly okStreak: Int32Array;
  private readonly outageSinceMs: Float64Array;
  private readonly outageRecord: Int32Array;
  private heldDown = new Uint8Array(0);
  private failBackToken = 0;
  /** Random outages: the region, its stream and its times to failure and to repair (made at start). */
  private readonly randomOutages: Array<{ regionIndex: number; stream: RandomStream; up: Distribution; down: Distribution }> = [];

  constructor(private readonly model: ClusterModel, readonly spec: RegionsSpec, private readonly votes: EligibilityVotes, private readonly managers: HaManager[], databaseServices: number[]) {
    const n = spec.regions.length;
    this.serving = new Uint8Array(n);
    this.healthy = new Uint8Array(n).fill(1);
    this.failStreak = new Int32Array(n);
    this.okStreak = new Int32Array(n);
    this.outageSinceMs = new Float64Array(n).fill(NaN);
    this.outageRecord = new Int32Array(n).fill(-1);
    this.regionOfZone = model.spec.zones.map(() => -1);
    spec.regions.forEach((region, g) => { for (const z of region.zoneIndexes) this.regionOfZone[z] = g; });
    this.routedGroup = new Uint8Array(model.spec.groups.length);
    model.spec.services.forEach((service, s) => {
      if (!databaseServices.includes(s)) for (const g of service.groupIndexes) this.routedGroup[g] = 1;
    });
  }

  /** DNS delay: TTL plus propagation, ms. */
  get dnsDelayMs(): number {
    return this.spec.dnsTtlMs + this.spec.dnsPropagationMs;
  }

  regionOfNode(node: number): number {
    return this.regionOfZone[this.model.nodes.zone[node]!]!;
  }

  /** Routes traffic to the home region (active-passive) or everywhere; starts probes and outages. */
  start(): void {
    const n = this.spec.regions.length;
    for (let g = 0; g < n; g++) this.setServing(g, this.spec.deployment === "active-active" || g === this.spec.homeRegion);
    this.model.sim.callMethodAt(this.spec.healthCheck.intervalMs, this, "probeDue");
    for (const outage of this.spec.outages) this.scheduleOutage(outage);
  }

  /** Every region is probed (a kernel event, periodic). */
  probeDue(): void {
    for (let g = 0; g < this.spec.regions.length; g++) this.probe(g);
    this.model.sim.callMethodAfter(this.spec.healthCheck.intervalMs, this, "probeDue");
  }

  private setServing(g: number, on: boolean): void {
    this.serving[g] = on ? 1 : 0;
    for (const manager of this.managers) manager.clientsFollow(on, (zone) => this.regionOfZone[zone] === g);
    const nodes = this.model.nodes;
    for (let node = 0; node < nodes.count; node++) {
      if (this.regionOfNode(node) !== g) continue;
      if (on) this.votes.liftEverywhere(node, VETO_TRAFFIC);
      else this.votes.vetoEverywhere(node, VETO_TRAFFIC);
    }
  }

  private probe(g: number): void {
    const nodes = this.model.nodes;
    let anyUp = false;
    let anyRouted = false;
    for (let node = 0; node < nodes.count && !anyUp; node++) {
      if (this.regionOfNode(node) !== g || nodes.state[node] === NODE_RETIRED) continue;
      if (this.routedGroup[nodes.group[node]!] === 0) continue;
      anyRouted = true;
      if (nodes.state[node] === NODE_UP) anyUp = true;
    }
    const ok = anyUp || !anyRouted;
    const h = this.spec.healthCheck;
    if (ok) {
      this.failStreak[g] = 0;
      this.okStreak[g]!++;
      if (this.healthy[g] === 0 && this.okStreak[g]! >= h.healthyThreshold) this.regionUp(g);
    } else {
      this.okStreak[g] = 0;
      this.failStreak[g]!++;
      if (this.healthy[g] === 1 && this.failStreak[g]! >= h.unhealthyThreshold) this.regionDown(g);
    }
  }

  private record(kind: RegionEventRecord["kind"], region: number, toRegion: number): RegionEventRecord {
    const event: RegionEventRecord = { kind, region, toRegion, outageAtMs: this.outageSinceMs[region]!, detectedAtMs: this.model.sim.nowMs, trafficMovedAtMs: NaN };
    this.events.push(event);
    return event;
  }

  /** Moves traffic after the DNS delay: `from` stops serving (-1: none), `to` starts (-1: none). */
  private moveTraffic(event: RegionEventRecord, from: number, to: number): void {
    this.model.sim.callMethodAfter(this.dnsDelayMs, this, "trafficMoves", [event, from, to]);
  }

  /** DNS has moved the traffic of `event` (a kernel event; see {@link moveTraffic}). */
  trafficMoves([event, from, to]: readonly [RegionEventRecord, number, number]): void {
    if (from >= 0) this.setServing(from, false);
    if (to >= 0) this.setServing(to, true);
    event.trafficMovedAtMs = this.model.sim.nowMs;
  }

  private regionDown(g: number): void {
    this.healthy[g] = 0;
    this.failBackToken++;
    const name = this.spec.regions[g]!.name;
    if (this.spec.deployment === "active-active") {
      this.model.note("region-down", name, `unhealthy; DNS stops answering with it in ${this.dnsDelayMs} ms`);
      return this.moveTraffic(this.record("region-down", g, -1), g, -1);
    }
    if (this.serving[g] === 0) return;
    const to = this.standbyFor(g);
    if (to < 0) {
      this.model.note("region-down", name, "unhealthy and no healthy standby region to fail over to");
      return;
    }
    this.model.note("region-failover", name, `unhealthy; DNS fails over to ${this.spec.regions[to]!.name} (clients follow in ${this.dnsDelayMs} ms)`);
    this.moveTraffic(this.record("failover", g, to), g, to);
  }

  private regionUp(g: number): void {
    this.healthy[g] = 1;
    const name = this.spec.regions[g]!.name;
    if (this.spec.deployment === "active-active") {
      this.model.note("region-up", name, `healthy again; DNS answers with it in ${this.dnsDelayMs} ms`);
      return this.moveTraffic(this.record("region-up", g, -1), -1, g);
    }
    if (g !== this.spec.homeRegion || this.serving[g] === 1 || this.spec.failBackAfterMs === Infinity) return;
    const token = ++this.failBackToken;
    this.model.sim.callMethodAfter(this.spec.failBackAfterMs, this, "failBackDue", [token, g]);
  }

  /** The home region `g` has been healthy long enough: traffic fails back (a kernel event), unless something changed. */
  failBackDue([token, g]: readonly [number, number]): void {
    if (token !== this.failBackToken || this.healthy[g] === 0 || this.serving[g] === 1) return;
    const from = this.servingRegion();
    this.model.note("region-fail-back", this.spec.regions[g]!.name, `healthy for ${this.spec.failBackAfterMs} ms; switching databases and DNS back`);
    for (const manager of this.managers) manager.requestSwitchover(g);
    this.moveTraffic(this.record("fail-back", from, g), from, g);
  }

  /** The first healthy region other than `g` that is not serving and has request-serving nodes; -1 if none. */
  private standbyFor(g: number): number {
    for (let k = 0; k < this.spec.regions.length; k++) {
      if (k !== g && this.healthy[k] === 1 && this.serving[k] === 0 && this.servesRequests(k)) return k;
    }
    return -1;
  }

  /** Whether region `g` has a request-serving node that is not retired (a witness-only region has none). */
  private servesRequests(g: number): boolean {
    const nodes = this.model.nodes;
    for (let node = 0; node < nodes.count; node++) {
      if (this.regionOfNode(node) === g && nodes.state[node] !== NODE_RETIRED && this.routedGroup[nodes.group[node]!] === 1) return true;
    }
    return false;
  }

  private servingRegion(): number {
    for (let k = 0; k < this.spec.regions.length; k++) if (this.serving[k] === 1) return k;
    return -1;
  }

  // ---------------------------------------------------------------- outages

  private scheduleOutage(outage: RegionOutageSpec): void {
    const sim = this.model.sim;
    const endMs = this.model.spec.durationMs;
    if (outage.kind === "scheduled") {
      if (outage.atMs >= endMs) return;
      sim.callMethodAt(outage.atMs, this, "scheduledOutageStarts", outage);
      return;
    }
    const random = { regionIndex: outage.regionIndex, stream: sim.streams.get(`regions/${outage.label}`), up: createDistribution(outage.timeToFailure), down: createDistribution(outage.timeToRepair) };
    this.randomOutages.push(random);
    sim.callMethodAfter(random.up.sample(random.stream), this, "randomOutageStarts", this.randomOutages.length - 1);
  }

  /** A scheduled outage starts (a kernel event); its end follows unless it lasts forever. */
  scheduledOutageStarts(outage: RegionOutageSpec & { kind: "scheduled" }): void {
    this.outageStart(outage.regionIndex);
    if (outage.forMs !== Infinity) this.model.sim.callMethodAfter(outage.forMs, this, "outageEnds", outage.regionIndex);
  }

  /** Region `g`'s outage ends (a kernel event). */
  outageEnds(g: number): void {
    this.outageEnd(g);
  }

  /** Random outage `i` starts (a kernel event); its repair is drawn. */
  randomOutageStarts(i: number): void {
    const random = this.randomOutages[i]!;
    this.outageStart(random.regionIndex);
    this.model.sim.callMethodAfter(random.down.sample(random.stream), this, "randomOutageRepaired", i);
  }

  /** Random outage `i` is repaired (a kernel event); the next failure is drawn. */
  randomOutageRepaired(i: number): void {
    const random = this.randomOutages[i]!;
    this.outageEnd(random.regionIndex);
    this.model.sim.callMethodAfter(random.up.sample(random.stream), this, "randomOutageStarts", i);
  }

  private outageStart(g: number): void {
    if (!Number.isNaN(this.outageSinceMs[g]!)) return; // already out
    const nodes = this.model.nodes;
    if (this.heldDown.length < nodes.count) this.heldDown = grownUint8(this.heldDown, nodes.count * 2);
    let count = 0;
    for (let node = 0; node < nodes.count; node++) {
      if (this.regionOfNode(node) !== g || nodes.state[node] !== NODE_UP) continue;
      this.model.crashNode(node);
      this.heldDown[node] = 1;
      count++;
    }
    this.outageSinceMs[g] = this.model.sim.nowMs;
    if (this.outages.length < REGION_OUTAGES_MAX) {
      this.outageRecord[g] = this.outages.length;
      this.outages.push({ region: g, fromMs: this.model.sim.nowMs, toMs: null });
    } else {
      this.outageRecord[g] = -1;
      this.outagesOmitted++;
    }
    this.model.note("region-outage", this.spec.regions[g]!.name, `${count} nodes down`);
  }

  private outageEnd(g: number): void {
    const nodes = this.model.nodes;
    for (let node = 0; node < nodes.count && node < this.heldDown.length; node++) {
      if (this.heldDown[node] === 1 && this.regionOfNode(node) === g) {
        this.heldDown[node] = 0;
        this.model.recoverNode(node);
      }
    }
    this.outageSinceMs[g] = NaN;
    const k = this.outageRecord[g]!;
    if (k >= 0) this.outages[k]!.toMs = this.model.sim.nowMs;
    this.model.note("region-restored", this.spec.regions[g]!.name, "nodes back up");
  }
}
