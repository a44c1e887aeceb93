/**
 * JUnit XML: each SLO is a test case, so a CI dashboard shows an SLO regression the way it
 * shows a failing test. One test suite per scenario; a failing SLO carries a <failure> whose
 * message states the objective and the measured value. The layout follows the de-facto schema
 * read by Jenkins, GitLab, GitHub Actions reporters and others (testsuites > testsuite >
 * testcase > failure).
 */
import { formatHalfWidth, formatMetric, sloUnit, type ReplicationSet, type Result } from "../../engine";
import { xmlEscape } from "./xml";

interface Case {
  name: string;
  passed: boolean;
  message: string;
  detail: string;
}

/** JUnit XML for one run (`seed` in the suite name) or a replication set. */
export function formatJunit(subject: Result | ReplicationSet, options: { scenarioFile: string }): string {
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
        name: `${slo.name}: ${slo.objective}`,
        passed: slo.passed,
        message: `${slo.objective} ${slo.verdict === "undecided" ? "not shown to be met (undecided)" : "not met"}: measured ${measured}`,
        detail: `class: ${slo.class}\nverdict: ${slo.verdict}\nmeasured mean: ${slo.measured.mean}\n95% CI: [${slo.measured.low}, ${slo.measured.high}]${slo.windows === null ? "" : `\nwindows meeting it: mean ${slo.windows.share.mean}, 95% CI [${slo.windows.share.low}, ${slo.windows.share.high}], required ${slo.windows.target}`}\nreplications passing on their own: ${slo.replicationsPassed}/${subject.replications}\nrule: ${subject.sloRule}`,
      });
    }
  } else {
    const result = subject as Result;
    scenario = result.scenario;
    suiteName = `${scenario} (seed ${result.seed})`;
    for (const slo of result.slos) {
      cases.push({
        name: `${slo.name}: ${slo.objective}`,
        passed: slo.passed,
        message: `${slo.objective} not met: measured ${formatMetric(slo.measured, sloUnit(slo.kind))}`,
        detail: `class: ${slo.class}\nmeasured: ${slo.measured}\ntarget: ${slo.target}${slo.windowsMeetingShare === null ? "" : `\nwindows meeting it: ${slo.windowsMeetingShare}`}\nseed: ${result.seed}`,
      });
    }
  }
  const failures = cases.filter((c) => !c.passed).length;
  const className = `clustersim.${scenario}`;
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="clustersim" tests="${cases.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${xmlEscape(suiteName)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" file="${xmlEscape(options.scenarioFile)}">`,
  ];
  for (const c of cases) {
    const open = `    <testcase classname="${xmlEscape(className)}" name="${xmlEscape(c.name)}" time="0"`;
    if (c.passed) lines.push(`${open}/>`);
    else lines.push(`${open}>`, `      <failure message="${xmlEscape(c.message)}" type="SLO">${xmlEscape(c.detail)}</failure>`, `    </testcase>`);
  }
  lines.push(`  </testsuite>`, `</testsuites>`);
  return `${lines.join("\n")}\n`;
}
