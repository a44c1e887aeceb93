/**
 * What the planner view shows of a plan (the engine's PlanReport for one variable): the sizes
 * the planner tried, smallest first, each with its cost, runs and verdict and, per SLO check,
 * the mean and confidence interval over its replications on the scenario as written; the chart
 * lines drawn from them; the recommendation. Everything comes from the report, so the page shows
 * exactly what `clustersim plan` would print for the same request.
 */
import { plan, type CheckEvidence, type PlanReport, type Verdict } from "../../engine/index";

/** The name of the failure case that is the scenario as written (engine/plan/failure-cases.ts). */
const AS_WRITTEN = plan.AS_WRITTEN.name;

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
  /**
   * Per SLO check (report order): the evidence of the loss that does worst on it, by the
   * engine's ratio of measured to allowed (evidence.ts), with the loss's name; undefined when
   * no loss has evidence for it.
   */
  worstLoss: Array<(CheckEvidence & { lossCase: string }) | undefined>;
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
      worstLoss: report.checks.map((check) => worstLossOf(candidate.cases.filter((c) => c.name !== AS_WRITTEN), check.name)),
    };
  });
}

/** Of `losses`, the evidence on check `name` with the largest ratio (a value beats none), tagged with its loss. */
function worstLossOf(losses: PlanReport["candidates"][number]["cases"], name: string): (CheckEvidence & { lossCase: string }) | undefined {
  let worst: (CheckEvidence & { lossCase: string }) | undefined;
  for (const loss of losses) {
    const evidence = loss.checks.find((e) => e.name === name);
    if (evidence === undefined || evidence.mean === null) continue;
    if (worst === undefined || (evidence.ratio ?? -Infinity) > (worst.ratio ?? -Infinity)) worst = { ...evidence, lossCase: loss.name };
  }
  return worst;
}

/** The recommended value of the variable, or null when nothing in range passes. */
export function recommendedValue(report: PlanReport): number | string | null {
  return report.recommendation?.values[0] ?? null;
}

/**
 * One line per check of the given kinds, over `rows`: on the scenario as written, or (`from`
 * "worst-loss") at each size the loss that does worst on it. Lines with no evidence at any
 * size are left out.
 */
export function checkLines(report: PlanReport, rows: readonly PlanRow[], kinds: ReadonlyArray<CheckEvidence["kind"]>, from: "written" | "worst-loss" = "written"): CheckLine[] {
  const lines: CheckLine[] = [];
  report.checks.forEach((check, c) => {
    if (!kinds.includes(check.kind)) return;
    const evidence = rows.map((row) => (from === "written" ? row.checks[c] : row.worstLoss[c]));
    if (from === "worst-loss" && evidence.every((e) => e === undefined)) return;
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
