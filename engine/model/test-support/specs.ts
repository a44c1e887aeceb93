/**
 * Builders for small ModelSpecs in tests and benchmarks: one zone, one or more groups, one
 * service per group, a single request class, Poisson arrivals at a constant rate. They skip
 * the scenario language on purpose (a model test states the exact spec it means); tiny
 * scenario texts are in engine/lessons/test-support/tiny-lesson.ts and
 * engine/plan/test-support/synthetic.ts.
 */
import type { DistributionSpec } from "../../core/distributions";
import { RateProfile } from "../rate-profile";
import type { BalancerPolicy, GroupSpec, ModelSpec, RetrySpec, ServiceSpec, SloSpec, StepSpec } from "../spec";

/** A retry policy that never retries. */
export const NO_RETRY: RetrySpec = { attemptsMax: 0, backoffMs: 0, multiplier: 1, backoffMaxMs: 0, jitter: "none", budgetRatio: Infinity };

/** A call step to service `serviceIndex`: no timeout, retry, hedge, breaker or stages unless overridden. */
export function step(serviceIndex: number, overrides: Partial<StepSpec> = {}): StepSpec {
  return {
    serviceIndex, serviceTime: undefined, timeoutMs: Infinity, retry: NO_RETRY, hedgeAfterMs: Infinity,
    breaker: undefined, stages: [], requestBytes: 0, responseBytes: 0, ...overrides,
  };
}

/** The knobs of {@link singleTier}: node count and cores, arrival rate per second, service time, run length in ms. */
export interface SingleTierOptions {
  nodes: number;
  cores: number;
  queueCapacity?: number;
  ratePerS: number;
  serviceTime: DistributionSpec;
  policy?: BalancerPolicy;
  durationMs: number;
  warmupMs?: number;
  windowMs?: number;
  slos?: SloSpec[];
  root?: Partial<StepSpec>;
  deadlineAware?: boolean;
  /** Patience of queued requests (abandonment); none by default. */
  patience?: DistributionSpec;
}

/** One group of identical nodes behind one balancer; zero network latency. */
export function singleTier(o: SingleTierOptions): ModelSpec {
  const group: GroupSpec = { name: "srv", count: o.nodes, cores: o.cores, speed: 1, queueCapacity: o.queueCapacity ?? Infinity, zoneIndexes: [0], pricePerHour: 1 };
  const service: ServiceSpec = {
    name: "svc", groupIndexes: [0], policy: o.policy ?? "round-robin", choices: 2, weights: [1],
    serviceTime: o.serviceTime, deadlineAware: o.deadlineAware ?? false, patience: o.patience ?? null,
  };
  const zero: DistributionSpec = { type: "constant", value: 0 };
  return {
    name: "test",
    durationMs: o.durationMs,
    warmupMs: o.warmupMs ?? 0,
    windowMs: o.windowMs ?? Math.max(1000, o.durationMs / 100),
    zones: [{ name: "z1", region: "r1" }],
    groups: [group],
    services: [service],
    network: { sameZone: zero, crossZone: zero, crossRegion: zero, zonePairs: [], client: zero, lossProbability: 0, bandwidthBytesPerMs: Infinity },
    classes: [{ name: "req", weight: 1, root: step(0, o.root) }],
    workload: { kind: "open", arrivals: "poisson", profile: RateProfile.fromPoints([{ atMs: 0, ratePerS: o.ratePerS }]) },
    slos: o.slos ?? [],
  };
}
