/**
 * The Result's request sections: what happened to requests overall (`requests`), per class
 * (`classes`), Little's law on the measured numbers (`littlesLaw`) and per service, as its
 * callers saw it (`services`). All cover the measurement period: every counter, latency and
 * wait counts only requests that arrived after warm-up (and, per service, only the attempts
 * made for them), wherever they are counted; latencies in ms, rates per second, shares as
 * fractions, `null` for no value.
 *
 * Which requests each figure covers:
 * - `offered` and `offeredPerS`: every request that arrived (offered load, as arrivals).
 * - `succeeded` and `goodputPerS`: requests answered successfully (served, goodput).
 * - `failed`, `failedPerS` and `failedByCause`: requests that ended in a failure, by cause.
 * - `latencyMs` and `histogram`: successful requests only (time from arrival to answer).
 * - `littlesLaw.meanTimeInSystemMs`: every completed request, failures included.
 * - `queueWait`: every attempt, at every hop, that reached a node or central queue.
 */
import type { LatencyHistogramJson } from "../metrics/histogram";
import type { LatencySummary } from "./common";

/**
 * Failures by cause, one cause per failure: what happened to the request, not how its caller
 * found out (a caller with a timeout learns of a crash by timing out; the cause is the crash).
 * - `timeout`: the caller's timeout fired while the request was still being worked on
 *   (travelling, queued, in service or waiting for its own downstream calls), or after the
 *   network silently lost it or its answer (a partition, message loss).
 * - `rejected`: a full queue refused it.
 * - `unavailable`: the balancer had no eligible node.
 * - `circuit-open`: the caller's circuit breaker failed it fast.
 * - `error`: the network lost the request or its answer on a hop without a timeout.
 * - `node-down`: it was sent to a node that was down (crashed, not yet back) when it arrived.
 * - `crashed`: it was queued or in service on a node when the node crashed.
 * - `abandoned`: it left a queue when its patience (the service's `patience`) ran out.
 * For a request, the cause is its root hop's; a downstream failure passes its cause up.
 */
export interface FailureCounts {
  timeout: number;
  rejected: number;
  unavailable: number;
  "circuit-open": number;
  error: number;
  "node-down": number;
  crashed: number;
  abandoned: number;
}

/**
 * Queue waits. The wait of an attempt is service start minus its arrival at the node; for a
 * service with a central queue the arrival is at the central queue, so the time there counts.
 * Only attempts of measured requests count; every hop's attempts count (per class and overall:
 * the attempts of those requests at all their hops; for a one-hop request, one per attempt).
 */
export interface QueueWaitSummary {
  /** Attempts that reached their node or central queue (started at once, queued, or rejected by a full queue). */
  arrived: number;
  /** Of `arrived`: attempts that found every core busy and joined a queue (wait > 0). */
  queued: number;
  /** Of `queued`: attempts that left the queue when their patience ran out. */
  abandoned: number;
  /** queued / arrived: the probability of waiting, P(W > 0), of an arrival (null when none arrived). */
  waitedShare: number | null;
  /** abandoned / arrived: the probability of abandonment of an arrival (null when none arrived). */
  abandonedShare: number | null;
  /** Waits of the attempts that started service (zero waits included; abandoned ones excluded), ms. */
  waitMs: LatencySummary;
}

/** Requests of one class (or all classes) in the measurement period. */
export interface RequestSummary {
  /** Requests that arrived (the offered load, as a count). */
  offered: number;
  /** Requests that finished, successfully or not. */
  completed: number;
  succeeded: number;
  failed: number;
  failedByCause: FailureCounts;
  /** Requests still in flight when the run ended (neither success nor failure). */
  inFlightAtEnd: number;
  /** Offered load: requests that arrived, per second of measurement period. */
  offeredPerS: number;
  /** Goodput: successful requests per second of measurement period. */
  goodputPerS: number;
  /** Failed requests per second of measurement period (every cause). */
  failedPerS: number;
  /** succeeded / completed (null when none completed). */
  successRate: number | null;
  /** Latency of successful requests only, from arrival to answer. */
  latencyMs: LatencySummary;
  /** Queue waits of these requests' attempts at every hop. */
  queueWait: QueueWaitSummary;
  /** Retries and hedged attempts made on behalf of these requests (all hops). */
  retries: number;
  hedges: number;
  /** The full latency histogram of successful requests, so replications and shards merge exactly. */
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
  /** Attempts sent to the service (first tries, retries and hedges) for measured requests. */
  attempts: number;
  succeeded: number;
  failedByCause: FailureCounts;
  /** Requests dropped by a deadline-aware queue (their caller had already given up). */
  droppedExpired: number;
  retries: number;
  hedges: number;
  /** Latency of successful attempts as the caller saw it (network + queue + service + downstream). */
  latencyMs: LatencySummary;
  /** Busy core-time of this service's jobs over the core-time of its groups' nodes while up. */
  utilisation: number | null;
  /** Queue waits of the attempts that reached this service's nodes (or its central queue). */
  queueWait: QueueWaitSummary;
  /** Time-average and maximum jobs of this service waiting in queues (node queues and its central queue). */
  queueLengthMean: number;
  queueLengthMax: number;
  /** Time-average and maximum attempts in flight to this service, from the callers' view. */
  inFlightMean: number;
  inFlightMax: number;
}
