/**
 * Inference over replications: is a figure known well enough, and do two configurations
 * really differ? Each replication of a run gives one number (a p99, a success rate), and the
 * replications are independent samples of it.
 *
 * - {@link confidenceInterval}: the Student-t interval for the mean of those samples, which
 *   the planner's evidence rule (engine/plan/evidence.ts) compares with an SLO threshold.
 * - {@link welchTTest}: Welch's two-sample t-test for equal means without assuming equal
 *   variances, for comparing two sets of replications.
 *
 * Samples come as plain arrays or as a {@link RunningStats} (engine/metrics/running-stats.ts);
 * the t distribution is engine/core/distributions/student-t.ts.
 */
import { ParameterError } from "../core/assert";
import { studentTQuantile, studentTUpperTail } from "../core/distributions/student-t";
import { RunningStats } from "../metrics/running-stats";

/** A two-sided confidence interval for a mean. Plain data with a fixed key order. */
export interface ConfidenceInterval {
  /** Sample mean; NaN when there are no samples. */
  mean: number;
  /** Half the interval's width; Infinity when n < 2 (one sample says nothing about spread). */
  halfWidth: number;
  /** mean - halfWidth (-Infinity when n < 2). */
  low: number;
  /** mean + halfWidth (+Infinity when n < 2). */
  high: number;
  /** Number of samples. */
  n: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
}

function statsOf(samples: ArrayLike<number> | RunningStats): RunningStats {
  return samples instanceof RunningStats ? samples : RunningStats.of(samples);
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new ParameterError("level", `expected a confidence level in (0, 1), got ${level}`);
}

/**
 * The Student-t confidence interval for the mean of independent samples (for example one number
 * per replication): mean +- t_{(1 + level) / 2, n - 1} * s / sqrt(n).
 *
 * With n < 2 the spread is unknown, so `halfWidth` is Infinity and the interval is
 * (-Infinity, +Infinity); with n = 0 the mean is also NaN. (In JSON, infinities become `null`.)
 * @param level confidence level in (0, 1); default 0.95.
 * @throws ParameterError if `level` is outside (0, 1).
 */
export function confidenceInterval(samples: ArrayLike<number> | RunningStats, level = 0.95): ConfidenceInterval {
  checkLevel(level);
  const stats = statsOf(samples);
  const n = stats.count;
  const mean = stats.mean;
  if (n < 2) return { mean, halfWidth: Infinity, low: -Infinity, high: Infinity, n, level };
  const halfWidth = studentTQuantile((1 + level) / 2, n - 1) * Math.sqrt(stats.variance / n);
  return { mean, halfWidth, low: mean - halfWidth, high: mean + halfWidth, n, level };
}

/** The result of {@link welchTTest}. */
export interface WelchTTestResult {
  /** The t statistic (mean_a - mean_b) / sqrt(s_a^2 / n_a + s_b^2 / n_b). */
  t: number;
  /** Welch-Satterthwaite degrees of freedom (fractional). */
  df: number;
  /** Two-sided p-value: P(|T| >= |t|) under equal means. */
  pValue: number;
  /** True if the means differ at confidence `level` (default 0.95), i.e. pValue < 1 - level. */
  significant(level?: number): boolean;
}

/**
 * Welch's two-sample t-test for equal means without assuming equal variances (Welch 1947), to
 * decide whether two sets of replications (two configurations) really differ.
 *
 * Each set needs at least two samples; otherwise t, df and pValue are NaN and `significant`
 * is false. If both sets have zero variance the test degenerates: equal means give t = 0 and
 * pValue 1, different means give t = +-Infinity and pValue 0, with df = n_a + n_b - 2.
 * @throws ParameterError from `significant` if its level is outside (0, 1).
 */
export function welchTTest(a: ArrayLike<number> | RunningStats, b: ArrayLike<number> | RunningStats): WelchTTestResult {
  const statsA = statsOf(a);
  const statsB = statsOf(b);
  const nA = statsA.count;
  const nB = statsB.count;
  if (nA < 2 || nB < 2) return welchResult(NaN, NaN, NaN);
  const errorA = statsA.variance / nA;
  const errorB = statsB.variance / nB;
  const standardError = Math.sqrt(errorA + errorB);
  const difference = statsA.mean - statsB.mean;
  if (standardError === 0) {
    const t = difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity;
    return welchResult(t, nA + nB - 2, difference === 0 ? 1 : 0);
  }
  const t = difference / standardError;
  const errorSum = errorA + errorB;
  const df = (errorSum * errorSum) / ((errorA * errorA) / (nA - 1) + (errorB * errorB) / (nB - 1));
  return welchResult(t, df, Math.min(1, 2 * studentTUpperTail(Math.abs(t), df)));
}

function welchResult(t: number, df: number, pValue: number): WelchTTestResult {
  return {
    t,
    df,
    pValue,
    significant(level = 0.95): boolean {
      checkLevel(level);
      return pValue < 1 - level;
    },
  };
}
