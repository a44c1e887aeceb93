/**
 * Who may take a node out of a balancer's rotation, among issue 4's mechanisms: its health
 * check, the evicting failure detector, and a dependency fault ("unavailable"). Each holds a
 * veto bit per (service, node); the member is routed to only while no bit is set. A
 * mechanism only ever clears its own bit, so a node the health check still finds dead stays
 * out when the detector trusts it again, and the other way round.
 *
 * Mechanisms outside this set (draining, booting nodes) set eligibility on the model
 * directly; the votes only flip a member when their own combined verdict changes.
 */
import type { ClusterModel } from "../cluster-model";
import { grownUint8 } from "../../core/typed-arrays";

/** Veto bits. */
export const VETO_HEALTH_CHECK = 1;
export const VETO_DETECTOR = 2;
export const VETO_DEPENDENCY = 4;
/** The global traffic manager routes no traffic to the node's region (engine/model/data-tier/traffic-manager.ts). */
export const VETO_TRAFFIC = 8;

export class EligibilityVotes {
  /** Per service: veto bits per node index. */
  private readonly vetoes: Uint8Array[];

  constructor(private readonly model: ClusterModel) {
    this.vetoes = model.services.map(() => new Uint8Array(0));
  }

  /** Sets `bit` on (service, node); takes the member out of rotation if it was the first. */
  veto(serviceIndex: number, node: number, bit: number): void {
    const votes = this.votesFor(serviceIndex, node);
    const before = votes[node]!;
    votes[node] = before | bit;
    if (before === 0) this.model.setMemberEligible(serviceIndex, node, false);
  }

  /** Clears `bit`; puts the member back in rotation if no veto remains. */
  lift(serviceIndex: number, node: number, bit: number): void {
    const votes = this.votesFor(serviceIndex, node);
    const before = votes[node]!;
    if ((before & bit) === 0) return;
    votes[node] = before & ~bit;
    if (votes[node] === 0) this.model.setMemberEligible(serviceIndex, node, true);
  }

  /** {@link veto} in every service `node` is a member of. */
  vetoEverywhere(node: number, bit: number): void {
    for (const service of this.model.services) if (isMember(service.memberOfNode, node)) this.veto(service.index, node, bit);
  }

  /** {@link lift} in every service `node` is a member of. */
  liftEverywhere(node: number, bit: number): void {
    for (const service of this.model.services) if (isMember(service.memberOfNode, node)) this.lift(service.index, node, bit);
  }

  private votesFor(serviceIndex: number, node: number): Uint8Array {
    let votes = this.vetoes[serviceIndex]!;
    if (node >= votes.length) {
      votes = grownUint8(votes, Math.max(16, node * 2));
      this.vetoes[serviceIndex] = votes;
    }
    return votes;
  }
}

function isMember(memberOfNode: number[], node: number): boolean {
  return node < memberOfNode.length && memberOfNode[node]! >= 0;
}
