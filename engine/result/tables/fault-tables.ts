/**
 * Tables of the faults section (faults-result.ts): failure detectors side by side (detection
 * time, false suspicions, per detector), health checks, and the incidents with how quickly
 * they were noticed. A detector's "false suspicions per hour" is over the whole run, so
 * detectors tuned differently compare on the same footing.
 */
import type { FaultReport, ObserverSummary } from "../faults-result";
import { columns, maxOrNull, perHour, type ResultTable, type TableCell } from "./table-model";

/** Incidents listed in the incident table at most (the JSON has them all). */
export const INCIDENT_ROWS_MAX = 20;

/** The figures of any observer (detector or health check), in the order of {@link observerColumns}. */
function observerCells(observer: ObserverSummary, durationMs: number): TableCell[] {
  return [
    observer.detections,
    observer.missed,
    observer.detectMs.mean,
    observer.detectMs.p99,
    observer.detectMs.max,
    observer.falseSuspicions,
    perHour(observer.falseSuspicions, durationMs),
    observer.falselySuspectedMs,
    observer.recoverMs.mean,
  ];
}

const observerColumns = columns(
  ["detected", "count"], ["missed", "count"], ["detection mean", "ms"], ["detection p99", "ms"], ["detection max", "ms"],
  ["false suspicions", "count"], ["false suspicions/h", "number"], ["time falsely suspected", "ms"], ["recovery mean", "ms"],
);

/** Failure detectors, one row each; null when the scenario has none. */
export function detectorTable(faults: FaultReport, durationMs: number): ResultTable | null {
  if (faults.detectors.length === 0) return null;
  const heartbeats = faults.heartbeats;
  return {
    id: "detectors", title: "Failure detectors", rank: "primary",
    columns: [...columns(["detector", "text"], ["setting", "text"]), ...observerColumns],
    rows: faults.detectors.map((d) => ({ key: d.name, cells: [d.name, d.setting, ...observerCells(d, durationMs)] })),
    note: heartbeats === null ? null : `Detection is timed from the node going down; heartbeats every ${heartbeats.intervalMs} ms, ${heartbeats.delivered.toLocaleString("en-US")} of ${heartbeats.sent.toLocaleString("en-US")} delivered.`,
  };
}

/** Health checks, one row per health-checked service; null without any. */
export function healthCheckTable(faults: FaultReport, durationMs: number): ResultTable | null {
  if (faults.healthChecks.length === 0) return null;
  return {
    id: "health-checks", title: "Health checks", rank: "secondary",
    columns: [...columns(["service", "text"], ["probes", "count"], ["probes failed", "count"]), ...observerColumns],
    rows: faults.healthChecks.map((c) => ({ key: c.name, cells: [c.name, c.probes, c.probesFailed, ...observerCells(c, durationMs)] })),
    note: null,
  };
}

/** Incidents in start order (the first {@link INCIDENT_ROWS_MAX}); null without any. */
export function incidentTable(faults: FaultReport): ResultTable | null {
  const listed = faults.incidents.length;
  if (listed === 0) return null;
  const shown = faults.incidents.slice(0, INCIDENT_ROWS_MAX);
  const more = listed - shown.length + faults.incidentsOmitted;
  return {
    id: "incidents", title: "Incidents", rank: "secondary",
    columns: columns(["fault", "text"], ["kind", "text"], ["subject", "text"], ["start", "ms"], ["length", "ms"], ["nodes", "count"], ["first detection", "ms"], ["false suspicions", "count"]),
    rows: shown.map((incident) => ({
      key: incident.fault,
      cells: [
        incident.fault, incident.kind, incident.subject, incident.startMs,
        incident.endMs === null ? null : incident.endMs - incident.startMs, incident.nodes,
        minOrNull(incident.observations.map((o) => o.detectMsMean)),
        incident.observations.reduce((sum, o) => sum + o.falseSuspicions, 0),
      ],
    })),
    note: more > 0 ? `${more.toLocaleString("en-US")} more incidents in the Result JSON.` : null,
  };
}

/** The smallest of the non-null values, or null. */
function minOrNull(values: ReadonlyArray<number | null>): number | null {
  const negated = maxOrNull(values.map((v) => (v === null ? null : -v)));
  return negated === null ? null : -negated;
}
