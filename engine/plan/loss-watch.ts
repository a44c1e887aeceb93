/**
 * Stopping planner runs that have already lost: a run whose SLO can no longer pass, whatever
 * happens in the rest of it, has told the planner all it will (its verdict is fail), so
 * simulating it to the end is wasted work. Sizes that cannot carry the sale's traffic lose
 * their SLO at the ramp, a third of the way in, and most of a run's events come after that.
 *
 * Each test is exact, never a forecast: it takes the best the rest of the run could do.
 *
 * - A latency SLO with a windows requirement (`windows: 95%`) judges every metrics window
 *   after warm-up that saw a request of its class and passes only if at least that share of the
 *   judged windows met the threshold. After `judged` windows of which `met` met it, with at
 *   most `left` windows still to close, the best share the run can reach is
 *   (met + left) / (judged + left) (every remaining window judged and meeting it). `left`
 *   counts the windows still to close plus one (an overcount only delays the stop).
 * - An availability SLO passes when (finished - failed) / finished >= target over the measured
 *   requests. Failures only grow, and the requests that can still finish are at most those in
 *   flight now plus every arrival still to come, so the best share is (U - failed) / U with
 *   U = finished + in flight + arrivals to come. The arrivals to come are counted exactly: an
 *   open workload's arrival times come from their own named RNG stream ("workload/arrivals"),
 *   independent of how the cluster copes, so the same stream replayed alone gives the same
 *   times (a trace's are given). Closed workloads (users wait for answers) and hybrid runs (the
 *   fluid model pauses arrivals and redraws them) are not tested.
 *
 * The rounded shares are monotone in the counts, so "the best is below the target" in floating
 * point implies the run's own verdict, computed the same way at the end, is fail: the verdict of
 * a stopped run equals the whole run's (engine/plan/loss-watch.test.ts runs both). Whole-run
 * percentiles are not tested (a percentile's bad count would need the same bound; not built).
 *
 * The check runs at window ends only (the run advances window by window), so where a run stops
 * does not depend on how the runner slices it: the CLI's worker threads and the browser's Web
 * Workers stop every run at the same simulated moment.
 */
import { formatDurationMs, formatPercent } from "../input/units";
import { replayArrivals, type ModelRun, type RunProgress, type SloProgress } from "../simulate";
import type { LostSlo, RunSummary } from "./types";

/** Arrivals of a run counted ahead: how many arrive after a given window end. */
export class ArrivalsAhead {
  /** countUpTo[k]: arrivals at times <= k windows. */
  private readonly countUpTo: Float64Array;
  private total = 0;

  constructor(private readonly windowMs: number, durationMs: number) {
    this.countUpTo = new Float64Array(Math.ceil(durationMs / windowMs) + 2);
  }

  /** Counts an arrival at `timeMs`; then call {@link ArrivalsAhead.close} once all are in. */
  add(timeMs: number): void {
    // An arrival at t is in the count of every boundary k with k * windowMs >= t.
    this.countUpTo[Math.min(this.countUpTo.length - 1, Math.ceil(timeMs / this.windowMs))]! += 1;
    this.total += 1;
  }

  /** Turns the counts per window into counts up to each window end. */
  close(): this {
    for (let k = 1; k < this.countUpTo.length; k++) this.countUpTo[k]! += this.countUpTo[k - 1]!;
    return this;
  }

  /** Arrivals at times after `nowMs`, or more (never fewer): counted from the window end at or before it. */
  after(nowMs: number): number {
    const k = Math.min(this.countUpTo.length - 1, Math.floor(nowMs / this.windowMs));
    return this.total - this.countUpTo[k]!;
  }
}

/**
 * The arrivals of an open or traced workload, counted ahead for a run of `durationMs`; null
 * for a closed workload. Replays the run's own "workload/arrivals" stream (engine/model/
 * cluster-model.ts start), so the times are the run's.
 */
export function countArrivalsAhead(progress: Pick<SloProgress, "workload" | "seed" | "windowMs">, durationMs: number): ArrivalsAhead | null {
  const ahead = new ArrivalsAhead(progress.windowMs, durationMs);
  return replayArrivals(progress, durationMs, (t) => ahead.add(t)) ? ahead.close() : null;
}

/**
 * The first SLO `run` can no longer pass, with why; null while every SLO can still pass.
 * `arrivals`: the run's arrivals counted ahead (null: availability is not tested).
 */
export function lostSlo(run: ModelRun, arrivals: ArrivalsAhead | null): LostSlo | null {
  const progress = run.sloProgress();
  if (run.nowMs < progress.warmupMs) return null;
  const left = Math.ceil((run.durationMs - run.nowMs) / progress.windowMs) + 1;
  for (const slo of progress.windowSlos) {
    const best = (slo.met + left) / (slo.judged + left);
    if (best >= slo.shareMin) continue;
    const reason = `${slo.judged - slo.met} of ${slo.judged} windows missed the threshold by ${formatDurationMs(run.nowMs)}; even if all ${left} windows left met it, at most ${formatPercent(best)} of windows could, below the ${formatPercent(slo.shareMin)} required`;
    return { slo: slo.name, atMs: run.nowMs, reason };
  }
  if (arrivals === null) return null;
  const toCome = progress.measuredInFlight + arrivals.after(run.nowMs);
  for (const slo of progress.availabilitySlos) {
    const most = slo.finished + toCome;
    if (most === 0) continue;
    const best = (most - slo.failed) / most;
    if (best >= slo.target) continue;
    const reason = `${slo.failed} of ${slo.finished} measured requests failed by ${formatDurationMs(run.nowMs)}; even if all ${toCome} still in flight or to arrive succeed, availability is at most ${formatPercent(best, { digits: 3 })}, below the ${formatPercent(slo.target)} required`;
    return { slo: slo.name, atMs: run.nowMs, reason };
  }
  return null;
}

/** A moment at which a planner run hands itself to `save` once (a shared pre-crash snapshot: engine/plan/shared-prefix.ts). */
export interface KeepPoint {
  /** Simulated time, ms: the run stops there (events at times <= atMs processed), calls `save`, and goes on. */
  atMs: number;
  /** Reads the run (takes its snapshot); must not change it. */
  save: (run: ModelRun) => void;
}

/**
 * Advances a planner run window by window, at most `sliceEvents` events per slice, yielding
 * progress after each slice; after each window it checks {@link lostSlo}. Returns the lost SLO
 * when the run stopped early, null when it ran to the end (then read `run.result()`).
 * `hybrid`: the run uses the hybrid engine (its arrivals are not counted ahead). `keep`: a
 * moment to stop at once and hand the run to `keep.save` (an extra stop changes no result, and
 * the loss checks stay at window ends). A run restored from a snapshot taken this way checks
 * the same window ends after it as the run that took it.
 */
export function* advancePlanRun(run: ModelRun, options: { sliceEvents: number; hybrid: boolean; keep?: KeepPoint }): Generator<RunProgress, LostSlo | null, void> {
  const progress = run.sloProgress();
  const arrivals = options.hybrid || progress.availabilitySlos.length === 0 ? null : countArrivalsAhead(progress, run.durationMs);
  const watch = progress.windowSlos.length > 0 || arrivals !== null;
  const { windowMs } = progress;
  let keep = options.keep !== undefined && options.keep.atMs > run.nowMs && options.keep.atMs < run.durationMs ? options.keep : null;
  for (;;) {
    const windowEndMs = watch ? Math.min(run.durationMs, (Math.floor(run.nowMs / windowMs) + 1) * windowMs) : Infinity;
    const untilMs = keep === null ? windowEndMs : Math.min(windowEndMs, keep.atMs);
    const step = run.advance({ eventsMax: options.sliceEvents, ...(untilMs === Infinity ? {} : { untilMs }) });
    if (step.done) return null;
    yield step;
    if (keep !== null && step.nowMs >= keep.atMs) {
      keep.save(run);
      keep = null;
    }
    if (watch && step.nowMs >= windowEndMs) {
      const lost = lostSlo(run, arrivals);
      if (lost !== null) return lost;
    }
  }
}

/** The summary of a run stopped because `lost` can no longer pass: that SLO failed, nothing else measured. */
export function lostRunSummary(lost: LostSlo, events: number): RunSummary {
  return { slos: [{ name: lost.slo, measured: null, windowsMeetingShare: null, passed: false }], requestsCompleted: 0, events, costPerHour: 0, lost };
}
