/**
 * How far a hybrid run is in work, for its progress bar and its estimate of the time left.
 *
 * An exact run's work is its requests (engine/model/run-work.ts). A hybrid run simulates only
 * part of them: a fluid window pauses its arrivals for most of its length, so it costs the
 * requests it did not pause (its sample's, and its warm-up's), while a discrete window costs
 * all of its own. On black-friday-24h the four discrete windows at the zone outage, at the
 * spike's peak, hold two thirds of the requests the run simulates and 2.5 % of the day's;
 * counted by requests, the bar stood at 53 % when they began and the estimate said 4 s where
 * about 20 s were left.
 *
 * The work of a window is therefore its expected requests weighted by the share that runs
 * discretely:
 * - a window already closed: 1 if it ran discrete, else 1 minus its fluid share (the share of
 *   its expected requests the fluid model stood in for, which the controller records);
 * - the current window: by its plan (its pause, when fluid), done in proportion to the requests
 *   due so far outside the pause;
 * - a window ahead: 1 in warm-up and near a scheduled disturbance (the controller's own rules:
 *   calm-plan.ts), else the mean weight of the fluid windows so far (before any, what the
 *   shortest warm-up and sample take of a window). Stress the controller only measures (a
 *   group over its utilisation bound) is not foreseen: the share may then step back a little
 *   when such a window runs discrete, and displays keep their highest value.
 */
import type { ArrivalOracle } from "../model/arrival-oracle";
import type { ModelSpec } from "../model/spec";
import type { HybridWindows } from "../result/hybrid-result";
import { nearDisturbance, type HybridSettings } from "./calm-plan";

/** The requests of a hybrid run's windows and which of them must run discrete (see the file comment). */
export class HybridWork {
  private readonly windowMs: number;
  private readonly durationMs: number;
  /** Per window: expected requests. */
  private readonly requests: Float64Array;
  /** Per window: 1 when it runs discrete whatever its load (warm-up, a disturbance near). */
  private readonly discrete: Uint8Array;
  /** Weight of a fluid window before any has run: the shortest warm-up and sample over a window. */
  private readonly fluidWeightGuess: number;

  constructor(private readonly oracle: ArrivalOracle, spans: ReadonlyArray<readonly [number, number]>, spec: Pick<ModelSpec, "windowMs" | "durationMs" | "warmupMs">, settings: HybridSettings) {
    this.windowMs = spec.windowMs;
    this.durationMs = spec.durationMs;
    const count = Math.max(1, Math.ceil(spec.durationMs / spec.windowMs));
    this.requests = new Float64Array(count);
    this.discrete = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const fromMs = i * spec.windowMs;
      const toMs = Math.min(fromMs + spec.windowMs, spec.durationMs);
      this.requests[i] = oracle.expected(fromMs, toMs);
      this.discrete[i] = fromMs < spec.warmupMs || nearDisturbance(spans, fromMs, toMs, spec.windowMs) ? 1 : 0;
    }
    this.fluidWeightGuess = Math.min(1, (settings.warmMinMs + settings.sampleMinMs) / spec.windowMs);
  }

  /**
   * The share of the work done at `nowMs`, in [0, 1]. `closed` holds the windows closed so far
   * (the controller's record); `paused` is the current window's pause, or null when it runs
   * discrete.
   */
  shareAt(nowMs: number, closed: HybridWindows, paused: { fromMs: number; toMs: number } | null): number {
    const count = this.requests.length;
    const current = Math.min(closed.mode.length, count - 1);
    let done = 0;
    let fluidWeights = 0;
    let fluidCount = 0;
    for (let i = 0; i < current; i++) {
      const weight = closed.mode[i] === "discrete" ? 1 : Math.max(0, 1 - closed.fluidShare[i]!);
      done += this.requests[i]! * weight;
      if (closed.mode[i] === "fluid") {
        fluidWeights += weight;
        fluidCount++;
      }
    }
    // The current window: its requests less the paused ones, done as far as they are due.
    const startMs = current * this.windowMs;
    const endMs = Math.min(startMs + this.windowMs, this.durationMs);
    const clampedMs = Math.min(Math.max(nowMs, startMs), endMs);
    const pausedIn = (fromMs: number, toMs: number): number => {
      if (paused === null) return 0;
      const a = Math.max(fromMs, paused.fromMs);
      const b = Math.min(toMs, paused.toMs);
      return b > a ? this.oracle.expected(a, b) : 0;
    };
    done += this.oracle.expected(startMs, clampedMs) - pausedIn(startMs, clampedMs);
    let left = this.oracle.expected(clampedMs, endMs) - pausedIn(clampedMs, endMs);
    const fluidWeight = fluidCount > 0 ? fluidWeights / fluidCount : this.fluidWeightGuess;
    for (let i = current + 1; i < count; i++) left += this.requests[i]! * (this.discrete[i] === 1 ? 1 : fluidWeight);
    const total = done + left;
    if (!(total > 0)) return this.durationMs > 0 ? Math.min(1, Math.max(0, nowMs / this.durationMs)) : 1;
    return Math.min(1, Math.max(0, done / total));
  }
}
