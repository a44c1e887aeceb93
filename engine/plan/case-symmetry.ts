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
 * zones, anything that names a zone), so nothing that tells the zones apart can hide from it;
 * only each region's zone list is compared as a set, because the model uses zones through
 * equality and region only (which zone a node is in, whether two nodes share a zone or region:
 * engine/model/network.ts, cluster-model.ts placement), never through their order, and the
 * RNG substreams are named by component, not by zone. Scenarios with racks are never merged
 * (a rack's index depends on the order of zones). Given that, the two runs on the same seed are
 * the same run with the zones renamed: engine/plan/case-symmetry.test.ts runs both for
 * black-friday and compares their results after renaming.
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
  return canonical(withSortedZones(swap(scenario) as Scenario)) === canonical(withSortedZones(scenario));
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
