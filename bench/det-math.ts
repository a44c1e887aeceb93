/**
 * det-math (engine/core/det-math.ts) against the engine's own Math for the functions on the
 * simulator's hot paths: log (every exponential sample), exp and pow. Each loop is written out
 * per function so every call site stays monomorphic, as it is in the engine; 1M seeded inputs
 * per pass, best of three alternating passes. Calls per second go in `modelEventsPerS`.
 * Sanity: det-math's sum over the inputs matches Math's to 1e-12 relative (they agree within
 * 1 ulp per call).
 */
import { exp, log, pow } from "../engine/core/det-math";
import { SampleSource } from "../engine/core/det-math/test-support/samples";
import type { BenchRecord } from "./record";

const N = 1_000_000;

function sumLogDet(xs: Float64Array): number { let s = 0; for (let i = 0; i < xs.length; i++) s += log(xs[i]!); return s; }
function sumLogMath(xs: Float64Array): number { let s = 0; for (let i = 0; i < xs.length; i++) s += Math.log(xs[i]!); return s; }
function sumExpDet(xs: Float64Array): number { let s = 0; for (let i = 0; i < xs.length; i++) s += exp(xs[i]!); return s; }
function sumExpMath(xs: Float64Array): number { let s = 0; for (let i = 0; i < xs.length; i++) s += Math.exp(xs[i]!); return s; }
function sumPowDet(xs: Float64Array, ys: Float64Array): number { let s = 0; for (let i = 0; i < xs.length; i++) s += pow(xs[i]!, ys[i]!); return s; }
function sumPowMath(xs: Float64Array, ys: Float64Array): number { let s = 0; for (let i = 0; i < xs.length; i++) s += Math.pow(xs[i]!, ys[i]!); return s; }

/** Best (shortest) wall time of `rounds` runs of `run`, and its result. */
function best(run: () => number, rounds: number): { wallMs: number; value: number } {
  let wallMs = Infinity, value = NaN;
  for (let r = 0; r < rounds; r++) {
    const startMs = performance.now();
    value = run();
    wallMs = Math.min(wallMs, performance.now() - startMs);
  }
  return { wallMs, value };
}

/** One record per function: det-math calls/s, with Math's calls/s and the ratio in the notes. */
export function benchDetMath(): BenchRecord[] {
  const source = new SampleSource(2024);
  const uniforms = new Float64Array(N), exps = new Float64Array(N), bases = new Float64Array(N), powers = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    uniforms[i] = 1 - source.unit(); // (0, 1], as in -log(1 - u) for an exponential sample
    exps[i] = source.between(-20, 20);
    bases[i] = source.between(0, 100);
    powers[i] = source.between(-3, 3);
  }
  const cases = [
    { name: "det-math-log", det: () => sumLogDet(uniforms), math: () => sumLogMath(uniforms) },
    { name: "det-math-exp", det: () => sumExpDet(exps), math: () => sumExpMath(exps) },
    { name: "det-math-pow", det: () => sumPowDet(bases, powers), math: () => sumPowMath(bases, powers) },
  ];
  const records: BenchRecord[] = [];
  for (const { name, det, math } of cases) {
    det(); math(); // warm the JIT
    let detBest = { wallMs: Infinity, value: NaN }, mathBest = { wallMs: Infinity, value: NaN };
    for (let round = 0; round < 3; round++) { // alternate so load bursts hit both alike
      const d = best(det, 1), m = best(math, 1);
      if (d.wallMs < detBest.wallMs) detBest = d;
      if (m.wallMs < mathBest.wallMs) mathBest = m;
    }
    const detPerS = N / (detBest.wallMs / 1000), mathPerS = N / (mathBest.wallMs / 1000);
    const relative = Math.abs(detBest.value / mathBest.value - 1);
    records.push({
      name,
      modelEventsPerS: detPerS,
      wallMs: detBest.wallMs,
      sanity: { label: "sum det / sum Math - 1", value: relative, expected: 0, ok: relative < 1e-12 },
      notes: `calls/s: det-math ${Math.round(detPerS / 1e3) / 1e3}M, Math ${Math.round(mathPerS / 1e3) / 1e3}M (det-math at ${Math.round((100 * detPerS) / mathPerS)}% of Math's speed)`,
    });
  }
  return records;
}
