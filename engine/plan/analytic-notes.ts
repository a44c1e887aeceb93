/**
 * Why the full simulation and the Erlang C guess may disagree: each feature of the scenario
 * that M/M/c leaves out, with the direction it pushes the answer. Shown beside the guess and the
 * simulated answer so a reader can tell a modelling gap from a bug.
 */
import type { ModelSpec, StepSpec } from "../model/spec";
import { createDistribution, type DistributionSpec } from "../core/distributions";
import type { Scenario } from "../scenario/schema";
import type { SurviveKind } from "./failure-cases";
import { peakRatePerS, tierLoads } from "./tier-loads";

function meanOf(spec: DistributionSpec): number {
  return createDistribution(spec).mean ?? NaN;
}

function someStep(step: StepSpec, test: (step: StepSpec) => boolean): boolean {
  return test(step) || step.stages.some((stage) => someStep(stage.step, test));
}

function format(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/** One sentence per feature the M/M/c guess ignores, in a fixed order. */
export function analyticNotes(options: { spec: ModelSpec; scenario: Scenario; survive: readonly SurviveKind[] }): string[] {
  const { spec, scenario } = options;
  const notes: string[] = [];
  const peak = peakRatePerS(spec);
  if (peak !== null) {
    const loads = tierLoads(spec, peak);
    for (const load of loads) {
      const cv2 = load.serviceCv2;
      if (load.arrivalRatePerS > 0 && Number.isFinite(cv2) && Math.abs(cv2 - 1) > 0.05) {
        const factor = (1 + cv2) / 2;
        notes.push(`${spec.groups[load.groupIndex]!.name}: service times have squared cv ${format(cv2)} (Erlang C assumes 1); by the Allen-Cunneen approximation queue waits scale by (1 + cv^2) / 2 = ${format(factor)}, so the simulation needs ${factor > 1 ? "more" : "less"}.`);
      }
    }
    const profile = spec.workload.kind === "open" ? spec.workload.profile.points : [];
    if (profile.some((p) => p.ratePerS < peak * 0.999)) notes.push(`The rate varies; the guess treats the peak (${format(peak)}/s) as steady: a short peak needs less, queues built up during a ramp need more.`);
  }
  const perNode = spec.services.filter((s) => s.policy !== "central-queue" && s.groupIndexes.some((g) => spec.groups[g]!.count > 1));
  if (perNode.length > 0) notes.push(`Requests queue at each node (${perNode.map((s) => `${s.name}: ${s.policy}`).join(", ")}), not in one shared queue as in M/M/c: a busy node's queue waits while another node idles, so waits are longer.`);
  const tiers = spec.classes.some((c) => c.root.stages.length > 0);
  if (tiers) notes.push("Requests cross several tiers; the guess gives each tier the SLO threshold minus the other tiers' mean service times, but percentiles do not add, so it is approximate.");
  if (spec.classes.some((c) => someStep(c.root, (s) => s.stages.some((stage) => stage.count > 1)))) notes.push("A fan-out waits for the slowest of its calls: its percentiles exceed one call's, so the simulation needs more.");
  if (spec.classes.some((c) => someStep(c.root, (s) => s.retry.attemptsMax > 0 || Number.isFinite(s.hedgeAfterMs)))) notes.push("Retries and hedged requests add load the guess does not count (more so near overload).");
  if (spec.classes.some((c) => someStep(c.root, (s) => Number.isFinite(s.timeoutMs))) || spec.groups.some((g) => Number.isFinite(g.queueCapacity))) notes.push("Timeouts and bounded queues turn long waits into failures, which count against availability SLOs but not against latency (successful requests only).");
  const network = [spec.network.client, spec.network.sameZone, spec.network.crossZone].map(meanOf);
  if (network.some((m) => m > 0)) notes.push(`Network latency (mean one-way: client ${format(network[0]!)} ms, same zone ${format(network[1]!)} ms, cross zone ${format(network[2]!)} ms) adds to every response and is left out of the guess.`);
  if (scenario.faults.length > 0) notes.push("The scenario's own faults remove capacity for a while; the guess assumes every node is up.");
  if (scenario.autoscaling.length > 0) notes.push("Autoscaling: the guess for an autoscaler's min plays the autoscaler on expected values over the rate profile (mean boot time, the load of each moment, no backlog carried over, no retries), so it is optimistic where a queue built during the boot lag lingers and pessimistic where a short overload is absorbed; a varied group count is sized for the peak at once.");
  if (options.survive.includes("zone-loss")) notes.push("Zone loss: the guess counts the nodes left after losing the fullest zone; the simulation runs every zone's loss (zones that mirror each other once).");
  return notes;
}
