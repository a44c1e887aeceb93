/**
 * Turns a finished ClusterModel and its extensions into a Result: summaries over the
 * measurement period, SLO verdicts, cost, series and timeline, then the sections each
 * installed mechanism returns (extension.ts), in a fixed key order (see
 * engine/result/result.ts). It knows the mechanisms only by the sections they fill.
 */
import { finiteOrNull } from "../result/common";
import { latencySummary } from "../result/latency-summary";
import type { GroupSummary, NodeSummary } from "../result/nodes-result";
import type { FailureCounts, QueueWaitSummary, RequestSummary, ServiceSummary } from "../result/requests-result";
import { RESULT_VERSION, type Result } from "../result/result";
import { judgeAvailability, judgeLatency, judgeMechanism, type SloOutcome } from "../metrics/slo";
import { measureMechanismSlo } from "../result/mechanism-slos";
import type { ClusterModel } from "./cluster-model";
import type { ExtensionSections, ModelExtension } from "./extension";
import { LEVEL_BUSY, LEVEL_IN_FLIGHT, LEVEL_QUEUED, type RequestTally, type WaitTally } from "./recorder";
import { FAILURE_CAUSES } from "./records";

/** Node integrals captured at the end of warm-up, subtracted from the end-of-run values. */
export interface WarmupSnapshot {
  busy: Float64Array;
  queue: Float64Array;
  up: Float64Array;
  booting: Float64Array;
  draining: Float64Array;
  billed: Float64Array;
  served: Float64Array;
}

/**
 * Captures the node integrals at the end of warm-up, and restarts each node's maximum queue
 * length there (from the queue it has then), so the maximum covers the measurement period.
 */
export function snapshotNodes(model: ClusterModel): WarmupSnapshot {
  const nodes = model.nodes;
  nodes.touchAll(model.sim.nowMs);
  for (let node = 0; node < nodes.count; node++) nodes.queueMax[node] = nodes.queues[node]!.length;
  return {
    busy: nodes.busyIntegral.slice(0, nodes.count),
    queue: nodes.queueIntegral.slice(0, nodes.count),
    up: nodes.upIntegral.slice(0, nodes.count),
    booting: nodes.bootingIntegral.slice(0, nodes.count),
    draining: nodes.drainingIntegral.slice(0, nodes.count),
    billed: nodes.billedMs.slice(0, nodes.count),
    served: nodes.served.slice(0, nodes.count),
  };
}

/**
 * Builds the Result; call after the run reached durationMs and the last window closed.
 * `extensions` are the run's, in installation order; a section no extension returns keeps its
 * empty value, and if two return the same section the later one's wins.
 */
export function buildResult(model: ClusterModel, warmup: WarmupSnapshot, extensions: readonly ModelExtension[]): Result {
  const spec = model.spec;
  const endMs = spec.durationMs;
  const recorder = model.recorder;
  model.nodes.touchAll(endMs);
  const measuredMs = endMs - spec.warmupMs;
  recorder.mergeOverallWaits();
  const requests = summariseRequests(recorder.overall, measuredMs, sum(recorder.measuredInFlight));
  const classes = spec.classes.map((c, i) => ({ name: c.name, ...summariseRequests(recorder.classes[i]!, measuredMs, recorder.measuredInFlight[i]!) }));
  const meanInSystem = recorder.meanInSystem(endMs);
  const arrivalRatePerS = measuredMs > 0 ? (recorder.overall.offered * 1000) / measuredMs : 0;
  const completed = recorder.overall.succeeded + recorder.overall.failed;
  const meanTimeInSystemMs = completed > 0 ? recorder.overall.timeInSystemSumMs / completed : null;
  const { groups, cost } = summariseGroups(model, warmup);
  const sections = extensionSections(extensions);
  const slos = judgeSlos(model, sections);
  return {
    resultVersion: RESULT_VERSION,
    engineVersion: model.options.engineVersion,
    scenario: spec.name,
    seed: model.options.seed,
    durationMs: spec.durationMs,
    warmupMs: spec.warmupMs,
    windowMs: spec.windowMs,
    events: model.sim.eventsProcessed,
    requests,
    classes,
    littlesLaw: {
      meanInSystem,
      arrivalRatePerS,
      meanTimeInSystemMs,
      predictedInSystem: meanTimeInSystemMs === null ? null : (arrivalRatePerS * meanTimeInSystemMs) / 1000,
    },
    services: summariseServices(model, warmup),
    groups,
    nodes: summariseNodes(model, warmup),
    slos,
    slosPassed: slos.every((s) => s.passed),
    cost,
    series: model.series.series,
    timeline: model.timeline,
    faults: sections.faults,
    autoscaling: sections.autoscaling,
    rollingUpdates: sections.rollingUpdates,
    placement: sections.placement,
    replicated: sections.replicated,
    batch: sections.batch,
    caches: sections.caches,
    databases: sections.databases,
    multiRegion: sections.multiRegion,
    ...(sections.hybrid === undefined ? {} : { hybrid: sections.hybrid }),
  };
}

/** The mechanisms' sections: what the extensions return over the empty value of each. */
function extensionSections(extensions: readonly ModelExtension[]): ExtensionSections {
  const sections: ExtensionSections = {
    faults: { incidents: [], incidentsOmitted: 0, heartbeats: null, detectors: [], healthChecks: [] },
    autoscaling: [],
    rollingUpdates: [],
    placement: null,
    replicated: [],
    batch: null,
    caches: [],
    databases: [],
    multiRegion: null,
  };
  for (const extension of extensions) Object.assign(sections, extension.result());
  return sections;
}

/** Failure counts by cause, in FAILURE_CAUSES order (the Result's key order). */
function causes(counts: Float64Array): FailureCounts {
  const out = {} as Record<string, number>;
  FAILURE_CAUSES.forEach((cause, i) => { out[cause] = counts[i]!; });
  return out as unknown as FailureCounts;
}

function queueWait(w: WaitTally): QueueWaitSummary {
  return {
    arrived: w.arrived,
    queued: w.queued,
    abandoned: w.abandoned,
    waitedShare: w.arrived > 0 ? w.queued / w.arrived : null,
    abandonedShare: w.arrived > 0 ? w.abandoned / w.arrived : null,
    waitMs: latencySummary(w.waitMs),
  };
}

function summariseRequests(t: RequestTally, measuredMs: number, inFlightAtEnd: number): RequestSummary {
  const completed = t.succeeded + t.failed;
  const perS = measuredMs > 0 ? 1000 / measuredMs : 0;
  return {
    offered: t.offered,
    completed,
    succeeded: t.succeeded,
    failed: t.failed,
    failedByCause: causes(t.failedByCause),
    inFlightAtEnd,
    offeredPerS: t.offered * perS,
    goodputPerS: t.succeeded * perS,
    failedPerS: t.failed * perS,
    successRate: completed > 0 ? t.succeeded / completed : null,
    latencyMs: latencySummary(t.latency),
    queueWait: queueWait(t.waits),
    retries: t.retries,
    hedges: t.hedges,
    histogram: t.latency.toJSON(),
  };
}

function summariseServices(model: ClusterModel, warmup: WarmupSnapshot): ServiceSummary[] {
  const nodes = model.nodes;
  const endMs = model.spec.durationMs;
  // Core-time available per group over the measurement period (cores x time up).
  const groupCapacity = new Float64Array(model.spec.groups.length);
  for (let node = 0; node < nodes.count; node++) {
    groupCapacity[nodes.group[node]!]! += (nodes.upIntegral[node]! - at(warmup.up, node)) * nodes.cores[node]!;
  }
  const levels = model.recorder.serviceLevels;
  return model.services.map((service, i) => {
    const t = model.recorder.services[i]!;
    const capacity = model.spec.services[i]!.groupIndexes.reduce((sum, g) => sum + (g >= 0 ? groupCapacity[g]! : 0), 0);
    const busyMean = levels.mean(i, LEVEL_BUSY, endMs);
    const measuredMs = endMs - model.spec.warmupMs;
    return {
      name: service.name,
      attempts: t.attempts,
      succeeded: t.succeeded,
      failedByCause: causes(t.failedByCause),
      droppedExpired: t.droppedExpired,
      retries: t.retries,
      hedges: t.hedges,
      latencyMs: latencySummary(t.latency),
      queueWait: queueWait(t.waits),
      utilisation: capacity > 0 ? (busyMean * measuredMs) / capacity : null,
      queueLengthMean: levels.mean(i, LEVEL_QUEUED, endMs),
      queueLengthMax: levels.maxOf(i, LEVEL_QUEUED),
      inFlightMean: levels.mean(i, LEVEL_IN_FLIGHT, endMs),
      inFlightMax: levels.maxOf(i, LEVEL_IN_FLIGHT),
    };
  });
}

function summariseGroups(model: ClusterModel, warmup: WarmupSnapshot): { groups: GroupSummary[]; cost: Result["cost"] } {
  const spec = model.spec;
  const nodes = model.nodes;
  const measuredMs = spec.durationMs - spec.warmupMs;
  const groups: GroupSummary[] = spec.groups.map((g) => ({ name: g.name, nodes: 0, utilisation: null, queueLengthMean: 0, queueLengthMax: 0, inFlightMean: 0, upShare: null, capacity: null, nodeHours: 0, cost: 0 }));
  let measuredPeriodCost = 0;
  const busy = new Float64Array(groups.length);
  const capacity = new Float64Array(groups.length);
  const queue = new Float64Array(groups.length);
  const up = new Float64Array(groups.length);
  const existed = new Float64Array(groups.length);
  const provisioned = new Float64Array(groups.length);
  const booting = new Float64Array(groups.length);
  const draining = new Float64Array(groups.length);
  for (let node = 0; node < nodes.count; node++) {
    const g = nodes.group[node]!;
    const group = groups[g]!;
    group.nodes++;
    const dUp = nodes.upIntegral[node]! - at(warmup.up, node);
    busy[g]! += nodes.busyIntegral[node]! - at(warmup.busy, node);
    capacity[g]! += dUp * nodes.cores[node]!;
    queue[g]! += nodes.queueIntegral[node]! - at(warmup.queue, node);
    up[g]! += dUp;
    existed[g]! += Math.min(measuredMs, nodes.billedMs[node]!);
    provisioned[g]! += nodes.billedMs[node]! - at(warmup.billed, node);
    booting[g]! += nodes.bootingIntegral[node]! - at(warmup.booting, node);
    draining[g]! += nodes.drainingIntegral[node]! - at(warmup.draining, node);
    group.queueLengthMax = Math.max(group.queueLengthMax, nodes.queueMax[node]!);
    group.nodeHours += nodes.billedMs[node]! / 3_600_000;
    group.cost += (nodes.billedMs[node]! / 3_600_000) * nodes.pricePerHour[node]!;
    measuredPeriodCost += ((nodes.billedMs[node]! - at(warmup.billed, node)) / 3_600_000) * nodes.pricePerHour[node]!;
  }
  groups.forEach((group, g) => {
    group.utilisation = capacity[g]! > 0 ? busy[g]! / capacity[g]! : null;
    group.queueLengthMean = existed[g]! > 0 ? queue[g]! / existed[g]! : 0;
    group.inFlightMean = existed[g]! > 0 ? (queue[g]! + busy[g]!) / existed[g]! : 0;
    group.upShare = existed[g]! > 0 ? up[g]! / existed[g]! : null;
    group.capacity = capacityShares(provisioned[g]!, up[g]!, booting[g]!, draining[g]!);
  });
  const total = groups.reduce((s, g) => s + g.cost, 0);
  return {
    groups,
    cost: {
      total,
      measuredPeriod: measuredPeriodCost,
      perHour: spec.durationMs > 0 ? total / (spec.durationMs / 3_600_000) : 0,
      groups: groups.map((g) => ({ name: g.name, nodeHours: g.nodeHours, cost: g.cost })),
    },
  };
}

function summariseNodes(model: ClusterModel, warmup: WarmupSnapshot): NodeSummary[] {
  const nodes = model.nodes;
  const rackNames = model.rackNames;
  const spec = model.spec;
  const measuredMs = spec.durationMs - spec.warmupMs;
  const out: NodeSummary[] = [];
  for (let node = 0; node < nodes.count; node++) {
    const dUp = nodes.upIntegral[node]! - at(warmup.up, node);
    const existedMs = Math.min(measuredMs, nodes.billedMs[node]!);
    out.push({
      name: nodes.names[node]!,
      group: spec.groups[nodes.group[node]!]!.name,
      zone: spec.zones[nodes.zone[node]!]!.name,
      rack: nodes.rack[node]! >= 0 ? rackNames[nodes.rack[node]!]! : null,
      utilisation: dUp > 0 ? (nodes.busyIntegral[node]! - at(warmup.busy, node)) / (dUp * nodes.cores[node]!) : null,
      queueLengthMean: existedMs > 0 ? (nodes.queueIntegral[node]! - at(warmup.queue, node)) / existedMs : 0,
      queueLengthMax: nodes.queueMax[node]!,
      inFlightMean: existedMs > 0 ? (nodes.queueIntegral[node]! - at(warmup.queue, node) + nodes.busyIntegral[node]! - at(warmup.busy, node)) / existedMs : 0,
      served: nodes.served[node]! - at(warmup.served, node),
      upShare: existedMs > 0 ? dUp / existedMs : null,
    });
  }
  return out;
}

/**
 * Every SLO's verdict in scenario order: the request SLOs from the recorder, the mechanism SLOs
 * (which carry their scenario positions) from the mechanisms' finished sections.
 */
function judgeSlos(model: ClusterModel, sections: ExtensionSections): SloOutcome[] {
  const requestSlos = judgeRequestSlos(model);
  const mechanismSlos = model.spec.mechanismSlos ?? [];
  if (mechanismSlos.length === 0) return requestSlos;
  const measured = { durationMs: model.spec.durationMs, ...sections };
  const outcomes: SloOutcome[] = [];
  let next = 0;
  for (const spec of mechanismSlos) {
    while (outcomes.length < spec.position) outcomes.push(requestSlos[next++]!);
    outcomes.push(judgeMechanism(spec, measureMechanismSlo(spec, measured)));
  }
  while (next < requestSlos.length) outcomes.push(requestSlos[next++]!);
  return outcomes;
}

function judgeRequestSlos(model: ClusterModel): SloOutcome[] {
  const recorder = model.recorder;
  return model.spec.slos.map((slo, i) => {
    const tally = slo.classIndex < 0 ? recorder.overall : recorder.classes[slo.classIndex]!;
    const className = slo.classIndex < 0 ? "all" : model.spec.classes[slo.classIndex]!.name;
    if (slo.kind === "latency") {
      const judged = model.series.sloWindowsJudged[i]!;
      return judgeLatency(slo, {
        className,
        measuredMs: finiteOrNull(tally.latency.quantile(slo.quantile)),
        windowsMeetingShare: judged > 0 ? model.series.sloWindowsMet[i]! / judged : null,
      });
    }
    return judgeAvailability(slo, { className, completed: tally.succeeded + tally.failed, failed: tally.failed });
  });
}

/** A group's serving capacity from its node-time integrals over the measured period (ms); null when nothing was provisioned. */
function capacityShares(provisionedMs: number, upMs: number, bootingMs: number, drainingMs: number): GroupSummary["capacity"] {
  if (!(provisionedMs > 0)) return null;
  const servingMs = upMs - drainingMs;
  return {
    servingShare: servingMs / provisionedMs,
    bootingShare: bootingMs / provisionedMs,
    drainingShare: drainingMs / provisionedMs,
    downShare: Math.max(0, provisionedMs - upMs - bootingMs) / provisionedMs,
    provisionedNodeHours: provisionedMs / 3_600_000,
  };
}

function at(values: Float64Array, index: number): number {
  return index < values.length ? values[index]! : 0;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
