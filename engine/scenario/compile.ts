/**
 * Compiles a validated Scenario into a RunSpec in one pass: first the request core's ModelSpec
 * (names become indexes, defaults that depend on other fields are filled in — the metrics
 * window, balancer weights —, the traffic curve is built, recorded traffic is read from the
 * files the caller supplies), then, against that topology, each mechanism's spec: faults
 * (compile-faults.ts), caches (compile-cache.ts), operations (compile-operations.ts), the
 * data tier (compile-data.ts) and the SLOs over those mechanisms (compile-slos.ts). Each step runs once and reports into one CompileContext.
 *
 * Reference errors (a service naming a group that does not exist) are reported here, all at
 * once, with their paths, because the schema checks each field on its own.
 */
import type { BreakerSpec, ClassSpec, GroupSpec, NetworkSpec, RetrySpec, ServiceSpec, StepSpec, ZoneSpec } from "../model/spec";
import type { RunSpec } from "../model/run-spec";
import type { SloSpec } from "../metrics/slo";
import type { PathSegment, Problem } from "../input/problems";
import { formatDurationMs } from "../input/units";
import { CompileContext } from "./compile-context";
import { toDistributionSpec, type HopValue, type Scenario } from "./schema";
import { compileFaults } from "./compile-faults";
import { compileCaches } from "./compile-cache";
import { compileOperations } from "./compile-operations";
import { compileDataTier } from "./compile-data";
import { compileMechanismSlos } from "./compile-slos";
import { compileWorkload } from "./compile-workload";
import { prometheusSourceKey } from "./schema-replay";

/** Text of files a scenario refers to (recorded traffic), by the path written in the scenario. */
export type ScenarioFiles = Readonly<Record<string, string>>;

/**
 * The outcome of {@link compileScenario}: the RunSpec with the compile's notes (things it fixed
 * in recorded traffic, not errors) and, when the workload replays Prometheus data, the
 * wall-clock time (epoch ms) its time 0 stands for; or every problem found.
 */
export type CompileResult = { ok: true; spec: RunSpec; notes: Problem[]; recordingOriginMs?: number } | { ok: false; problems: Problem[] };

/** Windows per run the default metrics window aims for (at most). */
const WINDOWS_TARGET_MAX = 600;
const NICE_WINDOWS_MS = [100, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];

/** The default metrics window for a run: the smallest "nice" window giving ≤ 600 windows. */
export function defaultWindowMs(durationMs: number): number {
  for (const w of NICE_WINDOWS_MS) if (durationMs / w <= WINDOWS_TARGET_MAX) return w;
  return Math.ceil(durationMs / WINDOWS_TARGET_MAX / 3_600_000) * 3_600_000;
}

/** Paths of the files a scenario needs (recorded traffic), in a stable order. */
export function requiredFiles(scenario: Scenario): string[] {
  const files: string[] = [];
  if (scenario.workload.rate?.replay?.file !== undefined) files.push(scenario.workload.rate.replay.file);
  if (scenario.workload.trace) files.push(scenario.workload.trace.file);
  return files;
}

/** A Prometheus range query a scenario replays (`workload.rate.replay.source`), for the CLI to fetch. */
export interface RequiredQuery {
  /** The key to hand the response's text under, in the compile's files. */
  key: string;
  /** The field that declares it, e.g. `workload.rate.replay.source`. */
  path: string;
  /** The server's base URL, when the scenario gives one. */
  url?: string;
  query: string;
  /** Range and resolution, epoch ms and ms. */
  startMs: number;
  endMs: number;
  stepMs: number;
}

/** The Prometheus queries a scenario replays, in a stable order (at most one today). */
export function requiredQueries(scenario: Scenario): RequiredQuery[] {
  const source = scenario.workload.rate?.replay?.source;
  if (source === undefined) return [];
  const path = "workload.rate.replay.source";
  const query: RequiredQuery = { key: prometheusSourceKey(path), path, query: source.query, startMs: source.start, endMs: source.end, stepMs: source.step };
  if (source.prometheus !== undefined) query.url = source.prometheus;
  return [query];
}

/** The request core's part of the compile: topology, services, classes, network, workload, SLOs. */
class CoreCompiler {
  readonly zoneIndex = new Map<string, number>();
  readonly groupIndex = new Map<string, number>();
  readonly serviceIndex = new Map<string, number>();
  readonly classIndex = new Map<string, number>();

  constructor(private readonly context: CompileContext, readonly scenario: Scenario, readonly files: ScenarioFiles) {}

  zones(): ZoneSpec[] {
    const zones: ZoneSpec[] = [];
    this.scenario.topology.regions.forEach((region, r) => {
      region.zones.forEach((zone, z) => {
        this.context.unique(this.zoneIndex, zone, "zone", ["topology", "regions", r, "zones", z]);
        zones.push({ name: zone, region: region.name, racks: [] });
      });
    });
    const rackNames = new Map<string, number>();
    this.scenario.topology.racks.forEach((rack, i) => {
      this.context.unique(rackNames, rack.name, "rack", ["topology", "racks", i, "name"]);
      const zone = this.context.ref(this.zoneIndex, rack.zone, "zone", ["topology", "racks", i, "zone"]);
      if (zone >= 0) zones[zone]!.racks!.push(rack.name);
    });
    return zones;
  }

  groups(): GroupSpec[] {
    return this.scenario.topology.groups.map((group, g) => {
      this.context.unique(this.groupIndex, group.name, "group", ["topology", "groups", g, "name"]);
      const zoneNames = group.zones ?? [...this.zoneIndex.keys()];
      const zoneIndexes = zoneNames.map((zone, z) => this.context.ref(this.zoneIndex, zone, "zone", ["topology", "groups", g, "zones", z]));
      return {
        name: group.name,
        count: group.count,
        cores: group.cores,
        speed: group.speed,
        queueCapacity: group.queue === "unbounded" ? Infinity : group.queue,
        zoneIndexes,
        pricePerHour: group.price,
      };
    });
  }

  services(groups: GroupSpec[]): ServiceSpec[] {
    return this.scenario.services.map((service, i) => {
      this.context.unique(this.serviceIndex, service.name, "service", ["services", i, "name"]);
      const groupIndexes = service.groups.map((group, g) => this.context.ref(this.groupIndex, group, "group", ["services", i, "groups", g]));
      const weights = groupIndexes.map((g) => (g >= 0 ? groups[g]!.cores * groups[g]!.speed : 1));
      for (const [group, weight] of Object.entries(service.balancer.weights ?? {})) {
        const at = service.groups.indexOf(group);
        if (at < 0) this.context.problem(["services", i, "balancer", "weights", group], `"${group}" is not one of this service's groups (${service.groups.join(", ")})`);
        else weights[at] = weight;
      }
      return {
        name: service.name,
        groupIndexes,
        policy: service.balancer.policy,
        choices: service.balancer.choices,
        weights,
        serviceTime: toDistributionSpec(service.serviceTime),
        deadlineAware: service.deadlineAware,
        patience: service.patience === undefined ? null : toDistributionSpec(service.patience),
      };
    });
  }

  step(hop: HopValue, path: PathSegment[]): StepSpec {
    const serviceIndex = this.context.ref(this.serviceIndex, hop.service, "service", [...path, "service"]);
    const retry: RetrySpec = hop.retries
      ? {
          attemptsMax: hop.retries.max,
          backoffMs: hop.retries.backoff,
          multiplier: hop.retries.multiplier,
          backoffMaxMs: hop.retries.maxBackoff,
          jitter: hop.retries.jitter,
          budgetRatio: hop.retries.budget ?? Infinity,
        }
      : { attemptsMax: 0, backoffMs: 0, multiplier: 1, backoffMaxMs: 0, jitter: "none", budgetRatio: Infinity };
    const breaker: BreakerSpec | undefined = hop.circuitBreaker ? { failuresToOpen: hop.circuitBreaker.failures, openMs: hop.circuitBreaker.openFor } : undefined;
    return {
      serviceIndex,
      serviceTime: hop.serviceTime === undefined ? undefined : toDistributionSpec(hop.serviceTime),
      timeoutMs: hop.timeout === "none" ? Infinity : hop.timeout,
      retry,
      hedgeAfterMs: hop.hedgeAfter ?? Infinity,
      breaker,
      stages: (hop.calls ?? []).map((child, c) => ({
        step: this.step(child, [...path, "calls", c]),
        count: child.fanout,
        waitFor: child.waitFor ?? child.fanout,
      })),
      requestBytes: hop.requestSize,
      responseBytes: hop.responseSize,
    };
  }

  classes(): ClassSpec[] {
    return this.scenario.workload.classes.map((cls, c) => {
      this.context.unique(this.classIndex, cls.name, "request class", ["workload", "classes", c, "name"]);
      if (cls.call.fanout > 1) this.context.problem(["workload", "classes", c, "call", "fanout"], "fan-out applies to downstream calls (under calls:), not to the client's call");
      return { name: cls.name, weight: cls.weight, root: this.step(cls.call, ["workload", "classes", c, "call"]) };
    });
  }

  network(): NetworkSpec {
    const n = this.scenario.network;
    return {
      sameZone: toDistributionSpec(n.sameZone),
      crossZone: toDistributionSpec(n.crossZone),
      crossRegion: toDistributionSpec(n.crossRegion),
      client: toDistributionSpec(n.client),
      zonePairs: n.links.map((link, l) => ({
        fromZone: this.context.ref(this.zoneIndex, link.between[0]!, "zone", ["network", "links", l, "between", 0]),
        toZone: this.context.ref(this.zoneIndex, link.between[1]!, "zone", ["network", "links", l, "between", 1]),
        latency: toDistributionSpec(link.latency),
      })),
      lossProbability: n.loss,
      bandwidthBytesPerMs: n.bandwidth ?? Infinity,
    };
  }

  /** The request SLOs (latency, availability), in scenario order; mechanism SLOs are compile-slos.ts's. */
  slos(): SloSpec[] {
    return this.scenario.slos.flatMap((slo, i): SloSpec[] => {
      if (slo.latency === undefined && slo.availability === undefined) return [];
      const classIndex = slo.class === undefined ? -1 : this.context.ref(this.classIndex, slo.class, "request class", ["slos", i, "class"]);
      if (slo.latency) {
        return [{
          kind: "latency",
          name: slo.name,
          classIndex,
          quantile: Number(slo.latency.percentile.slice(1)) / 100,
          thresholdMs: slo.latency.below,
          windowsShareMin: slo.latency.windows ?? 0,
        }];
      }
      return [{ kind: "availability", name: slo.name, classIndex, target: slo.availability! }];
    });
  }
}

/**
 * Compiles a validated scenario to the RunSpec of a run, in one pass. `files` holds the text of
 * every file from {@link requiredFiles}. Never throws for bad input: problems come back with
 * paths, in the order the steps found them (core, faults, caches, operations, data tier).
 */
export function compileScenario(scenario: Scenario, files: ScenarioFiles = {}): CompileResult {
  const context = new CompileContext();
  const c = new CoreCompiler(context, scenario, files);
  const durationMs = scenario.run.duration;
  const zones = c.zones();
  const groups = c.groups();
  const services = c.services(groups);
  const classes = c.classes();
  const network = c.network();
  const { spec: workload, originMs } = compileWorkload(scenario.workload, { context, files, classNames: classes.map((cls) => cls.name), durationMs });
  const slos = c.slos();
  const mechanismSlos = compileMechanismSlos(context, scenario); // writes, RPO/RTO, detectors, batch, caches
  const faults = compileFaults(context, scenario, { zones, groups, services }); // faults, health checks, detector
  const caches = compileCaches(context, scenario);
  const operations = compileOperations(context, scenario, { zones, groups, services, durationMs }); // autoscaling, updates, placement, replication, batch
  const dataTier = compileDataTier(context, scenario, { zones, groups, services }); // databases, regions
  const windowMs = scenario.run.window ?? defaultWindowMs(durationMs);
  if (windowMs > durationMs) context.problem(["run", "window"], `must not be longer than duration (${formatDurationMs(durationMs)}), got ${formatDurationMs(windowMs)}`);
  if (context.problems.length > 0) return { ok: false, problems: context.problems };
  const model = { name: scenario.name, durationMs, warmupMs: scenario.run.warmup, windowMs, zones, groups, services, network, classes, workload, slos, ...(mechanismSlos.length > 0 ? { mechanismSlos } : {}) };
  const spec: RunSpec = { model, faults, caches, operations, dataTier, ...(scenario.run.fidelity === "hybrid" ? { fidelity: "hybrid" as const } : {}) };
  return originMs === undefined ? { ok: true, spec, notes: context.notes } : { ok: true, spec, notes: context.notes, recordingOriginMs: originMs };
}
