import { describe, expect, it } from "vitest";
import { NODE_CODE } from "../worker/node-state-recorder";
import type { NodeStates } from "../worker/run-protocol";
import { eventTimes, overlayIntervals, shownState, stateRuns, subjectNodes } from "./node-states";

/** Three nodes over four 1-second windows; web-1 is down in windows 1-2. */
const nodes: NodeStates = {
  names: ["web-0", "web-1", "db-0"],
  groups: ["web", "web", "db"],
  zones: ["a", "b", "b"],
  windows: 4,
  states: Uint8Array.from([
    0, 0, 0,
    0, NODE_CODE.down, 0,
    NODE_CODE.slow, NODE_CODE.down, 0,
    0, 0, NODE_CODE.absent,
  ]),
  jobs: new Float32Array(12),
  truncated: false,
};
const event = (atMs: number, kind: string, subject: string) => ({ atMs, kind, subject, detail: "" });

describe("node states over a run", () => {
  it("finds the nodes a timeline subject names, by node or by zone", () => {
    expect(subjectNodes("node web-1", nodes)).toEqual([1]);
    expect(subjectNodes("a | b", nodes)).toEqual([0, 1, 2]);
    expect(subjectNodes("group web", nodes)).toEqual([]);
  });

  it("turns detections and partitions on the timeline into periods", () => {
    const overlays = overlayIntervals([
      event(100, "partition", "node db-0"), event(500, "detected", "web-1"),
      event(1800, "heal", "node db-0"), event(2500, "trusted", "web-1"),
      event(3000, "false-suspicion", "web-0"),
    ], nodes);
    expect(overlays).toEqual([
      { node: 2, state: "partitioned", startMs: 100, endMs: 1800 },
      { node: 1, state: "suspected", startMs: 500, endMs: 2500 },
      { node: 0, state: "suspected", startMs: 3000, endMs: Infinity },
    ]);
  });

  it("shows the most serious state: down over suspected, partitioned over slow", () => {
    const overlays = overlayIntervals([event(0, "detected", "web-1"), event(2000, "partition", "a")], nodes);
    expect(shownState(nodes, overlays, 1, 1, 1500)).toBe("down");
    expect(shownState(nodes, overlays, 0, 2, 2500)).toBe("partitioned");
    expect(shownState(nodes, [], 0, 2, 2500)).toBe("slow");
    expect(shownState(nodes, [], 2, 3, 3500)).toBe("absent");
    expect(shownState(nodes, overlays, 1, 3, 3500)).toBe("suspected");
  });

  it("lists runs of equal state per node", () => {
    expect(stateRuns(nodes, [], 1, 1000)).toEqual([{ from: 0, to: 1, state: "up" }, { from: 1, to: 3, state: "down" }, { from: 3, to: 4, state: "up" }]);
  });

  it("jumps to timeline events, and to state changes no event names", () => {
    expect(eventTimes(nodes, [], 1000)).toEqual([1000, 2000, 3000]);
    // A crash at the end of window 0 names the change seen in window 1: no separate 1000 mark.
    expect(eventTimes(nodes, [event(1000, "crash", "node web-1")], 1000)).toEqual([1000, 2000, 3000]);
    expect(eventTimes(nodes, [event(1200, "crash", "node web-1")], 1000)).toEqual([1200, 2000, 3000]);
  });
});
