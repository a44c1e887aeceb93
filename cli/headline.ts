/**
 * A run boiled down to one sweep line's payload: its headline metrics (engine/result/headline-metrics.ts)
 * and SLO verdicts.
 */
import { HEADLINE_METRICS, resultDigest, type Result } from "../engine";

/** A Result boiled down to its headline numbers and SLO verdicts (one sweep line's payload). */
export interface RunSummary {
  seed: number;
  events: number;
  /** {@link resultDigest} of the full Result: equal digests mean byte-identical Results. */
  digest: string;
  metrics: Record<string, number | null>;
  slos: Array<{ name: string; passed: boolean; measured: number | null }>;
  slosPassed: boolean;
}

/** The {@link RunSummary} of a Result. */
export function summarizeResult(result: Result): RunSummary {
  const metrics: Record<string, number | null> = {};
  for (const metric of HEADLINE_METRICS) metrics[metric.key] = metric.get(result);
  return {
    seed: result.seed,
    events: result.events,
    digest: resultDigest(result),
    metrics,
    slos: result.slos.map((slo) => ({ name: slo.name, passed: slo.passed, measured: slo.measured })),
    slosPassed: result.slosPassed,
  };
}
