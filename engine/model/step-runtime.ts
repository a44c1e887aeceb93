/**
 * A hop of a request class, compiled for the run: its service and balancer resolved, its
 * service-time distribution built, and the caller-side state that belongs to the hop (the
 * retry budget's tokens and the circuit breaker of circuit-breaker.ts). One StepRuntime per
 * hop per request class, shared by every request of that class, as one client library
 * instance would be.
 */
import { createDistribution, type Distribution } from "../core/distributions";
import type { RandomStream } from "../core/rng";
import type { Balancer } from "./balancer";
import { CircuitBreaker } from "./circuit-breaker";
import type { StepSpec } from "./spec";
import type { TimeoutList } from "./timeout-list";
import { dmath } from "../core/det-math";

/** Retry-budget bucket capacity, tokens: bounds the burst of retries after a quiet period. */
export const RETRY_BUDGET_TOKENS_MAX = 100;

/** One hop of one request class at run time (see the file comment). */
export class StepRuntime {
  readonly serviceIndex: number;
  readonly serviceTime: Distribution;
  readonly timeoutMs: number;
  readonly stages: Array<{ step: StepRuntime; count: number; waitFor: number }> = [];
  /** Retry budget tokens (each first attempt adds budgetRatio, each retry spends 1). */
  budgetTokens = RETRY_BUDGET_TOKENS_MAX;
  /** The hop's circuit breaker; null when the hop has none. */
  readonly breaker: CircuitBreaker | null;
  /** Services whose balancer this hop uses (set by the model). */
  balancer: Balancer;
  /** Armed timeouts of this hop's attempts; null when the hop has no timeout. */
  timeouts: TimeoutList | null = null;

  constructor(
    readonly spec: StepSpec,
    /** Stable label for streams and reports: "<class>/<service>" plus the path in the tree. */
    readonly label: string,
    readonly classIndex: number,
    defaultServiceTime: Distribution,
    balancer: Balancer,
    /** Stream for retry jitter. */
    readonly jitterStream: RandomStream,
  ) {
    this.serviceIndex = spec.serviceIndex;
    this.serviceTime = spec.serviceTime === undefined ? defaultServiceTime : createDistribution(spec.serviceTime);
    this.timeoutMs = spec.timeoutMs;
    this.balancer = balancer;
    this.breaker = spec.breaker === undefined ? null : new CircuitBreaker(spec.breaker, label);
  }

  /** Backoff before retry number `retry` (1-based), ms, with the configured jitter. */
  backoffMs(retry: number): number {
    const r = this.spec.retry;
    const baseMs = Math.min(r.backoffMaxMs, r.backoffMs * dmath.pow(r.multiplier, retry - 1));
    switch (r.jitter) {
      case "none": return baseMs;
      case "full": return this.jitterStream.next() * baseMs;
      case "equal": return baseMs / 2 + (this.jitterStream.next() * baseMs) / 2;
    }
  }
}
