import { describe, expect, it } from "vitest";
import { eventBands, type TimelineMark } from "./event-bands";

const scale = (atMin: number, from: number, to: number): TimelineMark => ({ atMs: atMin * 60_000, label: `scale-up app: ${from} → ${to} nodes`, category: "scale", kind: "scale-up", subject: "app", detail: `${from} → ${to} nodes (utilisation 90% vs target 60%)` });

describe("event bands", () => {
  it("makes a scaling burst one labelled band, and a later burst another", () => {
    const marks = [scale(41, 2, 3), scale(43, 3, 4), scale(47, 4, 5), scale(90, 5, 6)];
    expect(eventBands(marks, { gapMs: 5 * 60_000, durationMs: 180 * 60_000 })).toEqual([
      { fromMs: 41 * 60_000, toMs: 47 * 60_000, category: "scale", label: "app scale-up ×3, 2 → 5 nodes", count: 3 },
      { fromMs: 90 * 60_000, toMs: 90 * 60_000, category: "scale", label: "scale-up app: 5 → 6 nodes", count: 1 },
    ]);
  });

  it("shades a fault until its subject recovers, and to the end when it does not", () => {
    const marks: TimelineMark[] = [
      { atMs: 1000, label: "crash db-1", category: "fault", kind: "crash", subject: "db-1" },
      { atMs: 5000, label: "recover db-1", category: "recovery", kind: "recover", subject: "db-1" },
      { atMs: 7000, label: "crash db-2", category: "fault", kind: "crash", subject: "db-2" },
      { atMs: 3000, label: "traffic spike ×2 begins", category: "info" },
    ];
    expect(eventBands(marks, { gapMs: 100, durationMs: 10_000 })).toEqual([
      { fromMs: 1000, toMs: 5000, category: "fault", label: "crash db-1 until recover", count: 2 },
      { fromMs: 3000, toMs: 3000, category: "info", label: "traffic spike ×2 begins", count: 1 },
      { fromMs: 7000, toMs: 10_000, category: "fault", label: "crash db-2, not recovered", count: 1 },
    ]);
  });
});
