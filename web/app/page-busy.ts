/**
 * The page tells the engine worker when it has frame work, so the two do not compete for a
 * core: shared memory (a SharedArrayBuffer, so the worker reads it between slices without a
 * message) with a state and, while the page waits for its next animation frame, the time that
 * frame is due. "Drawing" while a frame's jobs run and the frame is laid out and painted; "awaiting
 * a frame" between two frames with jobs waiting (the worker runs in the gap until shortly before
 * the frame is due); "idle" once the last job's frame was rendered (task-queue.ts). The worker
 * holds its run while the page draws or a frame is due, bounded (web/worker/page-pacing.ts), so
 * a page that never goes idle cannot stall a run.
 *
 * Shared memory needs a cross-origin isolated page (COOP `same-origin` and COEP `require-corp`
 * headers: vite.config.ts for `npm start` and `vite preview`, web/e2e/support.ts for the tests).
 * Served without them, `pageBusyFlag` is null and runs are not paced: same results, only the
 * page's frames compete with the worker for the machine.
 */
import { PAGE_AWAITING_FRAME, PAGE_BUSY_FLAG_BYTES, PAGE_DRAWING, PAGE_IDLE, frameDueView } from "../worker/run-protocol";

/**
 * The shared flag (its layout and states: web/worker/run-protocol.ts), or null without
 * isolation.
 */
export const pageBusyFlag: Int32Array | null =
  typeof SharedArrayBuffer === "function" && globalThis.crossOriginIsolated === true ? new Int32Array(new SharedArrayBuffer(PAGE_BUSY_FLAG_BYTES)) : null;

/**
 * Sets the page's state (with `frameDueMs`, epoch ms, for {@link PAGE_AWAITING_FRAME}); any
 * change wakes a worker waiting on the flag, which looks again.
 */
export function setPageState(stateAsked: typeof PAGE_IDLE | typeof PAGE_DRAWING | typeof PAGE_AWAITING_FRAME, frameDueMs = 0): void {
  if (pageBusyFlag === null) return;
  // A hidden page draws nothing (no animation frames; its jobs run as throttled timers), so it
  // never holds the run: a run left streaming in a background tab keeps its full speed.
  const state = pageHidden() ? PAGE_IDLE : stateAsked;
  // The due time is written before the state: the worker reads the state first (seq-cst).
  if (state === PAGE_AWAITING_FRAME) frameDueView(pageBusyFlag)[0] = frameDueMs;
  if (Atomics.exchange(pageBusyFlag, 0, state) !== state) Atomics.notify(pageBusyFlag, 0);
}

/** True when the page is hidden (a background tab, a minimised window). */
function pageHidden(): boolean {
  return typeof document !== "undefined" && document.visibilityState === "hidden";
}

// Hidden while frame work waits: release the run at once rather than at the next job's timer.
if (pageBusyFlag !== null && typeof document !== "undefined" && typeof document.addEventListener === "function") {
  document.addEventListener("visibilitychange", () => {
    if (pageHidden()) setPageState(PAGE_IDLE);
  });
}
