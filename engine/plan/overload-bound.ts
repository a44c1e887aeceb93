/**
 * Rejecting a candidate without a run: a size that cannot carry the traffic at all.
 *
 * For each node group, the work arriving at each moment (busy cores needed: the rate profile x
 * visits x mean service time, engine/plan/tier-loads.ts) is compared with the most the group
 * could ever serve: every node up, an autoscaled group at its `max` from the start. While the
 * work exceeds that bound (utilisation above 100 %), a backlog builds up at the difference and
 * drains afterwards at the spare capacity; a request arriving then waits at least the backlog
 * divided by the capacity (the fluid limit, which leaves out every random delay, so real waits
 * are longer). If the share of a latency SLO's requests whose fluid wait alone exceeds that
 * SLO's latency budget for the group (its threshold minus the other hops' mean service times)
 * is larger than the SLO allows (1 - quantile), no run can pass, and the candidate is rejected
 * as failing with that reason. The bound is optimistic everywhere (all nodes up at once, no
 * randomness, no retries, no boot time), so it rejects only sizes that are far too small.
 */
import type { ModelSpec } from "../model/spec";
import type { AutoscalerSpec } from "./autoscaler-fluid";
import { peakRatePerS, tierLoads } from "./tier-loads";

/** Time step of the fluid backlog, ms. */
const STEP_MS = 1_000;

/** Why the candidate with this spec cannot pass any run, or null when a run is needed to tell. */
export function overloadRejection(spec: ModelSpec, autoscalers: readonly AutoscalerSpec[]): string | null {
  if (spec.workload.kind !== "open") return null;
  const profile = spec.workload.profile;
  const peak = peakRatePerS(spec);
  if (peak === null || !(peak > 0)) return null;
  const loads = tierLoads(spec, peak);
  for (const load of loads) {
    if (!(load.arrivalRatePerS > 0) || !Number.isFinite(load.serviceMeanMs) || load.constraints.length === 0) continue;
    const group = spec.groups[load.groupIndex]!;
    const nodesMax = Math.max(group.count, ...autoscalers.filter((a) => a.groupIndex === load.groupIndex).map((a) => a.nodesMax));
    const capacityCores = nodesMax * group.cores;
    const busyPerRate = (load.arrivalRatePerS * load.serviceMeanMs) / 1000 / group.speed / peak;
    if (busyPerRate * peak <= capacityCores) continue; // never above 100 %: nothing to bound
    for (const constraint of load.constraints) {
      // Backlog in core-ms; a request arriving with backlog B waits at least B / capacity ms.
      let backlogCoreMs = 0;
      let arrivals = 0;
      let late = 0;
      for (let tMs = 0; tMs < spec.durationMs; tMs += STEP_MS) {
        const ratePerS = profile.ratePerSAt(tMs);
        const arriving = (ratePerS * STEP_MS) / 1000;
        if (tMs >= spec.warmupMs) {
          arrivals += arriving;
          if (backlogCoreMs / capacityCores > constraint.budgetMs) late += arriving;
        }
        backlogCoreMs = Math.max(0, backlogCoreMs + (busyPerRate * ratePerS - capacityCores) * STEP_MS);
      }
      const lateShare = arrivals > 0 ? late / arrivals : 0;
      if (lateShare > 1 - constraint.quantile) {
        const percent = (x: number) => `${Number((x * 100).toPrecision(3))}%`;
        return `rejected without a run: ${group.name} at most ${nodesMax} nodes x ${group.cores} cores carries ${percent((busyPerRate * peak) / capacityCores)} of its capacity at the peak; even without randomness ${percent(lateShare)} of requests would queue longer than ${constraint.slo}'s budget there (${Number(constraint.budgetMs.toPrecision(4))} ms), more than the ${percent(1 - constraint.quantile)} it allows`;
      }
    }
  }
  return null;
}
