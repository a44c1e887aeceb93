/**
 * The capacity planner's boundary types: what it asks a runner to simulate and what it needs
 * back. The planner never runs a simulation itself; it hands batches of independent
 * {@link RunRequest}s to an injected {@link EvaluateRuns} function (in-process, worker threads,
 * Web Workers or remote machines) and reads the compact {@link RunSummary} of each. Everything
 * here is plain data, so it crosses a worker boundary by structured clone unchanged.
 */

/** One `--set`-style override in code form: a path as written (`topology.groups.web.count`) and a data value. */
export interface PlanOverride {
  path: string;
  value: unknown;
}

/** One simulation: the base scenario with these overrides applied, run with this root seed. */
export interface RunRequest {
  /** Applied in order: the candidate's settings first, then its failure case. */
  overrides: PlanOverride[];
  /** Root seed of the run; replication i uses planSeed + i at every candidate (common random numbers). */
  seed: number;
}

/** One SLO's verdict in one run, reduced to what the planner's statistics need. */
export interface RunSloSummary {
  name: string;
  /** Latency SLOs: the measured percentile, ms; availability SLOs: the success share in [0, 1]; null without data. */
  measured: number | null;
  /** Latency SLOs with `windows`: share of metrics windows meeting the threshold, in [0, 1]; otherwise null. */
  windowsMeetingShare: number | null;
  passed: boolean;
}

/** What the planner keeps of one run's Result (a few numbers, not the series). */
export interface RunSummary {
  slos: RunSloSummary[];
  /** Requests completed in the measurement period. */
  requestsCompleted: number;
  /** Kernel events processed, for throughput figures. */
  events: number;
  /** Average spend of the run, $ per hour (autoscaled groups make it differ from the provisioned cost); 0 for a run stopped early. */
  costPerHour: number;
  /** Set when the run stopped early because an SLO could no longer pass (engine/plan/loss-watch.ts); then `slos` holds that SLO only. */
  lost?: LostSlo;
}

/** An SLO a run lost beyond recovery, when, and the arithmetic that proves it. */
export interface LostSlo {
  /** The SLO's name in the scenario. */
  slo: string;
  /** Simulated time the run stopped, ms. */
  atMs: number;
  reason: string;
}

/**
 * Runs a batch of independent simulations and returns their summaries in request order. The
 * planner awaits one batch at a time and makes every batch as large as its search allows, so a
 * parallel implementation keeps its workers busy. Results must depend only on each request
 * (not on how the batch was split), which keeps a plan deterministic for any worker count.
 * Should reject (throw) only for internal errors; the planner validates every request first.
 */
export type EvaluateRuns = (requests: readonly RunRequest[]) => Promise<RunSummary[]>;

/** Progress of a plan, reported after each candidate is judged (search) or each growth step (headroom). */
export interface PlanProgress {
  phase: "search" | "headroom";
  /** The candidate, e.g. `web.count=12`, or the growth step. */
  label: string;
  verdict: Verdict;
  /** Runs so far, over the whole plan. */
  runs: number;
}

/** A verdict with stated confidence: the interval cleared the threshold one way, or not yet. */
export type Verdict = "pass" | "fail" | "undecided";
