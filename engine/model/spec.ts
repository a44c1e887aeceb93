/**
 * ModelSpec: the compiled, unit-free description of a cluster the model runs.
 *
 * `engine/scenario/` turns a human scenario file ("250ms", names, defaults) into this plain
 * structure: every duration in ms, every rate per second, every reference an integer index.
 * The model never sees names except to label its results. Keeping this layer separate lets
 * tests and benchmarks build models directly, and keeps validation out of the hot path.
 *
 * A compiled scenario is a RunSpec (run-spec.ts): this ModelSpec of the request core plus the
 * spec of each mechanism (faults, caches, operations, data tier), all made by one compile pass.
 */
import type { DistributionSpec } from "../core/distributions";
import type { MechanismSloSpec, SloSpec } from "../metrics/slo";
import type { RateProfile } from "./rate-profile";

export type { SloSpec };

/** A failure domain leaf. Zones belong to regions; racks are optional subdivisions. */
export interface ZoneSpec {
  name: string;
  region: string;
  /** Racks in the zone, in order (absent or empty when the scenario names none). */
  racks?: string[];
}

/** A homogeneous group of nodes. */
export interface GroupSpec {
  name: string;
  /** Number of nodes at the start of the run. */
  count: number;
  /** Cores per node: requests served in parallel. */
  cores: number;
  /** Relative speed; a service time is divided by it (2 = twice as fast). */
  speed: number;
  /** Requests that may wait per node beyond those in service; Infinity for unbounded. */
  queueCapacity: number;
  /** Zones the nodes are spread over, round-robin in this order (indexes into zones). */
  zoneIndexes: number[];
  /** Price per node-hour, currency units. */
  pricePerHour: number;
}

/** How a balancer picks a node for each call. */
export type BalancerPolicy =
  | "round-robin"
  | "random"
  | "least-outstanding"
  | "power-of-choices"
  | "weighted"
  | "central-queue"
  | "hash";

/** A service deployed on one or more groups, behind one balancer. */
export interface ServiceSpec {
  name: string;
  /** Groups whose nodes run this service (indexes into groups). */
  groupIndexes: number[];
  policy: BalancerPolicy;
  /** Candidates sampled by power-of-choices (d). */
  choices: number;
  /** Per-group weights for the weighted policy, parallel to groupIndexes. */
  weights: number[];
  /** Default service time at speed 1, ms; a request class may override it per hop. */
  serviceTime: DistributionSpec;
  /** Drop a queued request whose caller's deadline has passed before service starts. */
  deadlineAware: boolean;
  /** Patience of a queued request: it leaves the queue when this runs out (null: no abandonment). */
  patience: DistributionSpec | null;
}

/** Retries of one hop after a failure (timeout, rejection, error). */
export interface RetrySpec {
  /** Retries after the first attempt (0 = none). */
  attemptsMax: number;
  /** Backoff before retry k (1-based) is min(backoffMaxMs, backoffMs * multiplier^(k-1)). */
  backoffMs: number;
  multiplier: number;
  backoffMaxMs: number;
  /** "full": uniform in [0, b]; "equal": b/2 + uniform [0, b/2]; "none": b. */
  jitter: "none" | "full" | "equal";
  /**
   * Retry budget as a ratio of retries to first attempts (gRPC/Finagle style token bucket:
   * each first attempt deposits `budgetRatio` tokens, a retry spends one); Infinity = no budget.
   */
  budgetRatio: number;
}

/** A client-side circuit breaker on one hop (consecutive-failures style). */
export interface BreakerSpec {
  /** Open after this many consecutive failures. */
  failuresToOpen: number;
  /** Stay open (failing fast) for this long, then let one probe through (half-open). */
  openMs: number;
}

/** One hop of a request class: a call to a service, then its downstream stages. */
export interface StepSpec {
  serviceIndex: number;
  /** Service time at this hop for this class; the service's default when undefined. */
  serviceTime: DistributionSpec | undefined;
  /** The caller gives up on an attempt after this long; Infinity = never. */
  timeoutMs: number;
  retry: RetrySpec;
  /** Send a duplicate attempt if no answer after this long (hedged request); Infinity = off. */
  hedgeAfterMs: number;
  breaker: BreakerSpec | undefined;
  /** Downstream calls made after this hop's own work, stage by stage. */
  stages: StageSpec[];
  /** Request and response sizes, bytes (for bandwidth delay; 0 = ignore). */
  requestBytes: number;
  responseBytes: number;
}

/** A stage of downstream calls: `count` parallel calls, done when `waitFor` succeed. */
export interface StageSpec {
  step: StepSpec;
  count: number;
  waitFor: number;
}

/** A request class: a weighted share of the workload with its own call path. */
export interface ClassSpec {
  name: string;
  weight: number;
  root: StepSpec;
}

/** Network latency model. */
export interface NetworkSpec {
  /** One-way latency between nodes of the same zone (and a node to itself), ms. */
  sameZone: DistributionSpec;
  /** One-way latency between zones of one region, ms. */
  crossZone: DistributionSpec;
  /** One-way latency between regions, ms. */
  crossRegion: DistributionSpec;
  /** Explicit zone-pair latencies that override the defaults (both directions). */
  zonePairs: Array<{ fromZone: number; toZone: number; latency: DistributionSpec }>;
  /** One-way latency from clients to an entry service's node, ms. */
  client: DistributionSpec;
  /** Probability a message is lost; the caller then times out. */
  lossProbability: number;
  /** Link bandwidth for message sizes, bytes per ms; Infinity = sizes cost nothing. */
  bandwidthBytesPerMs: number;
}

/**
 * Where requests come from. An open workload's classes are drawn by their weights, unless
 * `classProfiles` gives each class its own recorded rate (by class index; `profile` is then
 * their sum, with spikes and growth): an arrival at t is of class i with probability
 * rate_i(t) / sum of rates at t. A trace's `classIndexes`, when given, is each arrival's class.
 */
export type WorkloadSpec =
  | { kind: "open"; arrivals: "poisson" | "deterministic"; profile: RateProfile; classProfiles?: RateProfile[] }
  | { kind: "trace"; timestampsMs: Float64Array; classIndexes?: Int32Array }
  | { kind: "closed"; users: number; thinkTime: DistributionSpec; rampMs: number };

/** Everything the model needs for one run. */
export interface ModelSpec {
  name: string;
  durationMs: number;
  warmupMs: number;
  windowMs: number;
  zones: ZoneSpec[];
  groups: GroupSpec[];
  services: ServiceSpec[];
  network: NetworkSpec;
  classes: ClassSpec[];
  workload: WorkloadSpec;
  /** The request SLOs (latency, availability). */
  slos: SloSpec[];
  /** SLOs over the mechanisms' figures, judged on the finished Result's sections; absent when none. */
  mechanismSlos?: MechanismSloSpec[];
}
