/**
 * A run as Prometheus metric families: what an SRE would scrape from the real cluster,
 * sampled at the end of every metrics window of the simulation and stamped with wall-clock
 * times from a chosen start.
 *
 * Naming follows Prometheus conventions: the `clustersim_` prefix, base units in the name
 * (`_seconds`, `_ratio`), counters ending in `_total`, and every series labelled with its
 * `scenario` and `seed` (so replications sit side by side), then `class`, `group`, `zone`,
 * `slo`, `service`, `cluster`... as fits. Counters are cumulative from a 0 sample at the run's
 * start, as a process's counters are from its start; gauges hold each window's value at its
 * end. {@link METRIC_CATALOGUE} lists every family; the Grafana dashboard's test checks that the
 * dashboard uses only these names.
 */
import type { Result } from "../../engine";
import type { WindowTelemetry } from "./window-recorder";

/** Label pairs in output order. */
export type Labels = ReadonlyArray<readonly [string, string]>;

/** A counter or gauge series: its labels and (time, value) points. */
export interface ScalarSeries {
  labels: Labels;
  points: Array<{ timestampMs: number; value: number }>;
}

/** A histogram series: cumulative bucket counts (one per `le`, then +Inf), count and sum, per time. */
export interface HistogramSeries {
  labels: Labels;
  leSeconds: readonly number[];
  points: Array<{ timestampMs: number; buckets: number[]; count: number; sumSeconds: number }>;
}

/** One family, in the OpenMetrics sense: a name, a type, a unit, help and its series. */
export type MetricFamily =
  | { name: string; type: "counter" | "gauge"; unit: string; help: string; series: ScalarSeries[] }
  | { name: string; type: "histogram"; unit: string; help: string; series: HistogramSeries[] };

/** Every family the exporter can write: name (a counter's without `_total`), type, unit, help. */
export const METRIC_CATALOGUE = {
  requestsOffered: { name: "clustersim_requests_offered", type: "counter", unit: "", help: "Requests that arrived (all classes)." },
  requests: { name: "clustersim_requests", type: "counter", unit: "", help: "Requests completed, by class and outcome (success or failure)." },
  requestDuration: { name: "clustersim_request_duration_seconds", type: "histogram", unit: "seconds", help: "Latency of successful requests, all classes (buckets are the engine's, regrouped exactly)." },
  classLatencyP99: { name: "clustersim_class_latency_p99_seconds", type: "gauge", unit: "seconds", help: "The window's p99 latency of a class's successful requests, from the engine's histogram." },
  inSystem: { name: "clustersim_requests_in_system", type: "gauge", unit: "", help: "Requests in the system, time-averaged over the window." },
  utilisation: { name: "clustersim_group_utilisation_ratio", type: "gauge", unit: "ratio", help: "Busy core-time over the core-time of a group's nodes while up, in the window." },
  queueDepth: { name: "clustersim_group_queue_depth", type: "gauge", unit: "", help: "Requests waiting per node of a group, time-averaged over the window." },
  nodesServing: { name: "clustersim_group_nodes_serving", type: "gauge", unit: "", help: "Nodes of a group up and serving at the window's end." },
  nodesTotal: { name: "clustersim_group_nodes", type: "gauge", unit: "", help: "Nodes of a group at the window's end, in any state but retired." },
  nodes: { name: "clustersim_nodes", type: "gauge", unit: "", help: "Nodes by group, zone and state at the window's end." },
  sloBurnRate: { name: "clustersim_slo_burn_rate", type: "gauge", unit: "", help: "The window's bad-request share over the SLO's error budget (1 = burning exactly the budget)." },
  cacheHitRatio: { name: "clustersim_cache_hit_ratio", type: "gauge", unit: "ratio", help: "Hits over lookups of a cache service in the window." },
  cacheLookups: { name: "clustersim_cache_lookups", type: "counter", unit: "", help: "Lookups of a cache service." },
  replicaLag: { name: "clustersim_replica_lag_seconds", type: "gauge", unit: "seconds", help: "Largest replication lag of a database replica in the window." },
  leader: { name: "clustersim_leader", type: "gauge", unit: "", help: "1 for the primary of a database cluster at the window's end, 0 for its other replicas." },
  leaderChanges: { name: "clustersim_leader_changes", type: "counter", unit: "", help: "Promotions of a database cluster and elections of a replicated service after the first." },
  leaders: { name: "clustersim_leaders", type: "gauge", unit: "", help: "Most replicas of a replicated service acting as leader at once in the window (above 1: split brain)." },
  versionTimeAtNode: { name: "clustersim_version_time_at_node_seconds", type: "gauge", unit: "seconds", help: "Mean time a job spent at a node (queued and in service) during a rolling update, by version (old or new), by Little's law over the window." },
  versionTimeAtNodeP99: { name: "clustersim_version_time_at_node_p99_seconds", type: "gauge", unit: "seconds", help: "The window's p99 of the time jobs spent at a node (queue wait and service) during a rolling update, by version (old or new), from the engine's histogram." },
} as const;

/** What the families are built from. */
export interface FamilyInputs {
  result: Result;
  /** Per-window histogram and node states (a run recorded with a TelemetryRecorder); without it those families are left out. */
  telemetry?: WindowTelemetry;
  /** Wall-clock time of the run's time 0, epoch ms. */
  startEpochMs: number;
  /** The scenario's SLOs as declared: latency ones with their quantile (their error budget is 1 - quantile). */
  slos: ReadonlyArray<{ name: string; class?: string; latency?: { quantile: number; thresholdMs: number }; availability?: number }>;
}

/** The run's window ends, ms of simulated time (the last window may be shorter). */
function windowEndsMs(result: Result): number[] {
  const starts = result.series.startMs;
  return starts.map((_, i) => (i + 1 < starts.length ? starts[i + 1]! : result.durationMs));
}

/** Builds every family the run has data for, in catalogue order. */
export function buildFamilies(inputs: FamilyInputs): MetricFamily[] {
  const { result } = inputs;
  const ends = windowEndsMs(result);
  const base: Labels = [["scenario", result.scenario], ["seed", String(result.seed)]];
  const at = (endMs: number) => inputs.startEpochMs + Math.round(endMs);
  const spanS = ends.map((end, i) => (end - result.series.startMs[i]!) / 1000);
  const gauge = (labels: Labels, values: ReadonlyArray<number | null>): ScalarSeries => ({
    labels: [...base, ...labels],
    points: values.flatMap((value, i) => (value === null || !Number.isFinite(value) ? [] : [{ timestampMs: at(ends[i]!), value }])),
  });
  // A counter from per-window rates: cumulative counts from a 0 at the start (counts are integers; rounding removes the rate's float noise).
  const counter = (labels: Labels, ratesPerS: readonly number[]): ScalarSeries => {
    let total = 0;
    const points = [{ timestampMs: at(0), value: 0 }];
    ratesPerS.forEach((rate, i) => {
      total += Math.round(rate * spanS[i]!);
      points.push({ timestampMs: at(ends[i]!), value: total });
    });
    return { labels: [...base, ...labels], points };
  };
  const c = METRIC_CATALOGUE;
  const s = result.series;
  const families: MetricFamily[] = [
    { ...c.requestsOffered, series: [counter([], s.offeredPerS)] },
    { ...c.requests, series: s.classes.flatMap((cls) => [counter([["class", cls.name], ["outcome", "success"]], cls.succeededPerS), counter([["class", cls.name], ["outcome", "failure"]], cls.failedPerS)]) },
  ];
  if (inputs.telemetry !== undefined) families.push({ ...c.requestDuration, series: [latencyHistogram(inputs.telemetry, base, at)] });
  families.push(
    { ...c.classLatencyP99, series: s.classes.map((cls) => gauge([["class", cls.name]], cls.latencyP99Ms.map(toSeconds))) },
    { ...c.inSystem, series: [gauge([], s.inSystem)] },
    { ...c.utilisation, series: s.groups.map((g) => gauge([["group", g.name]], g.utilisation)) },
    { ...c.queueDepth, series: s.groups.map((g) => gauge([["group", g.name]], g.queueLengthMean)) },
    { ...c.nodesServing, series: s.groups.map((g) => gauge([["group", g.name]], g.nodesUp)) },
    { ...c.nodesTotal, series: s.groups.map((g) => gauge([["group", g.name]], g.nodesTotal)) },
  );
  if (inputs.telemetry !== undefined) families.push({ ...c.nodes, series: nodeSeries(inputs.telemetry, base, at) });
  const burn = burnRates(inputs, base, gauge);
  if (burn.length > 0) families.push({ ...c.sloBurnRate, series: burn });
  if (result.caches.length > 0) {
    families.push(
      { ...c.cacheHitRatio, series: result.caches.map((cache) => gauge([["service", cache.service]], cache.series.hitRatio)) },
      { ...c.cacheLookups, series: result.caches.map((cache) => counter([["service", cache.service]], cache.series.lookupsPerS)) },
    );
  }
  if (result.databases.length > 0) {
    families.push({ ...c.replicaLag, series: result.databases.flatMap((db) => db.lag.replicas.map((r) => gauge([["cluster", db.service], ["replica", r.name]], r.maxMs.map(toSeconds)))) });
    families.push({ ...c.leader, series: result.databases.flatMap((db) => leaderSeries(db, ends).map((values, r) => gauge([["cluster", db.service], ["node", db.replicas[r]!.name]], values))) });
  }
  const changes = leaderChanges(result, ends);
  if (changes.length > 0) families.push({ ...c.leaderChanges, series: changes.map((change) => ({ labels: [...base, ["cluster", change.cluster]], points: [{ timestampMs: at(0), value: 0 }, ...change.counts.map((value, i) => ({ timestampMs: at(ends[i]!), value }))] })) });
  if (result.replicated.length > 0) families.push({ ...c.leaders, series: s.replicated.map((service) => gauge([["service", service.name]], service.leadersMax)) });
  if (s.rollingUpdates.length > 0) {
    families.push({ ...c.versionTimeAtNode, series: s.rollingUpdates.flatMap((update) => [
      gauge([["group", update.name], ["version", "old"]], update.oldVersionMs.map(toSeconds)),
      gauge([["group", update.name], ["version", "new"]], update.newVersionMs.map(toSeconds)),
    ]) });
    families.push({ ...c.versionTimeAtNodeP99, series: s.rollingUpdates.flatMap((update) => [
      gauge([["group", update.name], ["version", "old"]], update.oldVersionP99Ms.map(toSeconds)),
      gauge([["group", update.name], ["version", "new"]], update.newVersionP99Ms.map(toSeconds)),
    ]) });
  }
  return families;
}

/** ms to seconds, keeping null. */
function toSeconds(valueMs: number | null): number | null {
  return valueMs === null ? null : valueMs / 1000;
}

/** The latency histogram as cumulative (over windows) bucket counts, as a Prometheus histogram counts. */
function latencyHistogram(telemetry: WindowTelemetry, base: Labels, at: (endMs: number) => number): HistogramSeries {
  const totals = new Array<number>(telemetry.leSeconds.length + 1).fill(0);
  let sumSeconds = 0;
  const points: HistogramSeries["points"] = [{ timestampMs: at(0), buckets: [...totals], count: 0, sumSeconds: 0 }];
  for (const window of telemetry.windows) {
    window.latencyCounts.forEach((count, i) => { totals[i] = totals[i]! + count; });
    sumSeconds += window.latencySumMs / 1000;
    points.push({ timestampMs: at(window.endMs), buckets: [...totals], count: totals[totals.length - 1]!, sumSeconds });
  }
  return { labels: base, leSeconds: telemetry.leSeconds, points };
}

/** Nodes per (group, zone, state) at each window's end; a combination not seen in a window counts 0 there. */
function nodeSeries(telemetry: WindowTelemetry, base: Labels, at: (endMs: number) => number): ScalarSeries[] {
  return telemetry.nodeKeys.map((key, k) => ({
    labels: [...base, ["group", key.group], ["zone", key.zone], ["state", key.state]],
    points: telemetry.windows.map((window) => ({ timestampMs: at(window.endMs), value: window.nodeCounts[k] ?? 0 })),
  }));
}

/**
 * Burn rate per SLO and window: availability SLOs, the failed share of completed requests over
 * 1 - target; latency SLOs over all classes (the recorded histogram has no class), the share of
 * successful requests slower than the threshold over 1 - quantile. Windows without requests
 * have no value. Latency SLOs of one class are left out.
 */
function burnRates(inputs: FamilyInputs, base: Labels, gauge: (labels: Labels, values: ReadonlyArray<number | null>) => ScalarSeries): ScalarSeries[] {
  const s = inputs.result.series;
  const series: ScalarSeries[] = [];
  for (const slo of inputs.slos) {
    const labels: Labels = [["slo", slo.name], ["class", slo.class ?? "all"]];
    if (slo.availability !== undefined) {
      const cls = slo.class === undefined ? undefined : s.classes.find((c) => c.name === slo.class);
      const failed = cls?.failedPerS ?? s.failedPerS;
      const succeeded = cls?.succeededPerS ?? s.succeededPerS;
      const budget = 1 - slo.availability;
      series.push(gauge(labels, failed.map((f, i) => (f + succeeded[i]! > 0 && budget > 0 ? f / (f + succeeded[i]!) / budget : null))));
    } else if (slo.latency !== undefined && slo.class === undefined && inputs.telemetry !== undefined) {
      const t = inputs.telemetry.thresholdsMs.indexOf(slo.latency.thresholdMs);
      const budget = 1 - slo.latency.quantile;
      series.push(gauge(labels, inputs.telemetry.windows.map((w) => {
        const count = w.latencyCounts[w.latencyCounts.length - 1]!;
        return count > 0 && t >= 0 ? w.slowerThan[t]! / count / budget : null;
      })));
    }
  }
  return series;
}

/**
 * Per replica of a database cluster, 1 at the window ends where it was the primary: the first
 * failover's old primary (or the primary at the end, without failovers) until the first
 * promotion, then each promoted replica from its promotion on.
 */
function leaderSeries(db: Result["databases"][number], ends: readonly number[]): number[][] {
  const first = db.failovers[0]?.from ?? db.replicas.find((r) => r.role === "primary")?.name ?? null;
  const promotions = db.failovers.filter((f) => f.promotedAtMs !== null).map((f) => ({ atMs: f.promotedAtMs!, to: f.to }));
  const primaryAt = (tMs: number) => promotions.reduce<string | null>((primary, p) => (p.atMs <= tMs ? p.to : primary), first);
  return db.replicas.map((replica) => ends.map((end) => (primaryAt(end) === replica.name ? 1 : 0)));
}

/** Per cluster, leader changes up to each window end: database promotions and elections after the first (the timeline's leader-elected). */
function leaderChanges(result: Result, ends: readonly number[]): Array<{ cluster: string; counts: number[] }> {
  const changes = new Map<string, number[]>();
  for (const db of result.databases) changes.set(db.service, db.failovers.filter((f) => f.promotedAtMs !== null).map((f) => f.promotedAtMs!));
  for (const service of result.replicated) changes.set(service.service, result.timeline.filter((e) => e.kind === "leader-elected" && e.subject === service.service).map((e) => e.atMs));
  return [...changes].map(([cluster, times]) => ({ cluster, counts: ends.map((end) => times.filter((t) => t <= end).length) }));
}
