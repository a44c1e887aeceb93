/**
 * A service at run time: its balancer over the nodes of its groups and, for the central-queue
 * policy, the one queue all its nodes take work from (an M/M/c queue rather than c M/M/1s).
 * Built by cluster-model.ts; the caller side picks members through it (caller.ts), the server
 * side queues and serves through it (server.ts).
 */
import type { Distribution } from "../core/distributions";
import type { RandomStream } from "../core/rng";
import { NO_MEMBER, type Balancer } from "./balancer";
import { NODE_UP, type IntQueue, type NodeTable } from "./nodes";
import type { ServiceCache } from "./service-cache";

/** A service at run time: its balancer and, for the central-queue policy, its shared queue. */
export interface ServiceRuntime {
  name: string;
  index: number;
  balancer: Balancer;
  defaultServiceTime: Distribution;
  deadlineAware: boolean;
  /** The central queue of job ids (central-queue policy), else null. */
  central: IntQueue | null;
  /** Capacity of the central queue: the sum of its members' queue capacities. */
  centralCapacity: number;
  /** Balancer member of each node index, or -1 (grows with the node table). */
  memberOfNode: number[];
  /** Zone where the central queue lives (the first member's zone). */
  centralZone: number;
  /** How long a queued request waits before it leaves the queue (null: it waits as long as it takes). */
  patience: Distribution | null;
  /** The stream patience is drawn from ("service/<name>/patience"), or null without patience. */
  patienceStream: RandomStream | null;
  /** The service's cache when it is one (installed by engine/model/cache/caches.ts), else null. */
  cache: ServiceCache | null;
}

/**
 * A member of a central-queue service that is up with a free core, trying members in the
 * balancer's order from its cursor; -1 if none (the job then waits in the central queue).
 */
export function pickIdleMember(service: ServiceRuntime, nodes: NodeTable): number {
  const balancer = service.balancer;
  const n = balancer.memberNodes.length;
  for (let k = 0; k < n; k++) {
    const member = balancer.pick();
    if (member === NO_MEMBER) return -1;
    const node = balancer.memberNodes[member]!;
    if (nodes.state[node] === NODE_UP && nodes.busy[node]! < nodes.cores[node]!) return member;
  }
  return -1;
}
