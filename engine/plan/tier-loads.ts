/**
 * The load each node group carries at the workload's peak, reduced to what queueing formulas
 * take: an arrival rate, a mean service time, its variability, and for each latency SLO the
 * share of the latency budget left to this group.
 *
 * Reading of the model: a request class's call tree visits services; a visit to a service on
 * several groups is split between them by capacity (count x cores x speed); a stage with
 * fan-out k makes k visits. The latency budget of a tier for a class is the SLO threshold minus
 * the mean service times of the class's other hops on its critical path (stages run one after
 * another; a fan-out's parallel calls count once). Network latency, retries and hedges are left
 * out; engine/plan/analytic.ts says so beside every guess.
 */
import { createDistribution, type DistributionSpec } from "../core/distributions";
import type { ModelSpec, StepSpec } from "../model/spec";

/** A latency requirement on one tier, from one SLO and one request class. */
export interface TierConstraint {
  slo: string;
  className: string;
  /** Quantile in (0, 1). */
  quantile: number;
  /** The SLO threshold minus the class's other hops' mean service times, ms (may be <= 0). */
  budgetMs: number;
}

/** One node group at the peak. */
export interface TierLoad {
  groupIndex: number;
  /** Visits per second to this group's nodes at the peak. */
  arrivalRatePerS: number;
  /** Mean service time per visit at speed 1, ms (visit-weighted over classes); NaN without visits. */
  serviceMeanMs: number;
  /** Squared coefficient of variation of the service time (1 for exponential); NaN if unknown. */
  serviceCv2: number;
  constraints: TierConstraint[];
}

/** The largest arrival rate of an open workload over the run, per second; null for closed or trace workloads. */
export function peakRatePerS(spec: ModelSpec): number | null {
  if (spec.workload.kind !== "open") return null;
  let peak = 0;
  for (const point of spec.workload.profile.points) if (point.atMs <= spec.durationMs && point.ratePerS > peak) peak = point.ratePerS;
  return peak;
}

function moments(spec: DistributionSpec): { mean: number; secondMoment: number } {
  const distribution = createDistribution(spec);
  const mean = distribution.mean ?? NaN;
  const variance = distribution.variance ?? NaN;
  return { mean, secondMoment: variance + mean * mean };
}

/**
 * When the arrival rate first reaches its largest value after warm-up, ms (the profile is
 * piecewise linear, so its maximum over [warm-up, end] is at warm-up or at a breakpoint). The
 * end of warm-up for a closed or trace workload, or a flat rate.
 */
export function peakTimeMs(spec: ModelSpec): number {
  if (spec.workload.kind !== "open") return spec.warmupMs;
  const profile = spec.workload.profile;
  let bestMs = spec.warmupMs;
  let bestRate = profile.ratePerSAt(spec.warmupMs);
  for (const point of profile.points) {
    if (point.atMs <= spec.warmupMs || point.atMs >= spec.durationMs) continue;
    if (point.ratePerS > bestRate) {
      bestRate = point.ratePerS;
      bestMs = point.atMs;
    }
  }
  return bestMs;
}

/** Mean service time of a hop at speed 1, ms. */
function stepMeanMs(spec: ModelSpec, step: StepSpec): number {
  return moments(step.serviceTime ?? spec.services[step.serviceIndex]!.serviceTime).mean;
}

/** Sum of mean service times along the critical path under `step`, ms. */
function pathMeanMs(spec: ModelSpec, step: StepSpec): number {
  let total = stepMeanMs(spec, step);
  for (const stage of step.stages) total += pathMeanMs(spec, stage.step);
  return total;
}

/** Each group's load at `ratePerS` (the peak), in group order. */
export function tierLoads(spec: ModelSpec, ratePerS: number): TierLoad[] {
  const visits = spec.groups.map(() => ({ rate: 0, work: 0, secondMoment: 0 }));
  const firstMeanOfClass = spec.classes.map(() => new Map<number, number>());
  const weightTotal = spec.classes.reduce((sum, c) => sum + c.weight, 0);
  const capacity = spec.groups.map((g) => g.count * g.cores * g.speed);
  const visit = (classIndex: number, step: StepSpec, rate: number): void => {
    const service = spec.services[step.serviceIndex]!;
    const { mean, secondMoment } = moments(step.serviceTime ?? service.serviceTime);
    const capacityTotal = service.groupIndexes.reduce((sum, g) => sum + capacity[g]!, 0);
    for (const g of service.groupIndexes) {
      const share = capacityTotal > 0 ? capacity[g]! / capacityTotal : 1 / service.groupIndexes.length;
      visits[g]!.rate += rate * share;
      visits[g]!.work += rate * share * mean;
      visits[g]!.secondMoment += rate * share * secondMoment;
      if (!firstMeanOfClass[classIndex]!.has(g)) firstMeanOfClass[classIndex]!.set(g, mean);
    }
    for (const stage of step.stages) visit(classIndex, stage.step, rate * stage.count);
  };
  spec.classes.forEach((cls, c) => visit(c, cls.root, weightTotal > 0 ? (ratePerS * cls.weight) / weightTotal : 0));
  return visits.map((v, g) => {
    const serviceMeanMs = v.rate > 0 ? v.work / v.rate : NaN;
    const serviceCv2 = v.rate > 0 ? v.secondMoment / v.rate / (serviceMeanMs * serviceMeanMs) - 1 : NaN;
    return { groupIndex: g, arrivalRatePerS: v.rate, serviceMeanMs, serviceCv2, constraints: constraintsOf(spec, g, firstMeanOfClass) };
  });
}

/** The latency SLOs that bind group `g`, one per (SLO, class visiting g). */
function constraintsOf(spec: ModelSpec, g: number, firstMeanOfClass: Array<Map<number, number>>): TierConstraint[] {
  const constraints: TierConstraint[] = [];
  for (const slo of spec.slos) {
    if (slo.kind !== "latency") continue;
    spec.classes.forEach((cls, c) => {
      if (slo.classIndex !== -1 && slo.classIndex !== c) return;
      const ownMeanMs = firstMeanOfClass[c]!.get(g);
      if (ownMeanMs === undefined) return;
      const budgetMs = slo.thresholdMs - (pathMeanMs(spec, cls.root) - ownMeanMs);
      constraints.push({ slo: slo.name, className: cls.name, quantile: slo.quantile, budgetMs });
    });
  }
  return constraints;
}
