/**
 * When two planner runs are the same run, so the second can reuse the first's summary.
 *
 * A planner run is `{ overrides, seed }` applied to the plan's one scenario text: the runner
 * parses the text, applies the overrides to the parsed data (engine/input/overrides.ts), then
 * validates, compiles and runs what results with that seed (engine/plan/run-summary.ts
 * runForPlan). Every step after the overrides is a function of the data and the seed, and a
 * run is deterministic, so two requests whose overridden data are equal and whose seeds are
 * equal give the same summary. Different override lists reach the same data more often than
 * one might think: a zone-loss case sets an autoscaler's floor to what survives the zone, so
 * floors 6 and 7 both lose their zone's share down to 4, and floor 10 after a zone loss is
 * floor 9 after the same loss.
 *
 * The identity is the overridden data as JSON text (the runner adds the seed), exact, never a
 * likeness: object keys in the order the data holds them, and data JSON cannot write faithfully
 * (±Infinity, NaN, undefined, anything but plain objects, arrays, strings, numbers, booleans
 * and null) gives no identity, so that run is never shared. Equal text means equal data;
 * different key orders only miss a reuse.
 */
import { applyOverrides } from "../input/overrides";
import type { PlanOverride } from "./types";

/** A function giving a run's identity from its overrides (null: the run is never shared). */
export type RunIdentity = (overrides: readonly PlanOverride[]) => string | null;

/** The identity of runs of the scenario parsed as `data` (see the file comment). */
export function runIdentity(data: unknown): RunIdentity {
  return (overrides) => {
    const applied = applyOverrides(data, overrides);
    return applied.ok ? plainJson(applied.data) : null;
  };
}

/** `value` as JSON text, or null when it holds anything but plain data (objects, arrays, strings, finite numbers, booleans, null). */
export function plainJson(value: unknown): string | null {
  return isPlain(value) ? JSON.stringify(value) : null;
}

/** Whether JSON.stringify writes `value` faithfully: plain objects and arrays of strings, finite numbers, booleans and null. */
function isPlain(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlain);
  if (typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && Object.values(value).every(isPlain);
}
