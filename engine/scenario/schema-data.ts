/**
 * Scenario schema for the data tier and disaster recovery (issue 9): a service's nodes as a
 * database cluster with primary/replica replication and an HA manager (`services[].database`),
 * and regions behind DNS failover with outages and fail back (`multiRegion`). The mechanisms
 * are described in engine/model (database.ts, database-failover.ts, traffic-manager.ts);
 * names are checked against the topology in compile-data.ts.
 *
 * ```yaml
 * services:
 *   - name: orders-db
 *     groups: [db]
 *     serviceTime: 1ms
 *     database:
 *       replication: { mode: semi-sync, semiSyncTimeout: 10s, applyTime: 0.4ms }
 *       failover:
 *         heartbeatInterval: 1s
 *         detector: { type: timeout, timeout: 5s }
 *         witnesses: [us-east-1a, us-east-1b, us-west-2a]
 *         fencing: true
 *         fencingDelay: 10s
 *         promotion: 5s
 *         reconnect: dns                     # or a duration (a virtual IP moving)
 *       writes: { rate: 800/s, timeout: 2s }
 *       reads: { rate: 2k/s, from: replicas, maxStaleness: 1s, whenStale: primary }
 * multiRegion:
 *   deployment: active-passive               # or active-active
 *   home: us-east
 *   dns: { ttl: 60s, propagation: 30s }
 *   failBack: { after: 10m }
 *   outages:
 *     - { region: us-east, at: 10m, for: 30m }        # a DR drill: pull the plug
 *     - { region: us-west, mttf: 90d, mttr: 4h }      # a failure process
 * ```
 */
import { s, type Infer } from "../input/schema";
import { distributionNode } from "./schema-distribution";
import { formatDurationMs } from "../input/units";

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
const name = (what: string, description: string) => s.string({ pattern: NAME_PATTERN, patternHint: `a lowercase ${what} name of letters, digits and dashes`, description });

// ---------------------------------------------------------------- databases

const replicationNode = s.object({
  mode: s.enumOf(["sync", "semi-sync", "async"] as const, { description: "sync: a commit waits for syncReplicas replicas; semi-sync: for the first replica, up to semiSyncTimeout, then none until one catches up; async: for none (replicas apply the log when it reaches them)." }),
  syncReplicas: s.withDefault(s.integer({ min: 1, max: 64, description: "sync: replicas that must confirm an entry (any of them) before the commit is acknowledged." }), 1),
  confirmOn: s.withDefault(s.enumOf(["received", "applied"] as const, { description: "A replica confirms an entry once received and flushed (PostgreSQL synchronous_commit on), or once applied (remote_apply)." }), "received"),
  semiSyncTimeout: s.withDefault(s.duration({ exclusiveMin: 0, description: "semi-sync: longest wait for a replica before acknowledging without one (MySQL rpl_semi_sync_source_timeout)." }), "10s"),
  applyTime: s.withDefault(distributionNode("Time a replica's single applier spends on one entry; its capacity is 1 / mean entries per second."), "0.1ms"),
}, { description: "How commits wait for replicas, and how fast replicas apply the log." });

const detectorNode = s.discriminated("type", {
  timeout: s.object({
    timeout: s.duration({ exclusiveMin: 0, description: "Suspect a replica after this long without a heartbeat." }),
  }, { description: "Fixed-timeout detector." }),
  "phi-accrual": s.object({
    threshold: s.withDefault(s.number({ exclusiveMin: 0, max: 300, description: "Suspect when phi reaches this (Akka's default: 8)." }), 8),
    window: s.withDefault(s.integer({ min: 1, max: 100000, description: "Heartbeats the inter-arrival mean and variance average over." }), 100),
    minStdDev: s.withDefault(s.duration({ description: "Floor on the inter-arrival standard deviation." }), "100ms"),
    acceptablePause: s.withDefault(s.duration({ description: "Extra silence tolerated on top of the mean interval." }), "0s"),
  }, { description: "Phi accrual detector (Hayashibara et al. 2004)." }),
}, { description: "The failure detector each witness runs over the replicas' heartbeats." });

const failoverNode = s.object({
  heartbeatInterval: s.withDefault(s.duration({ exclusiveMin: 0, description: "Each replica sends a heartbeat to each witness this often." }), "1s"),
  checkInterval: s.withDefault(s.duration({ exclusiveMin: 0, description: "Witnesses evaluate their detectors this often." }), "500ms"),
  detector: s.withDefault(detectorNode, { type: "timeout", timeout: "5s" }),
  witnesses: s.optional(s.array(name("zone", "A zone a witness of the HA manager runs in."), { minItems: 1, description: "Zones of the manager's witnesses (etcd, a Pacemaker quorum); a replica is down when a majority suspect it. Default: the replicas' zones." })),
  fencing: s.withDefault(s.boolean({ description: "STONITH: cut the old primary off (and wait for it) before promoting a replica; false risks split-brain writes." }), true),
  fencingDelay: s.withDefault(s.duration({ description: "Time from the decision to a confirmed fence (a power switch, a cloud API call)." }), "5s"),
  promotion: s.withDefault(s.duration({ description: "Time to promote the chosen replica once it has applied what it received." }), "2s"),
  reconnect: s.withDefault(s.oneOf([s.duration(), s.literal("dns")], { description: "Time from promotion to clients writing to the new primary: a virtual IP or proxy (a duration), or dns (multiRegion's TTL + propagation)." }), "1s"),
}, { description: "The HA cluster manager: detection by quorum, fencing, promotion of the most up-to-date replica, client reconnection." });

const databaseWritesNode = s.object({
  rate: s.rate({ min: 0, description: "Writes per second, Poisson." }),
  timeout: s.withDefault(s.duration({ exclusiveMin: 0, description: "A client gives up on a write after this long." }), "1s"),
  zones: s.optional(s.array(name("zone", "A zone clients write from."), { minItems: 1, description: "Zones the clients sit in, evenly; reads come from the same zones. Default: the replicas' zones, and with multiRegion only those of regions that get traffic (the application moves with DNS)." })),
  retryBackoff: s.withDefault(s.duration({ description: "Pause before a client retries a write a read-only node refused." }), "20ms"),
}, { description: "The clients' write workload." });

const databaseReadsNode = s.object({
  rate: s.rate({ min: 0, description: "Reads per second, Poisson." }),
  timeout: s.withDefault(s.duration({ exclusiveMin: 0, description: "A client gives up on a read after this long." }), "1s"),
  from: s.withDefault(s.enumOf(["primary", "replicas"] as const, { description: "Read from the primary, or round-robin over the replicas the manager sees up." }), "replicas"),
  maxStaleness: s.optional(s.duration({ exclusiveMin: 0, description: "A replica that estimates itself staler than this does not serve the read (default: no bound)." })),
  whenStale: s.withDefault(s.enumOf(["primary", "fail"] as const, { description: "A read a replica is too stale for goes to the primary, or fails." }), "primary"),
}, { description: "The clients' reads, from the same zones as the writes." });

/** A database cluster: the service's nodes as one primary and its replicas. */
export const databaseSchema = s.object({
  replication: replicationNode,
  failover: s.withDefault(failoverNode, {}),
  writes: databaseWritesNode,
  reads: s.optional(databaseReadsNode),
}, { description: "Makes the service's nodes a database cluster: a primary and replicas, replicated sync, semi-sync or async, failed over by an HA manager, with its own writes and reads." }).refine((d, ctx) => {
  const f = d.failover;
  if (f.detector.type === "timeout" && f.detector.timeout <= f.heartbeatInterval) {
    ctx.addProblem(`must be longer than heartbeatInterval (${formatDurationMs(f.heartbeatInterval)}), or every replica is suspected between heartbeats; got ${formatDurationMs(f.detector.timeout)}`, ["failover", "detector", "timeout"]);
  }
});

// ---------------------------------------------------------------- regions

const outageNode = s.object({
  region: name("region", "The region that goes dark: every node of its zones."),
  at: s.optional(s.duration({ description: "A scheduled outage (a DR drill pulling the plug) starts here." })),
  for: s.optional(s.duration({ exclusiveMin: 0, description: "How long a scheduled outage lasts (default: to the end of the run)." })),
  mttf: s.optional(s.duration({ exclusiveMin: 0, description: "A failure process instead: mean time to failure (exponential)." })),
  mttr: s.optional(s.duration({ exclusiveMin: 0, description: "Mean time to repair (exponential), with mttf." })),
}, { description: "A region outage: scheduled (at, for) or a failure process (mttf, mttr)." }).refine((o, ctx) => {
  const scheduled = o.at !== undefined;
  const process = o.mttf !== undefined || o.mttr !== undefined;
  if (scheduled === process) return ctx.addProblem("give at (and for) for a scheduled outage, or mttf and mttr for a failure process");
  if (process && (o.mttf === undefined || o.mttr === undefined)) ctx.addProblem("a failure process needs both mttf and mttr", o.mttf === undefined ? "mttf" : "mttr");
  if (process && o.for !== undefined) ctx.addProblem("only with at (a scheduled outage)", "for");
});

/** Regions behind a global traffic manager (DNS failover), region outages and fail back. */
export const multiRegionSchema = s.object({
  deployment: s.withDefault(s.enumOf(["active-passive", "active-active"] as const, { description: "active-passive: the home region serves and the others stand by (warm); active-active: every healthy region serves." }), "active-passive"),
  home: s.optional(name("region", "The region serving at the start and failed back to (default: the first).")),
  dns: s.withDefault(s.object({
    ttl: s.withDefault(s.duration({ description: "TTL of the DNS record: clients keep a cached answer this long." }), "60s"),
    propagation: s.withDefault(s.duration({ description: "Time for a changed record to reach the resolvers." }), "30s"),
  }, { description: "Clients follow a failover after the TTL plus propagation (all at once, when the last cached answer expires)." }), {}),
  healthCheck: s.withDefault(s.object({
    interval: s.withDefault(s.duration({ exclusiveMin: 0, description: "The traffic manager probes each region this often." }), "10s"),
    unhealthyThreshold: s.withDefault(s.integer({ min: 1, max: 100, description: "Failed probes in a row that mark a region unhealthy." }), 3),
    healthyThreshold: s.withDefault(s.integer({ min: 1, max: 100, description: "Good probes in a row that mark it healthy again." }), 3),
  }, { description: "Region health checks (Route 53 style); a region is up while a request-serving node in it is." }), {}),
  failBack: s.optional(s.object({
    after: s.duration({ description: "Fail back once the home region has been healthy this long." }),
  }, { description: "Fail back to the home region: DNS back, and a planned switchover of each database (no write lost)." })),
  outages: s.withDefault(s.array(outageNode, { description: "Region outages to inject." }), []),
}, { description: "Regions behind DNS failover: deployment, DNS delay, region health checks, outages and fail back." });

/** Validated shapes, for compile-data.ts. */
export type DatabaseValue = Infer<typeof databaseSchema>;
export type MultiRegionValue = Infer<typeof multiRegionSchema>;
