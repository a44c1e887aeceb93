/**
 * The Result section of the regions (engine/result/data-tier-result.ts): each DNS failover
 * or fail back with its RTO, RPO, the capacity of the region taking over and what it cost the
 * requests and the SLOs.
 *
 * An event lasts from its start (the outage behind it, else its detection) to the next
 * event's start or the end of the run. Its database failovers are those detected in that
 * span; the event's RTO is the longest of their write RTOs and of the requests' RTO (outage
 * to traffic moved). Request figures come from the metrics windows that start in the span,
 * so they are exact to one window.
 */
import type { RegionEventReport, RegionImpact, RegionsSummary } from "../../result/data-tier-result";
import type { Series } from "../../result/series-result";
import type { ClusterModel } from "../cluster-model";
import type { ManagedDatabase } from "./database";
import { failoverReport } from "./database-summary";
import { NODE_RETIRED } from "../nodes";
import type { RegionEventRecord, TrafficManager } from "./traffic-manager";

/** Builds the regions' Result section at the end of the run. */
export function regionsSummary(model: ClusterModel, traffic: TrafficManager, databases: ManagedDatabase[]): RegionsSummary {
  const spec = traffic.spec;
  const names = spec.regions.map((r) => r.name);
  const starts = traffic.events.map(startOf);
  return {
    deployment: spec.deployment,
    home: names[spec.homeRegion]!,
    dnsDelayMs: traffic.dnsDelayMs,
    regions: spec.regions.map((region, g) => ({
      name: region.name,
      zones: region.zoneIndexes.map((z) => model.spec.zones[z]!.name),
      cores: regionCores(model, traffic, g),
      servingAtEnd: traffic.serving[g] === 1,
    })),
    outages: traffic.outages.map((o) => ({ region: names[o.region]!, fromMs: o.fromMs, toMs: o.toMs })),
    outagesOmitted: traffic.outagesOmitted,
    events: traffic.events.map((event, k) => eventReport(model, traffic, databases, event, starts[k]!, k + 1 < starts.length ? starts[k + 1]! : model.spec.durationMs)),
  };
}

/**
 * Tells each database failover detected during a region event caused by an injected outage
 * when that outage began, so its detection phase is measured from there. Call before
 * building any report.
 */
export function linkOutages(traffic: TrafficManager, databases: ManagedDatabase[], endMs: number): void {
  const starts = traffic.events.map(startOf);
  traffic.events.forEach((event, k) => {
    if (!Number.isFinite(event.outageAtMs)) return;
    const toMs = k + 1 < starts.length ? starts[k + 1]! : endMs;
    for (const db of databases) {
      for (const record of db.failovers) {
        if (record.kind === "failover" && record.detectedAtMs >= starts[k]! && record.detectedAtMs < toMs) record.outageAtMs = event.outageAtMs;
      }
    }
  });
}

function startOf(event: RegionEventRecord): number {
  return Number.isFinite(event.outageAtMs) ? event.outageAtMs : event.detectedAtMs;
}

function eventReport(model: ClusterModel, traffic: TrafficManager, databases: ManagedDatabase[], event: RegionEventRecord, fromMs: number, toMs: number): RegionEventReport {
  const names = traffic.spec.regions.map((r) => r.name);
  const dbs: RegionEventReport["databases"] = [];
  for (const db of databases) {
    for (const record of db.failovers) {
      if (record.detectedAtMs < fromMs || record.detectedAtMs >= toMs) continue;
      dbs.push({ service: db.name, ...failoverReport(db, record) });
    }
  }
  const outage = Number.isFinite(event.outageAtMs) ? event.outageAtMs : null;
  const requestsRtoMs = outage !== null && Number.isFinite(event.trafficMovedAtMs) ? event.trafficMovedAtMs - outage : null;
  let rtoMs = requestsRtoMs;
  for (const d of dbs) if (d.rtoMs !== null && (rtoMs === null || d.rtoMs > rtoMs)) rtoMs = d.rtoMs;
  const to = event.toRegion;
  let capacity: RegionEventReport["capacity"] = null;
  if (to >= 0 && event.region >= 0) {
    const fromCores = regionCores(model, traffic, event.region);
    const toCores = regionCores(model, traffic, to);
    capacity = { fromCores, toCores, shortfall: fromCores > 0 ? Math.max(0, 1 - toCores / fromCores) : 0, toUtilisationPeak: utilisationPeak(model, traffic, to, fromMs, toMs) };
  }
  return {
    kind: event.kind,
    region: event.region >= 0 ? names[event.region]! : "",
    to: to >= 0 ? names[to]! : null,
    outageAtMs: outage,
    detectedAtMs: event.detectedAtMs,
    trafficMovedAtMs: Number.isFinite(event.trafficMovedAtMs) ? event.trafficMovedAtMs : null,
    requestsRtoMs,
    databases: dbs,
    rtoMs,
    rpoWrites: dbs.reduce((sum, d) => sum + d.rpoWrites, 0),
    capacity,
    impact: impact(model, fromMs, toMs),
  };
}

/** Cores x speed of the region's request-serving nodes that are not retired. */
function regionCores(model: ClusterModel, traffic: TrafficManager, g: number): number {
  const nodes = model.nodes;
  let cores = 0;
  for (let node = 0; node < nodes.count; node++) {
    if (traffic.regionOfNode(node) !== g || nodes.state[node] === NODE_RETIRED || traffic.routedGroup[nodes.group[node]!] === 0) continue;
    cores += nodes.cores[node]! * nodes.speed[node]!;
  }
  return cores;
}

/** Highest windowed utilisation of the request-serving groups that lie wholly in region `g`. */
function utilisationPeak(model: ClusterModel, traffic: TrafficManager, g: number, fromMs: number, toMs: number): number | null {
  const series = model.series.series;
  let peak: number | null = null;
  model.spec.groups.forEach((group, k) => {
    if (traffic.routedGroup[k] === 0 || !group.zoneIndexes.every((z) => traffic.regionOfZone[z] === g)) return;
    forWindows(series, fromMs, toMs, (i) => {
      const u = series.groups[k]!.utilisation[i];
      if (u !== null && u !== undefined && (peak === null || u > peak)) peak = u;
    });
  });
  return peak;
}

function forWindows(series: Series, fromMs: number, toMs: number, visit: (i: number) => void): void {
  for (let i = 0; i < series.startMs.length; i++) if (series.startMs[i]! >= fromMs - series.windowMs && series.startMs[i]! < toMs) visit(i);
}

/** Requests and SLOs over the metrics windows overlapping [fromMs, toMs). */
function impact(model: ClusterModel, fromMs: number, toMs: number): RegionImpact {
  const series = model.series.series;
  const spanS = (i: number) => ((i + 1 < series.startMs.length ? series.startMs[i + 1]! : model.spec.durationMs) - series.startMs[i]!) / 1000;
  let offered = 0;
  let failed = 0;
  let succeeded = 0;
  let p99: number | null = null;
  forWindows(series, fromMs, toMs, (i) => {
    offered += series.offeredPerS[i]! * spanS(i);
    failed += series.failedPerS[i]! * spanS(i);
    succeeded += series.succeededPerS[i]! * spanS(i);
    const p = series.latencyP99Ms[i];
    if (p !== null && p !== undefined && (p99 === null || p > p99)) p99 = p;
  });
  const recorder = model.recorder;
  const slos = model.spec.slos.map((slo) => {
    const classSeries = slo.classIndex >= 0 ? series.classes[slo.classIndex]! : null;
    if (slo.kind === "availability") {
      const tally = slo.classIndex >= 0 ? recorder.classes[slo.classIndex]! : recorder.overall;
      const budget = (1 - slo.target) * (tally.succeeded + tally.failed);
      let lost = 0;
      forWindows(series, fromMs, toMs, (i) => { lost += (classSeries ? classSeries.failedPerS[i]! : series.failedPerS[i]!) * spanS(i); });
      return { name: slo.name, budgetBurned: budget > 0 ? round(lost / budget) : null, windowsOver: null };
    }
    if (slo.quantile !== 0.99) return { name: slo.name, budgetBurned: null, windowsOver: null };
    let over = 0;
    forWindows(series, fromMs, toMs, (i) => {
      const p = classSeries ? classSeries.latencyP99Ms[i] : series.latencyP99Ms[i];
      if (p !== null && p !== undefined && p > slo.thresholdMs) over++;
    });
    return { name: slo.name, budgetBurned: null, windowsOver: over };
  });
  const completed = succeeded + failed;
  return {
    fromMs, toMs,
    requestsOffered: Math.round(offered),
    requestsFailed: Math.round(failed),
    successRate: completed > 0 ? succeeded / completed : null,
    latencyP99MsMax: p99,
    slos,
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
