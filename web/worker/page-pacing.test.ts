import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { waitWhilePageBusy } from "./page-pacing";

describe("the worker's hold while the page draws", () => {
  it("does not wait when the page is idle", () => {
    expect(waitWhilePageBusy(new Int32Array(new SharedArrayBuffer(4)))).toBe("idle");
  });

  it("gives up after its bound when the page stays busy", () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    flag[0] = 1;
    expect(waitWhilePageBusy(flag, 5)).toBe("timed-out");
    expect(flag[0]).toBe(1);
  });

  it("ends when another thread lowers the flag and notifies, long before its bound", async () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    flag[0] = 1;
    // The page's side, in another thread: lower the flag (as setPageBusy(false) does) shortly.
    const page = new Worker("const { workerData } = require('node:worker_threads'); setTimeout(() => { const f = new Int32Array(workerData); Atomics.store(f, 0, 0); Atomics.notify(f, 0); }, 20);", { eval: true, workerData: flag.buffer });
    const outcome = waitWhilePageBusy(flag, 60_000);
    await page.terminate();
    expect(outcome).not.toBe("timed-out");
    expect(flag[0]).toBe(0);
  });
});
