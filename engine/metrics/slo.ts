/**
 * Service-level objectives and their verdicts.
 *
 * - latency: the q-quantile of successful requests' latency over the measurement period must
 *   be below a threshold; optionally also a minimum share of metrics windows meeting it.
 * - availability: the share of successful requests (succeeded / completed) must reach a
 *   target. Its error budget is the failures the target allows, (1 - target) x completed; the
 *   run reports how much of it was burned (failures / budget; above 1 means blown).
 */

/** An SLO as the model evaluates it (units resolved, names resolved to indexes). */
export type SloSpec =
  | {
      kind: "latency";
      name: string;
      /** Index into the classes, or -1 for all requests. */
      classIndex: number;
      /** Quantile in (0, 1): 0.99 for p99. */
      quantile: number;
      thresholdMs: number;
      /** Share of windows that must meet the threshold; 0 = judge the whole run only. */
      windowsShareMin: number;
    }
  | {
      kind: "availability";
      name: string;
      classIndex: number;
      /** Required share of successful requests, e.g. 0.9995. */
      target: number;
    };

/** The verdict on one SLO. */
export interface SloOutcome {
  name: string;
  kind: "latency" | "availability";
  /** The class judged, or "all". */
  class: string;
  passed: boolean;
  /** Human-readable objective, e.g. "p99 < 300 ms" or "availability >= 99.95%". */
  objective: string;
  /** The measured value: latency in ms, or availability as a fraction (null when no data). */
  measured: number | null;
  target: number;
  /** Latency SLOs with windows: share of windows (with requests) meeting the threshold. */
  windowsMeetingShare: number | null;
  /** Availability SLOs: allowed failures, failures, and burned share of the budget. */
  errorBudget: { allowedFailures: number; failures: number; burned: number | null } | null;
}

/** Judges a latency SLO. `measuredMs` null means no successful request (fails). */
export function judgeLatency(spec: Extract<SloSpec, { kind: "latency" }>, options: { className: string; measuredMs: number | null; windowsMeetingShare: number | null }): SloOutcome {
  const runPassed = options.measuredMs !== null && options.measuredMs < spec.thresholdMs;
  const windowsPassed = spec.windowsShareMin <= 0 || (options.windowsMeetingShare !== null && options.windowsMeetingShare >= spec.windowsShareMin);
  const label = quantileLabel(spec.quantile);
  const windowsText = spec.windowsShareMin > 0 ? ` in ${formatShare(spec.windowsShareMin)} of windows` : "";
  return {
    name: spec.name,
    kind: "latency",
    class: options.className,
    passed: runPassed && windowsPassed,
    objective: `${label} < ${spec.thresholdMs} ms${windowsText}`,
    measured: options.measuredMs,
    target: spec.thresholdMs,
    windowsMeetingShare: options.windowsMeetingShare,
    errorBudget: null,
  };
}

/** Judges an availability SLO from counts of completed and failed requests. */
export function judgeAvailability(spec: Extract<SloSpec, { kind: "availability" }>, options: { className: string; completed: number; failed: number }): SloOutcome {
  const measured = options.completed > 0 ? (options.completed - options.failed) / options.completed : null;
  const allowedFailures = (1 - spec.target) * options.completed;
  return {
    name: spec.name,
    kind: "availability",
    class: options.className,
    passed: measured !== null && measured >= spec.target,
    objective: `availability >= ${formatShare(spec.target)}`,
    measured,
    target: spec.target,
    windowsMeetingShare: null,
    errorBudget: {
      allowedFailures,
      failures: options.failed,
      burned: allowedFailures > 0 ? options.failed / allowedFailures : options.failed > 0 ? null : 0,
    },
  };
}

/** "p99", "p99.9", "p50" for a quantile in (0, 1). */
export function quantileLabel(quantile: number): string {
  return `p${Number((quantile * 100).toFixed(4))}`;
}

function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(4))}%`;
}
