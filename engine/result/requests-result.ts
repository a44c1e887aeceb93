/**
 * The Result's request sections: what happened to requests overall (`requests`), per class
 * (`classes`), Little's law on the measured numbers (`littlesLaw`) and per service, as its
 * callers saw it (`services`). All cover the measurement period (requests that arrived after
 * warm-up); latencies in ms, rates per second, shares as fractions, `null` for no value.
 */
import type { LatencyHistogramJson } from "../metrics/histogram";
import type { LatencySummary } from "./common";

/** Requests of one class (or all classes) in the measurement period. */
export interface RequestSummary {
  /** Requests that arrived. */
  offered: number;
  /** Requests that finished, successfully or not. */
  completed: number;
  succeeded: number;
  failed: number;
  failedByCause: { timeout: number; rejected: number; unavailable: number; "circuit-open": number; error: number };
  /** Requests still in flight when the run ended (neither success nor failure). */
  inFlightAtEnd: number;
  /** Completed requests per second of measurement period. */
  throughputPerS: number;
  /** Successful requests per second. */
  goodputPerS: number;
  /** succeeded / completed (null when none completed). */
  successRate: number | null;
  latencyMs: LatencySummary;
  /** Retries and hedged attempts made on behalf of these requests (all hops). */
  retries: number;
  hedges: number;
  /** The full latency histogram, so replications and shards merge exactly. */
  histogram: LatencyHistogramJson;
}

/** Little's law on the measured numbers: L (time-average in system) vs lambda * W. */
export interface LittlesLaw {
  /** Time-average number of requests in the system over the measurement period. */
  meanInSystem: number;
  /** Arrival rate of measured requests, per second. */
  arrivalRatePerS: number;
  /** Mean time in system of completed measured requests (failures included), ms. */
  meanTimeInSystemMs: number | null;
  /** lambda * W. */
  predictedInSystem: number | null;
}

/** One service: the hops that called it. */
export interface ServiceSummary {
  name: string;
  /** Attempts sent to the service (first tries, retries and hedges). */
  attempts: number;
  succeeded: number;
  failedByCause: { timeout: number; rejected: number; unavailable: number; "circuit-open": number; error: number };
  /** Requests dropped by a deadline-aware queue (their caller had already given up). */
  droppedExpired: number;
  retries: number;
  hedges: number;
  /** Latency of successful attempts as the caller saw it (network + queue + service + downstream). */
  latencyMs: LatencySummary;
  /** Busy core-time of this service's jobs over the core-time of its groups' nodes while up. */
  utilisation: number | null;
  /** Time-average and maximum jobs of this service waiting in queues (node queues and its central queue). */
  queueLengthMean: number;
  queueLengthMax: number;
  /** Time-average and maximum attempts in flight to this service, from the callers' view. */
  inFlightMean: number;
  inFlightMax: number;
}
