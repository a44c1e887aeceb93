/**
 * Replica lag of a database cluster, as a histogram and as per-window series aligned with
 * the model's metrics windows.
 *
 * The lag of a replica at time t is the age of the oldest entry of its primary it has not
 * applied (PostgreSQL's replay lag, MySQL's Seconds_Behind_Source); 0 when caught up. Between
 * two applies it grows at one ms per ms and each apply drops it, so its maximum over a window
 * is reached just before some entry is applied (that entry's own lag, done - append) or at
 * the window's end, or just before the replica changes primary or goes down (its lag then
 * drops or stops without an apply). The series keeps that maximum per replica and per window,
 * exactly, from the entries applied in the window plus a look at those moments. Every applied
 * entry's lag also goes to a histogram (bounded memory).
 */
import { LatencyHistogram } from "../../metrics/histogram";
import type { LagSink } from "../replication/replica-apply";

/** What the lag recorder reads from its database (see database.ts). */
export interface LagSource {
  readonly count: number;
  readonly model: { sim: { nowMs: number; callMethodAt(timeMs: number, target: object, method: string): unknown }; spec: { durationMs: number } };
  appliedIndex(r: number): number;
  lagNowMs(r: number): number;
}

export class DatabaseLag {
  /** Lag of every entry applied by any replica, ms. */
  readonly histogram = new LatencyHistogram();
  /** Per replica: lag of its applied entries, ms. */
  readonly replicaHistograms: LatencyHistogram[];
  /** Per window: the largest lag of any replica (null when no replica replicated). */
  readonly maxMs: Array<number | null> = [];
  /** Per replica, per window: its largest lag (null while primary, down, fenced or detached). */
  readonly replicaMaxMs: Array<Array<number | null>>;
  private readonly windowMax: Float64Array;
  private readonly sinks: LagSink[];
  private lastEndMs = 0;

  constructor(private readonly source: LagSource, private readonly windowMs: number) {
    const n = source.count;
    this.replicaHistograms = Array.from({ length: n }, () => new LatencyHistogram());
    this.replicaMaxMs = Array.from({ length: n }, () => []);
    this.windowMax = new Float64Array(n).fill(-Infinity);
    this.sinks = Array.from({ length: n }, (_, r) => (lagMs: number) => {
      this.histogram.record(lagMs);
      this.replicaHistograms[r]!.record(lagMs);
      if (lagMs > this.windowMax[r]!) this.windowMax[r] = lagMs;
    });
  }

  /** The sink that records replica `r`'s applied entries. */
  sinkFor(r: number): LagSink {
    return this.sinks[r]!;
  }

  /** Counts replica `r`'s lag now into the window (before a change that drops it without an apply: a new primary, a crash). */
  observe(r: number): void {
    const now = this.source.lagNowMs(r);
    if (now > this.windowMax[r]!) this.windowMax[r] = now;
  }

  /** Schedules the window closes (at multiples of windowMs before the end of the run). */
  start(): void {
    if (this.windowMs < this.source.model.spec.durationMs) this.source.model.sim.callMethodAt(this.windowMs, this, "windowEnds");
  }

  /** A window ends (a kernel event): closes it and schedules the next close before the run's end. */
  windowEnds(): void {
    const sim = this.source.model.sim;
    this.closeWindow(sim.nowMs);
    if (sim.nowMs + this.windowMs < this.source.model.spec.durationMs) sim.callMethodAt(sim.nowMs + this.windowMs, this, "windowEnds");
  }

  /** Closes the window ending at `endMs` (the last one, at the end of the run, may be shorter). */
  closeWindow(endMs: number): void {
    if (endMs <= this.lastEndMs) return;
    this.lastEndMs = endMs;
    let max = -Infinity;
    for (let r = 0; r < this.source.count; r++) {
      this.source.appliedIndex(r); // applies what is done by now, feeding windowMax
      const now = this.source.lagNowMs(r);
      const replicating = Number.isFinite(now);
      const value = Math.max(this.windowMax[r]!, replicating ? now : -Infinity);
      this.replicaMaxMs[r]!.push(replicating || value > -Infinity ? value : null);
      if (value > max) max = value;
      this.windowMax[r] = -Infinity;
    }
    this.maxMs.push(max > -Infinity ? max : null);
  }
}
