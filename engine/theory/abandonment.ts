/**
 * Queues with impatient customers: M/M/n+G, where each waiting customer abandons when its
 * patience (drawn from G) runs out before service starts. Covers M/M/1+D and M/M/n+D
 * (deterministic patience) and Erlang-A, M/M/n+M (exponential patience).
 *
 * The method is the virtual waiting time of Baccelli & Hebuterne ("On queues with impatient
 * customers", Performance '81, 1981), in the form of Zeltyn & Mandelbaum ("Call centers with
 * impatient customers: many-server asymptotics of the M/M/n+G queue", Queueing Systems 51,
 * 2005, section 2; also Zeltyn's thesis, Technion 2005). With a = lambda / mu, the states with
 * j < n busy servers have probabilities pi_j = pi_0 a^j / j!, and the offered wait V (the wait
 * of a customer with infinite patience) has, for x > 0, the density
 *
 *   v(x) = lambda pi_{n-1} exp(lambda H(x) - n mu x),   H(x) = integral_0^x (1 - G(u)) du,
 *
 * with sum_j pi_j + integral v = 1. Arrivals see time averages (PASTA), so an arrival waits
 * with probability P(V > 0) = integral v, abandons with probability integral v(x) G(x) dx, and
 * the mean wait of those served is integral x (1 - G(x)) v(x) dx / (1 - P(abandon)).
 * A check: with G = 0 (no abandonment) H(x) = x and P(V > 0) is Erlang C.
 *
 * Deterministic patience D (M/M/n+D, Brandt & Brandt, "On the M(n)/M(n)/s queue with impatient
 * calls", Performance Evaluation 35, 1999): H(x) = min(x, D), so with b = lambda - n mu every
 * integral has a closed form (below). For n = 1 this is Barrer's M/M/1+D (Operations Research
 * 5, 1957): P(abandon) = (1 - rho) rho e^{bD} / (1 - rho^2 e^{bD}).
 *
 * Exponential patience with mean 1/theta (Erlang-A; Garnett, Mandelbaum & Reiman, "Designing a
 * call center with impatient customers", M&SOM 4, 2002): H(x) = (1 - e^{-theta x}) / theta. GMR
 * write the integrals with incomplete gamma functions; here they are integrated numerically
 * (adaptive Simpson, relative tolerance 1e-13 per segment, over segments growing out to where
 * the integrand is negligible); the tests check the limits (Erlang C for long patience, Erlang B
 * for very short) to 1e-4.
 *
 * Units as in queueing.ts: arrival rates per second, times in ms.
 */
import { ParameterError } from "../core/assert";
import { dmath } from "../core/det-math";
import { offeredLoadErlangs, type MmcQueue } from "./queueing";

/** Patience of waiting customers: a constant (deterministic) or exponential with a mean. */
export type Patience = { kind: "constant"; ms: number } | { kind: "exponential"; meanMs: number };

/** What an arrival experiences in an M/M/n+G queue. */
export interface ImpatientQueueFigures {
  /** P(an arrival finds every server busy and waits), the probability of waiting. */
  waitProbability: number;
  /** P(an arrival abandons before its service starts). */
  abandonProbability: number;
  /** Mean wait of the customers who are served (zero waits included), ms. */
  meanWaitServedMs: number;
}

/**
 * Probability of waiting, of abandonment and mean wait of served customers of an M/M/n+G queue
 * with the given patience (see the file comment for the formulas and sources). Any load is
 * allowed: abandonment keeps the queue stable even when lambda >= n mu.
 * @throws ParameterError for invalid parameters.
 */
export function impatientQueue(queue: MmcQueue & { patience: Patience }): ImpatientQueueFigures {
  const n = queue.servers;
  if (!(Number.isSafeInteger(n) && n >= 1)) throw new ParameterError("servers", `expected an integer >= 1, got ${n}`);
  const a = offeredLoadErlangs(queue);
  const lambda = queue.arrivalRatePerS / 1000;
  const nMu = n / queue.serviceMeanMs;
  const patience = queue.patience;
  const patienceMs = patience.kind === "constant" ? patience.ms : patience.meanMs;
  if (!(patienceMs > 0 && patienceMs < Infinity)) throw new ParameterError("patience", `expected a finite time > 0 ms, got ${patienceMs}`);
  // pi_j / pi_{n-1} for j < n, summed: a^j / j! over a^{n-1} / (n-1)!, from j = n-1 down.
  let ratio = 1;
  let belowN = 1;
  for (let j = n - 1; j > 0; j--) {
    ratio *= j / a;
    belowN += ratio;
  }
  const { waiting, abandoning, servedWaitSum } = patience.kind === "constant"
    ? constantPatienceIntegrals(lambda, nMu, patience.ms)
    : exponentialPatienceIntegrals(lambda, nMu, 1 / patience.meanMs);
  // pi_{n-1} (belowN + lambda waiting) = 1.
  const piTop = 1 / (belowN + lambda * waiting);
  const abandonProbability = piTop * lambda * abandoning;
  return {
    waitProbability: piTop * lambda * waiting,
    abandonProbability,
    meanWaitServedMs: (piTop * lambda * servedWaitSum) / (1 - abandonProbability),
  };
}

/** The integrals of e^{lambda H(x) - n mu x} with 1, G(x) and x (1 - G(x)), for G a step at D. */
function constantPatienceIntegrals(lambda: number, nMu: number, d: number): { waiting: number; abandoning: number; servedWaitSum: number } {
  const b = lambda - nMu;
  const ebd = dmath.exp(b * d);
  // Beyond D: integral_D^inf e^{lambda D - n mu x} dx = e^{bD} / (n mu).
  const tail = ebd / nMu;
  const small = Math.abs(b * d) < 1e-9;
  const head = small ? d : (ebd - 1) / b;
  const servedWaitSum = small ? (d * d) / 2 : (ebd * (b * d - 1) + 1) / (b * b);
  return { waiting: head + tail, abandoning: tail, servedWaitSum };
}

/** The same integrals for exponential patience with rate theta, numerically. */
function exponentialPatienceIntegrals(lambda: number, nMu: number, theta: number): { waiting: number; abandoning: number; servedWaitSum: number } {
  const exponent = (x: number): number => (lambda * -dmath.expm1(-theta * x)) / theta - nMu * x;
  return {
    waiting: integrateToInfinity((x) => dmath.exp(exponent(x)), theta, nMu),
    abandoning: integrateToInfinity((x) => -dmath.expm1(-theta * x) * dmath.exp(exponent(x)), theta, nMu),
    servedWaitSum: integrateToInfinity((x) => x * dmath.exp(exponent(x) - theta * x), theta, nMu),
  };
}

/**
 * integral_0^inf f, for an f that decays at least like e^{-n mu x} once x >> 1/theta: adaptive
 * Simpson over segments that double in length from min(1/theta, 1/(n mu)), until a segment adds
 * less than 1e-15 of the total (and at least 60 segments' worth of growth has been covered).
 */
function integrateToInfinity(f: (x: number) => number, theta: number, nMu: number): number {
  let from = 0;
  let length = Math.min(1 / theta, 1 / nMu) / 4;
  let total = 0;
  for (let segment = 0; segment < 200; segment++) {
    const part = adaptiveSimpson(f, from, from + length, 1e-13, 40);
    total += part;
    from += length;
    if (from * nMu > 60 && from * theta > 60 && Math.abs(part) <= 1e-15 * Math.abs(total)) return total;
    length *= 1.5;
  }
  return total;
}

function adaptiveSimpson(f: (x: number) => number, a: number, b: number, tolerance: number, depth: number): number {
  const fa = f(a);
  const fb = f(b);
  const m = (a + b) / 2;
  const fm = f(m);
  return simpsonStep(f, a, b, fa, fm, fb, ((b - a) / 6) * (fa + 4 * fm + fb), tolerance, depth);
}

function simpsonStep(f: (x: number) => number, a: number, b: number, fa: number, fm: number, fb: number, whole: number, tolerance: number, depth: number): number {
  const m = (a + b) / 2;
  const lm = (a + m) / 2;
  const rm = (m + b) / 2;
  const flm = f(lm);
  const frm = f(rm);
  const left = ((m - a) / 6) * (fa + 4 * flm + fm);
  const right = ((b - m) / 6) * (fm + 4 * frm + fb);
  const delta = left + right - whole;
  if (depth <= 0 || Math.abs(delta) <= 15 * tolerance * Math.max(1e-300, Math.abs(left + right))) return left + right + delta / 15;
  return simpsonStep(f, a, m, fa, flm, fm, left, tolerance, depth - 1) + simpsonStep(f, m, b, fm, frm, fb, right, tolerance, depth - 1);
}
