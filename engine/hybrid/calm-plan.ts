/**
 * Where a fluid model may stand in for the discrete engine, decided before the run from the
 * RunSpec alone: which scenarios the hybrid engine can run at all, and the spans around
 * scheduled disturbances that must stay discrete.
 *
 * The fluid windows of engine/hybrid/ scale a discrete sample up to the whole window; that is
 * only sound where the window is statistically alike throughout (a steady state), so every
 * moment a fault starts or ends is surrounded by a discrete span: from `preMs` before it to
 * `settleMs` after it (detection, failover, the queue's recovery; the controller then stays
 * discrete for as long as the windows it measures are stressed and not yet steady). Mechanisms whose state
 * depends on each request's identity or whose disturbances are not scheduled make the whole
 * scenario run exactly, with the reason stated: caches (hit ratios follow which keys were
 * requested), databases and regions, replicated services, batch clusters, closed-loop
 * workloads, rolling updates, random crash/repair faults, and autoscalers that count attempts
 * (a fluid window credits attempts only at its end).
 */
import type { RunSpec } from "../model/run-spec";

/** The hybrid engine's tunables (see README "Hybrid fidelity"). */
export interface HybridSettings {
  /** Successful requests a fluid window's sample aims for. */
  sampleRequests: number;
  /**
   * A sample is extended (doubled) while its p99's 95% relative error estimate is above this
   * and the window has room; a window whose sample never gets there keeps running discrete.
   */
  p99ErrorTarget: number;
  /** Shortest sample, ms. */
  sampleMinMs: number;
  /** Bounds of the sample's own warm-up (twice the last window's p99, clamped), ms. */
  warmMinMs: number;
  warmMaxMs: number;
  /** A group's utilisation, predicted or measured, above which a window runs discrete. */
  utilisationMax: number;
  /** A window's error rate above which the next window runs discrete. */
  errorRateMax: number;
  /** Largest relative change of the arrival rate within a fluid window. */
  rateChangeMax: number;
  /** Discrete span before and after each scheduled disturbance, ms. */
  preMs: number;
  settleMs: number;
  /** How often the fluid levels (busy cores, queue) follow the rate and the nodes, ms. */
  tickMs: number;
  /**
   * Windows in a row that may reuse the last fluid window's sample instead of measuring their
   * own (0: every fluid window measures one). A window reuses it only while the load per up
   * core of every group stays within `reuseLoadChangeMax` (relative) of the sample's.
   */
  reuseMax: number;
  reuseLoadChangeMax: number;
  /**
   * A stressed window (the last one above `utilisationMax` or `errorRateMax`) may still run
   * fluid when it is steady: no disturbance in it or the window before, no node booting, and
   * the arrival rate within `steadyRateChangeMax` (relative) across it and of the last
   * window's. It is *saturated* when, besides errors, a group was at least
   * `saturatedUtilisation` busy: its successes are then credited at the sample's throughput
   * and the rest of the arrivals fail as in the sample.
   */
  steadyRateChangeMax: number;
  saturatedUtilisation: number;
  /** A stressed window that is not saturated runs fluid only up to this utilisation. */
  stressedUtilisationMax: number;
  /**
   * Arrivals a saturated window's sample aims for: its throughput is scaled to the whole
   * window, and that scaling's noise, times the failure share, is the availability error, so
   * it must be known to about 0.3 % (a count of n completions has a relative noise of about
   * 1/sqrt(n); ~75,000 completions of 100,000 arrivals at a quarter turned away). The sample
   * takes at most half of what is left of its window after its warm-up.
   */
  saturatedSampleRequests: number;
}

/** The settings a scenario's `run.fidelity: hybrid` runs with. */
export const DEFAULT_HYBRID_SETTINGS: Readonly<HybridSettings> = Object.freeze({
  sampleRequests: 3000,
  p99ErrorTarget: 0.04,
  sampleMinMs: 500,
  warmMinMs: 200,
  warmMaxMs: 10_000,
  utilisationMax: 0.75,
  errorRateMax: 0.001,
  rateChangeMax: 0.25,
  preMs: 10_000,
  settleMs: 60_000,
  tickMs: 5_000,
  reuseMax: 4,
  reuseLoadChangeMax: 0.05,
  steadyRateChangeMax: 0.1,
  saturatedUtilisation: 0.95,
  stressedUtilisationMax: 0.9,
  saturatedSampleRequests: 100_000,
});

/** A scenario the hybrid engine can run, with its discrete spans; or why it cannot. */
export type CalmPlan =
  | { ok: true; spans: Array<[fromMs: number, toMs: number]> }
  | { ok: false; reasons: string[] };

/** Judges whether `spec` can run hybrid and, if so, where it must stay discrete. */
export function planCalm(spec: Partial<RunSpec> & Pick<RunSpec, "model">, settings: HybridSettings): CalmPlan {
  const reasons: string[] = [];
  const model = spec.model;
  if (model.workload.kind === "closed") reasons.push("closed-loop workload: its users wait for answers, so its arrivals cannot be paused");
  if ((spec.caches?.length ?? 0) > 0) reasons.push("caches: hit ratios depend on which keys were requested, which a fluid model does not know");
  if ((spec.dataTier?.databases.length ?? 0) > 0 || (spec.dataTier?.regions ?? null) !== null) reasons.push("databases and regions: replication, lag and failover follow each write");
  const operations = spec.operations;
  if (operations !== undefined) {
    if (operations.replicated.length > 0) reasons.push("replicated services: elections and log replication follow each write");
    if (operations.batch !== null) reasons.push("batch cluster: jobs are scheduled one by one");
    if (operations.rollingUpdates.length > 0) reasons.push("rolling updates: their end is not known in advance");
    if (operations.autoscalers.some((a) => a.target.kind === "requests-per-node")) reasons.push("an autoscaler with a requests-per-node target: a fluid window credits attempts only at its end");
  }
  const spans: Array<[number, number]> = [];
  for (const fault of spec.faults?.faults ?? []) {
    if (fault.kind === "crash-repair") {
      reasons.push(`fault ${fault.label}: random crashes and repairs are not scheduled in advance`);
      continue;
    }
    spans.push([fault.atMs - settings.preMs, fault.atMs + settings.settleMs]);
    const endMs = fault.atMs + fault.forMs;
    if (Number.isFinite(endMs)) spans.push([endMs - settings.preMs, endMs + settings.settleMs]);
  }
  if (model.durationMs < 4 * model.windowMs) reasons.push("fewer than four metrics windows: nothing to gain");
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, spans: mergeSpans(spans) };
}

/** Sorted, overlapping spans joined. */
function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}

/**
 * Whether window [fromMs, toMs) is too close to a scheduled disturbance for a fluid model: its
 * first calm stretch is shorter than half a window. Such a window runs discrete (the
 * controller's rule; a hybrid run's progress predicts its work by it).
 */
export function nearDisturbance(spans: ReadonlyArray<readonly [number, number]>, fromMs: number, toMs: number, windowMs: number): boolean {
  const [calmFromMs, calmToMs] = calmStretch(spans, fromMs, toMs);
  return calmToMs - calmFromMs < windowMs / 2;
}

/**
 * The first calm stretch of [fromMs, toMs): from the end of any span covering `fromMs` to the
 * start of the next span (or `toMs`). Empty (start >= end) when a span covers it all.
 */
export function calmStretch(spans: ReadonlyArray<readonly [number, number]>, fromMs: number, toMs: number): [number, number] {
  let start = fromMs;
  let end = toMs;
  for (const [a, b] of spans) {
    if (b <= start) continue;
    if (a <= start) { start = Math.max(start, b); continue; }
    end = Math.min(end, a);
    break;
  }
  return [start, Math.min(end, toMs)];
}
