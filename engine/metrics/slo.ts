/**
 * Service-level objectives and their verdicts.
 *
 * - latency: the q-quantile of successful requests' latency over the measurement period must
 *   be below a threshold; optionally also a minimum share of metrics windows meeting it.
 * - availability: the share of successful requests (succeeded / completed) must reach a
 *   target. Its error budget is the failures the target allows, (1 - target) x completed; the
 *   run reports how much of it was burned (failures / budget; above 1 means blown).
 * - mechanism SLOs (issue 13): a figure one mechanism's Result section reports, bounded above
 *   or below — acknowledged writes lost, write availability, RPO, RTO, detection time, false
 *   suspicions per hour, batch mean wait and makespan, cache hit ratio and origin peak — each
 *   scoped to the service, region, detector or batch policy it judges. Their table,
 *   {@link MECHANISM_SLO_KINDS}, says each one's unit and direction; engine/result/mechanism-slos.ts
 *   reads the measured value off the Result.
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

/** The mechanism SLO kinds, as the scenario names them (the key that holds the bound). */
export const MECHANISM_SLO_KIND_NAMES = [
  "writesLost", "writeAvailability", "rpo", "rto", "detectionTime", "falseSuspicionsPerHour", "batchMeanWait", "makespan", "cacheHitRatio", "originPeak",
] as const;

/** A mechanism SLO kind. */
export type MechanismSloKind = (typeof MECHANISM_SLO_KIND_NAMES)[number];

/** Every SLO kind. */
export type SloKind = "latency" | "availability" | MechanismSloKind;

/**
 * The unit an SLO's measured value is in: one of the metric catalogue's units
 * (engine/input/units/metric-format.ts's MetricUnit; headline-metrics.ts checks the subset).
 */
export type SloUnit = "count" | "ms" | "percent" | "per-second" | "number";

/** What a mechanism SLO scope names. */
export type SloScopeKind = "service" | "region" | "detector" | "policy";

/** How a mechanism SLO kind reads: its unit, which way is better, what it may be scoped to, and its words. */
export interface MechanismSloKindInfo {
  unit: SloUnit;
  /** "lower": the measured value must be at most the bound; "higher": at least. */
  better: "lower" | "higher";
  /** Scope kinds it accepts, the first being the usual one. */
  scopes: readonly SloScopeKind[];
  /** The figure in words, as the objective text starts: "acknowledged writes lost". */
  label: string;
}

/** The table of mechanism SLO kinds. */
export const MECHANISM_SLO_KINDS: Readonly<Record<MechanismSloKind, MechanismSloKindInfo>> = {
  writesLost: { unit: "count", better: "lower", scopes: ["service"], label: "acknowledged writes lost" },
  writeAvailability: { unit: "percent", better: "higher", scopes: ["service"], label: "write availability" },
  rpo: { unit: "ms", better: "lower", scopes: ["service", "region"], label: "RPO" },
  rto: { unit: "ms", better: "lower", scopes: ["service", "region"], label: "RTO" },
  detectionTime: { unit: "ms", better: "lower", scopes: ["detector"], label: "detection time (max)" },
  falseSuspicionsPerHour: { unit: "number", better: "lower", scopes: ["detector"], label: "false suspicions per hour" },
  batchMeanWait: { unit: "ms", better: "lower", scopes: ["policy"], label: "batch mean wait" },
  makespan: { unit: "ms", better: "lower", scopes: ["policy"], label: "makespan" },
  cacheHitRatio: { unit: "percent", better: "higher", scopes: ["service"], label: "cache hit ratio" },
  originPeak: { unit: "per-second", better: "lower", scopes: ["service"], label: "origin peak" },
};

/** A mechanism SLO as the run judges it (names checked at compile time). */
export interface MechanismSloSpec {
  kind: MechanismSloKind;
  name: string;
  /** Its place in the scenario's `slos` list: outcomes keep the scenario's order. */
  position: number;
  scope: { kind: SloScopeKind; name: string };
  /** The bound, in the kind's unit (ms, a count, a fraction, per second, per hour). */
  bound: number;
}

/** Whether a measured value meets a mechanism SLO's bound (no value never does). */
export function meetsBound(kind: MechanismSloKind, measured: number | null, bound: number): boolean {
  if (measured === null) return false;
  return MECHANISM_SLO_KINDS[kind].better === "lower" ? measured <= bound : measured >= bound;
}

/** Judges a mechanism SLO from its measured value (null: nothing to measure, which fails). */
export function judgeMechanism(spec: MechanismSloSpec, measured: number | null): SloOutcome {
  const info = MECHANISM_SLO_KINDS[spec.kind];
  return {
    name: spec.name,
    kind: spec.kind,
    class: spec.scope.name,
    passed: meetsBound(spec.kind, measured, spec.bound),
    objective: mechanismObjective(spec.kind, spec.bound, spec.scope),
    measured,
    target: spec.bound,
    windowsMeetingShare: null,
    errorBudget: null,
    unit: info.unit,
    scope: spec.scope.kind,
  };
}

/** A mechanism SLO's objective in words: "acknowledged writes lost <= 0, service kv-async". */
export function mechanismObjective(kind: MechanismSloKind, bound: number, scope: { kind: SloScopeKind; name: string }): string {
  const info = MECHANISM_SLO_KINDS[kind];
  return `${info.label} ${info.better === "lower" ? "<=" : ">="} ${formatBound(bound, info.unit)}, ${scope.kind} ${scope.name}`;
}

/** A bound in words for an objective text: "0", "99.9%", "30 s", "500/s". */
function formatBound(bound: number, unit: SloUnit): string {
  if (unit === "percent") return formatShare(bound);
  if (unit === "per-second") return `${Number(bound.toPrecision(6))}/s`;
  if (unit === "ms") {
    for (const [sizeMs, symbol] of [[3_600_000, "h"], [60_000, "min"], [1000, "s"]] as const) {
      if (bound >= sizeMs && bound % sizeMs === 0) return `${bound / sizeMs} ${symbol}`;
    }
    return `${Number(bound.toPrecision(6))} ms`;
  }
  return String(Number(bound.toPrecision(6)));
}

/**
 * The verdict on one SLO. Latency and availability SLOs keep the shape they always had;
 * mechanism SLOs add `unit` and `scope` (and name what they judge in `class`).
 */
export interface SloOutcome {
  name: string;
  kind: SloKind;
  /** The class judged, or "all"; for a mechanism SLO, the name of the service, region, detector or policy judged. */
  class: string;
  passed: boolean;
  /** Human-readable objective, e.g. "p99 < 300 ms" or "availability >= 99.95%". */
  objective: string;
  /** The measured value: latency in ms, availability as a fraction, a mechanism SLO's in its `unit` (null when no data). */
  measured: number | null;
  target: number;
  /** Latency SLOs with windows: share of windows (with requests) meeting the threshold. */
  windowsMeetingShare: number | null;
  /** Latency SLOs with windows: the share of windows that must meet the threshold (besides the whole run); absent otherwise. */
  windowsShareMin?: number;
  /** Availability SLOs: allowed failures, failures, and burned share of the budget. */
  errorBudget: { allowedFailures: number; failures: number; burned: number | null } | null;
  /** Mechanism SLOs: the unit of `measured` and `target`. */
  unit?: SloUnit;
  /** Mechanism SLOs: what `class` names. */
  scope?: SloScopeKind;
}

/** Judges a latency SLO. `measuredMs` null means no successful request (fails). */
export function judgeLatency(spec: Extract<SloSpec, { kind: "latency" }>, options: { className: string; measuredMs: number | null; windowsMeetingShare: number | null }): SloOutcome {
  const runPassed = options.measuredMs !== null && options.measuredMs < spec.thresholdMs;
  const windowsPassed = spec.windowsShareMin <= 0 || (options.windowsMeetingShare !== null && options.windowsMeetingShare >= spec.windowsShareMin);
  const label = quantileLabel(spec.quantile);
  const windowsText = spec.windowsShareMin > 0 ? ` in ${formatShare(spec.windowsShareMin)} of windows` : "";
  const outcome: SloOutcome = {
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
  if (spec.windowsShareMin > 0) outcome.windowsShareMin = spec.windowsShareMin;
  return outcome;
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
