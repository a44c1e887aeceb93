/**
 * How much each property of the fuzz suite runs. In `npm test` every property runs a fixed,
 * small number of cases from a fixed seed (seconds, the same cases on every machine); in
 * `npm run fuzz` (FUZZ_SECONDS set, default 600) the suite's time is shared among its
 * properties and each runs cases from a fresh seed until its share is spent. A failure prints
 * the seed and the shrunk counterexample; FUZZ_SEED=<seed> replays it.
 */
import { fc } from "@fast-check/vitest";

/** Properties in the suite (the time budget is shared among them). */
const PROPERTIES = 5;
const seconds = Number(process.env.FUZZ_SECONDS ?? "0");
const fixedSeed = process.env.FUZZ_SEED === undefined ? null : Number(process.env.FUZZ_SEED);

/** Whether the suite runs on a time budget (`npm run fuzz`) rather than a fixed case count. */
export const FUZZING = seconds > 0;

/** Milliseconds a property may run (its test's timeout adds a minute for the last case). */
export const PROPERTY_TIME_MS = FUZZING ? Math.floor((seconds * 1000) / PROPERTIES) : 0;

/** A vitest timeout for a property: its share of the budget plus a minute, or two minutes. */
export const PROPERTY_TIMEOUT_MS = FUZZING ? PROPERTY_TIME_MS + 60_000 : 120_000;

/**
 * Checks `property` with the suite's budget: `fixedRuns` cases from seed 20 in `npm test`, or
 * as many as fit in its time share in `npm run fuzz`. Logs the case count; throws fast-check's
 * report (seed, path, counterexample) on failure.
 */
export async function checkProperty<T>(name: string, property: fc.IAsyncPropertyWithHooks<T> | fc.IPropertyWithHooks<T>, fixedRuns: number): Promise<number> {
  const parameters: fc.Parameters<T> = FUZZING
    ? { numRuns: 1_000_000_000, interruptAfterTimeLimit: PROPERTY_TIME_MS, markInterruptAsFailure: false, ...(fixedSeed === null ? {} : { seed: fixedSeed }) }
    : { numRuns: fixedRuns, seed: fixedSeed ?? 20 };
  const details = await fc.check(property as fc.IAsyncProperty<T>, parameters as fc.Parameters<T>);
  if (details.failed) throw new Error(`${name}: ${fc.defaultReportMessage(details) ?? "failed"}`);
  console.log(`[fuzz] ${name}: ${details.numRuns} cases (seed ${details.seed})`);
  return details.numRuns;
}
