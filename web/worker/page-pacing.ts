/**
 * The worker's side of the page-busy flag (web/app/page-busy.ts): between two slices a live run
 * waits while the page has frame work, so the page's thread, its compositor and its raster
 * threads have the cores the run would take. The wait blocks the worker's thread
 * (`Atomics.wait`: not runnable, so not competing), ends as soon as the page lowers the flag,
 * and is bounded, so a page that never goes idle slows a run but cannot stop it.
 */

/** Longest the run waits in one hold, ms. */
export const HOLD_MAX_MS = 100;

/**
 * Waits while `flag[0]` is 1, at most `maxMs`: "idle" when the page was not busy (no wait),
 * "ok" when it went idle during the wait, "timed-out" when it was still busy after `maxMs`.
 */
export function waitWhilePageBusy(flag: Int32Array, maxMs = HOLD_MAX_MS): "idle" | "ok" | "timed-out" {
  if (Atomics.load(flag, 0) !== 1) return "idle";
  const outcome = Atomics.wait(flag, 0, 1, maxMs);
  // "not-equal": the page went idle between the load and the wait.
  return outcome === "timed-out" ? "timed-out" : "ok";
}
