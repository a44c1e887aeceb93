/**
 * A fluid model of an autoscaled group over the whole rate profile, for the analytic first guess
 * of an autoscaler's `min`.
 *
 * Sizing an autoscaled group for the peak as if its nodes were all there misses the point of
 * autoscaling: the autoscaler adds nodes as the traffic rises, and what the floor (`min`) must
 * carry is the load that arrives before the ordered nodes have booted. So instead of one M/M/c
 * queue at the peak, this steps through the run one evaluation interval at a time, with the
 * offered load following the rate profile (busy cores = rate x visits x mean service time), and
 * plays the autoscaler's rules on expected values (Kubernetes HPA semantics, as
 * engine/model/operations/autoscaler.ts): at each evaluation the measured utilisation is the
 * offered load over the up nodes' cores, capped at 100 % (a saturated group hides the size of
 * its overload); outside the tolerance band the recommendation is ceil(up x measured / target),
 * up-scaling follows the lowest recommendation of the up-stabilisation window, down-scaling the
 * highest of the down window, within [min, max], no faster than the cooldown; ordered nodes serve
 * after the boot time's mean. Between evaluations the load is checked every `stepMs` against the
 * nodes then up by the caller's queueing test (Erlang C with the SLO's latency budget).
 *
 * Left out (and named in the analytic notes): randomness of arrivals and boot times, backlog
 * carried over from an overloaded moment, retries, requests-per-node targets (treated as
 * utilisation of the same load).
 */
import { assert } from "../core/assert";
import { createDistribution } from "../core/distributions";
import type { ModelSpec } from "../model/spec";
import type { LoadedScenario } from "../scenario/load";

/** A compiled autoscaler (engine/model/operations/operations-spec.ts), reached through the compiled scenario. */
export type AutoscalerSpec = LoadedScenario["spec"]["operations"]["autoscalers"][number];

/** The worst moment of a fluid run: the first time the queueing test failed, or none. */
export interface FluidOutcome {
  /** Simulated time of the first shortfall after warm-up, ms; null if the floor always sufficed. */
  shortfallAtMs: number | null;
  /** Why (the test's answer) at that time; null when none. */
  reason: string | null;
  /** Nodes up at that time (or at the peak of the load when none). */
  nodesUp: number;
  /** Largest number of nodes up during the run. */
  nodesUpMax: number;
}

/** Inputs of {@link fluidAutoscale}. */
export interface FluidOptions {
  spec: ModelSpec;
  autoscaler: AutoscalerSpec;
  /** The floor to try (the autoscaler's `min`). */
  nodesMin: number;
  /** Busy cores the group's load needs per (request per second) of the workload, at speed 1. */
  busyCoresPerRate: number;
  /** Cores per node times speed. */
  coresPerNode: number;
  /** The queueing test: why `nodes` nodes up at time `tMs` fall short at `ratePerS`, or null when they suffice. */
  shortfall: (nodes: number, ratePerS: number, tMs: number) => string | null;
  /** Check interval between evaluations, ms; default a tenth of the evaluation interval. */
  stepMs?: number;
}

/**
 * Plays the autoscaler on expected values over the run; see the file comment. Deterministic,
 * no RNG: bounded by duration / stepMs steps.
 */
export function fluidAutoscale(options: FluidOptions): FluidOutcome {
  const { spec, autoscaler, busyCoresPerRate, coresPerNode } = options;
  assert(spec.workload.kind === "open", "the fluid autoscaler model needs an open workload (a rate profile)");
  const profile = spec.workload.profile;
  const intervalMs = autoscaler.intervalMs;
  const stepMs = options.stepMs ?? Math.max(1_000, intervalMs / 10);
  const bootMs = createDistribution(autoscaler.bootTime).mean ?? 0;
  const nodesMin = Math.max(options.nodesMin, 0);
  const nodesMax = Math.max(autoscaler.nodesMax, nodesMin);
  const target = autoscaler.target.kind === "utilisation" ? autoscaler.target.utilisation : 0.6;
  let nodesUp = nodesMin;
  let nodesWanted = nodesMin;
  const arrivals: Array<{ atMs: number; nodes: number }> = [];
  const recommendations: Array<{ atMs: number; nodes: number }> = [];
  let lastActionMs = -Infinity;
  let nodesUpMax = nodesUp;
  let nextEvaluationMs = intervalMs;
  for (let tMs = 0; tMs <= spec.durationMs; tMs += stepMs) {
    while (arrivals.length > 0 && arrivals[0]!.atMs <= tMs) nodesUp += arrivals.shift()!.nodes;
    nodesUpMax = Math.max(nodesUpMax, nodesUp);
    const ratePerS = profile.ratePerSAt(tMs);
    if (tMs >= spec.warmupMs) {
      const reason = options.shortfall(nodesUp, ratePerS, tMs);
      if (reason !== null) return { shortfallAtMs: tMs, reason, nodesUp, nodesUpMax };
    }
    if (tMs < nextEvaluationMs) continue;
    nextEvaluationMs += intervalMs;
    // The measured metric is the interval's average; the profile is piecewise linear, so its mean rate.
    const meanRatePerS = profile.meanRatePerS(Math.max(0, tMs - intervalMs), tMs);
    const measured = nodesUp > 0 ? Math.min(1, (meanRatePerS * busyCoresPerRate) / (nodesUp * coresPerNode)) : 1;
    const raw = Math.abs(measured / target - 1) <= autoscaler.tolerance ? nodesWanted : Math.ceil((Math.max(nodesUp, 1) * measured) / target);
    recommendations.push({ atMs: tMs, nodes: Math.min(nodesMax, Math.max(nodesMin, raw)) });
    const inWindow = (windowMs: number) => recommendations.filter((r) => r.atMs > tMs - windowMs || r.atMs === tMs).map((r) => r.nodes);
    const upTo = Math.min(...inWindow(autoscaler.upStabilisationMs));
    const downTo = Math.max(...inWindow(autoscaler.downStabilisationMs));
    const next = upTo > nodesWanted ? upTo : downTo < nodesWanted ? downTo : nodesWanted;
    if (next === nodesWanted || tMs - lastActionMs < autoscaler.cooldownMs) continue;
    lastActionMs = tMs;
    if (next > nodesWanted) arrivals.push({ atMs: tMs + bootMs, nodes: next - nodesWanted });
    else nodesUp -= Math.min(nodesUp, nodesWanted - next);
    nodesWanted = next;
    while (recommendations.length > 0 && recommendations[0]!.atMs <= tMs - Math.max(autoscaler.upStabilisationMs, autoscaler.downStabilisationMs)) recommendations.shift();
  }
  return { shortfallAtMs: null, reason: null, nodesUp, nodesUpMax };
}
