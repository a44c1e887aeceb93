/**
 * The capacity plan as one self-contained HTML file (`clustersim plan --report plan.html`):
 * the recommendation with cost, confidence, failure cases and headroom (or the closest miss),
 * the size-versus-SLO curves with confidence bands and the recommendation marked (one
 * variable) or the cost-SLO frontier (several), the analytic guess beside the simulated
 * answer, and the evidence table. Inline CSS and SVG, no scripts; no date or host, so the
 * same plan gives the same bytes.
 */
import { formatDurationMs, formatMetric, formatPercent, headroomText, sloUnit, type CheckEvidence, type PlanReport } from "../../engine";
import { xmlEscape } from "../format/xml";
import { closestLine, formatCost, spentText } from "../format/plan-table";
import { htmlPage } from "./html-page";
import { costFrontierSvg, sizeCurveSvg } from "./plan-chart";

/** This report's rules beyond html-page.ts: a wider page, denser tables, UNDECIDED, the recommended row, the definition list. */
const STYLE = `body { max-width: 860px; } table { font-size: 13px; } th, td { padding: 3px 10px 3px 0; }
.undecided { background: #bf8700; } td.undecided { color: #fff; text-align: center; } tr.recommended td { font-weight: 600; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; } dt { color: #59636e; }
`;

/** The report of a plan. */
export function formatPlanHtml(report: PlanReport, options: { scenarioFile: string }): string {
  const title = report.feasible ? `RECOMMENDED ${report.recommendation!.label}` : "NOTHING IN RANGE PASSES";
  const body = [
    `<h1>${xmlEscape(report.scenario)}: capacity plan <span class="verdict ${report.feasible ? "pass" : "fail"}">${xmlEscape(title)}</span></h1>`,
    `<p class="meta">${xmlEscape(options.scenarioFile)}${report.fidelity === "hybrid" ? " · hybrid fidelity" : ""} · seed ${report.seed} · ${formatPercent(report.confidence, { digits: 0 })} confidence · ${report.replicationsMin}-${report.replicationsMax} replications per candidate and case · ${report.runs} runs · varying ${xmlEscape(report.variables.map((v) => v.path).join(", "))}${report.survive.length > 0 ? ` · surviving ${xmlEscape(report.survive.join(", "))}` : ""}</p>`,
    verdictSection(report),
    chartsSection(report),
    analyticSection(report),
    evidenceSection(report),
    searchSection(report),
  ];
  return htmlPage({ title: `clustersim plan: ${report.scenario}`, style: STYLE, body });
}

function verdictSection(report: PlanReport): string {
  const r = report.recommendation;
  if (r === null) return `<h2>No configuration in range meets every SLO</h2><p>${xmlEscape(closestLine(report))}.</p>`;
  const items: Array<[string, string]> = [
    ["configuration", r.label],
    ["cost", `${formatCost(r)} provisioned (nodes, autoscaled groups at their minimum, x price per node-hour)${spentText(r)}`],
    ["confidence", `every SLO met in every failure case at ${formatPercent(report.confidence, { digits: 0 })} confidence, over ${r.runs} runs`],
    ["failure cases survived", r.cases.map((c) => `${c.name} (${c.description})`).join("; ")],
  ];
  const headroom = headroomText(report);
  if (headroom !== null) items.push(["headroom", headroom]);
  return `<h2>Recommendation</h2><dl>${items.map(([k, v]) => `<dt>${xmlEscape(k)}</dt><dd>${xmlEscape(v)}</dd>`).join("")}</dl>`;
}

function chartsSection(report: PlanReport): string {
  if (report.candidates.length === 0) return "";
  if (report.variables.length > 1) return `<h2>Cost and SLOs</h2>${costFrontierSvg(report)}`;
  const charts = report.checks.map((check, i) => {
    const latency = check.kind === "latency";
    return sizeCurveSvg(report, i, latency ? (v) => formatDurationMs(v) : (v) => formatPercent(v, { digits: 2 }));
  });
  return `<h2>Size versus SLO</h2><p class="note">Mean over replications per failure case, with its ${formatPercent(report.confidence, { digits: 0 })} confidence band; only the sizes the search tried are drawn.</p>${charts.join("\n")}`;
}

function analyticSection(report: PlanReport): string {
  const a = report.analytic;
  const guesses = a.variables.map((g) => (g.index === null ? `${g.label}: none (${g.reason})` : `${g.label}=${g.value}: ${g.servers} cores at utilisation ${formatMetric(g.utilisation, "percent")} at the peak; ${g.reason}`));
  const notes = a.notes.length === 0 ? "" : `<p>Why they may differ:</p><ul>${a.notes.map((n) => `<li>${xmlEscape(n)}</li>`).join("")}</ul>`;
  const peak = a.peakRatePerS === null ? "no peak rate" : `peak ${formatMetric(a.peakRatePerS, "per-second")}`;
  return `<h2>Queueing theory beside the simulation</h2><p>${xmlEscape(a.method)} (${xmlEscape(peak)}): ${xmlEscape(guesses.join("; "))}.</p><p>${xmlEscape(a.comparison)}</p>${notes}`;
}

function checkCell(check: CheckEvidence | undefined): string {
  if (check === undefined) return "<td></td>";
  const unit = sloUnit(check.kind);
  const interval = check.low === null || check.high === null ? "" : ` [${formatMetric(check.low, unit)} – ${formatMetric(check.high, unit)}]`;
  return `<td class="num">${xmlEscape(`${formatMetric(check.mean, unit)}${interval}`)}</td><td class="${check.verdict}">${check.verdict.toUpperCase()}</td>`;
}

function evidenceSection(report: PlanReport): string {
  const head = `<tr><th>candidate</th><th>cost/h</th><th>spent/h</th><th>case</th><th>runs</th>${report.checks.map((c) => `<th colspan="2">${xmlEscape(`${c.name}: ${c.objective}`)}</th>`).join("")}</tr>`;
  const rows: string[] = [];
  for (const candidate of report.candidates) {
    const recommended = report.recommendation?.key === candidate.key;
    candidate.cases.forEach((c, i) => {
      const first = i === 0;
      const cells = report.checks.map((check) => checkCell(c.checks.find((e) => e.name === check.name))).join("");
      rows.push(`<tr${recommended ? ` class="recommended"` : ""}><td>${first ? xmlEscape(candidate.label) : ""}</td><td class="num">${first ? formatMetric(candidate.costPerHour, "money") : ""}</td><td class="num">${first && candidate.spentPerHour !== null ? formatMetric(candidate.spentPerHour, "money") : ""}</td><td>${xmlEscape(c.name)}</td><td class="num">${c.n}</td>${cells}</tr>`);
    });
  }
  return `<h2>Evidence</h2><p class="note">Every candidate tried, per failure case: each SLO's mean over replications with its ${formatPercent(report.confidence, { digits: 0 })} confidence interval and verdict.</p><table>${head}${rows.join("")}</table>`;
}

function searchSection(report: PlanReport): string {
  const s = report.search;
  const violations = report.monotonicity.violations.map((v) => `<li>${xmlEscape(`${v.kind}: ${v.detail}`)}</li>`).join("");
  const notes = report.notes.map((n) => `<li>${xmlEscape(n)}</li>`).join("");
  return [
    `<h2>Search</h2>`,
    `<p>${xmlEscape(`${s.method}: ${s.candidatesEvaluated} candidates, ${s.runs} runs in ${s.batches} batches; ${s.stoppedBy}.`)}</p>`,
    `<p class="note">${xmlEscape(s.steps.map((step) => `${step.label} (${step.phase}) ${step.verdict}`).join(" · "))}</p>`,
    `<p>Monotonicity: ${xmlEscape(report.monotonicity.handling)}</p>${violations === "" ? "" : `<ul>${violations}</ul>`}`,
    notes === "" ? "" : `<h2>Notes</h2><ul>${notes}</ul>`,
  ].join("\n");
}
