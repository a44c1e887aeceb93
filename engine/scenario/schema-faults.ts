/**
 * Scenario schema for faults, balancer health checks and failure detectors (issue 4).
 *
 * ```yaml
 * faults:
 *   - { type: crash, zone: us-east-1b, at: 20m, for: 10m }          # a whole zone at once
 *   - { type: crash, group: web, fraction: 50%, at: 5m }              # half a group, for good
 *   - { type: crash-repair, group: app, mttf: 2h, mttr: 5m }         # independent failures
 *   - { type: slow, node: app-3, factor: 5, at: 1m, for: 10m }        # gray failure
 *   - { type: pause, node: app-4, at: 2m, for: 8s }                   # a long GC pause
 *   - { type: partition, zones: [[us-east-1a], [us-east-1b, us-east-1c]], at: 3m, for: 1m }
 *   - { type: partition, isolate: [db-0], oneWay: true, at: 3m }      # its messages get lost
 *   - { type: link, between: [us-east-1a, us-east-1b], latency: 200ms, loss: 5%, at: 2m, for: 30s }
 *   - { type: dependency, service: payments, mode: timeout, at: 4m, for: 30s }
 * services:
 *   - name: web
 *     balancer: { healthCheck: { interval: 5s, timeout: 2s, unhealthyThreshold: 2, healthyThreshold: 3 } }
 * detector:
 *   heartbeatInterval: 1s
 *   detectors:
 *     - { name: timeout-3s, type: timeout, timeout: 3s }
 *     - { name: phi-8, type: phi-accrual, threshold: 8 }
 *   evict: timeout-3s
 * ```
 *
 * Names of zones, groups, nodes ("<group>-<n>", numbered from 0) and services are checked
 * against the topology in compile-faults.ts, with did-you-mean. Time-to-failure and
 * time-to-repair distributions use schema-distribution.ts, like schema.ts does.
 */
import { s, type ParseContext } from "../input/schema";
import { distributionNode } from "./schema-distribution";
import { formatDurationMs } from "../input/units";

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
const name = (what: string, description: string) => s.string({ pattern: NAME_PATTERN, patternHint: `a lowercase ${what} name of letters, digits and dashes`, description });

// ---------------------------------------------------------------- shared fields

const timing = {
  at: s.duration({ description: "When the fault starts, from the start of the run." }),
  for: s.optional(s.duration({ exclusiveMin: 0, description: "How long it lasts (default: to the end of the run)." })),
};

const nodeName = name("node", 'A node, named "<group>-<n>" with n from 0, e.g. "web-3".');
const targetFields = {
  node: s.optional(nodeName),
  nodes: s.optional(s.array(nodeName, { minItems: 1, description: "Several nodes by name." })),
  group: s.optional(name("group", "Every node of this group (with `zone`: of this group in that zone).")),
  zone: s.optional(name("zone", "Every node in this zone: a correlated, whole-zone failure.")),
  count: s.optional(s.integer({ min: 1, description: "Hit only this many of the group's or zone's nodes, chosen at random (seeded)." })),
  fraction: s.optional(s.percent({ exclusiveMin: "0%", description: "Hit only this share of the group's or zone's nodes (rounded up), chosen at random (seeded), e.g. 50%." })),
};

type TargetValue = { node?: string; nodes?: string[]; group?: string; zone?: string; count?: number; fraction?: number };

function checkTarget(target: TargetValue, ctx: ParseContext): void {
  const named = [target.node, target.nodes].filter((t) => t !== undefined).length;
  const sets = [target.group, target.zone].filter((t) => t !== undefined).length;
  if (named + Math.min(sets, 1) !== 1 || named > 1) {
    ctx.addProblem("give the nodes to hit: node, nodes, or group and/or zone");
    return;
  }
  if (named > 0 && (target.count !== undefined || target.fraction !== undefined)) ctx.addProblem("count and fraction pick among a group's or zone's nodes; not with node or nodes", target.count !== undefined ? "count" : "fraction");
  if (target.count !== undefined && target.fraction !== undefined) ctx.addProblem("give count or fraction, not both", "fraction");
}

// ---------------------------------------------------------------- fault kinds

const crashFault = s.object({ ...timing, ...targetFields }, {
  description: "Nodes crash at `at` (losing their queues and work in progress) and are repaired after `for`.",
}).refine(checkTarget);

const crashRepairFault = s.object({
  group: name("group", "Group whose nodes fail and are repaired, each independently."),
  zone: s.optional(name("zone", "Only the group's nodes in this zone.")),
  mttf: s.optional(s.duration({ exclusiveMin: 0, description: "Mean time to failure; exponential (memoryless) times." })),
  mttr: s.optional(s.duration({ exclusiveMin: 0, description: "Mean time to repair; exponential times." })),
  timeToFailure: s.optional(distributionNode("Time from repair (or `from`) to the next failure; instead of mttf.")),
  timeToRepair: s.optional(distributionNode("Time from failure to repair; instead of mttr.")),
  from: s.withDefault(s.duration({ description: "Failure clocks start here." }), "0s"),
}, { description: "A failure process: each node is up for a time to failure, then down for a time to repair, again and again." }).refine((f, ctx) => {
  if ((f.mttf === undefined) === (f.timeToFailure === undefined)) ctx.addProblem("give one of mttf or timeToFailure", "mttf");
  if ((f.mttr === undefined) === (f.timeToRepair === undefined)) ctx.addProblem("give one of mttr or timeToRepair", "mttr");
});

const slowFault = s.object({
  ...timing,
  ...targetFields,
  factor: s.number({ exclusiveMin: 0, description: "Service-time multiplier: 5 = five times slower." }),
}, { description: "Gray failure: nodes serve slower but still answer health checks and heartbeats." }).refine(checkTarget);

const pauseFault = s.object({ ...timing, ...targetFields }, {
  description: "Nodes stall (a long GC pause, a frozen VM): they answer nothing (requests, health checks, heartbeats) for `for`, but lose nothing. A detector may declare them dead.",
}).refine(checkTarget);

const zoneName = name("zone", "A zone.");
const partitionFault = s.object({
  ...timing,
  zones: s.optional(s.array(s.array(zoneName, { minItems: 1 }), { minItems: 2, maxItems: 2, description: "Two sides, each a list of zones: messages between the sides are lost." })),
  isolate: s.optional(s.array(nodeName, { minItems: 1, description: "Nodes cut off from everything: messages to and from them are lost." })),
  oneWay: s.withDefault(s.boolean({ description: "Lose only messages from the first side to the second (with isolate: only messages from the nodes)." }), false),
}, { description: "A network partition, healed after `for`." }).refine((p, ctx) => {
  if ((p.zones === undefined) === (p.isolate === undefined)) ctx.addProblem("give one of zones (two sides) or isolate (nodes)");
});

const linkFault = s.object({
  ...timing,
  between: s.array(zoneName, { minItems: 2, maxItems: 2, description: "The two zones (the same zone twice: within that zone)." }),
  latency: s.withDefault(s.duration({ description: "Extra one-way delay (a latency spike)." }), "0ms"),
  loss: s.withDefault(s.percent({ allowFraction: true, description: "Extra probability a message is lost." }), "0%"),
  oneWay: s.withDefault(s.boolean({ description: "Only messages from the first zone to the second." }), false),
}, { description: "A degraded link between two zones: extra latency and/or loss." }).refine((l, ctx) => {
  if (l.latency === 0 && l.loss === 0) ctx.addProblem("give latency and/or loss");
});

const dependencyFault = s.object({
  ...timing,
  service: name("service", "The downstream service that fails."),
  mode: s.enumOf(["unavailable", "timeout", "slow"] as const, { description: "unavailable: every call fails at once (no node to send to); timeout: its nodes stop answering; slow: they serve `factor` times slower." }),
  factor: s.optional(s.number({ exclusiveMin: 0, description: "Slowdown for mode slow." })),
}, { description: "A dependency failure: a downstream service unavailable, hanging or slow." }).refine((d, ctx) => {
  if (d.mode === "slow" && d.factor === undefined) ctx.addProblem("required with mode slow", "factor");
  if (d.mode !== "slow" && d.factor !== undefined) ctx.addProblem("only with mode slow", "factor");
});

/** One fault, by `type`. */
export const faultSchema = s.discriminated("type", {
  crash: crashFault,
  "crash-repair": crashRepairFault,
  slow: slowFault,
  pause: pauseFault,
  partition: partitionFault,
  link: linkFault,
  dependency: dependencyFault,
}, { description: "A fault injected into the run, deterministically from the scenario and seed." });

/** Faults injected into the run. */
export const faultsSchema = s.array(faultSchema, { description: "Faults to inject: crashes, failure processes, gray failures, pauses, partitions, link faults, dependency failures." });

// ---------------------------------------------------------------- health checks and detectors

/** A balancer's active health check. */
export const healthCheckSchema = s.object({
  interval: s.withDefault(s.duration({ exclusiveMin: 0, description: "Time between probes of each node." }), "5s"),
  timeout: s.withDefault(s.duration({ exclusiveMin: 0, description: "A probe not answered within this fails (must be shorter than interval)." }), "2s"),
  unhealthyThreshold: s.withDefault(s.integer({ min: 1, max: 100, description: "Consecutive failed probes that take a node out of rotation." }), 2),
  healthyThreshold: s.withDefault(s.integer({ min: 1, max: 100, description: "Consecutive good probes that put it back." }), 3),
  from: s.optional(name("zone", "Zone the probes come from (default: each node's own zone, like a per-zone balancer).")),
}, { description: "Active health checks (AWS ELB / Envoy style): until a dead node fails enough probes, requests sent to it fail or time out." }).refine((h, ctx) => {
  if (h.timeout >= h.interval) ctx.addProblem(`must be shorter than interval (${formatDurationMs(h.interval)}), got ${formatDurationMs(h.timeout)}`, "timeout");
});

const detectorKinds = s.discriminated("type", {
  timeout: s.object({
    name: name("detector", "Name shown in the results."),
    timeout: s.duration({ exclusiveMin: 0, description: "Suspect a node after this long without a heartbeat." }),
  }, { description: "Fixed-timeout detector." }),
  "phi-accrual": s.object({
    name: name("detector", "Name shown in the results."),
    threshold: s.withDefault(s.number({ exclusiveMin: 0, max: 300, description: "Suspect when phi reaches this (Akka's default: 8)." }), 8),
    window: s.withDefault(s.integer({ min: 1, max: 100000, description: "Heartbeats the inter-arrival mean and variance average over." }), 100),
    minStdDev: s.withDefault(s.duration({ description: "Floor on the inter-arrival standard deviation." }), "100ms"),
    acceptablePause: s.withDefault(s.duration({ description: "Extra silence tolerated on top of the mean interval." }), "0s"),
  }, { description: "Phi accrual detector (Hayashibara et al. 2004)." }),
}, { description: "A failure detector over the heartbeat stream." });

/** The cluster manager's heartbeat failure detectors. */
export const detectorSchema = s.object({
  heartbeatInterval: s.withDefault(s.duration({ exclusiveMin: 0, description: "Each node sends a heartbeat this often." }), "1s"),
  managerZone: s.optional(name("zone", "Zone of the cluster manager (default: the first zone).")),
  groups: s.optional(s.array(name("group", "A group."), { minItems: 1, description: "Groups whose nodes send heartbeats (default: all)." })),
  checkInterval: s.withDefault(s.duration({ exclusiveMin: 0, description: "The manager evaluates its detectors this often." }), "100ms"),
  detectors: s.array(detectorKinds, { minItems: 1, description: "Detectors judging the same heartbeats side by side." }),
  evict: s.optional(name("detector", "Balancers stop routing to the nodes this detector suspects, until it trusts them again.")),
}, { description: "Heartbeats to a cluster manager over the modelled network, and failure detectors that judge them." }).refine((d, ctx) => {
  const names = d.detectors.map((x) => x.name);
  names.forEach((n, i) => { if (names.indexOf(n) !== i) ctx.addProblem(`duplicate detector name "${n}"`, ["detectors", i, "name"]); });
});
