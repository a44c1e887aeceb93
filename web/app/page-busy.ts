/**
 * The page tells the engine worker when it has frame work waiting, so the two do not compete
 * for a core: one shared 32-bit flag (a SharedArrayBuffer, so the worker reads it between
 * slices without a message), 1 while drawing jobs wait for animation frames, 0 once a frame
 * passes with none (task-queue.ts). The worker holds its run while the flag is 1, bounded
 * (web/worker/page-pacing.ts), so a page that never goes idle cannot stall a run.
 *
 * Shared memory needs a cross-origin isolated page (COOP `same-origin` and COEP `require-corp`
 * headers: vite.config.ts for `npm start` and `vite preview`, web/e2e/support.ts for the tests).
 * Served without them, `pageBusyFlag` is null and runs are not paced: same results, only the
 * page's frames compete with the worker for the machine.
 */

/** The shared flag (index 0: 1 = the page has frame work waiting), or null without isolation. */
export const pageBusyFlag: Int32Array | null =
  typeof SharedArrayBuffer === "function" && globalThis.crossOriginIsolated === true ? new Int32Array(new SharedArrayBuffer(4)) : null;

/** Raises or lowers the flag; lowering wakes a worker that waits on it. */
export function setPageBusy(busy: boolean): void {
  if (pageBusyFlag === null) return;
  const value = busy ? 1 : 0;
  if (Atomics.exchange(pageBusyFlag, 0, value) !== value && !busy) Atomics.notify(pageBusyFlag, 0);
}
