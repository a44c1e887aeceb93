/**
 * Compiles a scenario's faults, health checks and detector (issue 4) into a FaultPlan:
 * names become indexes, units are already ms, and every reference to a zone, group, node or
 * service is checked against the compiled topology. Problems come back all at once with
 * their paths and a did-you-mean, into the compile's shared CompileContext:
 * `faults[2].node: no node named "web-9"; group web has nodes web-0 .. web-5`.
 *
 * Node names are "<group>-<n>", numbered from 0 within the group in the order the model
 * creates them (engine/model/cluster-model.ts).
 */
import type { DistributionSpec } from "../core/distributions";
import type { DetectorSpec, FaultPlan, FaultSpec, HealthCheckSpec, NodeTarget } from "../model/faults/faults-spec";
import type { ModelSpec } from "../model/spec";
import { didYouMean, type PathSegment } from "../input/problems";
import type { CompileContext } from "./compile-context";
import { toDistributionSpec, type Scenario } from "./schema";

type Topology = Pick<ModelSpec, "zones" | "groups" | "services">;
type FaultValue = Scenario["faults"][number];
type TargetValue = { node?: string; nodes?: string[]; group?: string; zone?: string; count?: number; fraction?: number };

class FaultCompiler {
  private readonly zones: string[];
  private readonly groups: string[];
  private readonly services: string[];

  constructor(private readonly context: CompileContext, private readonly topology: Topology) {
    this.zones = topology.zones.map((z) => z.name);
    this.groups = topology.groups.map((g) => g.name);
    this.services = topology.services.map((s) => s.name);
  }

  /** Checks a node name "<group>-<n>" against the groups' initial sizes. */
  nodeRef(name: string, path: PathSegment[]): void {
    const match = /^(.*)-(\d+)$/.exec(name);
    const group = match ? this.topology.groups.find((g) => g.name === match[1]) : undefined;
    if (match && group && Number(match[2]) < group.count) return;
    if (group) {
      const range = group.count === 0 ? "has no nodes at the start" : `has nodes ${group.name}-0 .. ${group.name}-${group.count - 1}`;
      this.context.problem(path, `no node named "${name}"; group ${group.name} ${range}`);
      return;
    }
    const all = this.topology.groups.flatMap((g) => (g.count <= 1000 ? Array.from({ length: g.count }, (_, i) => `${g.name}-${i}`) : []));
    const suggestion = didYouMean(name, all);
    this.context.problem(path, `no node named "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : `; nodes are named "<group>-<n>", e.g. "${this.groups[0]}-0"`}`);
  }

  target(t: TargetValue, path: PathSegment[]): NodeTarget {
    if (t.node !== undefined || t.nodes !== undefined) {
      const names = t.node !== undefined ? [t.node] : t.nodes!;
      names.forEach((n, i) => this.nodeRef(n, t.node !== undefined ? [...path, "node"] : [...path, "nodes", i]));
      return { kind: "named", names };
    }
    return {
      kind: "set",
      groupIndex: t.group === undefined ? -1 : this.context.ref(this.groups, t.group, "group", [...path, "group"]),
      zoneIndex: t.zone === undefined ? -1 : this.context.ref(this.zones, t.zone, "zone", [...path, "zone"]),
      count: t.count ?? null,
      fraction: t.fraction ?? 1,
    };
  }

  fault(f: FaultValue, i: number): FaultSpec {
    const path: PathSegment[] = ["faults", i];
    const label = `faults[${i}]`;
    if (f.type === "crash-repair") {
      return {
        kind: "crash-repair",
        label,
        groupIndex: this.context.ref(this.groups, f.group, "group", [...path, "group"]),
        zoneIndex: f.zone === undefined ? -1 : this.context.ref(this.zones, f.zone, "zone", [...path, "zone"]),
        timeToFailure: timeDistribution(f.mttf, f.timeToFailure),
        timeToRepair: timeDistribution(f.mttr, f.timeToRepair),
        fromMs: f.from,
      };
    }
    const timed = { label, atMs: f.at, forMs: f.for ?? Infinity };
    switch (f.type) {
      case "crash": return { kind: "crash", ...timed, target: this.target(f, path) };
      case "slow": return { kind: "slow", ...timed, target: this.target(f, path), factor: f.factor };
      case "pause": return { kind: "pause", ...timed, target: this.target(f, path) };
      case "partition":
        if (f.isolate !== undefined) {
          f.isolate.forEach((n, k) => this.nodeRef(n, [...path, "isolate", k]));
          return { kind: "isolate", ...timed, target: { kind: "named", names: f.isolate }, oneWay: f.oneWay };
        }
        return {
          kind: "partition",
          ...timed,
          sides: [this.zoneList(f.zones![0]!, [...path, "zones", 0]), this.zoneList(f.zones![1]!, [...path, "zones", 1])],
          oneWay: f.oneWay,
        };
      case "link":
        return {
          kind: "link",
          ...timed,
          fromZone: this.context.ref(this.zones, f.between[0]!, "zone", [...path, "between", 0]),
          toZone: this.context.ref(this.zones, f.between[1]!, "zone", [...path, "between", 1]),
          extraDelayMs: f.latency,
          extraLoss: f.loss,
          oneWay: f.oneWay,
        };
      case "dependency":
        return { kind: "dependency", ...timed, serviceIndex: this.context.ref(this.services, f.service, "service", [...path, "service"]), mode: f.mode, factor: f.factor ?? 1 };
    }
  }

  zoneList(names: string[], path: PathSegment[]): number[] {
    return names.map((z, k) => this.context.ref(this.zones, z, "zone", [...path, k]));
  }

  healthChecks(scenario: Scenario): HealthCheckSpec[] {
    const out: HealthCheckSpec[] = [];
    scenario.services.forEach((service, i) => {
      const h = service.balancer.healthCheck;
      if (h === undefined) return;
      out.push({
        serviceIndex: i,
        intervalMs: h.interval,
        timeoutMs: h.timeout,
        unhealthyThreshold: h.unhealthyThreshold,
        healthyThreshold: h.healthyThreshold,
        fromZone: h.from === undefined ? -1 : this.context.ref(this.zones, h.from, "zone", ["services", i, "balancer", "healthCheck", "from"]),
      });
    });
    return out;
  }

  detector(scenario: Scenario): DetectorSpec | null {
    const d = scenario.detector;
    if (d === undefined) return null;
    const names = d.detectors.map((x) => x.name);
    return {
      heartbeatIntervalMs: d.heartbeatInterval,
      managerZone: d.managerZone === undefined ? 0 : this.context.ref(this.zones, d.managerZone, "zone", ["detector", "managerZone"]),
      groupIndexes: d.groups === undefined ? this.groups.map((_, g) => g) : d.groups.map((g, k) => this.context.ref(this.groups, g, "group", ["detector", "groups", k])),
      checkIntervalMs: d.checkInterval,
      detectors: d.detectors.map((x) => x.type === "timeout"
        ? { name: x.name, kind: "timeout" as const, timeoutMs: x.timeout }
        : { name: x.name, kind: "phi-accrual" as const, threshold: x.threshold, window: x.window, minStdDevMs: x.minStdDev, acceptablePauseMs: x.acceptablePause }),
      evictWith: d.evict === undefined ? -1 : this.context.ref(names, d.evict, "detector", ["detector", "evict"]),
    };
  }
}

/** `mttf: 1h` is an exponential with that mean; otherwise the given distribution. */
function timeDistribution(meanMs: number | undefined, dist: Parameters<typeof toDistributionSpec>[0] | undefined): DistributionSpec {
  return meanMs !== undefined ? { type: "exponential", mean: meanMs } : toDistributionSpec(dist!);
}

/**
 * Compiles the faults, health checks and detector of a validated scenario against its
 * compiled topology. Never throws for bad input: problems go to `context`, with paths, and
 * the plan is only usable when the compile as a whole found none.
 */
export function compileFaults(context: CompileContext, scenario: Scenario, topology: Topology): FaultPlan {
  const c = new FaultCompiler(context, topology);
  const faults = scenario.faults.map((f, i) => c.fault(f, i));
  const healthChecks = c.healthChecks(scenario);
  const detector = c.detector(scenario);
  return { faults, healthChecks, detector };
}
