/**
 * JUnit XML: each SLO is a test case, so a CI dashboard shows an SLO regression the way it
 * shows a failing test. One test suite per scenario; a failing SLO carries a <failure> whose
 * message states the objective and the measured value. The layout follows the de-facto schema
 * read by Jenkins, GitLab, GitHub Actions reporters and others (testsuites > testsuite >
 * testcase > failure). Each test case carries its run's times: `time` is the wall-clock seconds
 * the run took (for a replication set, all its runs), and the properties `simulated-seconds`
 * and `wall-seconds` say both, since an SLO is judged on the simulated period.
 */
import { formatHalfWidth, formatMetric, sloObjectiveText, sloUnit, type ReplicationSet, type Result } from "../../engine";
import { xmlEscape } from "./xml";

interface Case {
  name: string;
  passed: boolean;
  message: string;
  detail: string;
}

/** JUnit XML for one run (`seed` in the suite name) or a replication set. */
export function formatJunit(subject: Result | ReplicationSet, options: { scenarioFile: string; wallMs?: number }): string {
  const cases: Case[] = [];
  let suiteName: string;
  let scenario: string;
  if ("kind" in subject && subject.kind === "clustersim-replications") {
    scenario = subject.scenario;
    suiteName = `${scenario} (seeds ${subject.seedFirst}…${subject.seedFirst + subject.replications - 1})`;
    for (const slo of subject.slos) {
      const unit = sloUnit(slo.kind);
      const measured = `${formatMetric(slo.measured.mean, unit)} ${formatHalfWidth(slo.measured.halfWidth, unit)} (95% CI)`;
      cases.push({
        name: `${slo.name}: ${sloObjectiveText(slo)}`,
        passed: slo.passed,
        message: `${sloObjectiveText(slo)} ${slo.verdict === "undecided" ? "not shown to be met (undecided)" : "not met"}: measured ${measured}`,
        detail: `class: ${slo.class}\nverdict: ${slo.verdict}\nmeasured mean: ${slo.measured.mean}\n95% CI: [${slo.measured.low}, ${slo.measured.high}]${slo.windows === null ? "" : `\nwindows meeting it: mean ${slo.windows.share.mean}, 95% CI [${slo.windows.share.low}, ${slo.windows.share.high}], required ${slo.windows.target}`}\nreplications passing on their own: ${slo.replicationsPassed}/${subject.replications}\nrule: ${subject.sloRule}`,
      });
    }
  } else {
    const result = subject as Result;
    scenario = result.scenario;
    suiteName = `${scenario} (seed ${result.seed})`;
    for (const slo of result.slos) {
      cases.push({
        name: `${slo.name}: ${sloObjectiveText(slo)}`,
        passed: slo.passed,
        message: `${sloObjectiveText(slo)} not met: measured ${formatMetric(slo.measured, sloUnit(slo.kind))}`,
        detail: `class: ${slo.class}\nmeasured: ${slo.measured}\ntarget: ${slo.target}${slo.windowsMeetingShare === null ? "" : `\nwindows meeting it: ${slo.windowsMeetingShare}`}\nseed: ${result.seed}`,
      });
    }
  }
  const failures = cases.filter((c) => !c.passed).length;
  const className = `clustersim.${scenario}`;
  const simulatedS = ("kind" in subject && subject.kind === "clustersim-replications" ? subject.results.reduce((sum, r) => sum + r.durationMs, 0) : (subject as Result).durationMs) / 1000;
  const wallS = (options.wallMs ?? 0) / 1000;
  const time = wallS.toFixed(3);
  const properties = `      <properties><property name="simulated-seconds" value="${simulatedS}"/><property name="wall-seconds" value="${time}"/></properties>`;
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="clustersim" tests="${cases.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${xmlEscape(suiteName)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${time}" file="${xmlEscape(options.scenarioFile)}">`,
  ];
  for (const c of cases) {
    lines.push(`    <testcase classname="${xmlEscape(className)}" name="${xmlEscape(c.name)}" time="${time}">`, properties);
    if (!c.passed) lines.push(`      <failure message="${xmlEscape(c.message)}" type="SLO">${xmlEscape(c.detail)}</failure>`);
    lines.push(`    </testcase>`);
  }
  lines.push(`  </testsuite>`, `</testsuites>`);
  return `${lines.join("\n")}\n`;
}
