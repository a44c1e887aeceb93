import { describe, expect, it } from "vitest";
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
});
