/**
 * The network between clients and nodes: one-way latency by zone pair, optional message loss
 * and a bandwidth term for message sizes.
 *
 * Latency is sampled per message from the distribution for the pair's relationship (same
 * zone, same region, across regions) unless the scenario gives that zone pair explicitly.
 * A zone pair resolves to a distribution once, at construction (a dense zones x zones table),
 * so sending a message costs one table lookup and one sample. A network fault (issue 4) adds
 * extra delay or loss per zone pair through `setPairFault`, or cuts single nodes off through
 * `setNodeIsolation` (a node-level partition: messages to, from or both ways are lost).
 * Overlapping faults are combined by engine/model/faults/faults-network.ts, which owns those calls.
 *
 * Node isolation needs the node at one end of a message: callers pass the server node of a
 * request (`toNode`) and of a response (`fromNode`). The model tracks the caller of a request
 * by zone only, so calls made by work already running on an isolated node still go out.
 */
import { createDistribution, type Distribution } from "../core/distributions";
import type { RandomStream } from "../core/rng";
import type { NetworkSpec, ZoneSpec } from "./spec";
import { grownUint8 } from "../core/typed-arrays";

/** Zone index used for requests that come from clients outside the cluster. */
export const CLIENT_ZONE = -1;

/** Samples message delays; owns the "network/latency" and "network/loss" streams. */
export class Network {
  private readonly zoneCount: number;
  private readonly pairLatency: Distribution[];
  private readonly clientLatency: Distribution;
  private readonly lossProbability: number;
  private readonly bandwidthBytesPerMs: number;
  /** Extra one-way delay per zone pair (ms), set by network faults. */
  private readonly pairExtraDelayMs: Float64Array;
  /** Extra loss probability per zone pair, set by network faults; 1 = partitioned. */
  private readonly pairExtraLoss: Float64Array;
  /** Per node: 1 when messages to it are lost (isolated inbound). Grows with the node table. */
  private isolatedIn = new Uint8Array(0);
  /** Per node: 1 when messages from it are lost (isolated outbound). */
  private isolatedOut = new Uint8Array(0);
  /** Nodes with any isolation; the per-message check is skipped while it is 0. */
  private isolatedCount = 0;

  constructor(spec: NetworkSpec, zones: ZoneSpec[], private readonly latencyStream: RandomStream, private readonly lossStream: RandomStream) {
    const n = zones.length;
    this.zoneCount = n;
    const sameZone = createDistribution(spec.sameZone);
    const crossZone = createDistribution(spec.crossZone);
    const crossRegion = createDistribution(spec.crossRegion);
    this.pairLatency = new Array<Distribution>(n * n);
    for (let from = 0; from < n; from++) {
      for (let to = 0; to < n; to++) {
        const dist = from === to ? sameZone : zones[from]!.region === zones[to]!.region ? crossZone : crossRegion;
        this.pairLatency[from * n + to] = dist;
      }
    }
    for (const pair of spec.zonePairs) {
      const dist = createDistribution(pair.latency);
      this.pairLatency[pair.fromZone * n + pair.toZone] = dist;
      this.pairLatency[pair.toZone * n + pair.fromZone] = dist;
    }
    this.clientLatency = createDistribution(spec.client);
    this.lossProbability = spec.lossProbability;
    this.bandwidthBytesPerMs = spec.bandwidthBytesPerMs;
    this.pairExtraDelayMs = new Float64Array(n * n);
    this.pairExtraLoss = new Float64Array(n * n);
  }

  /**
   * The distinct one-way latencies that are constants (a `client: 20ms`, say), ms: messages
   * delayed by exactly one of these arrive in the order they were sent, so the model gives each
   * a FIFO lane of the event queue (Simulation.addFixedDelayLane).
   */
  fixedDelaysMs(): number[] {
    const delays: number[] = [];
    for (const dist of [this.clientLatency, ...this.pairLatency]) {
      if (dist.type === "constant" && dist.mean !== undefined && !delays.includes(dist.mean)) delays.push(dist.mean);
    }
    return delays;
  }

  /** Whether any message can be lost (base loss or a fault); callers then need timeouts. */
  get lossy(): boolean {
    return this.lossProbability > 0 || this.faultCount > 0 || this.isolatedCount > 0;
  }

  private faultCount = 0;

  /**
   * One-way delay for a message of `bytes` from zone `fromZone` to `toZone`, ms; or -1 when the
   * message is lost (the caller must then rely on its timeout). CLIENT_ZONE is outside the
   * cluster: client latency, never partitioned. `toNode`/`fromNode` name the cluster node at
   * either end when known (-1 otherwise), for node isolation.
   */
  delayMs(fromZone: number, toZone: number, bytes: number, toNode = -1, fromNode = -1): number {
    return this.sample(this.latencyStream, this.lossStream, fromZone, toZone, bytes, toNode, fromNode);
  }

  /**
   * Like {@link delayMs}, drawing from the caller's own streams: a mechanism that sends its
   * own messages (heartbeats, health-check probes) must not shift the numbers requests draw.
   */
  delayWithStreamsMs(streams: { latency: RandomStream; loss: RandomStream }, fromZone: number, toZone: number, toNode: number, fromNode: number): number {
    return this.sample(streams.latency, streams.loss, fromZone, toZone, 0, toNode, fromNode);
  }

  private sample(latencyStream: RandomStream, lossStream: RandomStream, fromZone: number, toZone: number, bytes: number, toNode: number, fromNode: number): number {
    if (this.isolatedCount > 0 && this.isIsolated(toNode, fromNode)) return -1;
    let delayMs: number;
    let pair = -1;
    if (fromZone === CLIENT_ZONE || toZone === CLIENT_ZONE) {
      delayMs = this.clientLatency.sample(latencyStream);
    } else {
      pair = fromZone * this.zoneCount + toZone;
      delayMs = this.pairLatency[pair]!.sample(latencyStream);
    }
    if (bytes > 0 && this.bandwidthBytesPerMs !== Infinity) delayMs += bytes / this.bandwidthBytesPerMs;
    let loss = this.lossProbability;
    if (pair >= 0 && this.faultCount > 0) {
      delayMs += this.pairExtraDelayMs[pair]!;
      loss = 1 - (1 - loss) * (1 - this.pairExtraLoss[pair]!);
    }
    if (loss > 0 && (loss >= 1 || lossStream.next() < loss)) return -1;
    return delayMs;
  }

  /**
   * Sets a fault on the directed zone pair (from -> to): extra delay (ms) and extra loss
   * probability (1 = partition). Zero both to heal.
   */
  setPairFault(fromZone: number, toZone: number, extraDelayMs: number, extraLoss: number): void {
    const pair = fromZone * this.zoneCount + toZone;
    const wasFaulty = this.pairExtraDelayMs[pair]! > 0 || this.pairExtraLoss[pair]! > 0;
    this.pairExtraDelayMs[pair] = extraDelayMs;
    this.pairExtraLoss[pair] = extraLoss;
    const isFaulty = extraDelayMs > 0 || extraLoss > 0;
    this.faultCount += (isFaulty ? 1 : 0) - (wasFaulty ? 1 : 0);
  }

  /**
   * Cuts node `node` off (or reconnects it): `inbound` loses every message to it, `outbound`
   * every message from it (requests, responses, heartbeats, health-check probes).
   */
  setNodeIsolation(node: number, inbound: boolean, outbound: boolean): void {
    if (node >= this.isolatedIn.length) {
      const size = Math.max(16, node * 2);
      this.isolatedIn = grownUint8(this.isolatedIn, size);
      this.isolatedOut = grownUint8(this.isolatedOut, size);
    }
    const was = this.isolatedIn[node]! | this.isolatedOut[node]!;
    this.isolatedIn[node] = inbound ? 1 : 0;
    this.isolatedOut[node] = outbound ? 1 : 0;
    const is = this.isolatedIn[node]! | this.isolatedOut[node]!;
    this.isolatedCount += is - was;
  }

  /** Whether a message to `toNode` or from `fromNode` (-1 = not a node) is cut off now. */
  isIsolated(toNode: number, fromNode: number): boolean {
    const n = this.isolatedIn.length;
    return (toNode >= 0 && toNode < n && this.isolatedIn[toNode] === 1) || (fromNode >= 0 && fromNode < n && this.isolatedOut[fromNode] === 1);
  }

  /** Whether the directed zone pair is fully partitioned now. */
  isPartitioned(fromZone: number, toZone: number): boolean {
    if (fromZone === CLIENT_ZONE || toZone === CLIENT_ZONE) return false;
    return this.pairExtraLoss[fromZone * this.zoneCount + toZone]! >= 1;
  }
}
