/**
 * Scenario schema for cluster operations: autoscaling, rolling updates, placement, replicated
 * stateful services and the batch job queue (issue 4). The mechanisms are described in
 * engine/model (autoscaler.ts, rolling-update.ts, placement.ts, replicated-service.ts,
 * batch-cluster.ts); names are checked against the topology in compile-operations.ts.
 *
 * ```yaml
 * autoscaling:
 *   - group: app
 *     min: 4
 *     max: 40
 *     target: { utilisation: 60% }          # or { requestsPerNode: 150/s }
 *     interval: 15s
 *     stabilisation: { down: 5m }
 *     bootTime: { type: uniform, min: 90s, max: 150s }
 * rollingUpdates:
 *   - { group: web, at: 10m, maxUnavailable: 1, maxSurge: 25%, restartTime: 40s }
 * placement:
 *   policy: spread                           # or bin-pack
 *   rescheduleDelay: 30s
 *   services:
 *     - { service: api, instances: 12, cpu: 2, memory: 4GiB }
 * services:
 *   - name: db
 *     groups: [db]
 *     serviceTime: 2ms
 *     replicated:
 *       quorum: true                         # false: split-brain is possible
 *       electionTimeout: { min: 150ms, max: 300ms }
 *       writes: { rate: 200/s, timeout: 1s }
 * batch:
 *   nodes: 32
 *   coresPerNode: 16
 *   jobs:
 *     count: 500
 *     interarrival: { type: exponential, mean: 30s }
 *     sizes: [{ cores: 1, weight: 50% }, { cores: 16, weight: 30% }, { cores: 128, weight: 20% }]
 *     runtime: { type: lognormal, median: 20m, p99: 4h }
 *     estimate: 1.5
 * ```
 */
import { s, type Infer, type ParseContext } from "../input/schema";
import { distributionNode } from "./schema-distribution";

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
const name = (what: string, description: string) => s.string({ pattern: NAME_PATTERN, patternHint: `a lowercase ${what} name of letters, digits and dashes`, description });

// ---------------------------------------------------------------- autoscaling

const autoscalerTarget = s.object({
  utilisation: s.optional(s.percent({ exclusiveMin: "0%", description: "Busy cores / available cores of the group's up nodes to aim for, e.g. 60%." })),
  requestsPerNode: s.optional(s.rate({ exclusiveMin: 0, description: "Requests per second to the group's services per node to aim for, e.g. 150/s." })),
}, { description: "What to keep near its target: exactly one of utilisation or requestsPerNode." }).refine((target, ctx) => {
  const given = [target.utilisation, target.requestsPerNode].filter((v) => v !== undefined).length;
  if (given !== 1) ctx.addProblem(given === 0 ? "give one of utilisation or requestsPerNode" : "give only one of utilisation and requestsPerNode");
});

/** A target-tracking autoscaler on one group (Kubernetes HPA rules). */
export const autoscalerSchema = s.object({
  group: name("group", "The node group to resize."),
  min: s.integer({ min: 0, description: "Fewest nodes." }),
  max: s.integer({ min: 1, description: "Most nodes." }),
  target: autoscalerTarget,
  interval: s.withDefault(s.duration({ exclusiveMin: 0, description: "Time between evaluations; the metric is averaged over the last one." }), "15s"),
  tolerance: s.withDefault(s.percent({ description: "No change while the metric is within this share of the target." }), "10%"),
  stabilisation: s.withDefault(s.object({
    up: s.withDefault(s.duration({ description: "Scale up only to the lowest recommendation made within this trailing span." }), "0s"),
    down: s.withDefault(s.duration({ description: "Scale down only to the highest recommendation made within this trailing span." }), "5m"),
  }, { description: "Windows that keep the size from flapping (HPA's behavior.stabilizationWindowSeconds)." }), {}),
  cooldown: s.withDefault(s.duration({ description: "No further action for this long after one (AWS-style cooldown)." }), "0s"),
  bootTime: s.withDefault(distributionNode("Time from the decision to a new node serving (provisioning and boot)."), "2m"),
  drainTimeout: s.withDefault(s.duration({ description: "A node being removed finishes its work first, for at most this long." }), "30s"),
}, { description: "An autoscaler: resizes a node group to keep utilisation or requests per node near a target." }).refine((a, ctx) => {
  if (a.min > a.max) ctx.addProblem(`must be ≤ max (${a.max}), got ${a.min}`, "min");
});

// ---------------------------------------------------------------- rolling updates

/** A node count ("1") or a share of the group ("25%"). */
const nodeBudget = (description: string) => {
  const count = s.integer({ min: 0 });
  const share = s.percent();
  return s.custom<{ kind: "count"; count: number } | { kind: "share"; share: number }, number | string>({
    description,
    expected: 'a node count like 1 or a share like "25%"',
    accepts: (v) => typeof v === "number" || typeof v === "string",
    jsonSchema: { anyOf: [count.jsonSchema(), share.jsonSchema()] },
    parse: (value: unknown, ctx: ParseContext) => {
      if (typeof value === "number") {
        const n = count.parse(value, ctx);
        return n === undefined ? undefined : { kind: "count", count: n };
      }
      const fraction = share.parse(value, ctx);
      return fraction === undefined ? undefined : { kind: "share", share: fraction };
    },
  });
};

const isZero = (budget: { kind: "count"; count: number } | { kind: "share"; share: number }) => (budget.kind === "count" ? budget.count : budget.share) === 0;

/** A rolling update replacing every node of a group (Kubernetes Deployment rules). */
export const rollingUpdateSchema = s.object({
  group: name("group", "The node group whose nodes are replaced."),
  at: s.duration({ description: "When the update starts." }),
  maxUnavailable: s.withDefault(nodeBudget("Nodes that may be out of service below the group's size (a share rounds down)."), "25%"),
  maxSurge: s.withDefault(nodeBudget("Extra nodes allowed above the group's size while replacing (a share rounds up)."), "25%"),
  restartTime: s.withDefault(distributionNode("Time for a replacement node to start serving."), "30s"),
  drainTimeout: s.withDefault(s.duration({ description: "An old node finishes its in-flight work first, for at most this long." }), "30s"),
}, { description: "A rolling update: replaces a group's nodes in batches, draining each old node first." }).refine((u, ctx) => {
  if (isZero(u.maxUnavailable) && isZero(u.maxSurge)) ctx.addProblem("maxUnavailable and maxSurge cannot both be 0 (the update could never start)", "maxSurge");
});

// ---------------------------------------------------------------- placement

const placedServiceNode = s.object({
  service: name("service", "The service whose instances are placed on the nodes of its groups."),
  instances: s.integer({ min: 0, description: "Instances to run." }),
  cpu: s.number({ exclusiveMin: 0, description: "Cores each instance requests." }),
  memory: s.withDefault(s.size({ description: "Memory each instance requests (needs memory: on the service's groups)." }), "0B"),
}, { description: "A service run as instances placed by the scheduler." });

/** The placement scheduler. */
export const placementSchema = s.object({
  policy: s.withDefault(s.enumOf(["spread", "bin-pack"] as const, { description: "spread: across zones, then hosts; bin-pack: onto the fullest host that fits." }), "spread"),
  syncInterval: s.withDefault(s.duration({ exclusiveMin: 0, description: "How often the scheduler checks hosts and retries pending instances." }), "5s"),
  rescheduleDelay: s.withDefault(s.duration({ description: "From noticing a failed host to placing its instances elsewhere." }), "30s"),
  services: s.array(placedServiceNode, { minItems: 1, description: "The services whose instances the scheduler places." }),
}, { description: "Placement: instances with cpu/memory requests on nodes; a service's balancer routes only to nodes running one of its instances." });

// ---------------------------------------------------------------- replicated services

/** A replicated stateful service (leader election, quorum writes). */
export const replicatedSchema = s.object({
  quorum: s.withDefault(s.boolean({ description: "Majority votes to elect and majority acknowledgements to commit; false lets a partition elect two leaders (split-brain)." }), true),
  electionTimeout: s.withDefault(s.object({
    min: s.duration({ exclusiveMin: 0, description: "Shortest election timeout." }),
    max: s.duration({ exclusiveMin: 0, description: "Longest election timeout." }),
  }, { description: "A follower that hears no leader for a random time in [min, max] starts an election." }), { min: "150ms", max: "300ms" }),
  heartbeatInterval: s.withDefault(s.duration({ exclusiveMin: 0, description: "How often the leader sends (empty) AppendEntries." }), "50ms"),
  writes: s.object({
    rate: s.rate({ min: 0, description: "Writes per second, Poisson." }),
    timeout: s.withDefault(s.duration({ exclusiveMin: 0, description: "A client gives up on a write after this long." }), "1s"),
    zones: s.optional(s.array(name("zone", "A zone clients write from."), { minItems: 1, description: "Zones the writing clients sit in, evenly (default: the replicas' zones)." })),
    retryBackoff: s.withDefault(s.duration({ description: "Pause before trying another replica when one knows no leader." }), "20ms"),
  }, { description: "The clients' write workload." }),
}, { description: "Makes the service's nodes replicas of a Raft-like replicated log with its own write workload." }).refine((r, ctx) => {
  if (r.electionTimeout.min > r.electionTimeout.max) ctx.addProblem(`must be ≤ max (${r.electionTimeout.max} ms), got ${r.electionTimeout.min} ms`, ["electionTimeout", "min"]);
  if (r.heartbeatInterval >= r.electionTimeout.min) ctx.addProblem(`must be shorter than electionTimeout.min (${r.electionTimeout.min} ms), or followers time out between heartbeats; got ${r.heartbeatInterval} ms`, "heartbeatInterval");
});

// ---------------------------------------------------------------- batch

const jobSizeNode = s.object({
  cores: s.integer({ min: 1, description: "Cores the job needs." }),
  weight: s.oneOf([s.number({ exclusiveMin: 0 }), s.percent({ exclusiveMin: "0%" })], { description: "Share of jobs of this size (numbers are relative weights)." }),
});

/** A batch cluster with a job queue. */
export const batchSchema = s.object({
  nodes: s.integer({ min: 1, description: "Nodes in the batch cluster." }),
  coresPerNode: s.integer({ min: 1, description: "Cores per node; jobs are allocated cores from the whole pool." }),
  policies: s.withDefault(s.array(s.enumOf(["fifo", "easy-backfill"] as const), { minItems: 1, description: "Queue policies to run, each on its own copy of the cluster with the same jobs." }), ["fifo", "easy-backfill"]),
  jobs: s.object({
    count: s.optional(s.integer({ min: 0, description: "Jobs submitted in all (default: until the run ends)." })),
    interarrival: s.withDefault(distributionNode("Time between submissions (0s submits every job at the start)."), "0s"),
    sizes: s.array(jobSizeNode, { minItems: 1, description: "Job sizes and their shares." }),
    runtime: distributionNode("How long a job runs."),
    estimate: s.withDefault(s.number({ min: 1, description: "Requested walltime as a multiple of the runtime (what backfilling plans with)." }), 1),
  }, { description: "The job stream." }),
}, { description: "A batch (HPC) cluster running a job queue with FIFO and EASY backfilling." });

/** Validated shapes, for compile-operations.ts. */
export type AutoscalerValue = Infer<typeof autoscalerSchema>;
export type RollingUpdateValue = Infer<typeof rollingUpdateSchema>;
export type PlacementValue = Infer<typeof placementSchema>;
export type ReplicatedValue = Infer<typeof replicatedSchema>;
export type BatchValue = Infer<typeof batchSchema>;
