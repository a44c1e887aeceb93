/**
 * A load balancer in front of one service: picks a node for each call by policy.
 *
 * The balancer only sees what a real one sees: the members it believes healthy and the
 * requests it has sent and not yet seen answered ("outstanding", as Envoy's least-request
 * counts them). It does not see a node's true queue. Until a health check marks a crashed
 * member unhealthy, the balancer keeps sending it traffic; that cost is part of the model.
 *
 * Policies:
 * - round-robin: the next eligible member in order.
 * - random: uniform over eligible members.
 * - least-outstanding: fewest outstanding; ties go to the first after a rotating cursor so
 *   equal members share load. The balancer counts its eligible members per outstanding level
 *   and so knows the least level at all times: the scan stops at the first member there
 *   instead of visiting every member (the same pick; a few members instead of sixty in
 *   bench/scenarios/three-tier-20k.yaml).
 * - power-of-choices: sample d members uniformly (with replacement) and take the one with
 *   fewest outstanding (Mitzenmacher, "The Power of Two Choices in Randomized Load Balancing").
 * - weighted: smooth weighted round-robin (nginx): deterministic, spreads picks evenly.
 * - central-queue: handled by the model (a shared queue that idle cores pull from); `pick`
 *   then returns the member with a free core, if any.
 * - hash: the request's key picks the member by rendezvous (highest-random-weight) hashing
 *   (Thaler & Ravishankar, "Using name-based mappings to increase hit rates", IEEE/ACM ToN
 *   6(1), 1998): each eligible member scores hash(key, node) and the highest wins, so a key
 *   always lands on the same node, and when a node leaves only its keys move. O(members) per
 *   pick. Fan-out calls for one key go to one node. Requests without a key go round-robin.
 */
import type { RandomStream } from "../core/rng";
import type { BalancerPolicy } from "./spec";
import { assert } from "../core/assert";
import { grownInt32, grownUint8 } from "../core/typed-arrays";

/** Returned by pick when no member is eligible. */
export const NO_MEMBER = -1;

// The policy as a small integer: `pick` switches on it once per call (a switch over the policy
// strings compared them one by one, a tenth of the three-tier benchmark's picking time).
const POLICY_ROUND_ROBIN = 0;
const POLICY_RANDOM = 1;
const POLICY_LEAST_OUTSTANDING = 2;
const POLICY_POWER_OF_CHOICES = 3;
const POLICY_WEIGHTED = 4;
const POLICY_HASH = 5;
const POLICY_CODES: Record<BalancerPolicy, number> = {
  "round-robin": POLICY_ROUND_ROBIN, "central-queue": POLICY_ROUND_ROBIN, random: POLICY_RANDOM,
  "least-outstanding": POLICY_LEAST_OUTSTANDING, "power-of-choices": POLICY_POWER_OF_CHOICES,
  weighted: POLICY_WEIGHTED, hash: POLICY_HASH,
};

export class Balancer {
  /** Node index of each member. */
  readonly memberNodes: number[] = [];
  /** Weight of each member (weighted policy). */
  readonly memberWeights: number[] = [];
  /**
   * Requests sent to each member and not yet answered (the balancer's view). Read it here;
   * change it through {@link sent} and {@link answered} only.
   */
  outstanding = new Int32Array(0);
  /** 1 if the balancer routes to the member (healthy, not draining), else 0. */
  eligible = new Uint8Array(0);
  /** Dense list of eligible member indexes in increasing order, updated when eligibility changes. */
  private eligibleList: number[] = [];
  private cursor = 0;
  private weightCurrent: number[] = [];
  /** Per-member stamps for picking distinct members within one fan-out. */
  private pickStamp = new Int32Array(0);
  private stampNext = 1;
  private readonly policyCode: number;
  /** Least-outstanding only: eligible members per outstanding level, and the least level held. */
  private readonly tracksLevels: boolean;
  private levelCount = new Int32Array(16);
  private levelLeast = 0;

  constructor(
    readonly serviceIndex: number,
    readonly policy: BalancerPolicy,
    private readonly choices: number,
    private readonly stream: RandomStream,
  ) {
    this.policyCode = POLICY_CODES[policy];
    this.tracksLevels = this.policyCode === POLICY_LEAST_OUTSTANDING;
  }

  /** A request was sent to `member` (one more outstanding). */
  sent(member: number): void {
    const load = this.outstanding[member]!++;
    if (this.tracksLevels && this.eligible[member] === 1) {
      if (load + 1 >= this.levelCount.length) this.levelCount = grownInt32(this.levelCount, 2 * (load + 1));
      this.levelCount[load + 1]!++;
      if (--this.levelCount[load]! === 0 && load === this.levelLeast) this.levelLeast = load + 1;
    }
  }

  /**
   * The answer of a request to `member` arrived, or its caller stopped waiting (one fewer
   * outstanding). Returns the member's new outstanding count; below zero is the caller's bug
   * to report (the count is then left alone).
   */
  answered(member: number): number {
    const load = this.outstanding[member]!;
    if (load === 0) return -1;
    this.outstanding[member] = load - 1;
    if (this.tracksLevels && this.eligible[member] === 1) {
      this.levelCount[load]!--;
      this.levelCount[load - 1]!++;
      if (load - 1 < this.levelLeast) this.levelLeast = load - 1;
    }
    return load - 1;
  }

  /** Adds a node as an eligible member; returns its member index. */
  addMember(node: number, weight: number): number {
    const member = this.memberNodes.length;
    this.memberNodes.push(node);
    this.memberWeights.push(weight);
    this.weightCurrent.push(0);
    if (member >= this.outstanding.length) {
      const size = Math.max(8, member * 2);
      this.outstanding = grownInt32(this.outstanding, size);
      this.eligible = grownUint8(this.eligible, size);
      this.pickStamp = grownInt32(this.pickStamp, size);
    }
    this.eligible[member] = 1;
    // The new member has the highest index, so it goes at the end of the sorted list: O(1),
    // which keeps building a group linear in its size.
    this.eligibleList.push(member);
    this.countLevel(member, 1);
    return member;
  }

  /** Marks a member eligible or not (health checks, draining, retirement). */
  setEligible(member: number, eligible: boolean): void {
    const value = eligible ? 1 : 0;
    if (this.eligible[member] === value) return;
    this.eligible[member] = value;
    // The list stays sorted by member index: find the place by binary search and splice.
    const list = this.eligibleList;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid]! < member) low = mid + 1;
      else high = mid;
    }
    if (eligible) list.splice(low, 0, member);
    else list.splice(low, 1);
    this.countLevel(member, eligible ? 1 : -1);
  }

  /**
   * Counts a member that became eligible (`delta` 1) or stopped being so (-1) at its level,
   * once the eligible list holds (or no longer holds) it, and moves the least level.
   */
  private countLevel(member: number, delta: number): void {
    if (!this.tracksLevels) return;
    const load = this.outstanding[member]!;
    if (load >= this.levelCount.length) this.levelCount = grownInt32(this.levelCount, 2 * (load + 1));
    this.levelCount[load]! += delta;
    if (delta > 0 && (load < this.levelLeast || this.eligibleList.length === 1)) this.levelLeast = load;
    if (delta < 0 && load === this.levelLeast && this.levelCount[load] === 0 && this.eligibleList.length > 0) {
      // Some eligible member remains, at a level above this one: the scan ends there.
      let least = load + 1;
      while (this.levelCount[least] === 0) least++;
      this.levelLeast = least;
    }
  }

  /**
   * The least outstanding count among eligible members (least-outstanding only); for tests.
   * @throws AssertionError if the level counts disagree with the members.
   */
  checkLevels(): number {
    assert(this.tracksLevels, "only least-outstanding balancers count levels");
    const counts = new Int32Array(this.levelCount.length);
    let least = Infinity;
    for (const member of this.eligibleList) {
      counts[this.outstanding[member]!]!++;
      least = Math.min(least, this.outstanding[member]!);
    }
    for (let level = 0; level < counts.length; level++) assert(counts[level] === this.levelCount[level], `level ${level} counts ${this.levelCount[level]} members, holds ${counts[level]}`);
    if (this.eligibleList.length > 0) assert(least === this.levelLeast, `least level ${this.levelLeast}, members say ${least}`);
    return least;
  }

  /** Number of members the balancer currently routes to. */
  get eligibleCount(): number {
    return this.eligibleList.length;
  }

  /** Starts a group of distinct picks (a fan-out); pass the result to `pick`. */
  beginDistinct(): number {
    return this.stampNext++;
  }

  /**
   * Picks a member for one call; NO_MEMBER when none is eligible. With a `distinctStamp`
   * from {@link beginDistinct}, members already picked under that stamp are avoided while
   * others remain. `key` (≥ 0) is the request's key for the hash policy; -1 for none.
   */
  pick(distinctStamp = 0, key = -1): number {
    const list = this.eligibleList;
    const n = list.length;
    if (n === 0) return NO_MEMBER;
    let member: number;
    switch (this.policyCode) {
      case POLICY_LEAST_OUTSTANDING:
        member = this.pickLeastOutstanding(list, distinctStamp);
        break;
      case POLICY_POWER_OF_CHOICES:
        member = this.pickPowerOfChoices(list);
        break;
      case POLICY_RANDOM:
        member = list[Math.floor(this.stream.next() * n)]!;
        break;
      case POLICY_WEIGHTED:
        member = this.pickWeighted(list, distinctStamp);
        break;
      case POLICY_HASH:
        if (key >= 0) return pickRendezvous(list, this.memberNodes, key);
        member = list[this.cursor++ % n]!;
        break;
      default:
        member = list[this.cursor++ % n]!;
        break;
    }
    if (distinctStamp !== 0) member = this.avoidRepeat(member, list, distinctStamp);
    return member;
  }

  /**
   * The member with the fewest outstanding calls, scanning the list from a rotating start (so
   * ties go round): list[start .. n - 1], then list[0 .. start - 1], the first least one wins.
   * Without distinct picks the scan stops at the first member at the least level (no member
   * after it can be less). Written as two plain scans without a modulo per member: an integer
   * division per member was most of its cost.
   */
  private pickLeastOutstanding(list: number[], distinctStamp: number): number {
    const n = list.length;
    const start = this.cursor++ % n;
    const outstanding = this.outstanding;
    let best = list[start]!;
    let bestLoad = Infinity;
    if (distinctStamp === 0) {
      const least = this.levelLeast;
      for (let k = start; k < n; k++) {
        const member = list[k]!;
        const load = outstanding[member]!;
        if (load === least) return member;
        if (load < bestLoad) { best = member; bestLoad = load; }
      }
      for (let k = 0; k < start; k++) {
        const member = list[k]!;
        const load = outstanding[member]!;
        if (load === least) return member;
        if (load < bestLoad) { best = member; bestLoad = load; }
      }
      return best;
    }
    const pickStamp = this.pickStamp;
    for (let k = 0; k < n; k++) {
      const at = start + k < n ? start + k : start + k - n;
      const member = list[at]!;
      if (pickStamp[member] === distinctStamp) continue;
      const load = outstanding[member]!;
      if (load < bestLoad) { best = member; bestLoad = load; }
    }
    return best;
  }

  private pickPowerOfChoices(list: number[]): number {
    const n = list.length;
    let best = list[Math.floor(this.stream.next() * n)]!;
    for (let k = 1; k < this.choices; k++) {
      const member = list[Math.floor(this.stream.next() * n)]!;
      if (this.outstanding[member]! < this.outstanding[best]!) best = member;
    }
    return best;
  }

  private pickWeighted(list: number[], distinctStamp: number): number {
    // Smooth weighted round-robin: add each weight to its current value, pick the largest,
    // subtract the total from the winner.
    let total = 0;
    let best = -1;
    for (let k = 0; k < list.length; k++) {
      const member = list[k]!;
      const weight = this.memberWeights[member]!;
      total += weight;
      this.weightCurrent[member]! += weight;
      if (distinctStamp !== 0 && this.pickStamp[member] === distinctStamp) continue;
      if (best < 0 || this.weightCurrent[member]! > this.weightCurrent[best]!) best = member;
    }
    if (best < 0) best = list[0]!;
    this.weightCurrent[best]! -= total;
    return best;
  }

  private avoidRepeat(member: number, list: number[], stamp: number): number {
    if (this.pickStamp[member] === stamp) {
      // Take the next member in list order not yet picked in this fan-out, if any.
      const n = list.length;
      const at = list.indexOf(member);
      for (let k = 1; k < n; k++) {
        const other = list[(at + k) % n]!;
        if (this.pickStamp[other] !== stamp) { member = other; break; }
      }
    }
    this.pickStamp[member] = stamp;
    return member;
  }
}

/** The member of `list` whose node scores highest for `key` (ties: the first in list order). */
function pickRendezvous(list: number[], memberNodes: number[], key: number): number {
  let best = list[0]!;
  let bestScore = -1;
  for (let k = 0; k < list.length; k++) {
    const member = list[k]!;
    const score = mix32(key, memberNodes[member]!);
    if (score > bestScore) { best = member; bestScore = score; }
  }
  return best;
}

/** A well-mixed unsigned 32-bit hash of (key, node): MurmurHash3's finaliser over both. */
function mix32(key: number, node: number): number {
  let h = Math.imul(key ^ Math.imul(node + 1, 0x9e3779b9), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ node, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
