/**
 * Failure cases that are the same case up to renaming zones run once.
 *
 * Losing zone a or zone b of a shop whose groups spread evenly over a, b and c is one question
 * asked twice: the survivors are the same nodes in the same kind of places serving the same
 * traffic. Each zone-loss case then costs a full set of replications for nothing.
 *
 * The check is a proof, not a likeness: case Y is merged into an earlier case X only when
 * swapping the names X and Y turns Y's overrides into exactly X's, and the candidate's scenario
 * into itself. The swap is applied to every string of the scenario (zone lists, faults, data-tier
 * zones, anything that names a zone), so nothing that tells the zones apart can hide from it.
 * Each region's zone list is compared as a set once every group's zone list is written out: the
 * model uses zones through equality and region (which zone a node is in, whether two nodes share
 * a zone or region: engine/model/network.ts), and through order only where a group without
 * `zones` places its nodes round-robin in the regions' order (see withPlacement). The RNG
 * substreams are named by component (node names), not by zone. Scenarios with racks are never
 * merged (a rack's index depends on the order of zones). Given that, the two runs on the same
 * seed are the same run with the zones renamed: engine/plan/case-symmetry.test.ts runs both for
 * black-friday and compares their results after renaming.
 *
 * In practice the cases that merge take a zone's nodes out before the run (groups no health
 * check or detector watches: failure-cases.ts writes each group's remaining zones and count).
 * A crash at the peak of zone a or of zone b crashes other nodes (web-0 or web-1): those cases
 * do not merge.
 */
import type { Scenario } from "../scenario/schema";

/** A failure case as engine/plan/failure-cases.ts makes it (the shape only: that file imports this one). */
interface FailureCase {
  name: string;
  description: string;
  overrides: Array<{ path: string; value: unknown }>;
}

/**
 * `cases` with every zone-loss case that mirrors an earlier one left out; the kept case's
 * description names the cases it stands for.
 */
export function mergeMirrorCases(scenario: Scenario, cases: readonly FailureCase[]): FailureCase[] {
  if (scenario.topology.racks.length > 0) return [...cases];
  const kept: Array<FailureCase & { zone: string | null; mirrors: string[] }> = [];
  for (const c of cases) {
    const zone = c.name.startsWith("zone-loss:") ? c.name.slice("zone-loss:".length) : null;
    const mirror = zone === null ? undefined : kept.find((k) => k.zone !== null && mirrors(scenario, { zone: k.zone, overrides: k.overrides }, { zone, overrides: c.overrides }));
    if (mirror !== undefined) mirror.mirrors.push(c.name);
    else kept.push({ ...c, zone, mirrors: [] });
  }
  return kept.map(({ name, description, overrides, mirrors: names }) => ({
    name,
    description: names.length === 0 ? description : `${description}; stands for ${names.join(", ")} too: the same case with the zones renamed (same nodes, placement and traffic), so it runs once`,
    overrides,
  }));
}

/** Whether case `y` is case `x` with zones x.zone and y.zone swapped, on a scenario the swap leaves unchanged. */
function mirrors(scenario: Scenario, x: { zone: string; overrides: unknown }, y: { zone: string; overrides: unknown }): boolean {
  const swap = (value: unknown): unknown => swapStrings(value, x.zone, y.zone);
  if (canonical(swap(y.overrides)) !== canonical(x.overrides)) return false;
  const placed = withPlacement(scenario, x.overrides);
  return canonical(withSortedZones(swap(placed) as Scenario)) === canonical(withSortedZones(placed));
}

/**
 * The scenario with each group's placement written out as the zone list of its nodes, where the
 * case leaves the group's zones as they are. A group without `zones` spreads its nodes over every
 * zone in the regions' order (node i in zone i mod z: engine/scenario/compile.ts), so there the
 * order does tell zones apart: with 11 nodes over a, b and c, zone c holds 3 and a and b hold 4,
 * and losing a crashes web-0, web-3, ... where losing b crashes web-1, web-4, .... Sorting the
 * regions' zones (below) is only sound once no placement reads their order. Of a group's list only
 * the zones of its first `count` nodes matter (and the first zone, which a data tier reads even
 * for an empty group: compile-data.ts), unless an autoscaler or a rolling update may add nodes.
 * A case that sets a group's zones replaces the list, and then the overrides compare it.
 */
function withPlacement(scenario: Scenario, overrides: unknown): Scenario {
  const replaced = new Set((overrides as Array<{ path: string }>).map((o) => o.path));
  const zones = scenario.topology.regions.flatMap((region) => region.zones);
  const grows = new Set([...scenario.autoscaling.map((a) => a.group), ...scenario.rollingUpdates.map((u) => u.group)]);
  const groups = scenario.topology.groups.map((group) => {
    if (replaced.has(`topology.groups.${group.name}.zones`)) return group;
    const list = group.zones ?? zones;
    return { ...group, zones: grows.has(group.name) ? [...list] : list.slice(0, Math.max(1, group.count)) };
  });
  return { ...scenario, topology: { ...scenario.topology, groups } };
}

/** `value` with every string equal to `a` replaced by `b` and vice versa (object keys too). */
function swapStrings(value: unknown, a: string, b: string): unknown {
  if (typeof value === "string") return value === a ? b : value === b ? a : value;
  if (Array.isArray(value)) return value.map((item) => swapStrings(item, a, b));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [swapStrings(key, a, b) as string, swapStrings(item, a, b)]));
  }
  return value;
}

/** The scenario with each region's zones sorted (their order does not change a run). */
function withSortedZones(scenario: Scenario): Scenario {
  return { ...scenario, topology: { ...scenario.topology, regions: scenario.topology.regions.map((region) => ({ ...region, zones: [...region.zones].sort() })) } };
}

/** JSON with object keys sorted, so equal data gives equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === "object" && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item);
}
