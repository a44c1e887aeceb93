/**
 * Network faults that overlap: a latency spike on a link during a partition, two partitions
 * that share a zone pair, a node isolated twice. The Network holds one setting per directed
 * zone pair and per node; this class keeps every active contribution and writes their
 * combination back whenever one starts or ends:
 *
 * - extra delays on a pair add up;
 * - losses combine as independent drops, 1 - prod(1 - loss_i), so any partition (loss 1)
 *   wins;
 * - a node stays isolated (in or out) while any fault isolates it.
 *
 * Recomputing a pair from its active list (instead of subtracting on removal) keeps the
 * arithmetic exact: a healed network is exactly the original one.
 */
import type { Network } from "../network";
import { grownInt32 } from "../../core/typed-arrays";

/** One active contribution to a zone pair. */
interface PairContribution {
  token: number;
  pair: number;
  extraDelayMs: number;
  extraLoss: number;
}

/** Combines overlapping network faults onto a {@link Network}. */
export class NetworkFaults {
  private readonly active: PairContribution[] = [];
  private tokenNext = 1;
  private isolatedInCount = new Int32Array(0);
  private isolatedOutCount = new Int32Array(0);

  constructor(private readonly network: Network, private readonly zoneCount: number) {}

  /**
   * Adds extra one-way delay (ms, ≥ 0) and loss probability (in [0, 1]; 1 = partitioned) to
   * messages from zone `fromZone` to zone `toZone`. Returns a token for {@link removePair}.
   */
  addPair(fromZone: number, toZone: number, extraDelayMs: number, extraLoss: number): number {
    const token = this.tokenNext++;
    const pair = fromZone * this.zoneCount + toZone;
    this.active.push({ token, pair, extraDelayMs, extraLoss });
    this.apply(pair);
    return token;
  }

  /** Ends the contribution `token` (from {@link addPair}); unknown tokens are ignored. */
  removePair(token: number): void {
    const at = this.active.findIndex((c) => c.token === token);
    if (at < 0) return;
    const pair = this.active[at]!.pair;
    this.active.splice(at, 1);
    this.apply(pair);
  }

  /** Isolates `node`: messages to it (`inbound`) and/or from it (`outbound`) are lost. */
  isolate(node: number, inbound: boolean, outbound: boolean): void {
    this.ensureNodes(node);
    if (inbound) this.isolatedInCount[node]!++;
    if (outbound) this.isolatedOutCount[node]!++;
    this.applyNode(node);
  }

  /** Undoes one {@link isolate} call with the same arguments. */
  reconnect(node: number, inbound: boolean, outbound: boolean): void {
    this.ensureNodes(node);
    if (inbound) this.isolatedInCount[node]!--;
    if (outbound) this.isolatedOutCount[node]!--;
    this.applyNode(node);
  }

  private apply(pair: number): void {
    let extraDelayMs = 0;
    let passes = 1;
    for (const c of this.active) {
      if (c.pair !== pair) continue;
      extraDelayMs += c.extraDelayMs;
      passes *= 1 - c.extraLoss;
    }
    const fromZone = Math.floor(pair / this.zoneCount);
    this.network.setPairFault(fromZone, pair - fromZone * this.zoneCount, extraDelayMs, 1 - passes);
  }

  private applyNode(node: number): void {
    this.network.setNodeIsolation(node, this.isolatedInCount[node]! > 0, this.isolatedOutCount[node]! > 0);
  }

  private ensureNodes(node: number): void {
    if (node < this.isolatedInCount.length) return;
    const size = Math.max(16, node * 2);
    this.isolatedInCount = grownInt32(this.isolatedInCount, size);
    this.isolatedOutCount = grownInt32(this.isolatedOutCount, size);
  }
}
