/**
 * The hybrid engine's speed and accuracy gates (issue 15), on whole days:
 * - `hybrid-black-friday-24h`, `hybrid-replay-last-black-friday`: the hybrid run's wall time
 *   (gates: under 60 s and under 20 s on one core) and CPU time;
 * - `hybrid-gate`: for each scenario named (default the two above and the library scenarios
 *   the hybrid engine runs), the exact run and the hybrid run on the same seed, their wall
 *   times, the speed-up and every accuracy figure of engine/hybrid/accuracy-gate.ts. The exact
 *   runs of the 24-hour days take tens of minutes: run it on purpose
 *   (`npm run bench -- hybrid-gate`), not as part of a quick check;
 * - `hybrid-gate-replay-spike`: the same for replay-last-black-friday's sale spike alone
 *   (13:00-16:00 of the recording, the CLI's `--from 13h --to 16h --duration 3h`), where the
 *   saturated fluid model credits most of the failures (about 75 s CPU for the exact run).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseScenario, requiredFiles, simulate } from "../engine/index";
import { compareWithExact } from "../engine/hybrid/accuracy-gate";
import type { Result } from "../engine/result/result";
import type { BenchRecord } from "./record";

// The runner (build/bench.mjs) starts every benchmark with the repository root as its cwd.
const ROOT = process.cwd();

/** A scenario of the gate: a library file, with overrides and its own bench name when given. */
export interface GateCase {
  file: string;
  overrides?: readonly string[];
  name?: string;
}

function runTimed(file: string, fidelity: "exact" | "hybrid", overrides: readonly string[] = []): { result: Result; wallMs: number; cpuS: number } {
  const text = readFileSync(path.join(ROOT, "scenarios", file), "utf8");
  const parsed = parseScenario(text, { fileName: file });
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  const files: Record<string, string> = {};
  for (const ref of requiredFiles(parsed.scenario)) files[ref] = readFileSync(path.join(ROOT, "scenarios", path.dirname(file), ref), "utf8");
  const startMs = performance.now();
  const cpuStart = process.cpuUsage();
  const result = simulate(text, { files, overrides: [...overrides, `run.fidelity=${fidelity}`] });
  const cpu = process.cpuUsage(cpuStart);
  return { result, wallMs: performance.now() - startMs, cpuS: (cpu.user + cpu.system) / 1e6 };
}

/** The hybrid run of `file` against its wall-time limit. */
export function benchHybridSpeed(file: string, limitS: number): BenchRecord[] {
  const { result, wallMs, cpuS } = runTimed(file, "hybrid");
  const h = result.hybrid!;
  return [{
    name: `hybrid-${file.replace(/\.yaml$/, "")}`,
    modelEventsPerS: result.events / (wallMs / 1000),
    modelEventsPerCpuS: result.events / cpuS,
    wallMs,
    sanity: { label: `wall s (limit ${limitS})`, value: wallMs / 1000, expected: limitS, ok: wallMs / 1000 < limitS && h.ran === "hybrid" },
    notes: `CPU ${cpuS.toFixed(1)} s; ${h.fluidWindows}/${h.windows.mode.length} windows fluid; ${h.fluidRequests} requests fluid, ${h.discreteRequests} discrete; p99 error estimate max ${h.p99RelativeErrorMax?.toFixed(3)}`,
  }];
}

/** Exact against hybrid for each scenario: wall and CPU times and the accuracy figures. */
export function benchHybridGate(cases: ReadonlyArray<string | GateCase>): BenchRecord[] {
  return cases.map((c) => {
    const { file, overrides = [], name = `hybrid-gate-${file.replace(/\.yaml$/, "")}` } = typeof c === "string" ? { file: c } : c;
    const exact = runTimed(file, "exact", overrides);
    const hybrid = runTimed(file, "hybrid", overrides);
    const gate = compareWithExact(exact.result, hybrid.result);
    const h = hybrid.result.hybrid!;
    const figures = [
      `exact ${(exact.wallMs / 1000).toFixed(1)} s wall, ${exact.cpuS.toFixed(1)} s CPU`, `hybrid ${(hybrid.wallMs / 1000).toFixed(1)} s wall, ${hybrid.cpuS.toFixed(1)} s CPU`,
      `speed-up ${(exact.cpuS / hybrid.cpuS).toFixed(1)}x (CPU)`, `ran ${h.ran}`, `fluid windows ${h.fluidWindows}/${h.windows.mode.length}`,
      `SLO verdicts ${gate.slosIdentical ? "identical" : "DIFFER"}`, `availability diff ${gate.availabilityDiffPp.toFixed(4)} pp`,
      `failed ${gate.failedExact}/${gate.failedHybrid} (${(gate.failedRelDiff * 100).toFixed(1)} %)`,
      `p99 windows ${gate.windowsCompared}, worst ${(gate.p99RelDiffMax * 100).toFixed(1)} %, over 10 %: ${gate.p99WindowsOver}`,
      `autoscalers ${gate.autoscalerDifferences.length === 0 ? "identical" : gate.autoscalerDifferences.join("; ")}`,
    ];
    return {
      name,
      modelEventsPerS: hybrid.result.events / (hybrid.wallMs / 1000),
      wallMs: hybrid.wallMs,
      sanity: { label: "gate passed (1 = yes)", value: gate.passed ? 1 : 0, expected: 1, ok: gate.passed },
      notes: figures.join("; "),
    };
  });
}
