/**
 * The hybrid engine's accuracy gate (issue 15): a hybrid Result against the exact Result of
 * the same scenario and seed. Used by the shortened gate test in the suite
 * (hybrid-accuracy.test.ts) and by the full benchmark (bench/hybrid.ts), so both judge by
 * the same rule.
 *
 * Criteria, each reported with its measured figure:
 * - identical SLO verdicts (by name);
 * - availability (succeeded / completed) within 0.05 percentage points;
 * - failed requests within 10 %, or within 3 sqrt(f + 1) of the exact run's f failures: two
 *   runs that draw different (but equally valid) arrivals differ by Poisson noise, which for a
 *   handful of failures is larger than 10 %;
 * - per-window p99 within 10 % wherever the exact window holds at least `minWindowSamples`
 *   successes (fewer leave the exact p99 itself too noisy to compare);
 * - autoscaler decisions (scale-ups, scale-downs, peak nodes) identical, or their difference
 *   listed: a fluid window's autoscaler sees the expected utilisation, not the sampled one,
 *   so a decision on the edge of its tolerance can fall the other way (the figures say so).
 */
import type { Result } from "../result/result";

/** How a hybrid Result compares with the exact one. */
export interface GateReport {
  slosIdentical: boolean;
  availabilityDiffPp: number;
  failedExact: number;
  failedHybrid: number;
  /** |hybrid - exact| / max(exact, 1). */
  failedRelDiff: number;
  failedOk: boolean;
  windowsCompared: number;
  /** Largest |p99 hybrid / p99 exact - 1| over the compared windows (0 when none). */
  p99RelDiffMax: number;
  /** Compared windows whose p99 differs by more than 10 %. */
  p99WindowsOver: number;
  /** Per autoscaler: "group: ups a/b, downs c/d, peak e/f" (exact/hybrid) when they differ. */
  autoscalerDifferences: string[];
  /** All criteria but the autoscalers' (which may differ when explained) hold. */
  passed: boolean;
}

/** Compares `hybrid` with `exact` (same scenario and seed). */
export function compareWithExact(exact: Result, hybrid: Result, minWindowSamples = 2000): GateReport {
  const verdict = (r: Result) => r.slos.map((s) => `${s.name}:${s.passed}`).join(",");
  const availability = (r: Result) => (r.requests.completed > 0 ? r.requests.succeeded / r.requests.completed : 1);
  const availabilityDiffPp = Math.abs(availability(hybrid) - availability(exact)) * 100;
  const failedExact = exact.requests.failed;
  const failedHybrid = hybrid.requests.failed;
  const failedRelDiff = Math.abs(failedHybrid - failedExact) / Math.max(failedExact, 1);
  const failedOk = failedRelDiff <= 0.1 || Math.abs(failedHybrid - failedExact) <= 3 * Math.sqrt(failedExact + 1);
  const e = exact.series;
  const h = hybrid.series;
  let windowsCompared = 0;
  let p99RelDiffMax = 0;
  let p99WindowsOver = 0;
  for (let i = 0; i < e.startMs.length && i < h.startMs.length; i++) {
    const samples = (e.succeededPerS[i]! * e.windowMs) / 1000;
    const pe = e.latencyP99Ms[i];
    const ph = h.latencyP99Ms[i];
    if (samples < minWindowSamples || pe === null || pe === undefined || ph === null || ph === undefined || pe <= 0) continue;
    windowsCompared++;
    const diff = Math.abs(ph / pe - 1);
    if (diff > p99RelDiffMax) p99RelDiffMax = diff;
    if (diff > 0.1) p99WindowsOver++;
  }
  const autoscalerDifferences: string[] = [];
  exact.autoscaling.forEach((a, i) => {
    const b = hybrid.autoscaling[i];
    if (b === undefined) return;
    if (a.scaleUps !== b.scaleUps || a.scaleDowns !== b.scaleDowns || a.nodesPeak !== b.nodesPeak) {
      autoscalerDifferences.push(`${a.group}: ups ${a.scaleUps}/${b.scaleUps}, downs ${a.scaleDowns}/${b.scaleDowns}, peak ${a.nodesPeak}/${b.nodesPeak}`);
    }
  });
  const slosIdentical = verdict(exact) === verdict(hybrid);
  return {
    slosIdentical, availabilityDiffPp, failedExact, failedHybrid, failedRelDiff, failedOk,
    windowsCompared, p99RelDiffMax, p99WindowsOver, autoscalerDifferences,
    passed: slosIdentical && availabilityDiffPp <= 0.05 && failedOk && p99WindowsOver === 0,
  };
}
