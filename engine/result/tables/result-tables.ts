/**
 * Every table of a Result, in reading order: the mechanisms the scenario is about (replicated
 * services, databases and their failovers, regions, the batch cluster, caches, failure
 * detectors, request classes side by side), then how a hybrid run ran, then the other
 * mechanisms (health checks, incidents, autoscaling, rolling updates, placement), then per
 * service and per group. A
 * section appears only when the scenario uses its mechanism. The CLI table, the HTML report
 * and the browser's run view all draw this list.
 */
import type { ResultCore } from "../headline-metrics";
import type { RequestSummary } from "../requests-result";
import { cacheTable } from "./cache-tables";
import { databaseTable, failoverTable, regionTable } from "./data-tier-tables";
import { detectorTable, healthCheckTable, incidentTable } from "./fault-tables";
import { hybridTable } from "./hybrid-tables";
import { autoscalingTable, batchTable, placementTable, rollingUpdateTable } from "./operations-tables";
import { replicatedTable } from "./replicated-tables";
import { classTable, groupTable, serviceTable } from "./request-tables";
import type { ResultTable } from "./table-model";

/** The Result's tables in reading order (see the file comment); each only when its mechanism ran. */
export function resultTables(result: ResultCore): ResultTable[] {
  const endMs = result.durationMs;
  const tables = [
    replicatedTable(result.replicated, endMs),
    databaseTable(result.databases, endMs),
    failoverTable(result.databases),
    regionTable(result.multiRegion),
    batchTable(result.batch),
    cacheTable(result.caches),
    detectorTable(result.faults, result.durationMs),
    classTable(result.classes, result.requests),
    hybridTable(result.hybrid),
    healthCheckTable(result.faults, result.durationMs),
    incidentTable(result.faults),
    autoscalingTable(result.autoscaling),
    rollingUpdateTable(result.rollingUpdates, endMs),
    placementTable(result.placement),
    serviceTable(result.services),
    groupTable(result.groups),
  ];
  return tables.filter((table): table is ResultTable => table !== null);
}

/**
 * Whether the run's pooled request figures can stand as its headline: it had requests, and
 * at most one class (with several classes — designs side by side — the class table is the
 * headline and the pooled figures only its last row).
 */
export function hasRequestHeadline(result: { requests: RequestSummary; classes: readonly unknown[] }): boolean {
  return result.requests.offered > 0 && result.classes.length < 2;
}

/** Whether the run has anything to show beyond requests: a mechanism table of rank primary or secondary. */
export function hasMechanismTables(tables: readonly ResultTable[]): boolean {
  return tables.some((table) => table.rank !== "detail" && table.id !== "classes");
}
