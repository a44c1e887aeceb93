/**
 * Parameter checks shared by the distribution constructors. Each throws a `ParameterError`
 * whose message names the parameter, says what was expected and shows the value found, e.g.
 * `sd: must be >= 0, got -3`.
 */
import { ParameterError } from "../assert";

/** Renders a found value for an error message: numbers plainly, anything else as JSON. */
export function formatFound(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (value === undefined) return "nothing";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Returns `value` if it is a finite number.
 * @throws ParameterError naming `parameter` otherwise (missing, NaN, Infinity, not a number).
 */
export function requireFinite(parameter: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ParameterError(parameter, `must be a finite number, got ${formatFound(value)}`);
  }
  return value;
}

/**
 * Returns `value` if it is a finite number > 0.
 * @throws ParameterError naming `parameter` otherwise.
 */
export function requirePositive(parameter: string, value: unknown): number {
  const x = requireFinite(parameter, value);
  if (!(x > 0)) throw new ParameterError(parameter, `must be greater than 0, got ${x}`);
  return x;
}

/**
 * Returns `value` if it is a finite number >= 0.
 * @throws ParameterError naming `parameter` otherwise.
 */
export function requireNonNegative(parameter: string, value: unknown): number {
  const x = requireFinite(parameter, value);
  if (!(x >= 0)) throw new ParameterError(parameter, `must be >= 0, got ${x}`);
  return x;
}

/**
 * Returns `value` if it is a finite number greater than `bound`, the value of the parameter
 * `boundName` (e.g. `p99` greater than `median`).
 * @throws ParameterError naming `parameter`: `p99: must be greater than median (20), got 10`.
 */
export function requireGreaterThan(parameter: string, value: unknown, bound: { name: string; value: number }): number {
  const x = requireFinite(parameter, value);
  if (!(x > bound.value)) {
    throw new ParameterError(parameter, `must be greater than ${bound.name} (${bound.value}), got ${x}`);
  }
  return x;
}
