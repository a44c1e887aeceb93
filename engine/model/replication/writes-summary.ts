/**
 * The writes part of a replicated service's and a database cluster's Result section: both
 * send writes through the same clients (replicated-clients.ts) and count their outcomes in a
 * {@link WriteOutcomes}, so one builder turns those counts into the {@link WritesSummary}
 * (replicated-summary.ts and data-tier/database-summary.ts call it).
 */
import type { WritesSummary } from "../../result/common";
import { latencySummary } from "../../result/latency-summary";
import type { WriteOutcomes } from "./replicated-clients";

/** The writes summary at the end of the run; writes neither acknowledged nor failed are in flight. */
export function writesSummary(outcomes: WriteOutcomes): WritesSummary {
  return {
    sent: outcomes.sent,
    acknowledged: outcomes.acknowledged,
    failed: outcomes.failed,
    timedOut: outcomes.timedOut,
    inFlightAtEnd: outcomes.sent - outcomes.acknowledged - outcomes.failed,
    latencyMs: latencySummary(outcomes.latency),
  };
}
