/**
 * Invariant checks for programmer errors.
 *
 * `assert` is for conditions that can only fail if clustersim itself has a bug (time going
 * backwards, a request completing twice). User mistakes never reach it: `engine/scenario/`
 * validates input and reports `{path, message}` problems instead. Never catch an
 * `AssertionError` to carry on; the simulation state is no longer trustworthy.
 */

/** Thrown when an engine invariant is broken. Its message says which one. */
export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}

/**
 * Throws an {@link AssertionError} with `message` unless `condition` holds.
 *
 * On hot paths write `if (!(condition)) assert(false, \`...\`)` instead: a template literal
 * passed as `message` is formatted on every call, even when the condition holds, and that
 * cost three times the kernel's own work per event when it was measured.
 * @throws AssertionError
 */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/**
 * Thrown for an invalid parameter passed to an engine constructor (a distribution with a
 * negative mean, an empty table). The message names the parameter and the value so the
 * scenario layer can relay it next to a field path.
 */
export class ParameterError extends Error {
  /** The parameter name, as the caller spelled it (`meanMs`, `p99Ms`). */
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    super(`${parameter}: ${message}`);
    this.name = "ParameterError";
    this.parameter = parameter;
  }
}
