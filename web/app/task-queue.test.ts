import { describe, expect, it, vi } from "vitest";
import { TaskQueue } from "./task-queue";

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
      expect(ran).toEqual([["s:a"], ["c:x"], ["s:b"], ["c:y"]]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

