/**
 * The scenario language, declared once: this schema validates files (every problem at once,
 * with paths), converts human units to engine units, infers the `Scenario` TypeScript type,
 * and generates `scenarios/scenario.schema.json` for editors and the web UI. A test checks
 * that the committed JSON Schema equals the generated one, so the three cannot drift.
 *
 * Keys are camelCase (as in Kubernetes manifests). Durations, rates, percentages, sizes and
 * prices carry units ("250ms", "1.5k/s", "99.95%", "2KB", "0.096/h"); a bare number is
 * rejected wherever a unit is expected, because "timeout: 30" is ambiguous.
 */
import { formatDurationMs } from "../input/units";
import { MAX_DURATION, MAX_FANOUT, MAX_GROUP_NODES, MAX_POPULATION, MAX_RATE, MAX_TOTAL_NODES, MAX_WINDOWS } from "./limits";
import { s, type Infer, type InferInput, type JsonSchema, type ParseContext, type SchemaNode } from "../input/schema";
import { distributionNode, positiveDuration, type DistributionValue } from "./schema-distribution";
export { distributionNode, toDistributionSpec, type DistributionValue } from "./schema-distribution";
import { detectorSchema, faultsSchema, healthCheckSchema } from "./schema-faults";
import { cacheSchema } from "./schema-cache";
import { autoscalerSchema, batchSchema, placementSchema, replicatedSchema, rollingUpdateSchema } from "./schema-operations";
import { databaseSchema, multiRegionSchema } from "./schema-data";
import { replaySchema, traceSchema, wallClockNode } from "./schema-replay";
import { MECHANISM_SLO_KIND_NAMES, MECHANISM_SLO_KINDS } from "../metrics/slo";

// ---------------------------------------------------------------- names

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
/** A lowercase name used to refer to a zone, group, service, class or SLO. */
export const nameNode = (what: string, description?: string) => s.string({ pattern: NAME_PATTERN, patternHint: `a lowercase ${what} name like "web" or "us-east-1a"`, description: description ?? `Name of the ${what}; lowercase letters, digits and dashes.` });

// ---------------------------------------------------------------- topology

const regionNode = s.object({
  name: nameNode("region"),
  zones: s.array(nameNode("zone"), { minItems: 1, description: "Zones (failure domains) in the region." }),
}, { description: "A region and its zones." });

const groupNode = s.object({
  name: nameNode("group"),
  count: s.integer({ min: 0, max: MAX_GROUP_NODES, description: "Nodes in the group at the start." }),
  cores: s.withDefault(s.integer({ min: 1, max: 4096, description: "Requests a node serves in parallel." }), 1),
  speed: s.withDefault(s.number({ exclusiveMin: 0, description: "Relative speed: service times are divided by it." }), 1),
  queue: s.withDefault(s.oneOf([s.integer({ min: 0 }), s.literal("unbounded")], { description: "Requests that may wait per node; a full queue rejects." }), "unbounded"),
  zones: s.optional(s.array(nameNode("zone"), { minItems: 1, description: "Zones to spread the nodes over, round-robin (default: all zones)." })),
  price: s.withDefault(s.money({ description: "Price per node-hour, e.g. \"0.096/h\"." }), "0/h"),
  memory: s.optional(s.size({ description: "Memory per node (used by placement)." })),
}, { description: "A group of identical nodes." });

const topologyNode = s.object({
  regions: s.withDefault(s.array(regionNode, { minItems: 1, description: "Regions and their zones (default: one region with one zone)." }), [{ name: "region", zones: ["zone-a"] }]),
  racks: s.withDefault(s.array(s.object({
    name: nameNode("rack"),
    zone: nameNode("zone"),
  }, { description: "A rack: the smallest failure domain, inside a zone." }), { description: "Racks inside zones (optional): a group's nodes in a zone are spread over that zone's racks, round-robin." }), []),
  groups: s.withDefault(s.array(groupNode, { description: "At least one, unless the scenario is batch-only." }), []),
}, { description: "Failure domains (region, zone, rack) and node groups." }).refine((topology, ctx) => {
  const total = topology.groups.reduce((sum, group) => sum + group.count, 0);
  if (total > MAX_TOTAL_NODES) ctx.addProblem(`the groups hold ${total.toLocaleString("en-US")} nodes in all, more than the ${MAX_TOTAL_NODES.toLocaleString("en-US")} a run may build`, "groups");
});

// ---------------------------------------------------------------- services and calls

const POLICIES = ["round-robin", "random", "least-outstanding", "power-of-choices", "weighted", "central-queue", "hash"] as const;

const balancerNode = s.object({
  policy: s.withDefault(s.enumOf(POLICIES, { description: "How the balancer picks a node." }), "round-robin"),
  choices: s.withDefault(s.integer({ min: 1, max: 64, description: "Candidates compared by power-of-choices (d)." }), 2),
  weights: s.optional(s.record(s.number({ exclusiveMin: 0 }), { description: "Weight per group for the weighted policy (default: cores x speed)." })),
  healthCheck: s.optional(healthCheckSchema),
}, { description: "The balancer in front of the service." });

const serviceNode = s.object({
  name: nameNode("service"),
  groups: s.array(nameNode("group"), { minItems: 1, description: "Groups whose nodes run the service." }),
  balancer: s.withDefault(balancerNode, {}),
  serviceTime: distributionNode("Service time at speed 1 (a request class may override it per hop)."),
  deadlineAware: s.withDefault(s.boolean({ description: "Drop a queued request whose caller has already timed out instead of serving it." }), false),
  patience: s.optional(distributionNode("How long a queued request waits for service before it leaves the queue (abandons), wherever it is in the queue; drawn per request when it joins a queue. Separate from a caller's timeout. Without it, requests wait as long as it takes.")),
  replicated: s.optional(replicatedSchema),
  cache: s.optional(cacheSchema),
  database: s.optional(databaseSchema),
}, { description: "A service deployed on groups behind a balancer." });

const retryNode = s.object({
  max: s.integer({ min: 0, max: 100, description: "Retries after the first attempt." }),
  backoff: s.withDefault(s.duration({ description: "Backoff before the first retry." }), "0ms"),
  multiplier: s.withDefault(s.number({ min: 1, description: "Backoff growth per retry." }), 2),
  maxBackoff: s.withDefault(s.duration({ description: "Longest backoff." }), "10s"),
  jitter: s.withDefault(s.enumOf(["none", "full", "equal"] as const, { description: "Randomisation of the backoff (AWS Architecture Blog: full jitter draws from [0, backoff])." }), "full"),
  budget: s.optional(s.percent({ description: "Retry budget: retries allowed as a share of first attempts (gRPC style), e.g. 10%." })),
}, { description: "Retries with exponential backoff." });

const breakerNode = s.object({
  failures: s.integer({ min: 1, description: "Consecutive failures that open the breaker." }),
  openFor: positiveDuration("How long the breaker stays open before a probe."),
}, { description: "A client-side circuit breaker: fail fast while open, then probe." });

/** The fields of one hop; `calls` recurses (see callNode). */
const hopFields = {
  service: nameNode("service"),
  serviceTime: s.optional(distributionNode("Service time at this hop for this class.")),
  timeout: s.withDefault(s.oneOf([positiveDuration(), s.literal("none")], { description: "The caller gives up after this long." }), "none"),
  retries: s.optional(retryNode),
  hedgeAfter: s.optional(s.duration({ exclusiveMin: 0, description: "Send a second attempt if no answer after this long." })),
  circuitBreaker: s.optional(breakerNode),
  fanout: s.withDefault(s.integer({ min: 1, max: MAX_FANOUT, description: "Parallel calls to distinct nodes (scatter-gather)." }), 1),
  waitFor: s.optional(s.integer({ min: 1, description: "Succeed when this many of the fan-out calls succeed (default: all)." })),
  requestSize: s.withDefault(s.size({ description: "Bytes sent per call (costs time with network.bandwidth)." }), "0B"),
  responseSize: s.withDefault(s.size({ description: "Bytes returned per call." }), "0B"),
};

/** Maximum depth of call trees (web -> app -> db is depth 3). */
export const CALL_DEPTH_MAX = 8;

function callNodeAt(depth: number): SchemaNode<HopValue, unknown> {
  return hopObject(depth);
}

function hopObject(depth: number): SchemaNode<HopValue, unknown> {
  const calls = s.optional(s.array(s.custom<HopValue>({
        parse: (value: unknown, ctx: ParseContext): HopValue | undefined => {
          if (depth >= CALL_DEPTH_MAX) {
            ctx.addProblem(`calls nest deeper than ${CALL_DEPTH_MAX} levels`);
            return undefined;
          }
          return callNodeAt(depth + 1).parse(value, ctx);
        },
        jsonSchema: { $ref: "#/$defs/call" },
        expected: "a call",
        accepts: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
      }), { description: "Downstream calls made after this hop's own work, in order." }));
  return s.object({ ...hopFields, calls }, { description: "A call to a service." }).refine((hop, ctx) => {
    if (hop.waitFor !== undefined && hop.waitFor > hop.fanout) ctx.addProblem(`must be ≤ fanout (${hop.fanout}), got ${hop.waitFor}`, "waitFor");
  }) as unknown as SchemaNode<HopValue, unknown>;
}

/** A hop (call) of a request class, with its downstream calls. */
export interface HopValue {
  service: string;
  serviceTime?: DistributionValue;
  timeout: number | "none";
  retries?: Infer<typeof retryNode>;
  hedgeAfter?: number;
  circuitBreaker?: Infer<typeof breakerNode>;
  fanout: number;
  waitFor?: number;
  requestSize: number;
  responseSize: number;
  calls?: HopValue[];
}

const classNode = s.object({
  name: nameNode("request class"),
  weight: s.withDefault(s.oneOf([s.number({ min: 0 }), s.percent()], { description: "Share of the workload (numbers are relative weights)." }), 1),
  call: s.custom<HopValue>({
    parse: (value, ctx) => callNodeAt(1).parse(value, ctx) as HopValue | undefined,
    jsonSchema: { $ref: "#/$defs/call" },
    expected: "a call",
    description: "The client's call to the entry service, with the calls it makes downstream.",
  }),
}, { description: "A request class: a share of the traffic and the path it takes through services." });

// ---------------------------------------------------------------- network

const networkNode = s.object({
  sameZone: s.withDefault(distributionNode("One-way latency within a zone."), "0ms"),
  crossZone: s.withDefault(distributionNode("One-way latency between zones of a region."), "0ms"),
  crossRegion: s.withDefault(distributionNode("One-way latency between regions."), "0ms"),
  client: s.withDefault(distributionNode("One-way latency from clients to the entry service."), "0ms"),
  links: s.withDefault(s.array(s.object({
    between: s.array(nameNode("zone"), { minItems: 2, maxItems: 2, description: "The two zones." }),
    latency: distributionNode("One-way latency between these two zones."),
  }, { description: "A latency between two zones." }), { description: "Latencies of zone pairs that differ from crossZone/crossRegion." }), []),
  loss: s.withDefault(s.percent({ allowFraction: true, description: "Probability a message is lost (the caller then times out)." }), "0%"),
  bandwidth: s.optional(s.bandwidth({ description: "Link bandwidth for message sizes, e.g. 10Gbps." })),
}, { description: "Network latency, loss and bandwidth." });

// ---------------------------------------------------------------- workload

const ratePointNode = s.object({ at: s.duration({ description: "Time from the run's start." }), rate: s.rate({ min: 0, max: MAX_RATE, description: "Arrival rate at that time." }) }, { description: "A rate at a time." });
const spikeNode = s.object({
  at: s.duration({ description: "When the ramp up starts." }),
  ramp: s.withDefault(s.duration({ description: "Time to rise from the base to the peak." }), "0s"),
  hold: s.withDefault(s.duration({ description: "Time at the peak." }), "0s"),
  decay: s.optional(s.duration({ description: "Ramp down (default: same as ramp)." })),
  multiplier: s.number({ exclusiveMin: 0, description: "Peak rate as a multiple of the base." }),
}, { description: "A traffic spike multiplying the base curve." });

const rateNode = s.object({
  constant: s.optional(s.rate({ min: 0, max: MAX_RATE, description: "One rate for the whole run, e.g. 200/s." })),
  points: s.optional(s.array(ratePointNode, { minItems: 1, description: "Rates at times; linear ramps between them." })),
  steps: s.optional(s.array(ratePointNode, { minItems: 1, description: "Rates from each time on (piecewise constant)." })),
  diurnal: s.optional(s.object({
    mean: s.rate({ min: 0, max: MAX_RATE, description: "Mean rate over a period." }),
    amplitude: s.percent({ allowFraction: true, description: "Swing around the mean as a share of it." }),
    period: s.withDefault(positiveDuration("Length of one cycle."), "24h"),
    peakAt: s.withDefault(s.duration({ description: "Time of the peak from the run's start." }), "14h"),
  }, { description: "A daily (sinusoidal) cycle around a mean." })),
  replay: s.optional(replaySchema),
  spikes: s.withDefault(s.array(spikeNode, { description: "Spikes multiplying the base shape." }), []),
  growth: s.withDefault(s.number({ exclusiveMin: 0, description: "Multiply the whole curve (e.g. 1.3 for 30% growth)." }), 1),
}, { description: "The arrival rate over time: one base shape, optional spikes and growth." }).refine((rate, ctx) => {
  const shapes = (["constant", "points", "steps", "diurnal", "replay"] as const).filter((k) => rate[k] !== undefined);
  if (shapes.length !== 1) ctx.addProblem(shapes.length === 0 ? "give one base shape: constant, points, steps, diurnal or replay" : `give only one base shape, got ${shapes.join(" and ")}`);
});

const workloadNode = s.object({
  arrivals: s.withDefault(s.enumOf(["poisson", "deterministic"] as const, { description: "Open-loop arrival process over the rate curve." }), "poisson"),
  rate: s.optional(rateNode),
  closed: s.optional(s.object({
    users: s.integer({ min: 1, max: MAX_POPULATION, description: "Users, each waiting for an answer before thinking and sending again." }),
    thinkTime: distributionNode("Pause between a response and the user's next request."),
    ramp: s.withDefault(s.duration({ description: "Users start evenly over this time." }), "0s"),
  }, { description: "A closed loop: a fixed population of users." })),
  trace: s.optional(traceSchema),
  classes: s.withDefault(s.array(classNode, { description: "At least one, unless the scenario is batch-only." }), []),
}, { description: "Where requests come from and what they do." }).refine((w, ctx) => {
  const kinds = (["rate", "closed", "trace"] as const).filter((k) => w[k] !== undefined);
  if (kinds.length !== 1) ctx.addProblem(kinds.length === 0 ? "give one of rate (open loop), closed or trace" : `give only one of rate, closed and trace, got ${kinds.join(" and ")}`);
});

// ---------------------------------------------------------------- run settings and SLOs

const runNode = s.object({
  duration: s.duration({ exclusiveMin: 0, max: MAX_DURATION, description: "Simulated time, e.g. 1h." }),
  warmup: s.withDefault(s.duration({ description: "Excluded from statistics." }), "0s"),
  window: s.optional(s.duration({ exclusiveMin: 0, description: "Metrics window (default: chosen from the duration)." })),
  fidelity: s.withDefault(s.enumOf(["exact", "hybrid"] as const, { description: "exact: every request is simulated. hybrid: a fluid model stands in for most arrivals of calm windows, the discrete engine runs the rest (README: Hybrid fidelity); the Result's hybrid section states each window's mode and error estimate." }), "exact"),
  start: s.optional(wallClockNode("The wall-clock time the run's time 0 stands for, for exported metrics and series (the CLI's --start overrides it); the simulation itself does not use it.")),
}, { description: "How long to simulate." }).refine((run, ctx) => {
  if (run.warmup >= run.duration) ctx.addProblem(`must be shorter than duration (${formatDurationMs(run.duration)}), got ${formatDurationMs(run.warmup)}`, "warmup");
  if (run.window !== undefined && run.duration / run.window > MAX_WINDOWS) {
    ctx.addProblem(`gives ${Math.ceil(run.duration / run.window).toLocaleString("en-US")} windows over the duration, more than the ${MAX_WINDOWS.toLocaleString("en-US")} a run may keep; use a window of at least ${formatDurationMs(run.duration / MAX_WINDOWS)}`, "window");
  }
});

const QUANTILE_PATTERN = /^p(\d+(?:\.\d+)?)$/;
const sloNode = s.object({
  name: nameNode("SLO"),
  class: s.optional(nameNode("request class")),
  service: s.optional(nameNode("service", "Mechanism SLOs: the replicated service, database or cache judged.")),
  region: s.optional(nameNode("region", "rpo and rto: judge a region's DNS failover (its databases' RPO, its RTO) instead of one database.")),
  detector: s.optional(nameNode("detector", "detectionTime and falseSuspicionsPerHour: the failure detector (or the health-checked service) judged.")),
  policy: s.optional(s.enumOf(["fifo", "easy-backfill"] as const, { description: "batchMeanWait and makespan: the batch queue policy judged." })),
  latency: s.optional(s.object({
    percentile: s.string({ pattern: QUANTILE_PATTERN, patternHint: 'a percentile like "p99" or "p99.9"', description: "Which percentile, e.g. p99." }),
    below: positiveDuration("The percentile must be below this."),
    windows: s.optional(s.percent({ description: "Also require this share of metrics windows to meet it." })),
  }, { description: "A latency objective: a percentile below a threshold." })),
  availability: s.optional(s.percent({ description: "Required share of successful requests, e.g. 99.95%." })),
  writesLost: s.optional(s.integer({ min: 0, description: "At most this many acknowledged writes lost (a replicated service or database: `service`)." })),
  writeAvailability: s.optional(s.percent({ description: "At least this share of writes acknowledged, of those acknowledged or failed (`service`)." })),
  rpo: s.optional(s.duration({ description: "Recovery point: at most this age span of acknowledged writes lost in any failover (`service`, a database, or `region`)." })),
  rto: s.optional(s.duration({ description: "Recovery time: every failover's writes unavailable at most this long (`service`, a database, or `region`); a failover that never recovered fails it." })),
  detectionTime: s.optional(s.duration({ description: "The longest time from a node going down to `detector` suspecting it (no detection: fails)." })),
  falseSuspicionsPerHour: s.optional(s.number({ min: 0, description: "At most this many suspicions of up nodes per hour of the run (`detector`)." })),
  batchMeanWait: s.optional(s.duration({ description: "Mean queue wait of started jobs under `policy`, at most." })),
  makespan: s.optional(s.duration({ description: "First submission to last completion under `policy`, at most (jobs left unfinished: fails)." })),
  cacheHitRatio: s.optional(s.percent({ description: "Hits over lookups of the cache `service`, at least." })),
  originPeak: s.optional(s.rate({ min: 0, description: "The busiest metrics window's origin requests per second of the cache `service`, at most." })),
}, { description: "A service-level objective: exactly one of latency, availability (over requests, optionally of one class) or a mechanism's figure (scoped by service, region, detector or policy)." }).refine((slo, ctx) => {
  const given = SLO_KIND_KEYS.filter((key) => slo[key] !== undefined);
  if (given.length !== 1) ctx.addProblem(`give exactly one of ${SLO_KIND_KEYS.join(", ")}${given.length > 1 ? `, got ${given.join(" and ")}` : ""}`);
  if (slo.latency) {
    const match = QUANTILE_PATTERN.exec(slo.latency.percentile);
    const q = match ? Number(match[1]) : NaN;
    if (!(q > 0 && q < 100)) ctx.addProblem(`must be between p0 and p100, got ${slo.latency.percentile}`, ["latency", "percentile"]);
  }
  if (given.length !== 1) return;
  const kind = given[0]!;
  const allowed: readonly string[] = kind === "latency" || kind === "availability" ? ["class"] : MECHANISM_SLO_KINDS[kind].scopes;
  for (const key of SLO_SCOPE_KEYS) {
    if (slo[key] !== undefined && !allowed.includes(key)) ctx.addProblem(`${kind} is not scoped by ${key}${allowed.length > 0 ? ` (it takes ${allowed.join(" or ")})` : ""}`, key);
  }
  if (kind !== "latency" && kind !== "availability" && allowed.every((key) => slo[key as SloScopeKey] === undefined)) {
    ctx.addProblem(`${kind} needs ${allowed.join(" or ")}: the ${allowed.join(" or ")} it judges`);
  }
});

/** The keys that give an SLO's kind (exactly one per SLO). */
const SLO_KIND_KEYS = ["latency", "availability", ...MECHANISM_SLO_KIND_NAMES] as const;
/** The keys that scope an SLO. */
const SLO_SCOPE_KEYS = ["class", "service", "region", "detector", "policy"] as const;
type SloScopeKey = (typeof SLO_SCOPE_KEYS)[number];

// ---------------------------------------------------------------- the scenario

/**
 * A suggested experiment: a labelled variant of the scenario made by `path=value` overrides
 * (the CLI's --set syntax), with what the author expects it to show. The browser offers each
 * as a button that runs the variant and opens the comparison; `clustersim run <scenario>
 * --set <override>` runs the same variant. They do not change the scenario's own run.
 */
const experimentNode = s.object({
  label: s.string({ minLength: 1, maxLength: 80, description: "Button text, e.g. \"Pre-scale to 10 nodes\"." }),
  overrides: s.array(s.string({ pattern: /^[^=\s]+=.+$/, patternHint: "path=value, as for --set, e.g. autoscaling[0].min=10", description: "A path=value override, as for --set, e.g. autoscaling[0].min=10." }), { minItems: 1, description: "The changes that make the variant." }),
  expectation: s.withDefault(s.string({ description: "What the variant should show, in a sentence." }), ""),
}, { description: "A suggested experiment." });

/** The scenario's sections; see {@link scenarioSchema}. */
const scenarioObject = s.object({
  version: s.literal(1, { description: "Scenario language version." }),
  name: nameNode("scenario"),
  description: s.withDefault(s.string({ description: "What the scenario teaches and what to look at." }), ""),
  seed: s.withDefault(s.integer({ min: 0, max: Number.MAX_SAFE_INTEGER, description: "Root random seed (the CLI's --seed overrides it)." }), 1),
  run: runNode,
  topology: s.withDefault(topologyNode, {}),
  services: s.withDefault(s.array(serviceNode, { description: "At least one, unless the scenario is batch-only." }), []),
  network: s.withDefault(networkNode, {}),
  workload: s.withDefault(workloadNode, { rate: { constant: "0/s" } }),
  slos: s.withDefault(s.array(sloNode, { description: "Service-level objectives the run is judged by." }), []),
  faults: s.withDefault(faultsSchema, []),
  detector: s.optional(detectorSchema),
  autoscaling: s.withDefault(s.array(autoscalerSchema, { description: "Autoscalers, one per group." }), []),
  rollingUpdates: s.withDefault(s.array(rollingUpdateSchema, { description: "Rolling updates to run." }), []),
  placement: s.optional(placementSchema),
  batch: s.optional(batchSchema),
  multiRegion: s.optional(multiRegionSchema),
  experiments: s.withDefault(s.array(experimentNode, { maxItems: 8, description: "Suggested experiments: variants the browser runs and compares in one click." }), []),
}, { description: "A clustersim scenario: a cluster, its traffic, its faults and its objectives. topology, services and workload are required unless the scenario has a batch section." });

/**
 * The whole scenario schema. A scenario simulates requests through services on node groups,
 * so topology.groups, services and workload (with classes) are required, except in a
 * batch-only scenario (a `batch` section: a job queue, a model of its own). The requirement is
 * checked on the raw input beside the sections' own checks, so every problem is still
 * reported at once, with the messages a required field or a minimum length gives.
 */
export const scenarioSchema = s.custom<Infer<typeof scenarioObject>, InferInput<typeof scenarioObject>>({
  expected: "a scenario",
  accepts: (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  jsonSchema: requestModelJsonSchema(scenarioObject.jsonSchema()),
  parse: (value, ctx) => {
    const before = ctx.problemCount;
    const scenario = scenarioObject.parse(value, ctx);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) checkRequestModel(value as Record<string, unknown>, ctx);
    return ctx.problemCount > before ? undefined : scenario;
  },
});

/** Reports a missing or empty topology.groups, services or workload.classes, unless batch-only. */
function checkRequestModel(data: Record<string, unknown>, ctx: ParseContext): void {
  if (data.batch !== undefined && data.batch !== null) return;
  const nonEmpty = (value: unknown, path: string[]) => {
    if (value === undefined || value === null) ctx.addProblem("required", path);
    else if (Array.isArray(value) && value.length === 0) ctx.addProblem("must have at least 1 item, got 0", path);
  };
  const topology = data.topology;
  if (topology === undefined || topology === null) ctx.addProblem("required", "topology");
  else if (typeof topology === "object" && !Array.isArray(topology)) nonEmpty((topology as Record<string, unknown>).groups, ["topology", "groups"]);
  nonEmpty(data.services, ["services"]);
  const workload = data.workload;
  if (workload === undefined || workload === null) ctx.addProblem("required", "workload");
  else if (typeof workload === "object" && !Array.isArray(workload)) nonEmpty((workload as Record<string, unknown>).classes, ["workload", "classes"]);
}

/** The same requirement in JSON Schema: without `batch`, those sections are required and non-empty. */
function requestModelJsonSchema(body: JsonSchema): JsonSchema {
  return {
    ...body,
    if: { not: { required: ["batch"] } },
    then: {
      required: ["topology", "services", "workload"],
      properties: {
        topology: { description: "Required unless batch-only.", required: ["groups"], properties: { groups: { description: "At least one.", minItems: 1 } } },
        services: { description: "At least one, unless batch-only.", minItems: 1 },
        workload: { description: "Required unless batch-only.", required: ["classes"], properties: { classes: { description: "At least one.", minItems: 1 } } },
      },
    },
  };
}

/** A validated scenario with engine units (ms, per second, fractions, bytes, $/h). */
export type Scenario = Infer<typeof scenarioSchema>;

/** JSON Schema of one call (hop), referenced recursively as #/$defs/call. */
export function callJsonSchema(): ReturnType<SchemaNode<HopValue, unknown>["jsonSchema"]> {
  return hopObject(1).jsonSchema();
}
