/**
 * Compiles a scenario's cluster-operations sections (autoscaling, rollingUpdates, placement,
 * services[i].replicated, batch) into an OperationsSpec: names become indexes, and every
 * reference is checked against the compiled topology, with paths and did-you-mean, into the
 * compile's shared CompileContext: `autoscaling[0].group: no group named "ap" (did you mean "app"?)`.
 *
 * It also rejects combinations the mechanisms do not support together, saying why: a node
 * group hosting a replicated service or placed instances has a fixed membership, so it cannot
 * also be autoscaled or rolled; one autoscaler per group.
 */
import type { AutoscalerSpec, BatchSpec, OperationsSpec, PlacementSpec, RollingUpdateSpec } from "../model/operations/operations-spec";
import type { ReplicatedSpec } from "../model/replication/replicated-spec";
import type { ModelSpec } from "../model/spec";
import type { PathSegment } from "../input/problems";
import type { CompileContext } from "./compile-context";
import type { Scenario } from "./schema";
import { toDistributionSpec } from "./schema-distribution";

type Topology = Pick<ModelSpec, "zones" | "groups" | "services" | "durationMs">;

class OperationsCompiler {
  /** Why a group's membership is fixed (placement, replication), by group index. */
  private readonly fixedGroups = new Map<number, string>();

  constructor(private readonly context: CompileContext, private readonly scenario: Scenario, private readonly topology: Topology) {}

  private groupNames(): string[] {
    return this.topology.groups.map((g) => g.name);
  }

  private serviceNames(): string[] {
    return this.topology.services.map((s) => s.name);
  }

  replicated(): ReplicatedSpec[] {
    const out: ReplicatedSpec[] = [];
    this.scenario.services.forEach((service, i) => {
      const r = service.replicated;
      if (r === undefined) return;
      const path: PathSegment[] = ["services", i, "replicated"];
      const spec = this.topology.services[i];
      if (spec === undefined) return;
      const replicas = spec.groupIndexes.reduce((n, g) => n + (g >= 0 ? this.topology.groups[g]!.count : 0), 0);
      if (replicas === 0) this.context.problem(["services", i, "groups"], "a replicated service needs at least one node at the start");
      for (const g of spec.groupIndexes) if (g >= 0) this.fixedGroups.set(g, `it hosts the replicated service "${service.name}" (services[${i}])`);
      const replicaZones = [...new Set(spec.groupIndexes.flatMap((g) => (g >= 0 ? this.topology.groups[g]!.zoneIndexes.slice(0, Math.max(1, this.topology.groups[g]!.count)) : [])))].sort((a, b) => a - b);
      const zoneNames = this.topology.zones.map((z) => z.name);
      const clientZoneIndexes = r.writes.zones === undefined
        ? replicaZones
        : r.writes.zones.map((z, k) => this.context.ref(zoneNames, z, "zone", [...path, "writes", "zones", k]));
      out.push({
        serviceIndex: i,
        quorum: r.quorum,
        electionTimeoutMinMs: r.electionTimeout.min,
        electionTimeoutMaxMs: r.electionTimeout.max,
        heartbeatIntervalMs: r.heartbeatInterval,
        writes: { ratePerS: r.writes.rate, timeoutMs: r.writes.timeout, clientZoneIndexes, retryBackoffMs: r.writes.retryBackoff },
      });
    });
    return out;
  }

  placement(): PlacementSpec | null {
    const p = this.scenario.placement;
    if (p === undefined) return null;
    const seen = new Set<number>();
    const services = p.services.map((placed, k) => {
      const path: PathSegment[] = ["placement", "services", k];
      const serviceIndex = this.context.ref(this.serviceNames(), placed.service, "service", [...path, "service"]);
      if (serviceIndex < 0) return { serviceIndex, instances: placed.instances, cpu: placed.cpu, memoryBytes: placed.memory };
      if (seen.has(serviceIndex)) this.context.problem([...path, "service"], `service "${placed.service}" is placed twice`);
      seen.add(serviceIndex);
      const groups = this.topology.services[serviceIndex]!.groupIndexes.filter((g) => g >= 0);
      const fits = groups.some((g) => this.topology.groups[g]!.cores >= placed.cpu);
      if (!fits) this.context.problem([...path, "cpu"], `no node of the service's groups has ${placed.cpu} cores (largest: ${Math.max(...groups.map((g) => this.topology.groups[g]!.cores))})`);
      if (placed.memory > 0) {
        for (const g of groups) {
          if (this.groupMemory(g) === Infinity) this.context.problem([...path, "memory"], `group "${this.topology.groups[g]!.name}" declares no memory: add memory: to topology.groups[${g}] or drop this request`);
        }
      }
      for (const g of groups) this.fixedGroups.set(g, `placement.services[${k}] places instances on it`);
      return { serviceIndex, instances: placed.instances, cpu: placed.cpu, memoryBytes: placed.memory };
    });
    return {
      policy: p.policy,
      syncIntervalMs: p.syncInterval,
      rescheduleDelayMs: p.rescheduleDelay,
      services,
      groupMemoryBytes: this.topology.groups.map((_, g) => this.groupMemory(g)),
    };
  }

  private groupMemory(g: number): number {
    return this.scenario.topology.groups[g]?.memory ?? Infinity;
  }

  autoscalers(): AutoscalerSpec[] {
    const seen = new Map<number, number>();
    return this.scenario.autoscaling.map((a, k) => {
      const path: PathSegment[] = ["autoscaling", k];
      const groupIndex = this.context.ref(this.groupNames(), a.group, "group", [...path, "group"]);
      if (groupIndex >= 0) {
        if (seen.has(groupIndex)) this.context.problem([...path, "group"], `group "${a.group}" already has an autoscaler (autoscaling[${seen.get(groupIndex)}])`);
        seen.set(groupIndex, k);
        this.checkResizable(groupIndex, [...path, "group"]);
      }
      const target = a.target.utilisation !== undefined
        ? { kind: "utilisation" as const, utilisation: a.target.utilisation }
        : { kind: "requests-per-node" as const, ratePerS: a.target.requestsPerNode! };
      return {
        groupIndex,
        serviceIndexes: this.topology.services.flatMap((s, i) => (s.groupIndexes.includes(groupIndex) ? [i] : [])),
        nodesMin: a.min,
        nodesMax: a.max,
        target,
        intervalMs: a.interval,
        tolerance: a.tolerance,
        upStabilisationMs: a.stabilisation.up,
        downStabilisationMs: a.stabilisation.down,
        cooldownMs: a.cooldown,
        bootTime: toDistributionSpec(a.bootTime),
        drainTimeoutMs: a.drainTimeout,
      };
    });
  }

  rollingUpdates(): RollingUpdateSpec[] {
    return this.scenario.rollingUpdates.map((u, k) => {
      const path: PathSegment[] = ["rollingUpdates", k];
      const groupIndex = this.context.ref(this.groupNames(), u.group, "group", [...path, "group"]);
      if (groupIndex >= 0) this.checkResizable(groupIndex, [...path, "group"]);
      return {
        groupIndex,
        atMs: u.at,
        maxUnavailable: u.maxUnavailable,
        maxSurge: u.maxSurge,
        restartTime: toDistributionSpec(u.restartTime),
        drainTimeoutMs: u.drainTimeout,
      };
    });
  }

  private checkResizable(groupIndex: number, path: PathSegment[]): void {
    const why = this.fixedGroups.get(groupIndex);
    if (why !== undefined) this.context.problem(path, `group "${this.topology.groups[groupIndex]!.name}" has a fixed membership: ${why}`);
  }

  batch(): BatchSpec | null {
    const b = this.scenario.batch;
    if (b === undefined) return null;
    const cores = b.nodes * b.coresPerNode;
    b.jobs.sizes.forEach((size, k) => {
      if (size.cores > cores) this.context.problem(["batch", "jobs", "sizes", k, "cores"], `must be ≤ the cluster's ${cores} cores (${b.nodes} nodes x ${b.coresPerNode}), got ${size.cores}`);
    });
    const interarrival = toDistributionSpec(b.jobs.interarrival);
    if (b.jobs.count === undefined && interarrival.type === "constant" && interarrival.value === 0) {
      this.context.problem(["batch", "jobs", "count"], "required when interarrival is 0s (every job arrives at the start: how many?)");
    }
    const total = b.jobs.sizes.reduce((sum, size) => sum + size.weight, 0);
    return {
      nodes: b.nodes,
      coresPerNode: b.coresPerNode,
      policies: [...new Set(b.policies)],
      jobs: {
        count: b.jobs.count ?? Infinity,
        interarrival,
        sizes: b.jobs.sizes.map((size) => ({ cores: size.cores, weight: size.weight / total })),
        runtime: toDistributionSpec(b.jobs.runtime),
        estimateFactor: b.jobs.estimate,
      },
    };
  }
}

/**
 * Compiles the operations sections against a compiled topology. Never throws for bad input:
 * problems go to `context` with their paths (the spec is only meaningful without problems).
 */
export function compileOperations(context: CompileContext, scenario: Scenario, topology: Topology): OperationsSpec {
  const c = new OperationsCompiler(context, scenario, topology);
  // Replication and placement first: they fix group memberships the others must respect.
  const replicated = c.replicated();
  const placement = c.placement();
  const autoscalers = c.autoscalers();
  const rollingUpdates = c.rollingUpdates();
  const batch = c.batch();
  return { autoscalers, rollingUpdates, placement, replicated, batch };
}
