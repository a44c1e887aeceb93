/**
 * The worker's side of the page-busy flag (web/app/page-busy.ts): between two slices a live run
 * waits while the page draws a frame, or while a frame with jobs is due within
 * {@link FRAME_LEAD_MS}, so the page's thread, its compositor and its raster threads have the
 * cores the run would take. Between frames (the page only waiting for its next one) the run goes
 * on. The wait blocks the worker's thread (`Atomics.wait`: not runnable, so not competing), ends
 * as soon as the page changes its state and the new state allows a slice, and is bounded, so a
 * page that never goes idle slows a run but cannot stop it.
 */
import { PAGE_AWAITING_FRAME, PAGE_IDLE, frameDueView } from "./run-protocol";

/** Longest the run waits in one hold, ms. */
export const HOLD_MAX_MS = 100;
/**
 * A slice does not start this close before an awaited frame is due, ms: about a paced slice
 * (run-loop.ts, 5 ms) and a little, so the slice ends before the frame starts.
 */
export const FRAME_LEAD_MS = 6;

/** Milliseconds since the epoch on this thread's clock (the page writes due times on the same scale). */
function epochNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Waits while the page draws, or while its awaited frame is due within `leadMs`, at most `maxMs`:
 * "idle" when a slice may run at once (no wait), "ok" when it may after a wait, "timed-out" when
 * the page still held it after `maxMs`. `nowMs`: the epoch clock (a test's fake).
 */
export function waitWhilePageBusy(flag: Int32Array, maxMs = HOLD_MAX_MS, leadMs = FRAME_LEAD_MS, nowMs: () => number = epochNowMs): "idle" | "ok" | "timed-out" {
  const frameDue = frameDueView(flag);
  const deadlineMs = nowMs() + maxMs;
  for (let waited = false; ; waited = true) {
    const state = Atomics.load(flag, 0);
    if (state === PAGE_IDLE) return waited ? "ok" : "idle";
    // Between frames: a slice fits before the frame is due.
    if (state === PAGE_AWAITING_FRAME && frameDue[0]! - leadMs > nowMs()) return waited ? "ok" : "idle";
    const leftMs = deadlineMs - nowMs();
    if (leftMs <= 0) return "timed-out";
    // Until the page changes its state ("not-equal": it already did) or the bound.
    if (Atomics.wait(flag, 0, state, leftMs) === "timed-out") return "timed-out";
  }
}
