import { describe, expect, it } from "vitest";
import { parseSteal, tasksDuringSteal } from "./host-steal";

describe("host steal", () => {
  it("reads each CPU's steal ticks from /proc/stat, leaving out the all-CPU line", () => {
    const text = [
      "cpu  7158952 116665 486390 4884465 3045 0 2671 313911 0 0",
      "cpu0 3579476 58332 243195 2442232 1522 0 1335 156955 0 0",
      "cpu1 3579476 58333 243195 2442233 1523 0 1336 156956 0 0",
      "intr 123 4 5",
    ].join("\n");
    expect([...parseSteal(text)]).toEqual([["cpu0", 156955], ["cpu1", 156956]]);
  });

  it("counts the tasks that overlap a stall long enough to matter", () => {
    // A 100 ms stall counted at t=1000 covered about 890-1000; a 10 ms one at 2000 is too short.
    const events = [{ atMs: 1000, cpu: "cpu1", stolenMs: 100 }, { atMs: 2000, cpu: "cpu0", stolenMs: 10 }];
    const tasks = [
      { startMs: 850, durationMs: 120 }, // 850-970: overlaps
      { startMs: 995, durationMs: 60 }, // 995-1055: overlaps its end
      { startMs: 1001, durationMs: 80 }, // after it
      { startMs: 1950, durationMs: 100 }, // only the short stall
      { startMs: 700, durationMs: 150 }, // 700-850: before it
    ];
    expect(tasksDuringSteal(tasks, events)).toBe(2);
    expect(tasksDuringSteal(tasks, events, 10)).toBe(3);
    expect(tasksDuringSteal(tasks, [])).toBe(0);
  });
});
