/**
 * The analytic first guess: for each decision variable that sizes a node group (`count`,
 * `cores` or `speed` of `topology.groups.<name>`, or an autoscaler's `min`), the smallest value at which that group, seen
 * as one M/M/c queue at the workload's peak rate, is stable (utilisation below 1) and meets
 * each latency SLO's share of budget (engine/plan/mmc-response.ts, built on Erlang C). Other
 * groups stay as written. With `--survive`, the guess counts only the nodes left after the
 * loss: the fullest zone's share of the group, or one node.
 *
 * It seeds the search (the galloping starts there) and is reported beside the simulated answer
 * with {@link analyticNotes}: the features of the scenario that M/M/c leaves out, each a reason
 * the simulation may need more (or less) than the formula.
 */
import type { ModelSpec } from "../model/spec";
import { fluidAutoscale, type AutoscalerSpec } from "./autoscaler-fluid";
import type { Scenario } from "../scenario/schema";
import { offeredLoadErlangs } from "../theory/queueing";
import { nodesInZone, type SurviveKind } from "./failure-cases";
import { mmcResponseExceedance } from "./mmc-response";
import { peakRatePerS, peakTimeMs, tierLoads, type TierLoad } from "./tier-loads";
import type { DecisionVariable } from "./variables";

/** The guess for one variable. */
export interface VariableGuess {
  label: string;
  /** Index into the variable's values; null when there is no guess (the search then starts at the smallest value). */
  index: number | null;
  value: number | string | null;
  /** Offered load on the group at the peak, Erlangs at the group's speed (busy cores needed on average). */
  loadErlangs: number | null;
  /** Cores in service at the guess after any loss survived, and their utilisation at the peak. */
  servers: number | null;
  utilisation: number | null;
  /** Why this value: `stability` or the SLO that needs it; or why there is no guess. */
  reason: string;
}

/** The analytic guess for all variables. */
export interface AnalyticGuess {
  method: string;
  peakRatePerS: number | null;
  variables: VariableGuess[];
}

const SIZING_FIELDS = ["count", "cores", "speed"] as const;
type SizingField = (typeof SIZING_FIELDS)[number];

/** The guess for each variable; see the file comment. */
export function analyticGuess(options: { spec: ModelSpec; autoscalers?: readonly AutoscalerSpec[]; scenario: Scenario; variables: readonly DecisionVariable[]; survive: readonly SurviveKind[] }): AnalyticGuess {
  const { spec, variables } = options;
  const method = "M/M/c (Erlang C) per node group at the peak arrival rate; an autoscaler's min by a fluid run of the autoscaler over the rate profile";
  const peak = peakRatePerS(spec);
  const none = (variable: DecisionVariable, reason: string): VariableGuess => ({ label: variable.label, index: null, value: null, loadErlangs: null, servers: null, utilisation: null, reason });
  if (peak === null) return { method, peakRatePerS: null, variables: variables.map((v) => none(v, "no peak rate: the workload is closed or a trace")) };
  const loads = tierLoads(spec, peak);
  return {
    method,
    peakRatePerS: peak,
    variables: variables.map((variable) => {
      const target = sizingTarget(options, variable);
      if (typeof target === "string") return none(variable, target);
      const load = loads[target.groupIndex]!;
      if (!(load.arrivalRatePerS > 0) || !Number.isFinite(load.serviceMeanMs)) return none(variable, "the group serves no traffic");
      const autoscaler = target.autoscaled ? options.autoscalers?.find((a) => a.groupIndex === target.groupIndex) : undefined;
      if (autoscaler !== undefined) return guessForAutoscaler({ spec, variable, load, peak, autoscaler, survive: options.survive });
      return guessFor({ spec, variable, field: target.field, load, survive: options.survive });
    }),
  };
}

/**
 * The group and field a variable sizes, or why it sizes none. An autoscaler's `min` sizes its
 * group's count: the floor that is up when the peak arrives.
 */
function sizingTarget(options: { spec: ModelSpec; scenario: Scenario }, variable: DecisionVariable): { groupIndex: number; field: SizingField; autoscaled: boolean } | string {
  if (variable.values.some((v) => typeof v !== "number")) return "non-numeric values";
  const autoscaler = /^autoscaling\[(\d+)\]\.min$/.exec(variable.path);
  const match = /^topology\.groups\.([a-z][a-z0-9-]*)\.(\w+)$/.exec(variable.path);
  const groupName = autoscaler !== null ? options.scenario.autoscaling[Number(autoscaler[1])]?.group : match?.[1];
  const field = (autoscaler !== null ? "count" : match?.[2]) as SizingField | undefined;
  if (groupName === undefined || field === undefined || !SIZING_FIELDS.includes(field)) return "not a group's count, cores or speed, or an autoscaler's min";
  const groupIndex = options.spec.groups.findIndex((g) => g.name === groupName);
  return groupIndex < 0 ? `no group named ${groupName}` : { groupIndex, field, autoscaled: autoscaler !== null };
}

/** Capacity of the group at a value of the variable, after the losses survived. */
function capacityAt(options: { spec: ModelSpec; load: TierLoad; field: SizingField; value: number; survive: readonly SurviveKind[] }): { servers: number; speed: number } {
  const group = options.spec.groups[options.load.groupIndex]!;
  let count = options.field === "count" ? options.value : group.count;
  const cores = options.field === "cores" ? options.value : group.cores;
  const speed = options.field === "speed" ? options.value : group.speed;
  const zoneCount = group.zoneIndexes.length;
  const zoneLost = options.survive.includes("zone-loss") ? nodesInZone({ count, zoneCount, zoneIndex: 0 }) : 0;
  const nodeLost = options.survive.includes("node-loss") && count > 0 ? 1 : 0;
  count -= Math.max(zoneLost, nodeLost);
  return { servers: count * cores, speed };
}

/** Why capacity `servers` at `speed` falls short at the peak, or null when it suffices. */
function shortfall(load: TierLoad, capacity: { servers: number; speed: number }): string | null {
  if (capacity.servers < 1) return "stability";
  const serviceMeanMs = load.serviceMeanMs / capacity.speed;
  const queue = { servers: capacity.servers, arrivalRatePerS: load.arrivalRatePerS, serviceMeanMs };
  if (offeredLoadErlangs(queue) >= capacity.servers) return "stability";
  for (const c of load.constraints) {
    if (mmcResponseExceedance({ ...queue, tMs: c.budgetMs }) > 1 - c.quantile) return c.slo;
  }
  return null;
}

/** The first value (by bisection: capacity grows with the index) that suffices. */
function guessFor(options: { spec: ModelSpec; variable: DecisionVariable; field: SizingField; load: TierLoad; survive: readonly SurviveKind[] }): VariableGuess {
  const { variable, load } = options;
  const capacity = (index: number) => capacityAt({ ...options, value: variable.values[index] as number });
  const last = variable.values.length - 1;
  const base = { label: variable.label, loadErlangs: null as number | null };
  const lastShortfall = shortfall(load, capacity(last));
  let low = -1;
  let high = last;
  let reason = lastShortfall ?? "stability";
  if (lastShortfall === null) {
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      const missing = shortfall(load, capacity(middle));
      if (missing === null) high = middle;
      else {
        low = middle;
        reason = missing;
      }
    }
  }
  const { servers, speed } = capacity(high);
  const loadErlangs = (load.arrivalRatePerS * load.serviceMeanMs) / speed / 1000;
  const why = lastShortfall !== null ? `even ${variable.values[last]} falls short (${lastShortfall})` : low < 0 ? "the smallest value suffices" : `needed for ${reason}`;
  return { ...base, index: high, value: variable.values[high]!, loadErlangs, servers, utilisation: servers > 0 ? loadErlangs / servers : null, reason: why };
}

/**
 * The guess for an autoscaler's `min`: the smallest floor with which a fluid run of the
 * autoscaler over the whole rate profile (engine/plan/autoscaler-fluid.ts) never falls short of
 * the queueing test, with the nodes actually up at each moment (those ordered earlier still
 * booting). With `--survive zone-loss` (or node-loss) the nodes of the fullest zone (or one
 * node) are lost from the peak on.
 */
function guessForAutoscaler(options: { spec: ModelSpec; variable: DecisionVariable; load: TierLoad; peak: number; autoscaler: AutoscalerSpec; survive: readonly SurviveKind[] }): VariableGuess {
  const { spec, variable, load, peak, autoscaler, survive } = options;
  const group = spec.groups[load.groupIndex]!;
  const lossFromMs = peakTimeMs(spec);
  const lost = (nodes: number): number => {
    const zoneLost = survive.includes("zone-loss") ? nodesInZone({ count: nodes, zoneCount: group.zoneIndexes.length, zoneIndex: 0 }) : 0;
    const nodeLost = survive.includes("node-loss") && nodes > 0 ? 1 : 0;
    return Math.max(zoneLost, nodeLost);
  };
  const outcomeAt = (index: number) => fluidAutoscale({
    spec, autoscaler, nodesMin: variable.values[index] as number,
    busyCoresPerRate: (load.arrivalRatePerS * load.serviceMeanMs) / 1000 / peak,
    coresPerNode: group.cores * group.speed,
    shortfall: (nodes, ratePerS, tMs) => {
      const up = tMs >= lossFromMs ? nodes - lost(nodes) : nodes;
      return shortfall({ ...load, arrivalRatePerS: (load.arrivalRatePerS * ratePerS) / peak }, { servers: up * group.cores, speed: group.speed });
    },
  });
  const last = variable.values.length - 1;
  const lastOutcome = outcomeAt(last);
  let low = -1;
  let high = last;
  let lowOutcome = lastOutcome;
  if (lastOutcome.shortfallAtMs === null) {
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      const outcome = outcomeAt(middle);
      if (outcome.shortfallAtMs === null) high = middle;
      else {
        low = middle;
        lowOutcome = outcome;
      }
    }
  }
  const atGuess = outcomeAt(high);
  const loadErlangs = (load.arrivalRatePerS * load.serviceMeanMs) / group.speed / 1000;
  const minutes = (ms: number) => `${String(Number((ms / 60_000).toPrecision(3)))} min`;
  const why = lastOutcome.shortfallAtMs !== null
    ? `even ${variable.values[last]} falls short (${lastOutcome.reason} at ${minutes(lastOutcome.shortfallAtMs)}, ${lastOutcome.nodesUp} nodes up)`
    : low < 0
      ? "the smallest value suffices: the autoscaler adds nodes in time"
      : `with ${variable.values[low]} the nodes ordered by the autoscaler are still booting when the load needs them (${lowOutcome.reason} at ${minutes(lowOutcome.shortfallAtMs!)}, ${lowOutcome.nodesUp} nodes up)`;
  const servers = atGuess.nodesUpMax * group.cores;
  return { label: variable.label, index: high, value: variable.values[high]!, loadErlangs, servers, utilisation: servers > 0 ? loadErlangs / servers : null, reason: why };
}
