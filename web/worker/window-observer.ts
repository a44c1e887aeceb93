/**
 * Observing a run's metrics windows from the worker, without changing the engine.
 *
 * The model closes a window through `model.series.closeWindow(endMs)`, which turns the
 * window's tallies into one point of each series and then resets them. Wrapping that method
 * lets the worker read per-window state the Result does not carry (the window's whole latency
 * histogram for the heatmap, each node's state for the topology) just before the reset. The
 * observers only read, so the Result, and its digest, are unchanged; web/worker/run-loop.test.ts
 * checks the bytes against simulate().
 */
import type { ModelRun } from "../../engine/index";

/** The model as the observers see it. */
export type ObservedModel = ModelRun["model"];

/**
 * Called just before a window closes: reads what it needs and returns a function that keeps
 * it, called only if the window really closed (the model skips a zero-length last window).
 */
export type WindowListener = (model: ObservedModel, endMs: number) => () => void;

/** Calls each listener before every window close and keeps what it read if a window closed. */
export function observeWindows(run: ModelRun, listeners: WindowListener[]): void {
  const model = run.model;
  const windowSeries = model.series;
  const closeWindow = windowSeries.closeWindow.bind(windowSeries);
  windowSeries.closeWindow = (endMs: number): void => {
    const before = windowSeries.series.startMs.length;
    const keep = listeners.map((listener) => listener(model, endMs));
    closeWindow(endMs);
    if (windowSeries.series.startMs.length > before) for (const k of keep) k();
  };
}
