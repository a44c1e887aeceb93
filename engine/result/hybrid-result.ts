/**
 * The `hybrid` section of a Result: present only when the scenario asked for
 * `run.fidelity: hybrid` (engine/hybrid/). It says, per metrics window, whether the discrete
 * engine ran the whole window or a fluid model stood in for part of its arrivals, and how
 * large the fluid model's statistical error is. An exact run has no such section, so exact
 * Results are unchanged by the hybrid engine's existence.
 */

/** How one metrics window ran. */
export type HybridWindowMode = "discrete" | "fluid";

/**
 * Per-window figures of a hybrid run, aligned with `series.startMs` (index i is window i).
 * In a fluid window the discrete engine ran a sample (after a short warm-up of its own), the
 * arrivals after it were paused, and the window's counters and histograms were scaled up from
 * the sample by the expected arrivals the pause skipped.
 */
export interface HybridWindows {
  mode: HybridWindowMode[];
  /** Length of the measured sample, ms (0 in a discrete window and in one that reuses an earlier sample). */
  sampleMs: number[];
  /** Share of the window's expected arrivals that the fluid model stood in for, in [0, 1]. */
  fluidShare: number[];
  /**
   * 95% relative half-width of the window's p99 latency as estimated from its sample (the
   * order-statistic interval of ranks n·0.99 ± 1.96·sqrt(n·0.99·0.01) read off the sample's
   * histogram, over the p99); null in discrete windows and when the sample holds fewer than
   * 100 successes.
   */
  p99RelativeError: Array<number | null>;
  /** 95% half-width of the window's error rate from its sample (binomial, as a fraction); null in discrete windows. */
  errorRateHalfWidth: Array<number | null>;
  /**
   * Why the window ran discrete (a fault near, saturation, a fast ramp...); in a fluid window
   * "" when it measured its own sample, or "reuses the sample of window N" when the load per
   * core was close enough to that sample's (sampleMs is then 0 and the error estimates are
   * the sample's).
   */
  reason: string[];
}

/** The hybrid engine's account of a run. */
export interface HybridSummary {
  /** "hybrid" when the hybrid engine ran; "exact" when it judged the scenario unsafe and ran it exactly. */
  ran: "hybrid" | "exact";
  /** Why the scenario ran exactly (empty when it ran hybrid). */
  fallbackReasons: string[];
  /** Windows in which the fluid model stood in for arrivals. */
  fluidWindows: number;
  /** Arrivals the fluid model stood in for (not simulated one by one). */
  fluidRequests: number;
  /** Arrivals the discrete engine simulated one by one (warm-up included). */
  discreteRequests: number;
  /** Largest p99RelativeError of any fluid window (null when none). */
  p99RelativeErrorMax: number | null;
  windows: HybridWindows;
}
