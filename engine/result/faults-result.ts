/**
 * The part of the Result that reports faults and failure detection (issue 4): each fault
 * episode ("incident") with how every failure detector and health check reacted to it, and
 * per detector and per health-checked service the totals over the run.
 *
 * Words, one meaning each:
 * - an *observer* is anything that judges nodes alive or dead: a failure detector fed by
 *   heartbeats, or a balancer's health check;
 * - a *detection* is an observer suspecting a node that is really down; its delay is measured
 *   from the moment the node went down;
 * - a *false suspicion* is an observer suspecting a node that is up (cut off by a partition,
 *   its heartbeats lost or late);
 * - a node is *missed* when it came back before the observer noticed it was gone;
 * - *recovery* is the time from a node being reachable again (repaired, or its partition
 *   healed) to the observer trusting it again.
 * Times are ms; a figure with no samples is null.
 */

/** Kinds of fault episodes. */
export type IncidentKind = "crash" | "slow" | "pause" | "partition" | "link" | "dependency";

/** How one observer saw one incident. */
export interface IncidentObservation {
  /** Detector name, or the health-checked service's name. */
  name: string;
  /** Down nodes it suspected while they were down. */
  detected: number;
  /** Down nodes that came back before it suspected them. */
  missed: number;
  /** Time from down to suspected, ms, over detected nodes. */
  detectMsMean: number | null;
  detectMsMax: number | null;
  /** Suspicions of up nodes during the incident. */
  falseSuspicions: number;
  /** Time from reachable again to trusted again, ms. */
  recoverMsMean: number | null;
  recoverMsMax: number | null;
}

/** One fault episode: a crash (of one node or many at once), a slowdown, a partition... */
export interface Incident {
  /** The scenario path of the fault that caused it, e.g. "faults[2]". */
  fault: string;
  kind: IncidentKind;
  /** What it hit, in words: "node web-3", "zone us-east-1a", "us-east-1a | us-east-1b". */
  subject: string;
  startMs: number;
  /** When it ended (repair, heal); null if it lasted to the end of the run. */
  endMs: number | null;
  /** Nodes it affected: crashed, slowed or cut off. */
  nodes: number;
  /** One entry per failure detector, then one per health-checked service. */
  observations: IncidentObservation[];
}

/** Distribution of a time, ms (null without samples). */
export interface TimeSummary {
  count: number;
  mean: number | null;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** One observer's verdicts over the whole run. */
export interface ObserverSummary {
  name: string;
  /** Suspicions raised (true and false). */
  suspicions: number;
  /** Suspicions of nodes that were down. */
  detections: number;
  /** Node outages that ended before it noticed. */
  missed: number;
  falseSuspicions: number;
  /** False suspicions with no fault in progress on the node (lost or late heartbeats). */
  falseSuspicionsUnexplained: number;
  /** Node-time spent wrongly suspected, ms. */
  falselySuspectedMs: number;
  detectMs: TimeSummary;
  recoverMs: TimeSummary;
}

/** A failure detector fed by the cluster manager's heartbeats. */
export interface DetectorSummary extends ObserverSummary {
  kind: "timeout" | "phi-accrual";
  /** The detector's setting in words, e.g. "timeout 3s" or "phi ≥ 8". */
  setting: string;
}

/** A balancer's active health check. */
export interface HealthCheckSummary extends ObserverSummary {
  /** Probes sent, and those that failed (no answer within the timeout). */
  probes: number;
  probesFailed: number;
}

/** Everything the run learned about faults and their detection. */
export interface FaultReport {
  /** Incidents in start order (the first {@link INCIDENTS_LISTED_MAX}). */
  incidents: Incident[];
  /** Incidents beyond the listed ones (they still count in the summaries). */
  incidentsOmitted: number;
  /** Heartbeats to the cluster manager; null when the scenario has no `detector`. */
  heartbeats: { intervalMs: number; sent: number; delivered: number } | null;
  detectors: DetectorSummary[];
  healthChecks: HealthCheckSummary[];
}

/** Incidents listed in a Result at most (bounded memory for long runs with MTTF processes). */
export const INCIDENTS_LISTED_MAX = 500;
