/**
 * Compiles a scenario's data-tier and disaster-recovery sections (services[i].database,
 * multiRegion) into a DataTierSpec: names become indexes, and every reference is checked
 * against the compiled topology, with paths and did-you-mean, into the compile's shared
 * CompileContext:
 * `multiRegion.outages[0].region: no region named "us-est" (did you mean "us-east"?)`.
 *
 * It also rejects what the mechanisms cannot do, saying why: a database's groups have a fixed
 * membership (no autoscaling or rolling update), a service is a Raft `replicated` service or a
 * `database`, not both, sync replication needs as many replicas as it waits for, and a
 * reconnect through DNS needs a multiRegion section with its TTL.
 */
import type { FailureDetectorOptions } from "../model/faults/failure-detector";
import type { DatabaseSpec, DataTierSpec, RegionOutageSpec, RegionsSpec } from "../model/data-tier/data-tier-spec";
import type { ModelSpec } from "../model/spec";
import type { PathSegment } from "../input/problems";
import type { CompileContext } from "./compile-context";
import type { Scenario } from "./schema";
import type { DatabaseValue } from "./schema-data";
import { toDistributionSpec } from "./schema-distribution";

type Topology = Pick<ModelSpec, "zones" | "groups" | "services">;

class DataTierCompiler {
  private readonly zoneNames: string[];
  readonly regionNames: string[];

  constructor(private readonly context: CompileContext, private readonly scenario: Scenario, private readonly topology: Topology) {
    this.zoneNames = topology.zones.map((z) => z.name);
    this.regionNames = [...new Set(topology.zones.map((z) => z.region))];
  }

  databases(): DatabaseSpec[] {
    const out: DatabaseSpec[] = [];
    this.scenario.services.forEach((service, i) => {
      if (service.database === undefined) return;
      const spec = this.topology.services[i];
      if (spec !== undefined) out.push(this.database(service.database, i, service.replicated !== undefined));
    });
    return out;
  }

  private database(d: DatabaseValue, i: number, replicated: boolean): DatabaseSpec {
    const path: PathSegment[] = ["services", i, "database"];
    const service = this.topology.services[i]!;
    const groups = service.groupIndexes.filter((g) => g >= 0);
    if (replicated) this.context.problem(path, "a service is either replicated (Raft, its own elections) or a database (primary/replica with an HA manager), not both");
    const replicas = groups.reduce((n, g) => n + this.topology.groups[g]!.count, 0);
    if (replicas === 0) this.context.problem(["services", i, "groups"], "a database needs at least one node at the start");
    if (d.replication.mode === "sync" && d.replication.syncReplicas > replicas - 1) {
      this.context.problem([...path, "replication", "syncReplicas"], `must be ≤ the replicas besides the primary (${Math.max(0, replicas - 1)}), or no commit can complete; got ${d.replication.syncReplicas}`);
    }
    this.checkFixedGroups(groups, service.name, i);
    const replicaZones = [...new Set(groups.flatMap((g) => this.topology.groups[g]!.zoneIndexes.slice(0, Math.max(1, this.topology.groups[g]!.count))))].sort((a, b) => a - b);
    const zoneList = (names: string[] | undefined, at: PathSegment[]) => (names === undefined ? replicaZones : names.map((z, k) => this.context.ref(this.zoneNames, z, "zone", [...at, k])));
    const f = d.failover;
    if (f.reconnect === "dns" && this.scenario.multiRegion === undefined) this.context.problem([...path, "failover", "reconnect"], "dns needs a multiRegion section (its dns.ttl and dns.propagation); give a duration instead");
    const detector: FailureDetectorOptions = f.detector.type === "timeout"
      ? { kind: "timeout", timeoutMs: f.detector.timeout }
      : { kind: "phi-accrual", threshold: f.detector.threshold, window: f.detector.window, minStdDevMs: f.detector.minStdDev, acceptablePauseMs: f.detector.acceptablePause };
    const clientZoneIndexes = zoneList(d.writes.zones, [...path, "writes", "zones"]);
    return {
      serviceIndex: i,
      replication: {
        mode: d.replication.mode,
        syncReplicas: d.replication.syncReplicas,
        confirmOn: d.replication.confirmOn,
        semiSyncTimeoutMs: d.replication.semiSyncTimeout,
        applyTime: toDistributionSpec(d.replication.applyTime),
      },
      failover: {
        heartbeatIntervalMs: f.heartbeatInterval,
        checkIntervalMs: f.checkInterval,
        detector,
        witnessZoneIndexes: zoneList(f.witnesses, [...path, "failover", "witnesses"]),
        fencing: f.fencing,
        fencingDelayMs: f.fencingDelay,
        promotionMs: f.promotion,
        reconnectMs: f.reconnect === "dns" ? -1 : f.reconnect,
      },
      writes: {
        ratePerS: d.writes.rate,
        timeoutMs: d.writes.timeout,
        clientZoneIndexes,
        // Without explicit zones in a multi-region scenario, the writers are the application: they run where traffic goes.
        followTraffic: d.writes.zones === undefined && this.scenario.multiRegion !== undefined,
        retryBackoffMs: d.writes.retryBackoff,
      },
      reads: d.reads === undefined ? null : {
        ratePerS: d.reads.rate,
        timeoutMs: d.reads.timeout,
        from: d.reads.from,
        maxStalenessMs: d.reads.maxStaleness ?? Infinity,
        whenStale: d.reads.whenStale,
      },
    };
  }

  /** A database's replicas are fixed for the run: its groups cannot be autoscaled or rolled. */
  private checkFixedGroups(groups: number[], serviceName: string, i: number): void {
    const names = new Set(groups.map((g) => this.topology.groups[g]!.name));
    const why = `group "%s" hosts the database "${serviceName}" (services[${i}]), whose replicas are fixed for the run`;
    this.scenario.autoscaling.forEach((a, k) => { if (names.has(a.group)) this.context.problem(["autoscaling", k, "group"], why.replace("%s", a.group)); });
    this.scenario.rollingUpdates.forEach((u, k) => { if (names.has(u.group)) this.context.problem(["rollingUpdates", k, "group"], why.replace("%s", u.group)); });
  }

  regions(): RegionsSpec | null {
    const m = this.scenario.multiRegion;
    if (m === undefined) return null;
    const path: PathSegment[] = ["multiRegion"];
    const regions = this.regionNames.map((name) => ({ name, zoneIndexes: this.topology.zones.flatMap((z, k) => (z.region === name ? [k] : [])) }));
    const homeRegion = m.home === undefined ? 0 : this.context.ref(this.regionNames, m.home, "region", [...path, "home"]);
    if (m.deployment === "active-passive" && regions.length < 2) this.context.problem([...path, "deployment"], `active-passive needs a standby: topology.regions has only ${regions.length} region`);
    if (m.failBack !== undefined && m.deployment === "active-active") this.context.problem([...path, "failBack"], "only with deployment active-passive (active-active regions rejoin on their own)");
    const outages: RegionOutageSpec[] = m.outages.map((o, k) => {
      const label = `multiRegion.outages[${k}]`;
      const regionIndex = this.context.ref(this.regionNames, o.region, "region", [...path, "outages", k, "region"]);
      if (o.at !== undefined) return { kind: "scheduled", label, regionIndex, atMs: o.at, forMs: o.for ?? Infinity };
      return { kind: "process", label, regionIndex, timeToFailure: { type: "exponential", mean: o.mttf! }, timeToRepair: { type: "exponential", mean: o.mttr! } };
    });
    return {
      regions,
      deployment: m.deployment,
      homeRegion: Math.max(0, homeRegion),
      dnsTtlMs: m.dns.ttl,
      dnsPropagationMs: m.dns.propagation,
      healthCheck: { intervalMs: m.healthCheck.interval, unhealthyThreshold: m.healthCheck.unhealthyThreshold, healthyThreshold: m.healthCheck.healthyThreshold },
      failBackAfterMs: m.failBack?.after ?? Infinity,
      outages,
    };
  }
}

/**
 * Compiles the data-tier sections against a compiled topology. Never throws for bad input:
 * problems go to `context` with their paths (the spec is only meaningful without problems).
 */
export function compileDataTier(context: CompileContext, scenario: Scenario, topology: Topology): DataTierSpec {
  const c = new DataTierCompiler(context, scenario, topology);
  const databases = c.databases();
  const regions = c.regions();
  return { databases, regions };
}
