/**
 * The response time (wait plus service) of an M/M/c FIFO queue, for the planner's analytic guess
 * and for the tests that check the planner against it.
 *
 * With Erlang C probability C that an arrival waits, the wait W is 0 with probability 1 - C and
 * otherwise exponential with rate theta = c mu - lambda (Harchol-Balter 2013, 14.4); the service
 * S is exponential with rate mu and independent of W. So
 *
 *   P(R > t) = (1 - C) e^(-mu t) + C P(W' + S > t),  W' ~ Exp(theta),
 *   P(W' + S > t) = (theta e^(-mu t) - mu e^(-theta t)) / (theta - mu)   (theta != mu),
 *                 = (1 + mu t) e^(-mu t)                                   (theta = mu),
 *
 * the tail of a hypoexponential sum. Quantiles invert it by bisection (it is continuous and
 * strictly decreasing in t). Units: rates per second as in engine/theory/queueing.ts,
 * times in ms.
 */
import { erlangC, offeredLoadErlangs, type MmcQueue } from "../theory/queueing";
import { dmath } from "../core/det-math";

/** Bisection steps for a quantile: the bracket shrinks by 2^-100, far below a histogram bucket. */
const QUANTILE_BISECTIONS = 100;

/** P(R > tMs) for the response time R of an M/M/c queue; 1 when the queue is unstable. */
export function mmcResponseExceedance(queue: MmcQueue & { tMs: number }): number {
  const loadErlangs = offeredLoadErlangs(queue);
  if (loadErlangs >= queue.servers) return 1;
  return responseTail({ waitProbability: erlangC(queue.servers, loadErlangs), servers: queue.servers, loadErlangs, serviceMeanMs: queue.serviceMeanMs, tMs: queue.tMs });
}

/** The tail formula of the file comment, given Erlang C; a stable queue (load < servers) only. */
function responseTail(terms: { waitProbability: number; servers: number; loadErlangs: number; serviceMeanMs: number; tMs: number }): number {
  const { waitProbability, tMs: t } = terms;
  if (t <= 0) return 1;
  const serviceRatePerMs = 1 / terms.serviceMeanMs;
  const drainRatePerMs = (terms.servers - terms.loadErlangs) / terms.serviceMeanMs;
  const serviceTail = dmath.exp(-serviceRatePerMs * t);
  const difference = drainRatePerMs - serviceRatePerMs;
  const sumTail =
    Math.abs(difference) < 1e-12 * serviceRatePerMs
      ? (1 + serviceRatePerMs * t) * serviceTail
      : (drainRatePerMs * serviceTail - serviceRatePerMs * dmath.exp(-drainRatePerMs * t)) / difference;
  return (1 - waitProbability) * serviceTail + waitProbability * sumTail;
}

/** The `quantile` of the M/M/c response time, in ms; Infinity when the queue is unstable. */
export function mmcResponseQuantileMs(queue: MmcQueue & { quantile: number }): number {
  if (offeredLoadErlangs(queue) >= queue.servers) return Infinity;
  const tail = 1 - queue.quantile;
  let low = 0;
  let high = queue.serviceMeanMs;
  while (mmcResponseExceedance({ ...queue, tMs: high }) > tail) high *= 2;
  for (let i = 0; i < QUANTILE_BISECTIONS && high - low > 1e-12 * high; i++) {
    const middle = (low + high) / 2;
    if (mmcResponseExceedance({ ...queue, tMs: middle }) > tail) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * The smallest number of servers whose response-time `quantile` is below `targetMs`, searching
 * the stable counts (above A) up to `serversMax`; Infinity if none is. A target at
 * or below the bare service time's quantile can never be met (more servers remove waiting, not
 * service), which the search detects and reports as Infinity at once.
 */
export function smallestServersForResponse(options: { arrivalRatePerS: number; serviceMeanMs: number; quantile: number; targetMs: number; serversMax?: number }): number {
  const { arrivalRatePerS, serviceMeanMs, quantile, targetMs } = options;
  const serviceQuantileMs = -dmath.log1p(-quantile) * serviceMeanMs;
  if (!(targetMs > serviceQuantileMs)) return Infinity;
  const loadErlangs = offeredLoadErlangs({ arrivalRatePerS, serviceMeanMs });
  const serversMax = options.serversMax ?? 1_000_000;
  // Erlang B by its recursion B(k) = A B(k-1) / (k + A B(k-1)), updated as servers grow, so the
  // search costs O(answer) steps; Erlang C follows as c B / (c - A (1 - B)).
  let blocking = 1;
  for (let servers = 1; servers <= serversMax; servers++) {
    blocking = (loadErlangs * blocking) / (servers + loadErlangs * blocking);
    if (loadErlangs >= servers) continue;
    const waitProbability = (servers * blocking) / (servers - loadErlangs * (1 - blocking));
    // P(R > target) <= 1 - quantile is the same as "the quantile is at most the target".
    if (responseTail({ waitProbability, servers, loadErlangs, serviceMeanMs, tMs: targetMs }) <= 1 - quantile) return servers;
  }
  return Infinity;
}
