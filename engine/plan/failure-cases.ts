/**
 * Failure cases: the conditions a configuration must survive. Every plan includes the scenario
 * as written (with its own faults); `--survive zone-loss` adds one case per zone ("this zone is
 * lost"), `--survive node-loss` one case per node group ("one node of this group is lost").
 *
 * A case is a list of overrides applied after the candidate's own settings, computed from the
 * candidate's validated scenario (the nodes a zone holds depend on the candidate's counts).
 *
 * How a loss is expressed: by capacity. Nodes are spread over a group's zones round-robin
 * (node i in zone i mod z, engine/model/cluster-model.ts), so losing a zone removes exactly the
 * nodes with that residue; the case sets the group's `count` to the survivors and drops the zone
 * from its `zones` list. The loss therefore lasts the whole run, not just from the peak on: for
 * a steady workload that is the same question, and for a curve it is conservative (the lost
 * nodes never absorb the ramp up). The survivors are spread over the remaining zones, so network
 * placement after the loss is approximate. TODO(issue 6): when the fault schema (issue 4,
 * engine/scenario/schema-faults.ts) can crash a zone or a node at a time, generate "lost at the
 * peak" cases as fault entries instead, so detection delay and lost in-flight work count too.
 */
import type { Scenario } from "../scenario/schema";
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

/**
 * The failure cases for one candidate, `as-written` first, then per kind in `survive` order.
 * Zone cases come in order of capacity lost (cores x speed), most first, ties by zone order, so
 * the likeliest failure is tried first.
 */
export function failureCases(scenario: Scenario, survive: readonly SurviveKind[]): FailureCase[] {
  const cases: FailureCase[] = [AS_WRITTEN];
  if (survive.includes("zone-loss")) cases.push(...zoneLossCases(scenario));
  if (survive.includes("node-loss")) cases.push(...nodeLossCases(scenario));
  return cases;
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

function zoneLossCases(scenario: Scenario): FailureCase[] {
  const zones = allZones(scenario);
  const cases: Array<FailureCase & { coresLost: number; order: number }> = [];
  zones.forEach((zone, order) => {
    const overrides: PlanOverride[] = [];
    const lostText: string[] = [];
    let coresLost = 0;
    for (const group of scenario.topology.groups) {
      const groupZones = group.zones ?? zones;
      const at = groupZones.indexOf(zone);
      if (at < 0) continue;
      const lost = nodesInZone({ count: group.count, zoneCount: groupZones.length, zoneIndex: at });
      if (lost === 0) continue;
      const remaining = groupZones.filter((z) => z !== zone);
      overrides.push({ path: `topology.groups.${group.name}.count`, value: group.count - lost });
      if (remaining.length > 0) overrides.push({ path: `topology.groups.${group.name}.zones`, value: remaining });
      lostText.push(`${lost} of ${group.count} ${group.name}`);
      coresLost += lost * group.cores * group.speed;
    }
    if (overrides.length === 0) return;
    const description = `zone ${zone} lost for the whole run (${lostText.join(", ")} nodes removed)`;
    cases.push({ name: `zone-loss:${zone}`, description, overrides, coresLost, order });
  });
  cases.sort((a, b) => b.coresLost - a.coresLost || a.order - b.order);
  return cases.map(({ name, description, overrides }) => ({ name, description, overrides }));
}

function nodeLossCases(scenario: Scenario): FailureCase[] {
  const served = new Set(scenario.services.flatMap((service) => service.groups));
  const cases: FailureCase[] = [];
  for (const group of scenario.topology.groups) {
    if (group.count === 0 || !served.has(group.name)) continue;
    const description = `one ${group.name} node lost for the whole run (${group.count - 1} of ${group.count} left)`;
    cases.push({ name: `node-loss:${group.name}`, description, overrides: [{ path: `topology.groups.${group.name}.count`, value: group.count - 1 }] });
  }
  return cases;
}
