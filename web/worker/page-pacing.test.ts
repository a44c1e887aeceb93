import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { waitWhilePageBusy } from "./page-pacing";
import { PAGE_BUSY_FLAG_BYTES, frameDueView } from "./run-protocol";

/** A flag as the page shares it (run-protocol.ts): the state and the awaited frame's due time. */
function pageFlag(state: number, frameDueMs = 0): Int32Array {
  const flag = new Int32Array(new SharedArrayBuffer(PAGE_BUSY_FLAG_BYTES));
  frameDueView(flag)[0] = frameDueMs;
  flag[0] = state;
  return flag;
}

describe("the worker's hold while the page draws", () => {
  it("does not wait when the page is idle", () => {
    expect(waitWhilePageBusy(pageFlag(0))).toBe("idle");
  });

  it("gives up after its bound when the page stays busy", () => {
    const flag = pageFlag(1);
    expect(waitWhilePageBusy(flag, 5)).toBe("timed-out");
    expect(flag[0]).toBe(1);
  });

  it("runs between frames: no wait while the awaited frame is due later than the lead", () => {
    const nowMs = () => 1_000;
    expect(waitWhilePageBusy(pageFlag(2, 1_010), 5, 6, nowMs)).toBe("idle");
  });

  it("holds when the awaited frame is due within the lead, or late", () => {
    const nowMs = () => performance.timeOrigin + performance.now();
    expect(waitWhilePageBusy(pageFlag(2, nowMs() + 4), 5, 6)).toBe("timed-out");
    expect(waitWhilePageBusy(pageFlag(2, nowMs() - 10), 5, 6)).toBe("timed-out");
  });

  it("ends when another thread lowers the flag and notifies, long before its bound", async () => {
    const flag = pageFlag(1);
    // The page's side, in another thread: lower the flag (as setPageState(PAGE_IDLE) does) shortly.
    const page = new Worker("const { workerData } = require('node:worker_threads'); setTimeout(() => { const f = new Int32Array(workerData); Atomics.store(f, 0, 0); Atomics.notify(f, 0); }, 20);", { eval: true, workerData: flag.buffer });
    const outcome = waitWhilePageBusy(flag, 60_000);
    await page.terminate();
    expect(outcome).not.toBe("timed-out");
    expect(flag[0]).toBe(0);
  });

  it("goes on once a frame is drawn and the next is due later than the lead", async () => {
    const flag = pageFlag(1);
    // The page: after its frame, awaiting the next, due 1 s from now (epoch ms on its clock).
    const page = new Worker("const { workerData } = require('node:worker_threads'); setTimeout(() => { const f = new Int32Array(workerData); new Float64Array(workerData, 8, 1)[0] = performance.timeOrigin + performance.now() + 1000; Atomics.store(f, 0, 2); Atomics.notify(f, 0); }, 20);", { eval: true, workerData: flag.buffer });
    const outcome = waitWhilePageBusy(flag, 60_000);
    await page.terminate();
    expect(outcome).toBe("ok");
  });
});
