/**
 * The base of every schema node, and the small helpers node implementations share.
 *
 * A {@link SchemaNode} parses one kind of value and describes itself twice: as a noun phrase
 * for messages (`an integer ≥ 1`) and as JSON Schema for editors. Its type parameters carry the
 * parsed and the accepted TypeScript types, read back with {@link Infer} and {@link InferInput},
 * so one declaration gives validator, type and JSON Schema. The helpers below it word problems
 * in the toolkit's one style (`expected <what>, got <value>`, `must be <what>, got <value>`)
 * and handle numeric bounds.
 */
import { assert } from "../../core/assert";
import type { PathSegment } from "../problems";
import { describeValue, formatPath } from "../problems";
import type { ParseContext } from "./context";

/** A JSON Schema (draft 2020-12) object, as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

/** Options every node accepts. `description` becomes the JSON Schema `description`. */
export interface NodeOptions {
  description?: string;
}

/** A cross-field check run on a value that parsed cleanly; reports through `ctx.addProblem`. */
export type Check<T> = (value: T, ctx: ParseContext) => void;

/**
 * A schema node: parses one kind of value (`Out` is what it produces, `In` what a scenario
 * file may contain) and describes itself for messages and JSON Schema. Make nodes with the
 * factories on {@link s}; nodes are immutable (`refine` returns a copy).
 */
export abstract class SchemaNode<Out, In = unknown> {
  /** Type-level only: the parsed type. Read it with {@link Infer}; never set at run time. */
  declare readonly _output: Out;
  /** Type-level only: the accepted input type. Read it with {@link InferInput}. */
  declare readonly _input: In;
  /** Human description, shown by editors via the JSON Schema. */
  readonly description: string | undefined;
  /** Cross-field checks added with {@link SchemaNode.refine}, run in order. */
  protected checks: ReadonlyArray<Check<Out>> = [];

  constructor(options: NodeOptions) {
    this.description = options.description;
  }

  /**
   * Validates and converts `value`, recording every problem in `ctx`. Returns the output, or
   * `undefined` when the value is invalid (then at least one problem was recorded). Checks
   * added with `refine` run only when the value itself is valid.
   * @throws AssertionError when a node (typically a custom one) rejects without a problem.
   */
  parse(value: unknown, ctx: ParseContext): Out | undefined {
    const before = ctx.problemCount;
    const output = this.parseValue(value, ctx);
    if (output === undefined || ctx.problemCount > before) {
      const where = formatPath(ctx.path) || "the root";
      assert(ctx.problemCount > before, `a schema node rejected ${where} without a problem`);
      return undefined;
    }
    for (const check of this.checks) check(output, ctx);
    return ctx.problemCount > before ? undefined : output;
  }

  /** A copy of this node that also runs `check` on every valid value. */
  refine(check: Check<Out>): this {
    const copy = this.clone();
    copy.checks = [...this.checks, check];
    return copy;
  }

  /** The JSON Schema of this node, with its description. */
  jsonSchema(): JsonSchema {
    const body = this.jsonSchemaBody();
    return this.description === undefined ? body : { ...body, description: this.description };
  }

  /** What this node expects, as a noun phrase for messages: `an integer ≥ 1`, `a list`. */
  abstract expected(): string;

  /**
   * Whether `value` is of the JavaScript kind this node parses (a string, a number, a list,
   * an object). `s.oneOf` uses it to pick the branches worth trying.
   */
  abstract accepts(value: unknown): boolean;

  /** Parses a value; see {@link SchemaNode.parse}. */
  protected abstract parseValue(value: unknown, ctx: ParseContext): Out | undefined;

  /** The JSON Schema without the description. */
  protected abstract jsonSchemaBody(): JsonSchema;

  /** A shallow copy with the same prototype, for the immutable "with" methods. */
  protected clone(): this {
    return Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
  }
}

/** Any schema node. (`any`, not `unknown`: `refine` makes SchemaNode invariant in `Out`.) */
export type AnyNode = SchemaNode<any, any>;

/** The parsed (output) type of a node: `type Scenario = Infer<typeof scenarioSchema>`. */
export type Infer<N> = N extends SchemaNode<infer Out, any> ? Out : never;

/** The type a scenario file may contain for a node (before unit conversion and defaults). */
export type InferInput<N> = N extends SchemaNode<any, infer In> ? In : never;

/** Flattens an intersection for readable hover types. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** True for YAML/JSON mappings (not lists, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Records `expected <what>, got <value>` plus an optional hint. */
export function reportExpected(ctx: ParseContext, what: string, value: unknown, hint = ""): undefined {
  ctx.addProblem(`expected ${what}, got ${describeValue(value)}${hint}`);
  return undefined;
}

/** Records `message` (at `at` below the value, if given); returns undefined for a rejecting node. */
export function report(ctx: ParseContext, message: string, at?: PathSegment): undefined {
  ctx.addProblem(message, at);
  return undefined;
}

/** Records `must be <what>, got <value>` plus an optional hint. */
export function reportMustBe(ctx: ParseContext, what: string, value: unknown, hint = ""): undefined {
  ctx.addProblem(`must be ${what}, got ${describeValue(value)}${hint}`);
  return undefined;
}

/** Numeric bounds shared by number and unit nodes. */
export interface Bounds<B> {
  min?: B;
  max?: B;
  exclusiveMin?: B;
  exclusiveMax?: B;
}

/** `" ≥ 1 and < 10"`: the bounds as they read after a noun. Helper of bounded nodes. */
export function boundsPhrase(bounds: Bounds<unknown>): string {
  const parts: string[] = [];
  if (bounds.exclusiveMin !== undefined) parts.push(`> ${bounds.exclusiveMin}`);
  if (bounds.min !== undefined) parts.push(`≥ ${bounds.min}`);
  if (bounds.exclusiveMax !== undefined) parts.push(`< ${bounds.exclusiveMax}`);
  if (bounds.max !== undefined) parts.push(`≤ ${bounds.max}`);
  return parts.length === 0 ? "" : ` ${parts.join(" and ")}`;
}

/** Whether `value` satisfies numeric bounds. */
export function withinBounds(value: number, bounds: Bounds<number>): boolean {
  return (
    (bounds.min === undefined || value >= bounds.min) &&
    (bounds.max === undefined || value <= bounds.max) &&
    (bounds.exclusiveMin === undefined || value > bounds.exclusiveMin) &&
    (bounds.exclusiveMax === undefined || value < bounds.exclusiveMax)
  );
}

/** Removes keys whose value is undefined, so JSON Schemas and bounds stay minimal. */
export function dropUndefined<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
