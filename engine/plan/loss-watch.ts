/**
 * Stopping planner runs that have already lost: a run whose SLO can no longer pass, whatever
 * happens in the rest of it, has told the planner all it will (its verdict is fail), so
 * simulating it to the end is wasted work. Sizes that cannot carry the sale's traffic lose
 * their SLO at the ramp, a third of the way in, and most of a run's events come after that.
 *
 * The one test used is exact, never a forecast: a latency SLO with a windows requirement
 * (`windows: 95%`) judges every metrics window after warm-up that saw a request of its class,
 * and passes only if at least that share of the judged windows met the threshold. After
 * `judged` windows of which `met` met it, with at most `left` windows still to close, the best
 * share the run can still reach is (met + left) / (judged + left) (every remaining window
 * judged and meeting the threshold; a window not judged leaves the share lower or equal). When
 * that is below the required share, the run's verdict on the SLO is fail, and it is the same
 * verdict the whole run would give (engine/plan/loss-watch.test.ts runs both). `left` counts
 * the windows still to close, plus one for safety (an overcount only delays the stop).
 *
 * Availability and whole-run percentiles are not tested: how many requests the rest of the run
 * will complete is not bounded in advance (Poisson arrivals), so a failure count cannot prove
 * a loss yet.
 *
 * The check runs at window ends only (the run advances window by window), so where a run stops
 * does not depend on how the runner slices it: the CLI's worker threads and the browser's Web
 * Workers stop every run at the same simulated moment.
 */
import { formatDurationMs, formatPercent } from "../input/units";
import type { ModelRun, RunProgress } from "../model/run";
import type { LostSlo, RunSummary } from "./types";

/** The first SLO `run` can no longer pass, with why; null while every SLO can still pass. */
export function lostSlo(run: ModelRun): LostSlo | null {
  const { windowMs, slos } = run.windowSloTallies();
  const left = Math.ceil((run.durationMs - run.nowMs) / windowMs) + 1;
  for (const slo of slos) {
    const best = (slo.met + left) / (slo.judged + left);
    if (best >= slo.shareMin) continue;
    const reason = `${slo.judged - slo.met} of ${slo.judged} windows missed the threshold by ${formatDurationMs(run.nowMs)}; even if all ${left} windows left met it, at most ${formatPercent(best)} of windows could, below the ${formatPercent(slo.shareMin)} required`;
    return { slo: slo.name, atMs: run.nowMs, reason };
  }
  return null;
}

/**
 * Advances a planner run window by window, at most `sliceEvents` events per slice, yielding
 * progress after each slice; after each window it checks {@link lostSlo}. Returns the lost SLO
 * when the run stopped early, null when it ran to the end (then read `run.result()`).
 */
export function* advancePlanRun(run: ModelRun, sliceEvents: number): Generator<RunProgress, LostSlo | null, void> {
  const { windowMs } = run.windowSloTallies();
  const watch = run.windowSloTallies().slos.length > 0;
  for (;;) {
    const untilMs = watch ? Math.min(run.durationMs, (Math.floor(run.nowMs / windowMs) + 1) * windowMs) : Infinity;
    const progress = run.advance({ eventsMax: sliceEvents, ...(untilMs === Infinity ? {} : { untilMs }) });
    if (progress.done) return null;
    yield progress;
    if (watch && progress.nowMs >= untilMs) {
      const lost = lostSlo(run);
      if (lost !== null) return lost;
    }
  }
}

/** The summary of a run stopped because `lost` can no longer pass: that SLO failed, nothing else measured. */
export function lostRunSummary(lost: LostSlo, events: number): RunSummary {
  return { slos: [{ name: lost.slo, measured: null, windowsMeetingShare: null, passed: false }], requestsCompleted: 0, events, costPerHour: 0, lost };
}
