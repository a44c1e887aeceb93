/**
 * The plan as text for a terminal (`clustersim plan`): what was planned, the recommendation
 * with its cost, confidence, failure cases and headroom (or the closest miss), the analytic
 * guess beside the simulated answer, the evidence table (every candidate x failure case, each
 * SLO's mean and confidence interval and verdict), the search, monotonicity and the notes.
 * `--format json` carries the exact numbers.
 */
import { failingText, formatMetric, formatPercent, headroomText, sloUnit, type CandidateReport, type CheckEvidence, type PlanReport } from "../../engine";
import { formatColumns } from "./text";

/** The whole plan as text. */
export function formatPlanTable(report: PlanReport, options: { scenarioFile: string }): string {
  const parts = [headerLine(report, options.scenarioFile), "", ...verdictSection(report), "", ...casesSection(report), ...analyticSection(report), ""];
  parts.push(`Evidence: mean and ${level(report)} confidence interval over replications, per SLO and failure case`);
  parts.push(`SLOs: ${report.checks.map((c) => `${c.name}: ${c.objective}`).join(" · ")}`);
  parts.push(evidenceTable(report));
  if (report.frontier !== null) parts.push("Cost-SLO frontier (no other candidate tried is both cheaper and closer to its SLOs):", frontierTable(report), "");
  parts.push(...searchSection(report), "");
  if (report.notes.length > 0) parts.push("Notes:", ...report.notes.map((note) => `  - ${note}`), "");
  return `${parts.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

function level(report: PlanReport): string {
  return formatPercent(report.confidence, { digits: 0 });
}

function headerLine(report: PlanReport, scenarioFile: string): string {
  const variables = report.variables.map((v) => `${v.label} ${describeValues(v)}`).join(", ");
  const survive = report.survive.length > 0 ? ` · survive ${report.survive.join(", ")}` : "";
  return `${scenarioFile} · plan ${variables}${survive}${report.fidelity === "hybrid" ? " · hybrid fidelity" : ""} · seed ${report.seed} · ${level(report)} confidence · ${report.replicationsMin}-${report.replicationsMax} replications per candidate and case`;
}

function describeValues(variable: PlanReport["variables"][number]): string {
  const { range, values, prices } = variable;
  if (range !== null) return `${range.min}..${range.max}${range.step === 1 ? "" : ` step ${range.step}`} (${variable.count} values)`;
  return (values ?? []).map((v, i) => (prices === null ? String(v) : `${v}@${prices[i]}`)).join(",");
}

/** `$2.30/h · $1,679.00/month`. */
export function formatCost(candidate: CandidateReport): string {
  return `${formatMetric(candidate.costPerHour, "money")}/h · ${formatMetric(candidate.costPerMonth, "money")}/month`;
}

/** `; the runs spent $3.10/h on average` when that differs from the provisioned cost (autoscaling). */
export function spentText(candidate: CandidateReport): string {
  const spent = candidate.spentPerHour;
  if (spent === null || Math.abs(spent - candidate.costPerHour) <= 0.005 * Math.max(spent, candidate.costPerHour)) return "";
  return `; the runs as written spent ${formatMetric(spent, "money")}/h on average`;
}

/** The one line `clustersim plan` prints on stderr when nothing passes. */
export function closestLine(report: PlanReport): string {
  if (report.closest === null) return "no configuration in range meets every SLO, and none could be evaluated";
  return `no configuration in range meets every SLO; closest: ${report.closest.candidate.label} fails ${failingText(report.closest.failing, report.confidence)}`;
}

function verdictSection(report: PlanReport): string[] {
  const recommendation = report.recommendation;
  if (recommendation === null) {
    const lines = ["NO CONFIGURATION IN RANGE MEETS EVERY SLO"];
    if (report.closest !== null) {
      lines.push(`  closest     ${report.closest.candidate.label} (${formatCost(report.closest.candidate)})`);
      lines.push(`  fails       ${failingText(report.closest.failing, report.confidence)}`);
    }
    lines.push(`  search      ${report.search.stoppedBy}`);
    return lines;
  }
  const cases = recommendation.cases.map((c) => c.name);
  const lines = [
    `RECOMMENDATION  ${recommendation.label}`,
    `  cost        ${formatCost(recommendation)} provisioned (nodes, autoscaled groups at their minimum, x price per node-hour)${spentText(recommendation)}`,
    `  confidence  every SLO met in ${cases.length === 1 ? "the scenario as written" : `each of its ${cases.length} failure cases`} at ${level(report)} confidence, over ${recommendation.runs} runs`,
    `  survives    ${cases.join(", ")}`,
  ];
  const headroom = headroomText(report);
  if (headroom !== null) lines.push(`  headroom    ${headroom}`);
  return lines;
}

/** What each failure case does, at the recommendation (or the closest candidate); nothing with one case. */
function casesSection(report: PlanReport): string[] {
  const candidate = report.recommendation ?? report.closest?.candidate ?? null;
  if (candidate === null || candidate.cases.length < 2) return [];
  const rows = candidate.cases.map((c) => [`  ${c.name}`, c.description]);
  return [`Failure cases (at ${candidate.label}):`, formatColumns(rows).trimEnd(), ""];
}

function analyticSection(report: PlanReport): string[] {
  const analytic = report.analytic;
  const peak = analytic.peakRatePerS === null ? "no peak rate" : `peak ${formatMetric(analytic.peakRatePerS, "per-second")}`;
  const lines = [`Analytic first guess: ${analytic.method} (${peak})`];
  for (const guess of analytic.variables) {
    if (guess.index === null) lines.push(`  ${guess.label}: none (${guess.reason})`);
    else lines.push(`  ${guess.label}=${guess.value}: load ${guess.loadErlangs === null ? "—" : Number(guess.loadErlangs.toPrecision(3))} Erlangs on ${guess.servers} cores, utilisation ${formatMetric(guess.utilisation, "percent")} at the peak; ${guess.reason}`);
  }
  lines.push(`  vs simulation: ${analytic.comparison}`);
  if (analytic.notes.length > 0) lines.push("  why they may differ:", ...analytic.notes.map((note) => `    - ${note}`));
  return lines;
}

/** `150 ms [148 – 152] FAIL`. */
function formatCheck(check: CheckEvidence): string {
  const unit = sloUnit(check.kind);
  if (check.mean === null) return `no data ${check.verdict.toUpperCase()}`;
  const interval = check.low === null || check.high === null ? "[± ∞]" : `[${formatMetric(check.low, unit)} – ${formatMetric(check.high, unit)}]`;
  return `${formatMetric(check.mean, unit)} ${interval} ${check.verdict.toUpperCase()}`;
}

function evidenceTable(report: PlanReport): string {
  const header = ["candidate", "cost/h", "spent/h", "case", "runs", ...report.checks.map((c) => c.name), "verdict"];
  const rows: string[][] = [header];
  for (const candidate of report.candidates) {
    candidate.cases.forEach((c, i) => {
      const first = i === 0;
      const marker = report.recommendation?.key === candidate.key ? " <-" : "";
      rows.push([
        first ? `${candidate.label}${marker}` : "",
        first ? formatMetric(candidate.costPerHour, "money") : "",
        first && candidate.spentPerHour !== null ? formatMetric(candidate.spentPerHour, "money") : "",
        c.name,
        String(c.n),
        ...report.checks.map((check) => {
          const evidence = c.checks.find((e) => e.name === check.name);
          return evidence === undefined ? "" : formatCheck(evidence);
        }),
        c.n === 0 && c.verdict === "undecided" ? "NOT RUN" : c.verdict.toUpperCase(),
      ]);
    });
  }
  const stopped = report.candidates.flatMap((candidate) => candidate.cases.filter((c) => c.stopped !== null).map((c) => `  ${candidate.label} (${c.name}): ${c.stopped}`));
  return formatColumns(rows, ["left", "right", "right", "left", "right"]) + (stopped.length === 0 ? "" : `\nDecided without the usual runs:\n${stopped.join("\n")}`);
}

function frontierTable(report: PlanReport): string {
  const rows = [["candidate", "cost/h", "worst SLO ratio (measured / allowed)", "verdict"]];
  for (const point of report.frontier ?? []) rows.push([point.label, formatMetric(point.costPerHour, "money"), point.worstRatio === null ? "—" : point.worstRatio.toFixed(3), point.verdict.toUpperCase()]);
  return formatColumns(rows, ["left", "right", "right", "left"]);
}

function searchSection(report: PlanReport): string[] {
  const search = report.search;
  const headroomRuns = `${report.headroom === null ? "" : ` (+${report.headroom.runs} for headroom)`}${report.runsStopped === 0 ? "" : `, ${report.runsStopped} of all runs stopped early once an SLO could no longer pass`}${report.runsReused === 0 ? "" : `, ${report.runsReused} replications reused an identical run`}`;
  const steps = search.steps.map((s) => `${s.label} ${s.phase} ${s.verdict.toUpperCase()}`).join(" · ");
  const lines = [
    `Search: ${search.method}; ${search.candidatesEvaluated} candidates, ${search.runs} runs in ${search.batches} batches${headroomRuns}; ${search.stoppedBy}`,
    `  order: ${steps}`,
    `Monotonicity: ${report.monotonicity.handling}`,
  ];
  for (const violation of report.monotonicity.violations) lines.push(`  - ${violation.kind}: ${violation.detail}`);
  return lines;
}
