import { describe, expect, it } from "vitest";
import { LessonProgressStore, PROGRESS_KEY, type ProgressStorage } from "./progress";

function memoryStorage(initial: Record<string, string> = {}): ProgressStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (key) => data[key] ?? null, setItem: (key, value) => { data[key] = value; } };
}

describe("lesson progress", () => {
  it("starts empty and remembers passes, knob settings and hints across stores", () => {
    const storage = memoryStorage();
    const first = new LessonProgressStore(storage);
    expect(first.get("utilisation")).toEqual({ passed: false, settings: {}, hintsShown: 0 });
    first.update("utilisation", { settings: { "workload.rate.constant": { text: "50/s" } }, hintsShown: 2 });
    first.update("utilisation", { passed: true });
    const second = new LessonProgressStore(storage);
    expect(second.get("utilisation")).toEqual({ passed: true, settings: { "workload.rate.constant": { text: "50/s" } }, hintsShown: 2 });
    expect(second.passedIds()).toEqual(["utilisation"]);
  });

  it("ignores damaged or foreign values instead of trusting them", () => {
    expect(new LessonProgressStore(memoryStorage({ [PROGRESS_KEY]: "{not json" })).get("x")).toEqual({ passed: false, settings: {}, hintsShown: 0 });
    const odd = JSON.stringify({ x: { passed: "yes", hintsShown: -3, settings: { a: { option: 1.5 }, b: { absent: true }, c: 7, d: { text: "2s" } } }, y: null });
    const store = new LessonProgressStore(memoryStorage({ [PROGRESS_KEY]: odd }));
    expect(store.get("x")).toEqual({ passed: false, settings: { b: { absent: true }, d: { text: "2s" } }, hintsShown: 0 });
    expect(store.passedIds()).toEqual([]);
  });

  it("keeps working in memory when storage refuses to save", () => {
    const store = new LessonProgressStore({ getItem: () => null, setItem: () => { throw new Error("quota"); } });
    store.update("a", { passed: true });
    expect(store.get("a").passed).toBe(true);
  });
});
