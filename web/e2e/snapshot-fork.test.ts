/**
 * Snapshots across the Node/browser boundary and the browser's instant fork, in real Chromium:
 *
 * - A snapshot of black-friday taken in Node (mid-ramp), handed as JSON text to the app's own
 *   engine worker (the built worker module, spoken to in comlink's wire format), continues to
 *   the Result Node gets from a run that never stopped: same digest; so does one of a hybrid
 *   run, whose fluid engine the worker rebuilds.
 * - In the app, black-friday runs (the worker keeps snapshots as it goes); "fork from here" with
 *   a crash at 2:30 restores the worker's snapshot nearest before it (2:15) instead of
 *   re-running from zero: the run view shows the fork at once, running, with the restored
 *   windows drawn and no event simulated yet; the worker then simulates only the events after
 *   the snapshot, and the fork's digest equals Node's run of the forked scenario from time 0.
 *   The time from the click to that first state and the fork's wall times go to
 *   test-artifacts/snapshot-fork.json (measurements, not assertions).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";
import { prepareRun, resultDigest, simulate } from "../../engine/index";
import { forkScenario } from "../topology/fork";
import { distDir, recordMeasurement, shareFragment, waitForRunStatus, useApp } from "./support";

const text = readFileSync(new URL("../../scenarios/black-friday.yaml", import.meta.url), "utf8");
const SEED = 11;

const app = useApp({ fragment: async () => `#${await shareFragment(text, { seed: SEED })}` });

/** What the worker's `run` returns (the fields these tests read). */
interface WorkerOutcome { kind: string; digest?: string; resumedFromMs?: number | null; message?: string; wallMs?: number; resumeNote?: string; summary?: { events: number } }

/** Sends one `run` call to a fresh engine worker in the page, in comlink's wire format. */
async function runInPageWorker(request: unknown): Promise<WorkerOutcome> {
  const worker = readdirSync(path.join(distDir, "assets")).find((f) => /^worker-.*\.js$/.test(f));
  expect(worker).toBeDefined();
  return (await app.page.evaluate(async ({ url, request }) => {
    const w = new Worker(url, { type: "module" });
    try {
      return await new Promise<unknown>((resolve, reject) => {
        w.onmessage = (event: MessageEvent<{ id: string; type: string; value: unknown }>) => {
          if (event.data.id !== "snapshot-1") return;
          if (event.data.type === "RAW") resolve(event.data.value);
          else reject(new Error(JSON.stringify(event.data)));
        };
        w.onerror = (event) => reject(new Error(event.message));
        w.postMessage({ id: "snapshot-1", type: "APPLY", path: ["run"], argumentList: [{ type: "RAW", value: request }] });
      });
    } finally {
      w.terminate();
    }
  }, { url: `${app.server.url}assets/${worker}`, request })) as WorkerOutcome;
}

describe("snapshots across the boundary", () => {
  it("a snapshot taken in Node continues in the browser's worker to Node's digest", async () => {
    const overrides = ["run.duration=50m"];
    const expected = resultDigest(simulate(text, { overrides, seed: SEED }));
    const prepared = prepareRun(text, { overrides, seed: SEED });
    if (!prepared.ok) throw new Error("black-friday does not load");
    prepared.run.advance({ untilMs: 43 * 60_000 });
    const snapshotText = JSON.stringify(prepared.run.snapshot());
    const outcome = await runInPageWorker({ scenarioText: text, files: {}, seed: SEED, overrides, resume: { kind: "snapshot", snapshotText } });
    expect(outcome.kind, outcome.message).toBe("done");
    expect(outcome.resumedFromMs, outcome.resumeNote).toBe(43 * 60_000);
    expect(outcome.digest).toBe(expected);
  });

  it("a hybrid run's snapshot taken in Node continues in the worker's hybrid engine to Node's digest", async () => {
    // black-friday-24h's night: most of its windows fluid; the snapshot falls in a fluid pause.
    const day = readFileSync(new URL("../../scenarios/black-friday-24h.yaml", import.meta.url), "utf8");
    const overrides = ["run.duration=30m", "run.warmup=2m", "faults[0].at=18m", "faults[0].for=4m", "run.fidelity=hybrid"];
    const expected = simulate(day, { overrides, seed: SEED });
    expect(expected.hybrid?.fluidWindows).toBeGreaterThan(12);
    const prepared = prepareRun(day, { overrides, seed: SEED });
    if (!prepared.ok) throw new Error("black-friday-24h does not load");
    prepared.run.advance({ untilMs: 9 * 60_000 + 40_000 });
    const snapshotText = JSON.stringify(prepared.run.snapshot());
    const outcome = await runInPageWorker({ scenarioText: day, files: {}, seed: SEED, overrides, resume: { kind: "snapshot", snapshotText } });
    expect(outcome.kind, outcome.message).toBe("done");
    expect(outcome.resumedFromMs, outcome.resumeNote).toBe(9 * 60_000 + 40_000);
    expect(outcome.digest).toBe(resultDigest(expected));
  });
});

describe("fork from here", () => {
  it("restores the worker's snapshot before the fork and gives the digest of the forked run from zero", async () => {
    expect(await waitForRunStatus(app.page, undefined, 300_000)).toBe("done");
    await app.page.click('a[data-route="topology"]');
    await app.page.waitForSelector('[data-testid="scrubber"]');
    const atMs = 150 * 60_000; // snapshots every 15 min: the fork restores the one at 2:15
    await app.page.$eval('[data-testid="scrubber"]', (slider, value) => {
      (slider as HTMLInputElement).value = String(value);
      slider.dispatchEvent(new Event("input", { bubbles: true }));
      slider.dispatchEvent(new Event("change", { bubbles: true }));
    }, atMs);
    await app.page.waitForFunction((value) => (document.querySelector('[data-testid="scrubber"]') as HTMLInputElement).value === String(value), atMs, { polling: 50 });
    await app.page.selectOption(".fork-box select >> nth=0", "crash");
    await app.page.selectOption(".fork-box select >> nth=1", "app");
    await app.page.fill('.fork-box input[inputmode="numeric"]', "2");
    await app.page.click('button[data-action="fork"]');
    // The first visible state: the run view, the fork running from its restored snapshot, no
    // event simulated yet, the windows before the snapshot drawn.
    const shown = await (await app.page.waitForFunction(() => {
      const status = document.querySelector(".run-status") as HTMLElement | null;
      const drawn = Number(document.querySelector('figure.chart[data-status="partial"]')?.getAttribute("data-points-min") ?? 0);
      if (status?.dataset.status !== "running" || status.dataset.resumedFromMs === "" || drawn === 0) return null;
      const mark = performance.getEntriesByName("clustersim:fork-start").at(-1)!;
      const restored = performance.getEntriesByName("clustersim:fork-restored").at(-1)!;
      return { afterClickMs: performance.now() - mark.startTime, restoredReportMs: restored.startTime - mark.startTime, resumedFromMs: Number(status.dataset.resumedFromMs), windows: Number(status.dataset.windows), eventsSimulated: status.dataset.eventsSimulated, drawn };
    }, undefined, { polling: "raf", timeout: 120_000 })).jsonValue();
    if (shown === null) throw new Error("the fork's first state never showed");
    const first = shown;
    expect(first.resumedFromMs).toBe(135 * 60_000);
    expect(first.windows).toBeGreaterThanOrEqual(135); // one-minute windows: the restored ones and any since
    expect(first.drawn).toBeGreaterThan(0);
    await app.page.waitForSelector('[data-testid="fork-start"]', { timeout: 300_000 });
    const start = await app.page.$eval('[data-testid="fork-start"]', (p) => ({
      resumedFromMs: p.getAttribute("data-resumed-from-ms"), restoreMs: Number(p.getAttribute("data-restore-ms")), wallMs: Number(p.getAttribute("data-wall-ms")),
      eventsSimulated: Number(p.getAttribute("data-events-simulated")), text: p.textContent,
    }));
    expect(Number(start.resumedFromMs), start.text ?? "").toBe(135 * 60_000);
    const digests = await app.page.$$eval('[data-testid="digest"]', (cells) => cells.map((c) => c.textContent));
    const forked = forkScenario(text, { atMs, durationMs: 3 * 3_600_000, change: { kind: "crash", group: "app", count: 2 } });
    if (!forked.ok) throw new Error(forked.message);
    expect(digests[1]).toBe(resultDigest(simulate(forked.text, { seed: SEED })));
    // The same fork re-run from zero in a fresh worker, for comparison (a measurement only).
    const fromZero = await runInPageWorker({ scenarioText: forked.text, files: {}, seed: SEED, withSeries: true });
    expect(fromZero.digest).toBe(digests[1]);
    // Not re-simulated from zero: the worker simulated only the events after the snapshot.
    const events = fromZero.summary!.events;
    expect(start.eventsSimulated).toBeGreaterThan(0);
    expect(start.eventsSimulated).toBeLessThan(events * 0.3);
    recordMeasurement("snapshot-fork", {
      scenario: "black-friday (3 h), fork: crash 2 app nodes at 2:30", restoredFromMs: Number(start.resumedFromMs),
      firstStateMs: Math.round(first.afterClickMs), restoredReportMs: Math.round(first.restoredReportMs), windowsAtFirstState: first.windows, restoreMs: start.restoreMs, forkWallMs: start.wallMs, fromZeroWallMs: fromZero.wallMs,
      eventsSimulated: start.eventsSimulated, eventsFromZero: events,
      note: "firstStateMs: click to the run view showing the fork running with its restored windows drawn; restoredReportMs: click to the page receiving the restored past; restoreMs: request to restored run; forkWallMs: simulating from the snapshot to the end; fromZeroWallMs: the same fork from time 0 (machine loaded)",
    });
    expect(app.errors).toEqual([]);
  }, 900_000); // a whole black-friday run in the app.page, then the fork and its run from zero
});
