import { describe, expect, it, vi } from "vitest";
import { FRAME_BUDGET_MS, SMALL_JOB_MS, TaskQueue } from "./task-queue";

/** Runs queued timers until the queue is empty (the queue uses zero-delay timers). */
async function drain(queue: TaskQueue): Promise<void> {
  while (queue.pending > 0) await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe("the page's task queue", () => {
  it("runs one job per task, in order, the latest job of each key only", async () => {
    const queue = new TaskQueue();
    const ran: string[] = [];
    queue.set("a", () => ran.push("a1"));
    queue.set("b", () => ran.push("b1"));
    queue.set("a", () => ran.push("a2"));
    expect(ran).toEqual([]);
    await drain(queue);
    expect(ran).toEqual(["a2", "b1"]);
  });

  it("puts a job set last behind every pending job, even when its key was pending earlier", async () => {
    const queue = new TaskQueue();
    const ran: string[] = [];
    queue.set("settle", () => ran.push("settle1"));
    queue.set("a", () => ran.push("a"));
    queue.setLast("settle", () => ran.push("settle2"));
    await drain(queue);
    expect(ran).toEqual(["a", "settle2"]);
  });

  it("gives every key a turn when updates keep coming", async () => {
    const queue = new TaskQueue();
    const ran: string[] = [];
    for (let round = 0; round < 5; round++) {
      for (const key of ["a", "b", "c", "d"]) queue.set(key, () => ran.push(key));
      await new Promise((resolve) => setTimeout(resolve, 0)); // one job runs per task
    }
    await drain(queue);
    expect(new Set(ran)).toEqual(new Set(["a", "b", "c", "d"]));
  });

  it("numbers its jobs, and a named queue measures each one as clustersim:<name>:<key>", async () => {
    const measure = vi.spyOn(performance, "measure");
    const queue = new TaskQueue({ name: "view" });
    const steps: number[] = [];
    queue.set("a", () => steps.push(queue.ran));
    queue.set("b", () => steps.push(queue.ran));
    await drain(queue);
    expect(steps).toEqual([1, 2]);
    expect(measure.mock.calls.map((call) => call[0])).toEqual(["clustersim:view:a", "clustersim:view:b"]);
    measure.mockRestore();
  });

  it("runs one per-frame job per animation frame across queues, the queues taking turns", async () => {
    const frameCallbacks: Array<() => void> = [];
    vi.stubGlobal("requestAnimationFrame", (callback: () => void) => frameCallbacks.push(callback));
    vi.stubGlobal("document", { visibilityState: "visible" });
    try {
      const sections = new TaskQueue({ perFrame: true });
      const charts = new TaskQueue({ perFrame: true });
      const ran: string[][] = [];
      let frame: string[] = [];
      sections.set("a", () => frame.push("s:a"));
      sections.set("b", () => frame.push("s:b"));
      charts.set("x", () => frame.push("c:x"));
      charts.set("y", () => frame.push("c:y"));
      while (frameCallbacks.length > 0) {
        const due = frameCallbacks.splice(0);
        expect(due.length).toBe(1); // one frame requested at a time
        frame = [];
        for (const callback of due) callback();
        ran.push(frame);
      }
      // Jobs never run before get a frame each.
      expect(ran).toEqual([["s:a"], ["c:x"], ["s:b"], ["c:y"]]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("lets jobs known to be small share a frame within its budget; a job once large runs alone", async () => {
    const frameCallbacks: Array<() => void> = [];
    vi.stubGlobal("requestAnimationFrame", (callback: () => void) => frameCallbacks.push(callback));
    vi.stubGlobal("document", { visibilityState: "visible" });
    // Job costs on a fake clock: each job advances it by its cost.
    let clockMs = 0;
    const now = vi.spyOn(performance, "now").mockImplementation(() => clockMs);
    try {
      const queue = new TaskQueue({ perFrame: true });
      // Four small jobs fill a frame's budget; the fifth would not fit; L once took longer than
      // SMALL_JOB_MS, so it never joins a frame after another job.
      const small = FRAME_BUDGET_MS / 4;
      expect(small).toBeLessThanOrEqual(SMALL_JOB_MS);
      const costsMs: Record<string, number> = { s1: small, s2: small, s3: small, s4: small, s5: small, L: SMALL_JOB_MS + 1 };
      let current: string[] = [];
      const runFrames = (): string[][] => {
        const frames: string[][] = [];
        while (frameCallbacks.length > 0) {
          current = [];
          for (const callback of frameCallbacks.splice(0)) callback();
          frames.push(current);
        }
        return frames;
      };
      const queueAll = () => { for (const [key, cost] of Object.entries(costsMs)) queue.set(key, () => { current.push(key); clockMs += cost; }); };
      queueAll();
      // Costs unknown: a frame each.
      expect(runFrames()).toEqual([["s1"], ["s2"], ["s3"], ["s4"], ["s5"], ["L"]]);
      queueAll();
      expect(runFrames()).toEqual([["s1", "s2", "s3", "s4"], ["s5"], ["L"]]);
    } finally {
      now.mockRestore();
      vi.unstubAllGlobals();
    }
  });

  it("marks the page drawing during a frame, awaiting the next one between frames (with when it is due), idle after the last", async () => {
    const frameCallbacks: Array<(frameMs: number) => void> = [];
    vi.stubGlobal("requestAnimationFrame", (callback: (frameMs: number) => void) => frameCallbacks.push(callback));
    vi.stubGlobal("document", { visibilityState: "visible" });
    // A cross-origin isolated page: the flag is shared memory (fresh modules see the stub).
    vi.stubGlobal("crossOriginIsolated", true);
    vi.resetModules();
    let clockMs = 0;
    const now = vi.spyOn(performance, "now").mockImplementation(() => clockMs);
    try {
      const { TaskQueue: FreshQueue, FRAME_INTERVAL_MS } = await import("./task-queue");
      const { pageBusyFlag } = await import("./page-busy");
      const { frameDueView, PAGE_AWAITING_FRAME, PAGE_DRAWING, PAGE_IDLE } = await import("../worker/run-protocol");
      expect(pageBusyFlag).not.toBeNull();
      const flag = pageBusyFlag!;
      const due = () => frameDueView(flag)[0]! - performance.timeOrigin;
      const queue = new FreshQueue({ perFrame: true });
      expect(flag[0]).toBe(PAGE_IDLE);
      const during: number[] = [];
      queue.set("a", () => during.push(flag[0]!));
      queue.set("b", () => during.push(flag[0]!));
      // No frame seen yet: the next one is due now (the worker holds).
      expect(flag[0]).toBe(PAGE_AWAITING_FRAME);
      expect(due()).toBe(0);
      const between: Array<[number, number]> = [];
      for (let frameMs = 100; frameCallbacks.length > 0; frameMs += FRAME_INTERVAL_MS) {
        clockMs = frameMs;
        for (const callback of frameCallbacks.splice(0)) callback(frameMs);
        clockMs = frameMs + 4; // the frame's jobs, layout and paint
        // The task queued in the frame runs after its rendering.
        await new Promise((resolve) => setTimeout(resolve, 0));
        between.push([flag[0]!, flag[0] === PAGE_AWAITING_FRAME ? due() - frameMs : NaN]);
      }
      expect(during).toEqual([PAGE_DRAWING, PAGE_DRAWING]);
      // After a's frame: awaiting b's, due one interval after a's started; after b's: idle.
      // (Epoch ms in a double: the due time is exact to about a microsecond.)
      expect(between.map(([state]) => state)).toEqual([PAGE_AWAITING_FRAME, PAGE_IDLE]);
      expect(between[0]![1]).toBeCloseTo(FRAME_INTERVAL_MS, 2);
    } finally {
      now.mockRestore();
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it("never holds the run while the page is hidden: its jobs run as timers and the flag stays idle, and hiding releases a waiting run", async () => {
    let visibility = "visible";
    const listeners: Array<() => void> = [];
    const frameCallbacks: Array<(frameMs: number) => void> = [];
    vi.stubGlobal("requestAnimationFrame", (callback: (frameMs: number) => void) => frameCallbacks.push(callback));
    vi.stubGlobal("document", {
      get visibilityState() { return visibility; },
      addEventListener: (type: string, listener: () => void) => { if (type === "visibilitychange") listeners.push(listener); },
    });
    vi.stubGlobal("crossOriginIsolated", true);
    vi.resetModules();
    try {
      const { TaskQueue: FreshQueue } = await import("./task-queue");
      const { pageBusyFlag } = await import("./page-busy");
      const { PAGE_AWAITING_FRAME, PAGE_IDLE } = await import("../worker/run-protocol");
      const flag = pageBusyFlag!;
      const queue = new FreshQueue({ perFrame: true });
      queue.set("shown", () => {});
      expect(flag[0]).toBe(PAGE_AWAITING_FRAME);
      // The tab goes to the background while the job waits for its frame.
      visibility = "hidden";
      for (const listener of listeners) listener();
      expect(flag[0]).toBe(PAGE_IDLE);
      // Jobs queued while hidden: never drawing or awaiting, before, during or after they run.
      const during: number[] = [];
      queue.set("hidden-a", () => during.push(flag[0]!));
      queue.set("hidden-b", () => during.push(flag[0]!));
      expect(flag[0]).toBe(PAGE_IDLE);
      for (const callback of frameCallbacks.splice(0)) callback(100);
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
      expect(during).toEqual([PAGE_IDLE, PAGE_IDLE]);
      expect(flag[0]).toBe(PAGE_IDLE);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});

