/**
 * Monotonicity checks over the candidates a search evaluated. The search assumes that more
 * capacity never hurts; real systems break that (a retry storm that a larger pool feeds, a
 * metastable state one size enters and another avoids, a balancer that does worse with more
 * nodes), and a plan must say so rather than bisect across it silently.
 *
 * Two kinds, for every pair where one candidate has at least the other's value of every
 * variable:
 * - verdict: the smaller passed and the larger failed (both decided);
 * - metric: an SLO's value is significantly worse at the larger one. Thanks to common random
 *   numbers, replication i of both saw the same traffic, so the per-seed differences are paired
 *   and their t-interval is narrow; "significant" means the interval at the plan's confidence
 *   excludes zero on the worse side, by at least 10 % of the threshold, over at least 3 pairs.
 */
import { confidenceInterval } from "../theory/inference";
import { sloDirection, sloUnit } from "../result/headline-metrics";
import type { SloCheck } from "./evidence";
import type { MonotonicityViolation } from "./report";
import type { CandidateEvidence } from "./replications";
import type { Candidate } from "./space";

/** Violations found, at most `reportedMax` (verdict ones first), in a deterministic order. */
export function monotonicityViolations(options: {
  evaluated: ReadonlyArray<{ candidate: Candidate; evidence: CandidateEvidence }>;
  checks: readonly SloCheck[];
  confidence: number;
  reportedMax?: number;
}): MonotonicityViolation[] {
  const { evaluated, checks, confidence } = options;
  const verdicts: MonotonicityViolation[] = [];
  const metrics: MonotonicityViolation[] = [];
  for (const small of evaluated) {
    for (const large of evaluated) {
      if (!dominates(large.candidate.indexes, small.candidate.indexes)) continue;
      if (small.evidence.verdict === "pass" && large.evidence.verdict === "fail") {
        verdicts.push({ kind: "verdict", smaller: small.candidate.label, larger: large.candidate.label, detail: `${small.candidate.label} meets every SLO but ${large.candidate.label} does not` });
      }
      const worse = pairedWorsening({ small: small.evidence, large: large.evidence, checks, confidence });
      if (worse !== null) metrics.push({ kind: "metric", smaller: small.candidate.label, larger: large.candidate.label, detail: worse });
    }
  }
  return [...verdicts, ...metrics].slice(0, options.reportedMax ?? 20);
}

/** True when `a` has at least `b`'s index everywhere and is not equal to it. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let larger = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return false;
    if (a[i]! > b[i]!) larger = true;
  }
  return larger;
}

/** A sentence about the first check and case that got significantly worse, or null. */
function pairedWorsening(options: { small: CandidateEvidence; large: CandidateEvidence; checks: readonly SloCheck[]; confidence: number }): string | null {
  const { small, large, checks, confidence } = options;
  for (const smallCase of small.cases) {
    const largeCase = large.cases.find((c) => c.name === smallCase.name);
    if (largeCase === undefined) continue;
    for (let c = 0; c < checks.length; c++) {
      const a = smallCase.values[c]!;
      const b = largeCase.values[c]!;
      const n = Math.min(a.length, b.length);
      const differences: number[] = [];
      for (let i = 0; i < n; i++) if (a[i] !== null && b[i] !== null) differences.push(b[i]! - a[i]!);
      if (differences.length < 3) continue;
      const ci = confidenceInterval(differences, confidence);
      // Latency (and every lower-is-better mechanism figure) is worse when larger; availability,
      // window shares and higher-is-better mechanism figures are worse when smaller.
      // Differences below 10 % of the threshold (of the allowed shortfall for shares) are
      // histogram resolution and dispatch noise, and with many pairs compared some would look
      // significant by chance; the breakdowns this check is for (retry storms, metastable
      // states) are far larger.
      const check = checks[c]!;
      const lower = sloDirection(check.kind) === "lower";
      const relevant = Math.abs(ci.mean) >= 0.1 * (lower ? check.target : 1 - check.target);
      const worse = relevant && (lower ? ci.low > 0 : ci.high < 0);
      if (worse) {
        const unit = sloUnit(check.kind) === "ms" ? " ms" : "";
        const change = `${ci.mean > 0 ? "+" : ""}${Number(ci.mean.toPrecision(3))}${unit}`;
        return `${check.name} in ${smallCase.name} is worse with more capacity: ${change} on average over ${differences.length} paired replications (interval ${Number(ci.low.toPrecision(3))} .. ${Number(ci.high.toPrecision(3))})`;
      }
    }
  }
  return null;
}
