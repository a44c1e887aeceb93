/**
 * Failure cases: the conditions a configuration must survive. Every plan includes the scenario
 * as written (with its own faults); `--survive zone-loss` adds one case per zone ("this zone is
 * lost at the peak"), `--survive node-loss` one case per node group ("one node of this group is
 * lost at the peak").
 *
 * A case is a list of overrides applied after the candidate's own settings, computed from the
 * candidate's validated scenario (the nodes a zone holds depend on the candidate's counts).
 * A generated case replaces the scenario's own faults by its one loss, so losses never stack: a
 * zone lost on top of a scenario that already takes a zone down would be two zones, a harsher
 * question than the one asked (the scenario's own faults are the `as-written` case).
 * A loss is expressed in one of two ways:
 *
 * - As a fault (engine/scenario/schema-faults.ts): a `crash` of the zone or of node
 *   `<group>-0` at the peak of the arrival rate (the first moment after warm-up that it
 *   reaches its maximum), lasting to the end of the run.
 *   The crash loses queued and in-flight work, and the balancers keep sending to the dead nodes
 *   until a health check or an evicting failure detector takes them out, so detection delay
 *   counts. Used when every group that loses nodes is covered: each service on it has a
 *   `healthCheck`, or the `detector` evicts for it.
 * - As capacity, when some group is not covered (without detection, balancers route to the dead
 *   nodes for ever and no size survives; the case description says so): the group's `count`
 *   drops to the survivors (an autoscaler's `min` too) and the zone leaves its `zones` list
 *   (an autoscaled group's even when the zone holds none of the nodes it starts with: the
 *   nodes its autoscaler adds are spread the same way, so its floor loses the zone's share),
 *   for the whole run. Nodes are
 *   spread over a group's zones round-robin (node i in zone i mod z,
 *   engine/model/cluster-model.ts), so losing a zone removes exactly the nodes with that
 *   residue. This is instant, perfect failover: optimistic about detection, pessimistic about
 *   time (the nodes are gone from the start, not just from the peak).
 */
import type { Scenario } from "../scenario/schema";
import { mergeMirrorCases } from "./case-symmetry";
import type { PlanOverride } from "./types";

/** Failure cases the planner can generate. */
export type SurviveKind = "zone-loss" | "node-loss";

/** All kinds, for argument checking and help text. */
export const SURVIVE_KINDS: readonly SurviveKind[] = ["zone-loss", "node-loss"];

/** One condition to survive. */
export interface FailureCase {
  /** `as-written`, `zone-loss:us-east-1a`, `node-loss:web`. */
  name: string;
  /** One line for reports: what is lost and how the loss is modelled. */
  description: string;
  /** Overrides applied after the candidate's settings. */
  overrides: PlanOverride[];
}

/** The case every plan has: the scenario as written, with its own faults. */
export const AS_WRITTEN: FailureCase = { name: "as-written", description: "the scenario as written, with its own faults", overrides: [] };

/** What the loss cases need besides the validated scenario. */
export interface LossContext {
  /** When the arrival rate first peaks after warm-up, ms: when the crash happens. */
  peakAtMs: number;
}

/**
 * The failure cases for one candidate, `as-written` first, then per kind in `survive` order.
 * Zone cases come in order of capacity lost (cores x speed), most first, ties by zone order, so
 * the likeliest failure is tried first; a zone case that is an earlier one with the zones renamed
 * is left out, and the earlier one says it stands for both (engine/plan/case-symmetry.ts).
 */
export function failureCases(scenario: Scenario, survive: readonly SurviveKind[], context: LossContext): FailureCase[] {
  const cases: FailureCase[] = [AS_WRITTEN];
  if (survive.includes("zone-loss")) cases.push(...zoneLossCases(scenario, context));
  if (survive.includes("node-loss")) cases.push(...nodeLossCases(scenario, context));
  return mergeMirrorCases(scenario, cases);
}

/**
 * Groups whose lost nodes some mechanism takes out of rotation: every service on the group has
 * a health check, or the failure detector evicts and watches the group.
 */
export function detectedGroups(scenario: Scenario): Set<string> {
  const detected = new Set<string>();
  const detector = scenario.detector;
  for (const group of scenario.topology.groups) {
    const evicted = detector?.evict !== undefined && (detector.groups === undefined || detector.groups.includes(group.name));
    const services = scenario.services.filter((service) => service.groups.includes(group.name));
    if (evicted || services.every((service) => service.balancer.healthCheck !== undefined)) detected.add(group.name);
  }
  return detected;
}

/** The override that makes a crash at the peak the run's only fault. */
function crashAtPeak(target: { zone: string } | { node: string }, context: LossContext): PlanOverride {
  return { path: "faults", value: [{ type: "crash", ...target, at: `${context.peakAtMs}ms` }] };
}

/** The override that removes the scenario's own faults (a capacity-modelled loss replaces them). */
const NO_FAULTS: PlanOverride = { path: "faults", value: [] };

/** ` (no health check or evicting detector on web, app: ...)` for a loss modelled as capacity. */
function undetectedNote(groups: readonly string[]): string {
  return `; modelled as capacity removed for the whole run, since nothing takes lost ${groups.join(", ")} nodes out of rotation (add a balancer healthCheck or detector evict to test detection)`;
}

/** Every zone of the scenario, in region order. */
function allZones(scenario: Scenario): string[] {
  return scenario.topology.regions.flatMap((region) => region.zones);
}

/** Nodes of a group of `count` spread round-robin over `zoneCount` zones that land in zone number `zoneIndex`. */
export function nodesInZone(options: { count: number; zoneCount: number; zoneIndex: number }): number {
  const { count, zoneCount, zoneIndex } = options;
  return zoneIndex < count ? Math.floor((count - 1 - zoneIndex) / zoneCount) + 1 : 0;
}

function zoneLossCases(scenario: Scenario, context: LossContext): FailureCase[] {
  const zones = allZones(scenario);
  const detected = detectedGroups(scenario);
  const cases: Array<FailureCase & { coresLost: number; order: number }> = [];
  zones.forEach((zone, order) => {
    const overrides: PlanOverride[] = [];
    const lostText: string[] = [];
    const undetected: string[] = [];
    let coresLost = 0;
    for (const group of scenario.topology.groups) {
      const groupZones = group.zones ?? zones;
      const at = groupZones.indexOf(zone);
      if (at < 0) continue;
      const lost = nodesInZone({ count: group.count, zoneCount: groupZones.length, zoneIndex: at });
      // An autoscaler adds nodes round-robin over the group's zones too (node i in zone i mod z),
      // so its floor loses the zone's share, and the zone leaves the group's list even when it
      // holds none of the group's first nodes: no node the autoscaler adds may land in it.
      const floors = scenario.autoscaling.flatMap((autoscaler, i) => (autoscaler.group === group.name ? [{ i, min: autoscaler.min, lost: nodesInZone({ count: autoscaler.min, zoneCount: groupZones.length, zoneIndex: at }) }] : []));
      if (lost === 0 && floors.length === 0) continue;
      const remaining = groupZones.filter((z) => z !== zone);
      if (lost > 0) overrides.push({ path: `topology.groups.${group.name}.count`, value: group.count - lost });
      if (remaining.length > 0) overrides.push({ path: `topology.groups.${group.name}.zones`, value: remaining });
      for (const floor of floors) if (floor.lost > 0) overrides.push({ path: `autoscaling[${floor.i}].min`, value: floor.min - floor.lost });
      const floorsLost = Math.max(0, ...floors.map((floor) => floor.lost));
      const floorText = floors.filter((floor) => floor.lost > 0).map((floor) => ` (${floor.lost} of its autoscaler floor ${floor.min})`).join("");
      if (Math.max(lost, floorsLost) > 0) lostText.push(`${lost} of ${group.count} ${group.name}${floorText}`);
      if (!detected.has(group.name) && Math.max(lost, floorsLost) > 0) undetected.push(group.name);
      coresLost += Math.max(lost, floorsLost) * group.cores * group.speed;
    }
    if (overrides.length === 0) return;
    const lostNodes = lostText.length === 0 ? "none of the nodes the groups start with; autoscalers add none there" : `${lostText.join(", ")} nodes`;
    const name = `zone-loss:${zone}`;
    if (undetected.length === 0) {
      cases.push({ name, description: `zone ${zone} crashes at the peak (${context.peakAtMs / 1000} s) and stays down: ${lostNodes}`, overrides: [crashAtPeak({ zone }, context)], coresLost, order });
    } else {
      cases.push({ name, description: `zone ${zone} lost (${lostNodes})${undetectedNote(undetected)}`, overrides: [NO_FAULTS, ...overrides], coresLost, order });
    }
  });
  cases.sort((a, b) => b.coresLost - a.coresLost || a.order - b.order);
  return cases.map(({ name, description, overrides }) => ({ name, description, overrides }));
}

function nodeLossCases(scenario: Scenario, context: LossContext): FailureCase[] {
  const served = new Set(scenario.services.flatMap((service) => service.groups));
  const detected = detectedGroups(scenario);
  const cases: FailureCase[] = [];
  for (const group of scenario.topology.groups) {
    if (group.count === 0 || !served.has(group.name)) continue;
    const name = `node-loss:${group.name}`;
    const left = `${group.count - 1} of ${group.count} left`;
    if (detected.has(group.name)) {
      cases.push({ name, description: `node ${group.name}-0 crashes at the peak (${context.peakAtMs / 1000} s) and stays down (${left})`, overrides: [crashAtPeak({ node: `${group.name}-0` }, context)] });
    } else {
      const floors = scenario.autoscaling.flatMap((a, i) => (a.group === group.name && a.min > 0 ? [{ path: `autoscaling[${i}].min`, value: a.min - 1 }] : []));
      cases.push({ name, description: `one ${group.name} node lost (${left})${undetectedNote([group.name])}`, overrides: [NO_FAULTS, { path: `topology.groups.${group.name}.count`, value: group.count - 1 }, ...floors] });
    }
  }
  return cases;
}
