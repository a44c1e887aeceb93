/**
 * Closed-form queueing and availability results.
 *
 * Validation tests compare the simulator against these formulas, and the capacity planner uses
 * them for its analytic first guess before simulating. Sources: Kleinrock, "Queueing Systems,
 * Volume 1" (1975); Harchol-Balter, "Performance Modeling and Design of Computer Systems"
 * (2013), chapters 13-14 (M/M/1, M/M/c, Erlang B and C) and 23 (Pollaczek-Khinchine).
 *
 * Units, one convention throughout: arrival rates are per second (`arrivalRatePerS`), because
 * that is how scenarios state load; every time is in ms (`serviceMeanMs`, `waitTargetMs`), as
 * everywhere in the engine. The offered load in Erlangs is therefore
 * A = arrivalRatePerS * serviceMeanMs / 1000, and the utilisation of c servers is rho = A / c.
 *
 * "Wait" is the time in queue before service starts; "response" is wait plus service. An
 * unstable system (rho >= 1) has an unbounded queue: its waits and responses are Infinity,
 * never NaN. Invalid parameters throw a {@link ParameterError} naming the parameter.
 */
import { ParameterError } from "../core/assert";
import { dmath } from "../core/det-math";

/** A queue fed by Poisson arrivals. */
export interface ArrivalsAndService {
  /** Mean arrival rate, requests per second (>= 0, finite). */
  arrivalRatePerS: number;
  /** Mean service time of one request on one server, in ms (> 0, finite). */
  serviceMeanMs: number;
}

/** An M/M/c queue: Poisson arrivals, exponential service, `servers` identical servers, FIFO. */
export interface MmcQueue extends ArrivalsAndService {
  /** Number of servers, an integer >= 1. */
  servers: number;
}

function checkInteger(parameter: string, value: number, minimum: number): void {
  if (!(Number.isSafeInteger(value) && value >= minimum)) {
    throw new ParameterError(parameter, `expected an integer >= ${minimum}, got ${value}`);
  }
}

function checkProbability(parameter: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new ParameterError(parameter, `expected a probability in [0, 1], got ${value}`);
}

function checkArrivalsAndService({ arrivalRatePerS, serviceMeanMs }: ArrivalsAndService): void {
  if (!(arrivalRatePerS >= 0 && arrivalRatePerS < Infinity)) {
    throw new ParameterError("arrivalRatePerS", `expected a finite rate >= 0, got ${arrivalRatePerS}`);
  }
  if (!(serviceMeanMs > 0 && serviceMeanMs < Infinity)) {
    throw new ParameterError("serviceMeanMs", `expected a finite time > 0 ms, got ${serviceMeanMs}`);
  }
}

/**
 * The offered load in Erlangs, A = arrival rate * mean service time: the mean number of busy
 * servers if there were enough of them.
 * @throws ParameterError if the rate or service time is invalid.
 */
export function offeredLoadErlangs(queue: ArrivalsAndService): number {
  checkArrivalsAndService(queue);
  return (queue.arrivalRatePerS * queue.serviceMeanMs) / 1000;
}

/**
 * Erlang B: the probability that an arrival finds all `servers` busy and is lost, in an M/M/c/c
 * loss system with offered load A. Uses the recursion B(0) = 1,
 * B(k) = A B(k-1) / (k + A B(k-1)), which never overflows (unlike A^c / c!).
 * @param servers an integer >= 0.
 * @param offeredLoadErlangs A >= 0 (Infinity gives 1).
 * @throws ParameterError for a non-integer or negative `servers` or a negative or NaN load.
 */
export function erlangB(servers: number, offeredLoadErlangs: number): number {
  checkInteger("servers", servers, 0);
  if (!(offeredLoadErlangs >= 0)) throw new ParameterError("offeredLoadErlangs", `expected a load >= 0, got ${offeredLoadErlangs}`);
  if (offeredLoadErlangs === Infinity) return 1;
  let blocking = 1;
  for (let k = 1; k <= servers; k++) blocking = (offeredLoadErlangs * blocking) / (k + offeredLoadErlangs * blocking);
  return blocking;
}

/**
 * Erlang C: the probability that an arrival has to wait in an M/M/c queue with offered load A,
 * C = c B / (c - A (1 - B)) with B = {@link erlangB}(c, A). It is 1 when A >= c (the queue
 * grows without bound, so everyone waits).
 * @param servers an integer >= 1.
 * @param offeredLoadErlangs A >= 0.
 * @throws ParameterError for invalid `servers` or load.
 */
export function erlangC(servers: number, offeredLoadErlangs: number): number {
  checkInteger("servers", servers, 1);
  const blocking = erlangB(servers, offeredLoadErlangs);
  if (offeredLoadErlangs >= servers) return 1;
  return (servers * blocking) / (servers - offeredLoadErlangs * (1 - blocking));
}

/** Offered load and the rate (per ms) at which a waiting queue drains, c mu - lambda = (c - A) / S. */
function mmcTerms(queue: MmcQueue): { loadErlangs: number; drainRatePerMs: number } {
  checkInteger("servers", queue.servers, 1);
  const loadErlangs = offeredLoadErlangs(queue);
  return { loadErlangs, drainRatePerMs: (queue.servers - loadErlangs) / queue.serviceMeanMs };
}

/**
 * Mean wait in queue of an M/M/c queue, Wq = C / (c mu - lambda), in ms; Infinity if rho >= 1.
 * @throws ParameterError for invalid parameters.
 */
export function mmcMeanWaitMs(queue: MmcQueue): number {
  const { loadErlangs, drainRatePerMs } = mmcTerms(queue);
  if (loadErlangs >= queue.servers) return Infinity;
  return erlangC(queue.servers, loadErlangs) / drainRatePerMs;
}

/**
 * Mean response time (wait plus service) of an M/M/c queue, in ms; Infinity if rho >= 1.
 * @throws ParameterError for invalid parameters.
 */
export function mmcMeanResponseMs(queue: MmcQueue): number {
  return mmcMeanWaitMs(queue) + queue.serviceMeanMs;
}

/**
 * P(W > waitMs) for the wait W of an M/M/c queue: C exp(-(c mu - lambda) waitMs). The wait is
 * 0 with probability 1 - C and otherwise exponential with rate c mu - lambda. 1 if rho >= 1.
 * @throws ParameterError for invalid parameters or a negative `waitMs`.
 */
export function mmcWaitExceedanceProbability(queue: MmcQueue & { waitMs: number }): number {
  const { loadErlangs, drainRatePerMs } = mmcTerms(queue);
  if (!(queue.waitMs >= 0)) throw new ParameterError("waitMs", `expected a time >= 0 ms, got ${queue.waitMs}`);
  if (loadErlangs >= queue.servers) return 1;
  return erlangC(queue.servers, loadErlangs) * dmath.exp(-drainRatePerMs * queue.waitMs);
}

/**
 * The `quantile` of the wait in queue of an M/M/c queue, in ms: inverting
 * P(W > t) = C exp(-(c mu - lambda) t) gives t = ln(C / (1 - quantile)) / (c mu - lambda), and
 * 0 when quantile <= 1 - C (that share of requests never waits). Infinity if rho >= 1 or if
 * quantile = 1 and anyone waits.
 * @param queue.quantile a probability in [0, 1], e.g. 0.99.
 * @throws ParameterError for invalid parameters.
 */
export function mmcWaitQuantileMs(queue: MmcQueue & { quantile: number }): number {
  const { loadErlangs, drainRatePerMs } = mmcTerms(queue);
  checkProbability("quantile", queue.quantile);
  if (loadErlangs >= queue.servers) return Infinity;
  const waitProbability = erlangC(queue.servers, loadErlangs);
  const exceedance = 1 - queue.quantile;
  if (exceedance >= waitProbability) return 0;
  return dmath.log(waitProbability / exceedance) / drainRatePerMs;
}

/**
 * Mean response time of an M/M/1 queue, 1 / (mu - lambda) = S / (1 - rho), in ms;
 * Infinity if rho >= 1.
 * @throws ParameterError for invalid parameters.
 */
export function mm1MeanResponseMs(queue: ArrivalsAndService): number {
  const utilisation = offeredLoadErlangs(queue);
  if (utilisation >= 1) return Infinity;
  return queue.serviceMeanMs / (1 - utilisation);
}

/**
 * The `quantile` of the M/M/1 response time, in ms. Under FIFO the response time is
 * exponential with rate mu - lambda, so the quantile is -ln(1 - quantile) S / (1 - rho).
 * Infinity if rho >= 1 or quantile = 1.
 * @throws ParameterError for invalid parameters.
 */
export function mm1ResponseQuantileMs(queue: ArrivalsAndService & { quantile: number }): number {
  const utilisation = offeredLoadErlangs(queue);
  checkProbability("quantile", queue.quantile);
  if (utilisation >= 1) return Infinity;
  return (-dmath.log1p(-queue.quantile) * queue.serviceMeanMs) / (1 - utilisation);
}

/**
 * Mean wait in queue of an M/G/1 queue by the Pollaczek-Khinchine formula,
 * Wq = lambda E[S^2] / (2 (1 - rho)) with E[S^2] = variance + mean^2, in ms; Infinity if rho >= 1.
 * @param queue.serviceVarianceMs2 variance of the service time, in ms^2 (>= 0, finite).
 * @throws ParameterError for invalid parameters.
 */
export function mg1MeanWaitMs(queue: ArrivalsAndService & { serviceVarianceMs2: number }): number {
  const utilisation = offeredLoadErlangs(queue);
  const { serviceVarianceMs2, serviceMeanMs } = queue;
  if (!(serviceVarianceMs2 >= 0 && serviceVarianceMs2 < Infinity)) {
    throw new ParameterError("serviceVarianceMs2", `expected a finite variance >= 0 ms^2, got ${serviceVarianceMs2}`);
  }
  if (utilisation >= 1) return Infinity;
  const arrivalRatePerMs = queue.arrivalRatePerS / 1000;
  const serviceSecondMomentMs2 = serviceVarianceMs2 + serviceMeanMs * serviceMeanMs;
  return (arrivalRatePerMs * serviceSecondMomentMs2) / (2 * (1 - utilisation));
}

/**
 * Mean wait in queue of an M/D/1 queue (constant service time): Pollaczek-Khinchine with zero
 * variance, rho / (2 mu (1 - rho)) = rho S / (2 (1 - rho)), in ms, half the M/M/1 wait;
 * Infinity if rho >= 1.
 * @throws ParameterError for invalid parameters.
 */
export function md1MeanWaitMs(queue: ArrivalsAndService): number {
  return mg1MeanWaitMs({ ...queue, serviceVarianceMs2: 0 });
}

/** Options for {@link smallestServersForWait}. */
export interface ServersForWaitTarget extends ArrivalsAndService {
  /**
   * The wait-in-queue target, in ms. Without `quantile` it bounds the mean wait and must be > 0;
   * with `quantile` it bounds that quantile of the wait and may be 0 ("at most 1 - quantile of
   * requests wait at all").
   */
  waitTargetMs: number;
  /** If given, the target is on this quantile of the wait (e.g. 0.99) instead of the mean. */
  quantile?: number;
  /** Search budget: the largest server count tried. Default 1,000,000. */
  serversMax?: number;
}

/**
 * The smallest number of M/M/c servers whose wait in queue meets the target: the mean wait
 * ({@link mmcMeanWaitMs}) or, if `quantile` is given, that wait quantile
 * ({@link mmcWaitQuantileMs}) at most `waitTargetMs`. The search starts at the first stable
 * count, floor(A) + 1, and updates Erlang B incrementally, so it costs O(answer) steps.
 * Returns Infinity if no count up to `serversMax` meets the target.
 * @throws ParameterError for invalid parameters.
 */
export function smallestServersForWait(target: ServersForWaitTarget): number {
  const loadErlangs = offeredLoadErlangs(target);
  const { waitTargetMs, quantile, serviceMeanMs } = target;
  const serversMax = target.serversMax ?? 1_000_000;
  checkInteger("serversMax", serversMax, 1);
  if (quantile === undefined) {
    if (!(waitTargetMs > 0)) throw new ParameterError("waitTargetMs", `expected a mean-wait target > 0 ms, got ${waitTargetMs}`);
  } else {
    checkProbability("quantile", quantile);
    if (!(waitTargetMs >= 0)) throw new ParameterError("waitTargetMs", `expected a wait target >= 0 ms, got ${waitTargetMs}`);
  }
  let blocking = 1; // Erlang B with 0 servers.
  for (let servers = 1; servers <= serversMax; servers++) {
    blocking = (loadErlangs * blocking) / (servers + loadErlangs * blocking);
    if (loadErlangs >= servers) continue;
    const waitProbability = (servers * blocking) / (servers - loadErlangs * (1 - blocking));
    const drainRatePerMs = (servers - loadErlangs) / serviceMeanMs;
    if (quantile === undefined) {
      if (waitProbability / drainRatePerMs <= waitTargetMs) return servers;
    } else if (waitProbability * dmath.exp(-drainRatePerMs * waitTargetMs) <= 1 - quantile) {
      // P(W > target) <= 1 - quantile is the same as "the quantile is at most the target".
      return servers;
    }
  }
  return Infinity;
}

/**
 * Long-run fraction of time a repairable component is up, MTTF / (MTTF + MTTR) (an alternating
 * renewal process; the result holds for any up- and down-time distributions with these means).
 * @param times.mttfMs mean time to failure, in ms (> 0; Infinity for a component that never fails).
 * @param times.mttrMs mean time to repair, in ms (>= 0, finite).
 * @throws ParameterError for out-of-range times.
 */
export function steadyStateAvailability({ mttfMs, mttrMs }: { mttfMs: number; mttrMs: number }): number {
  if (!(mttfMs > 0)) throw new ParameterError("mttfMs", `expected a time > 0 ms, got ${mttfMs}`);
  if (!(mttrMs >= 0 && mttrMs < Infinity)) throw new ParameterError("mttrMs", `expected a finite time >= 0 ms, got ${mttrMs}`);
  if (mttfMs === Infinity) return 1;
  return mttfMs / (mttfMs + mttrMs);
}

/**
 * P(at least k of n independent nodes are up) when each is up with probability `a`: the
 * binomial upper tail, sum over i >= k of C(n, i) a^i (1 - a)^(n - i). For many nines use
 * {@link kOfNUnavailability}, which sums the other tail directly instead of losing digits to
 * 1 - availability.
 * @param k required number of up nodes, an integer in [0, n].
 * @param n number of nodes, an integer >= 0.
 * @param a each node's availability, in [0, 1].
 * @throws ParameterError for invalid `k`, `n` or `a`.
 */
export function kOfNAvailability(k: number, n: number, a: number): number {
  return binomialTails(k, n, a).atLeastK;
}

/**
 * P(fewer than k of n independent nodes are up), the complement of {@link kOfNAvailability},
 * summed directly so that tiny unavailabilities keep their digits.
 * @throws ParameterError for invalid `k`, `n` or `a`.
 */
export function kOfNUnavailability(k: number, n: number, a: number): number {
  return binomialTails(k, n, a).belowK;
}

/**
 * Both binomial tails, without overflow for large n: the terms are built relative to the mode
 * (the largest term, set to 1) by the ratio pmf(i + 1) / pmf(i) = (n - i) / (i + 1) * a / (1 - a),
 * walking up and down from it, then normalised by their total. A term j steps from the mode
 * carries about 3j roundings, and terms too small to matter underflow to 0 harmlessly, so each
 * tail keeps close to full relative precision however small it is.
 */
function binomialTails(k: number, n: number, a: number): { atLeastK: number; belowK: number } {
  checkInteger("n", n, 0);
  checkInteger("k", k, 0);
  if (k > n) throw new ParameterError("k", `expected at most n (${n}) required nodes, got ${k}`);
  checkProbability("a", a);
  if (k === 0 || a === 1) return { atLeastK: 1, belowK: 0 };
  if (a === 0) return { atLeastK: 0, belowK: 1 };
  const odds = a / (1 - a);
  const mode = Math.min(n, Math.floor((n + 1) * a));
  let atLeastK = 0;
  let belowK = 0;
  let term = 1;
  for (let i = mode; i <= n && term > 0; i++) {
    if (i >= k) atLeastK += term;
    else belowK += term;
    term *= ((n - i) / (i + 1)) * odds;
  }
  term = 1;
  for (let i = mode; i > 0 && term > 0; i--) {
    term *= i / ((n - i + 1) * odds); // now pmf(i - 1), relative to the mode
    if (i - 1 >= k) atLeastK += term;
    else belowK += term;
  }
  const total = atLeastK + belowK;
  return { atLeastK: atLeastK / total, belowK: belowK / total };
}
