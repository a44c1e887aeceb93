/**
 * Headroom: how much traffic growth the recommended configuration absorbs before the first SLO
 * fails. The workload's `rate.growth` multiplies the whole arrival curve, so growth g runs the
 * same scenario with `rate.growth` = (its own growth) x (1 + g). The search gallops and bisects
 * over g = step, 2 step, ... up to `max` for the first growth that does not pass (with every
 * failure case the recommendation had to survive, and the same seeds), so the answer is exact
 * to one step.
 */
import { firstTrue } from "./gallop";
import type { CandidateEvidence, CandidateWork, ReplicationRunner } from "./replications";
import { candidateReport, failingCheck, type HeadroomReport } from "./report";
import type { Candidate } from "./space";

/** Options of {@link measureHeadroom}. */
export interface HeadroomOptions {
  runner: ReplicationRunner;
  candidate: Candidate;
  /** Growth resolution as a fraction of the traffic (0.05 = 5 %). */
  step: number;
  /** Largest growth tried, as a fraction (2 = +200 %). */
  max: number;
  /** Called after each growth is judged, with a label like `web.count=12 at +35%`. */
  onJudged?: (label: string, verdict: CandidateEvidence["verdict"]) => void;
}

/** Measures headroom; null when the workload has no rate curve to grow (closed loop or trace). */
export async function measureHeadroom(options: HeadroomOptions): Promise<HeadroomReport | null> {
  const { runner, candidate, step, max } = options;
  const rate = candidate.scenario.workload.rate;
  if (rate === undefined) return null;
  const stepsMax = Math.max(1, Math.round(max / step));
  const runsBefore = runner.runs;
  const tried: Array<{ growth: number; evidence: CandidateEvidence }> = [];
  const growthAt = (index: number) => Number(((index + 1) * step).toFixed(6));
  const judge = async (index: number): Promise<boolean> => {
    const growth = growthAt(index);
    const work: CandidateWork = {
      key: `${candidate.key}|growth=${growth}`,
      overrides: [...candidate.overrides, { path: "workload.rate.growth", value: Number((rate.growth * (1 + growth)).toPrecision(12)) }],
      cases: candidate.cases,
    };
    const [evidence] = await runner.judge([work]);
    tried.push({ growth, evidence: evidence! });
    options.onJudged?.(`${candidate.label} at +${Number((growth * 100).toFixed(4))}% traffic`, evidence!.verdict);
    return evidence!.verdict !== "pass";
  };
  const found = await firstTrue({ size: stepsMax, start: 0, probe: judge, confirm: false });
  const steps = tried.map((t) => ({ growth: t.growth, verdict: t.evidence.verdict, runs: t.evidence.runs })).sort((a, b) => a.growth - b.growth);
  const runs = runner.runs - runsBefore;
  if (found.first === null) return { absorbed: growthAt(stepsMax - 1), step, max: growthAt(stepsMax - 1), limitedBy: null, steps, runs };
  const failing = tried.find((t) => t.growth === growthAt(found.first!))!;
  const check = failingCheck(candidateReport(candidate, failing.evidence));
  const absorbed = found.first === 0 ? 0 : growthAt(found.first - 1);
  const limitedBy = check === null ? null : { growth: failing.growth, ...check };
  return { absorbed, step, max: growthAt(stepsMax - 1), limitedBy, steps, runs };
}
