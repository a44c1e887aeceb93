/**
 * What the planner view shows of a plan (the engine's PlanReport for one variable): the sizes
 * the planner tried, smallest first, each with its cost, runs and verdict and, per SLO check,
 * the mean and confidence interval over its replications on the scenario as written; the chart
 * lines drawn from them; the recommendation. Everything comes from the report, so the page shows
 * exactly what `clustersim plan` would print for the same request.
 */
import type { CheckEvidence, PlanReport, Verdict } from "../../engine/index";

/** The name of the failure case that is the scenario as written (engine/plan/failure-cases.ts). */
const AS_WRITTEN = "as-written";

/** One size the planner tried. */
export interface PlanRow {
  /** The variable's value, e.g. 4 nodes. */
  value: number | string;
  /** `app.count=4`. */
  label: string;
  /** Runs spent on this size. */
  runs: number;
  /** Provisioned cost, $ per hour. */
  costPerHour: number;
  verdict: Verdict;
  /** Evidence per SLO check on the scenario as written, in the report's check order (undefined: not judged). */
  checks: Array<CheckEvidence | undefined>;
  recommended: boolean;
  /** Why a failure case of this size has no ordinary verdict (rejected without a run, stopped undecided early); null otherwise. */
  stopped: string | null;
  /** The losses it was asked to survive (zone-loss:a, node-loss:web, ...), each with its verdict; empty without any. */
  losses: Array<{ name: string; verdict: Verdict; runs: number }>;
}

/** A check drawn against size: its mean and interval at each row (NaN where there is none). */
export interface CheckLine {
  name: string;
  kind: CheckEvidence["kind"];
  objective: string;
  target: number;
  mean: number[];
  low: number[];
  high: number[];
}

/** The `--vary` text of one variable from the form: `path=from..to`, with ` step k` unless k is 1. */
export function varyText(fields: { path: string; from: string; to: string; step: string }): string {
  const step = fields.step.trim();
  return `${fields.path.trim()}=${fields.from.trim()}..${fields.to.trim()}${step === "" || step === "1" ? "" : ` step ${step}`}`;
}

/** The sizes tried, smallest first (the report lists them by cost). */
export function planRows(report: PlanReport): PlanRow[] {
  const recommended = report.recommendation?.key ?? null;
  return [...report.candidates].sort((a, b) => a.indexes[0]! - b.indexes[0]!).map((candidate) => {
    const written = candidate.cases.find((c) => c.name === AS_WRITTEN);
    return {
      value: candidate.values[0]!,
      label: candidate.label,
      runs: candidate.runs,
      costPerHour: candidate.costPerHour,
      verdict: candidate.verdict,
      checks: report.checks.map((check) => written?.checks.find((evidence) => evidence.name === check.name)),
      recommended: candidate.key === recommended,
      stopped: candidate.cases.find((c) => c.stopped !== null)?.stopped ?? null,
      losses: candidate.cases.filter((c) => c.name !== AS_WRITTEN).map((c) => ({ name: c.name, verdict: c.verdict, runs: c.n })),
    };
  });
}

/** The recommended value of the variable, or null when nothing in range passes. */
export function recommendedValue(report: PlanReport): number | string | null {
  return report.recommendation?.values[0] ?? null;
}

/** One line per check of the given kinds, over `rows`. */
export function checkLines(report: PlanReport, rows: readonly PlanRow[], kinds: ReadonlyArray<CheckEvidence["kind"]>): CheckLine[] {
  const lines: CheckLine[] = [];
  report.checks.forEach((check, c) => {
    if (!kinds.includes(check.kind)) return;
    const evidence = rows.map((row) => row.checks[c]);
    const target = evidence.find((e) => e !== undefined)?.target ?? NaN;
    lines.push({
      name: check.name, kind: check.kind, objective: check.objective, target,
      mean: evidence.map((e) => e?.mean ?? NaN),
      low: evidence.map((e) => e?.low ?? NaN),
      high: evidence.map((e) => e?.high ?? NaN),
    });
  });
  return lines;
}
