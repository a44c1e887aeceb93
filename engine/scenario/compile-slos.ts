/**
 * Compiles the scenario's mechanism SLOs (engine/metrics/slo.ts): each names what it judges —
 * a replicated service or database, a cache, a region, a failure detector or health-checked
 * service, a batch policy — and that name must exist with the mechanism the kind reads, checked
 * here with a did-you-mean like every other reference:
 * `slos[2].service: no replicated service or database named "kv-asyn" (did you mean "kv-async"?)`.
 * Latency and availability SLOs stay with the request core (compile.ts).
 */
import type { PathSegment } from "../input/problems";
import { MECHANISM_SLO_KIND_NAMES, type MechanismSloKind, type MechanismSloSpec, type SloScopeKind } from "../metrics/slo";
import type { CompileContext } from "./compile-context";
import type { Scenario } from "./schema";

type ScenarioSlo = Scenario["slos"][number];

/** The mechanism SLOs of `scenario`, in scenario order with their positions; problems go to `context`. */
export function compileMechanismSlos(context: CompileContext, scenario: Scenario): MechanismSloSpec[] {
  const specs: MechanismSloSpec[] = [];
  scenario.slos.forEach((slo, position) => {
    const kind = MECHANISM_SLO_KIND_NAMES.find((k) => slo[k] !== undefined);
    if (kind === undefined) return;
    const scope = scopeOf(slo);
    if (scope === null) return; // the schema reported it
    const names = candidates(scenario, kind, scope.kind);
    const path: PathSegment[] = ["slos", position, scope.kind];
    if (context.ref(names.list, scope.name, names.what, path) < 0) return;
    specs.push({ kind, name: slo.name, position, scope, bound: slo[kind] as number });
  });
  return specs;
}

function scopeOf(slo: ScenarioSlo): { kind: SloScopeKind; name: string } | null {
  if (slo.service !== undefined) return { kind: "service", name: slo.service };
  if (slo.region !== undefined) return { kind: "region", name: slo.region };
  if (slo.detector !== undefined) return { kind: "detector", name: slo.detector };
  if (slo.policy !== undefined) return { kind: "policy", name: slo.policy };
  return null;
}

/** The names a scope may take for a kind, and what to call them in a message. */
function candidates(scenario: Scenario, kind: MechanismSloKind, scope: SloScopeKind): { list: string[]; what: string } {
  const services = (has: (s: Scenario["services"][number]) => boolean) => scenario.services.filter(has).map((s) => s.name);
  switch (scope) {
    case "region":
      return { list: scenario.multiRegion === undefined ? [] : [...new Set(scenario.topology.regions.map((r) => r.name))], what: "region behind multiRegion" };
    case "detector":
      return {
        list: [...(scenario.detector?.detectors.map((d) => d.name) ?? []), ...services((s) => s.balancer.healthCheck !== undefined)],
        what: "failure detector or health-checked service",
      };
    case "policy":
      return { list: scenario.batch?.policies ?? [], what: "batch policy" };
    case "service":
      if (kind === "cacheHitRatio" || kind === "originPeak") return { list: services((s) => s.cache !== undefined), what: "cache service" };
      if (kind === "rpo" || kind === "rto") return { list: services((s) => s.database !== undefined), what: "database" };
      return { list: services((s) => s.replicated !== undefined || s.database !== undefined), what: "replicated service or database" };
  }
}
