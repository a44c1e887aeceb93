/**
 * A client-side circuit breaker on one hop, consecutive-failures style (as in Hystrix,
 * resilience4j's COUNT_BASED window of size 1, or Envoy's consecutive-5xx outlier detection).
 *
 * Closed, it lets every attempt through and counts consecutive failed attempts; at
 * `failuresToOpen` it opens. Open, it fails calls fast (cause "circuit-open", no attempt sent)
 * for `openMs`. Then it is half-open: the next attempt goes through as the one probe; the
 * probe's success closes the breaker, its failure opens it again for another `openMs`. Other
 * attempts fail fast while the probe is out. One breaker per hop per request class, shared by
 * every request of the class (StepRuntime.breaker), as one client library instance would be.
 */
import type { BreakerSpec } from "./spec";

/** Breaker states. */
export const BREAKER_CLOSED = 0;
export const BREAKER_OPEN = 1;
export const BREAKER_HALF_OPEN = 2;

/** Verdicts of {@link CircuitBreaker.admit}: fail the call fast, send the attempt, send it as the probe. */
export const VERDICT_FAIL_FAST = 0;
export const VERDICT_PASS = 1;
export const VERDICT_PROBE = 2;

/** Where the breaker writes its transitions: the run's timeline (ClusterModel.note). */
export interface BreakerTimeline {
  note(kind: string, subject: string, detail: string): void;
}

/** The breaker of one hop: its state machine and counters. */
export class CircuitBreaker {
  /** BREAKER_CLOSED, BREAKER_OPEN or BREAKER_HALF_OPEN. */
  state = BREAKER_CLOSED;
  /** Consecutive failed attempts seen (a success resets it). */
  failures = 0;
  /** When an open breaker turns half-open, ms. */
  openUntilMs = 0;
  /** A half-open breaker has let its probe through and waits for its outcome. */
  probeInFlight = false;

  constructor(
    readonly spec: BreakerSpec,
    /** The hop's label (StepRuntime.label), the subject of timeline entries. */
    readonly label: string,
  ) {}

  /** Whether an attempt may be sent at `nowMs`: VERDICT_PASS, VERDICT_PROBE or VERDICT_FAIL_FAST. */
  admit(nowMs: number): number {
    if (this.state === BREAKER_CLOSED) return VERDICT_PASS;
    if (this.state === BREAKER_OPEN && nowMs >= this.openUntilMs) {
      this.state = BREAKER_HALF_OPEN;
      this.probeInFlight = false;
    }
    if (this.state === BREAKER_HALF_OPEN && !this.probeInFlight) {
      this.probeInFlight = true;
      return VERDICT_PROBE;
    }
    return VERDICT_FAIL_FAST;
  }

  /**
   * Records the outcome of an attempt (`probe`: it was the half-open probe) at `nowMs`, and
   * notes opening and closing on `timeline`. A probe's failure reopens the breaker silently.
   */
  record(probe: boolean, ok: boolean, nowMs: number, timeline: BreakerTimeline): void {
    if (probe) {
      this.probeInFlight = false;
      if (ok) {
        this.state = BREAKER_CLOSED;
        this.failures = 0;
        timeline.note("breaker-closed", this.label, "probe succeeded");
      } else {
        this.state = BREAKER_OPEN;
        this.openUntilMs = nowMs + this.spec.openMs;
      }
      return;
    }
    if (ok) {
      this.failures = 0;
    } else if (++this.failures >= this.spec.failuresToOpen && this.state === BREAKER_CLOSED) {
      this.state = BREAKER_OPEN;
      this.openUntilMs = nowMs + this.spec.openMs;
      timeline.note("breaker-open", this.label, `${this.failures} consecutive failures`);
    }
  }

  /**
   * The probe's call ended before the probe's outcome was recorded (its parent gave up on it,
   * or a hedge of it failed fast): the next attempt may probe.
   */
  probeAbandoned(): void {
    this.probeInFlight = false;
  }
}
