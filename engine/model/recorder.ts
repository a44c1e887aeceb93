/**
 * The recorder: what the model reports as it runs, kept in bounded memory.
 *
 * Every request's latency goes into mergeable log histograms (overall, per class, per
 * service hop, and per-window histograms that are summarised and reset at each window's end);
 * counters go into small typed arrays. Nothing keeps a per-request list, so memory does not
 * grow with run length: only the per-window series grow, by a few numbers per window.
 *
 * Requests count in the statistics when they arrive after warm-up ("measured"); a request
 * that arrived during warm-up and finishes after it is not counted anywhere but the series.
 * That holds for every counter here: per request, per class, per service hop (attempts,
 * retries, hedges, failures, latencies, queue waits); each job carries its request's flag.
 */
import { LatencyHistogram } from "../metrics/histogram";
import { CAUSE_TIMEOUT, FAILURE_CAUSES } from "./records";

const CAUSE_COUNT = FAILURE_CAUSES.length;

/**
 * Queue waits of the attempts (jobs) that reached a node or a central queue. The wait of an
 * attempt is the time from its arrival at the node (or the service's central queue) to the
 * start of its service; an attempt that found a free core waits 0.
 */
export class WaitTally {
  /** Attempts that reached their node or central queue (served, queued, rejected or abandoned later). */
  arrived = 0;
  /** Of those, attempts that found no free core and joined a queue (their wait is > 0). */
  queued = 0;
  /** Of those, attempts that left the queue when their patience ran out. */
  abandoned = 0;
  /** Waits of the attempts that started service (zeros included), ms. */
  readonly waitMs = new LatencyHistogram();
}

/** Counters and histograms of one request class (or of all requests). */
export class RequestTally {
  offered = 0;
  succeeded = 0;
  failed = 0;
  failedByCause = new Float64Array(CAUSE_COUNT);
  retries = 0;
  hedges = 0;
  /** Sum of time in system of completed requests, ms (failures included). */
  timeInSystemSumMs = 0;
  readonly latency = new LatencyHistogram();
  /** Queue waits of these requests' attempts at every hop. */
  readonly waits = new WaitTally();
}

/** Counters of one service's hops. */
export class ServiceTally {
  attempts = 0;
  succeeded = 0;
  failedByCause = new Float64Array(CAUSE_COUNT);
  droppedExpired = 0;
  /**
   * Attempts whose caller stopped waiting with no answer of theirs: a hedge's or a retry's
   * sibling that lost, or the calls of a stage its job gave up. Not in the Result (an exact
   * run's attempts are its outcomes, these and the ones in flight at the end); the hybrid
   * engine credits a fluid window's attempts over the same three (engine/hybrid/tally-snapshot.ts).
   */
  cancelled = 0;
  retries = 0;
  hedges = 0;
  readonly latency = new LatencyHistogram();
  readonly waits = new WaitTally();
}

/** Which level of a service {@link ServiceLevels} tracks. */
export const LEVEL_BUSY = 0;
export const LEVEL_QUEUED = 1;
export const LEVEL_IN_FLIGHT = 2;
const LEVEL_COUNT = 3;

/**
 * Per-service levels over time: jobs in service (busy cores), jobs queued (node queues and the
 * central queue), and attempts in flight from the callers' view. Each level's time integral
 * and maximum cover the measurement period (after warm-up) only.
 */
export class ServiceLevels {
  readonly value: Float64Array;
  readonly integral: Float64Array;
  readonly max: Float64Array;
  /**
   * Per level: where its integral continues from, ms: the time of its last change, or the end
   * of warm-up if later (the integral counts after warm-up only). Kept clamped so a change
   * reads it without comparing it to the warm-up again (this runs several times per request).
   */
  private readonly fromMs: Float64Array;

  constructor(serviceCount: number, private readonly warmupMs: number) {
    this.value = new Float64Array(serviceCount * LEVEL_COUNT);
    this.integral = new Float64Array(serviceCount * LEVEL_COUNT);
    this.max = new Float64Array(serviceCount * LEVEL_COUNT);
    this.fromMs = new Float64Array(serviceCount * LEVEL_COUNT).fill(warmupMs);
  }

  /** Changes level `level` of service `service` by `delta` at `nowMs`. */
  change(service: number, level: number, delta: number, nowMs: number): void {
    const i = service * LEVEL_COUNT + level;
    const fromMs = this.fromMs[i]!;
    if (nowMs > fromMs) {
      this.integral[i]! += this.value[i]! * (nowMs - fromMs);
      this.fromMs[i] = nowMs;
    }
    const value = (this.value[i]! += delta);
    if (nowMs >= this.warmupMs && value > this.max[i]!) this.max[i] = value;
  }

  /** Time-average of a level over the measurement period ending at `endMs`. */
  mean(service: number, level: number, endMs: number): number {
    this.change(service, level, 0, endMs);
    const span = endMs - this.warmupMs;
    return span > 0 ? this.integral[service * LEVEL_COUNT + level]! / span : 0;
  }

  maxOf(service: number, level: number): number {
    return this.max[service * LEVEL_COUNT + level]!;
  }
}

/** One window's counters, reset at each window's end. */
export class WindowTally {
  offered = 0;
  succeeded = 0;
  failed = 0;
  readonly latency = new LatencyHistogram();
  readonly classSucceeded: Float64Array;
  readonly classFailed: Float64Array;
  readonly classLatency: LatencyHistogram[];
  constructor(classCount: number) {
    this.classSucceeded = new Float64Array(classCount);
    this.classFailed = new Float64Array(classCount);
    // With one class its window histogram is the overall one (recorded once).
    this.classLatency = classCount === 1 ? [this.latency] : Array.from({ length: classCount }, () => new LatencyHistogram());
  }
  reset(): void {
    this.offered = this.succeeded = this.failed = 0;
    this.latency.reset();
    this.classSucceeded.fill(0);
    this.classFailed.fill(0);
    for (const h of this.classLatency) if (h !== this.latency) h.reset();
  }
}

export class Recorder {
  readonly overall = new RequestTally();
  readonly classes: RequestTally[];
  readonly services: ServiceTally[];
  readonly window: WindowTally;
  readonly serviceLevels: ServiceLevels;
  /** Requests in the system now (all, measured or not) and its time integral after warm-up. */
  inSystem = 0;
  private inSystemIntegral = 0;
  private inSystemWindowIntegral = 0;
  private inSystemLastMs = 0;
  /** Measured requests still in flight (for inFlightAtEnd). */
  measuredInFlight: Float64Array;

  /** With one class, its tallies are the overall ones: recorded once, reported twice. */
  private readonly singleClass: boolean;

  constructor(classCount: number, serviceCount: number, private readonly warmupMs: number) {
    this.singleClass = classCount === 1;
    this.classes = this.singleClass ? [this.overall] : Array.from({ length: classCount }, () => new RequestTally());
    this.services = Array.from({ length: serviceCount }, () => new ServiceTally());
    this.window = new WindowTally(classCount);
    this.serviceLevels = new ServiceLevels(serviceCount, warmupMs);
    this.measuredInFlight = new Float64Array(classCount);
  }

  /** A request arrived; returns whether it is measured. */
  requestArrived(classIndex: number, nowMs: number): boolean {
    this.advanceInSystem(nowMs);
    this.inSystem++;
    this.window.offered++;
    if (nowMs < this.warmupMs) return false;
    this.overall.offered++;
    if (!this.singleClass) this.classes[classIndex]!.offered++;
    this.measuredInFlight[classIndex]!++;
    return true;
  }

  /** A request finished. `cause` is a CAUSE_* code when it failed. */
  requestFinished(classIndex: number, measured: boolean, ok: boolean, cause: number, latencyMs: number, nowMs: number): void {
    this.advanceInSystem(nowMs);
    this.inSystem--;
    const current = this.window;
    if (ok) {
      current.succeeded++;
      current.latency.record(latencyMs);
      current.classSucceeded[classIndex]!++;
      if (current.classLatency[classIndex] !== current.latency) current.classLatency[classIndex]!.record(latencyMs);
    } else {
      current.failed++;
      current.classFailed[classIndex]!++;
    }
    if (!measured) return;
    this.measuredInFlight[classIndex]!--;
    this.tallyFinished(this.overall, ok, cause, latencyMs);
    if (!this.singleClass) this.tallyFinished(this.classes[classIndex]!, ok, cause, latencyMs);
  }

  private tallyFinished(tally: RequestTally, ok: boolean, cause: number, latencyMs: number): void {
    tally.timeInSystemSumMs += latencyMs;
    if (ok) {
      tally.succeeded++;
      tally.latency.record(latencyMs);
    } else {
      tally.failed++;
      tally.failedByCause[cause]!++;
    }
  }

  /** A hop's attempt of a measured request or not (`measured`) was sent. */
  attemptSent(serviceIndex: number, measured: boolean): void {
    if (measured) this.services[serviceIndex]!.attempts++;
  }

  /** A hop's attempt ended from the caller's view. */
  attemptFinished(serviceIndex: number, measured: boolean, ok: boolean, cause: number, latencyMs: number): void {
    if (!measured) return;
    const tally = this.services[serviceIndex]!;
    if (ok) {
      tally.succeeded++;
      tally.latency.record(latencyMs);
    } else {
      tally.failedByCause[cause < 0 ? CAUSE_TIMEOUT : cause]!++;
    }
  }

  /** A hop's attempt stopped being waited for without an answer (see ServiceTally.cancelled). */
  attemptCancelled(serviceIndex: number, measured: boolean): void {
    if (measured) this.services[serviceIndex]!.cancelled++;
  }

  /** A retry (or hedge) was sent on behalf of a request of `classIndex`. */
  extraAttempt(classIndex: number, serviceIndex: number, measured: boolean, hedge: boolean): void {
    if (!measured) return;
    const service = this.services[serviceIndex]!;
    if (hedge) service.hedges++;
    else service.retries++;
    const tallyClass = this.classes[classIndex]!;
    const alias = tallyClass === this.overall;
    if (hedge) {
      this.overall.hedges++;
      if (!alias) tallyClass.hedges++;
    } else {
      this.overall.retries++;
      if (!alias) tallyClass.retries++;
    }
  }

  /**
   * An attempt of a request of `classIndex` reached its node or central queue at service
   * `serviceIndex`; `queued` when it found no free core and joined a queue.
   */
  reachedQueue(serviceIndex: number, classIndex: number, measured: boolean, queued: boolean): void {
    if (!measured) return;
    const service = this.services[serviceIndex]!.waits;
    service.arrived++;
    if (queued) service.queued++;
    if (this.singleClass) return;
    const cls = this.classes[classIndex]!.waits;
    cls.arrived++;
    if (queued) cls.queued++;
  }

  /** An attempt started service after waiting `waitMs` since it reached its node or central queue. */
  serviceStarted(serviceIndex: number, classIndex: number, measured: boolean, waitMs: number): void {
    if (!measured) return;
    this.services[serviceIndex]!.waits.waitMs.record(waitMs);
    if (!this.singleClass) this.classes[classIndex]!.waits.waitMs.record(waitMs);
  }

  /** A queued attempt left its queue when its patience ran out. */
  abandoned(serviceIndex: number, classIndex: number, measured: boolean): void {
    if (!measured) return;
    this.services[serviceIndex]!.waits.abandoned++;
    if (!this.singleClass) this.classes[classIndex]!.waits.abandoned++;
  }

  /**
   * The overall waits: every measured attempt counts at exactly one service, so the overall
   * tally is the merge of the services' (kept there only, to record each wait once on the hot
   * path; with one class its tally is the overall one). Call before reading `overall.waits`.
   */
  mergeOverallWaits(): void {
    const overall = this.overall.waits;
    overall.arrived = overall.queued = overall.abandoned = 0;
    overall.waitMs.reset();
    for (const service of this.services) {
      overall.arrived += service.waits.arrived;
      overall.queued += service.waits.queued;
      overall.abandoned += service.waits.abandoned;
      overall.waitMs.merge(service.waits.waitMs);
    }
  }

  /** Time-average of requests in system over [fromMs, toMs] since the last window reset. */
  takeWindowInSystem(nowMs: number, windowMs: number): number {
    this.advanceInSystem(nowMs);
    const mean = windowMs > 0 ? this.inSystemWindowIntegral / windowMs : 0;
    this.inSystemWindowIntegral = 0;
    return mean;
  }

  /**
   * Adds `areaMs` (requests x ms) to the time integrals of requests in system, for requests a
   * fluid model stood in for after warm-up (engine/hybrid/).
   */
  addInSystemArea(areaMs: number): void {
    this.inSystemWindowIntegral += areaMs;
    this.inSystemIntegral += areaMs;
  }

  /** Time-average requests in system over the measurement period ending at `endMs`. */
  meanInSystem(endMs: number): number {
    this.advanceInSystem(endMs);
    const span = endMs - this.warmupMs;
    return span > 0 ? this.inSystemIntegral / span : 0;
  }

  private advanceInSystem(nowMs: number): void {
    const dt = nowMs - this.inSystemLastMs;
    if (dt > 0) {
      const area = this.inSystem * dt;
      this.inSystemWindowIntegral += area;
      // Only the part after warm-up counts towards Little's law.
      if (nowMs > this.warmupMs) {
        const measuredDt = nowMs - Math.max(this.inSystemLastMs, this.warmupMs);
        this.inSystemIntegral += this.inSystem * measuredDt;
      }
      this.inSystemLastMs = nowMs;
    }
  }
}
