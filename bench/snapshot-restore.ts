/**
 * Snapshot restore (issue 16): does a restored run simulate as fast as the run that never
 * stopped, and how long does a restore take? For each scenario the run goes to a moment, the
 * fresh run's continuation over a stretch of simulated time is timed (CPU), then the snapshot
 * taken at that moment (through JSON text, as a file or the worker would carry it) is
 * restored and the restored run's continuation over the same stretch is timed. Both
 * continuations process the same events (byte-identical runs), so their events per CPU second
 * compare directly. The fresh run is timed first, so the restored one runs on a JIT warmed by
 * fresh objects: if restored objects had other V8 shapes, their inline caches would go
 * polymorphic and the gap shows. Each run continues to its end: right after a restore the
 * code that met the restored objects re-optimises once (a few deopts, background compiles that
 * count as CPU), a one-off cost the long stretch keeps small beside the steady speed the
 * benchmark is about (before the codec made objects by their constructors: 0.48x on
 * black-friday, every event of the rest of the run). Restore time is `ModelRun.restore` on the parsed snapshot
 * (the rebuild from the spec plus laying the state over it), median of five.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { prepareRun } from "../engine/simulate";
import { ModelRun } from "../engine/model/run";
import { cpuNowMs, type BenchRecord } from "./record";

const ROOT = process.cwd();

/** Scenario file, the moment to snapshot at and the stretch timed after it (ms). */
export interface SnapshotRestoreCase {
  file: string;
  atMs: number;
  stretchMs: number;
}

function runTo(file: string, atMs: number): ModelRun {
  const prepared = prepareRun(readFileSync(path.join(ROOT, "scenarios", file), "utf8"), { fileName: file });
  if (!prepared.ok) throw new Error(prepared.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  prepared.run.advance({ untilMs: atMs });
  return prepared.run;
}

/** CPU ms and events of advancing `run` to `untilMs`. */
function timedAdvance(run: ModelRun, untilMs: number): { cpuMs: number; events: number } {
  const before = run.advance({ eventsMax: 0 }).events;
  const startMs = cpuNowMs();
  const progress = run.advance({ untilMs });
  return { cpuMs: cpuNowMs() - startMs, events: progress.events - before };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Fresh vs restored events per CPU second, and restore time, for one scenario. */
export function benchSnapshotRestore(c: SnapshotRestoreCase): BenchRecord {
  const run = runTo(c.file, c.atMs);
  const text = JSON.stringify(run.snapshot());
  const untilMs = c.atMs + c.stretchMs;
  const fresh = timedAdvance(run, untilMs);
  const restoreMs: number[] = [];
  let restored: ModelRun | null = null;
  for (let i = 0; i < 5; i++) {
    const parsed: unknown = JSON.parse(text);
    const startMs = performance.now();
    restored = ModelRun.restore(parsed);
    restoreMs.push(performance.now() - startMs);
  }
  const wallStartMs = performance.now();
  const again = timedAdvance(restored!, untilMs);
  const wallMs = performance.now() - wallStartMs;
  const freshRate = fresh.events / (fresh.cpuMs / 1000);
  const restoredRate = again.events / (again.cpuMs / 1000);
  return {
    name: `snapshot-restore-${c.file.replace(/\.yaml$/, "")}`,
    modelEventsPerS: again.events / (wallMs / 1000),
    wallMs,
    cpuMs: again.cpuMs,
    modelEventsPerCpuS: restoredRate,
    sanity: { label: "restored events = fresh events", value: again.events, expected: fresh.events, ok: again.events === fresh.events },
    notes:
      `snapshot at ${c.atMs / 60_000} min, ${c.stretchMs / 60_000} min timed: fresh ${Math.round(freshRate)} events/cpu-s, ` +
      `restored ${Math.round(restoredRate)} events/cpu-s (restored/fresh ${(restoredRate / freshRate).toFixed(3)}), ` +
      `${fresh.events} events; restore ${median(restoreMs).toFixed(0)} ms (median of 5), snapshot ${(text.length / 1e6).toFixed(1)} MB JSON`,
  };
}

/** Runs benchmark `name` of this bundle in a child process; returns its records. */
export function benchInChild(name: string): BenchRecord[] {
  const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, name], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return out.trim().split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as BenchRecord);
}
