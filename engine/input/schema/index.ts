/**
 * A small typed schema toolkit: one declaration gives the validator, the TypeScript type and
 * the JSON Schema of a scenario, so the three cannot drift apart.
 *
 * ```ts
 * const service = s.object({
 *   replicas: s.integer({ min: 1, description: "Identical instances behind the balancer." }),
 *   timeout: s.withDefault(s.duration({ exclusiveMin: 0 }), "30s"),   // output in ms
 *   balancer: s.optional(s.enumOf(["round-robin", "least-connections"])),
 * }).refine((service, ctx) => { ... ctx.addProblem("must be ...", "timeout") ... });
 * type Service = Infer<typeof service>;      // { replicas: number; timeout: number; balancer?: ... }
 * const result = validate(service, data);    // { ok: true, value } or { ok: false, problems }
 * const editorSchema = jsonSchemaOf(service, { title: "Service", $id: "..." });
 * ```
 *
 * Validation never stops at the first mistake: every node reports all its problems into a
 * shared {@link ParseContext} at the path where they occur, and returns `undefined` when its
 * value is invalid. Messages follow one style: `expected <what>, got <value>` when the kind of
 * value is wrong, `must be <what>, got <value>` when the kind is right but the value is not,
 * `required`, and `unknown key "replcas" (did you mean "replicas"?)`.
 *
 * Outputs are fresh plain objects with keys in declaration order (not input order), so equal
 * scenarios give byte-identical results; records (`s.record`) keep the file's order of names.
 * Output keys are the file's keys: a unit node converts the value (`timeout: "2s"` -> 2000)
 * but does not rename the key, so the compile step maps `timeout` to the model's `timeoutMs`. Human units (`"250ms"`, `"1.5k/s"`) are converted by
 * the unit nodes into the engine's units (ms, per second, fraction, $/h).
 */

import { assert } from "../../core/assert";
import type { PathSegment, Problem } from "../problems";
import { describeValue, didYouMean, formatPath, listValues, suggestionSuffix } from "../problems";
import type { UnitFormat, UnitResult } from "../units";
import {
  UNIT_FORMATS,
  parseBandwidthBytesPerMs,
  parseDurationMs,
  parseMoneyPerHour,
  parsePercent,
  parseRatePerS,
  parseSizeBytes,
} from "../units";

/** A JSON Schema (draft 2020-12) object, as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

// ---------------------------------------------------------------------------------------------
// Parse context

/** A problem as recorded, with its path still in segments. */
interface RecordedProblem {
  path: readonly PathSegment[];
  message: string;
}

/**
 * Where a value sits in the document, and where its problems go. Nodes pass `ctx.child(key)`
 * to the nodes of their parts; every context made from one root shares the root's problem list.
 */
export class ParseContext {
  /** Segments from the document root to the value being parsed. */
  readonly path: readonly PathSegment[];
  readonly #sink: RecordedProblem[];

  private constructor(path: readonly PathSegment[], sink: RecordedProblem[]) {
    this.path = path;
    this.#sink = sink;
  }

  /** A context for the document root with an empty problem list. */
  static root(): ParseContext {
    return new ParseContext([], []);
  }

  /** The context of a part of this value (an object key or a list index). */
  child(segment: PathSegment): ParseContext {
    return new ParseContext([...this.path, segment], this.#sink);
  }

  /**
   * Records a problem with this value, or with a part of it when `at` is given (a key, an
   * index, or a path of them relative to this value): `ctx.addProblem("must be ≥ min", "max")`.
   */
  addProblem(message: string, at: PathSegment | readonly PathSegment[] = []): void {
    const relative = typeof at === "object" ? at : [at];
    this.#sink.push({ path: [...this.path, ...relative], message });
  }

  /** How many problems have been recorded so far (by every context sharing this list). */
  get problemCount(): number {
    return this.#sink.length;
  }

  /** The problems recorded so far, with formatted paths, in the order reported. */
  problems(): Problem[] {
    return this.#sink.map((problem) => ({ path: formatPath(problem.path), message: problem.message }));
  }

  /** A context at the same path with its own empty problem list, to try a parse on the side. */
  fork(): ParseContext {
    return new ParseContext(this.path, []);
  }

  /** Copies the problems of a forked context into this context's list. */
  adopt(fork: ParseContext): void {
    this.#sink.push(...fork.#sink);
  }
}

// ---------------------------------------------------------------------------------------------
// Base node

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
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** True for YAML/JSON mappings (not lists, not null). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Records `expected <what>, got <value>` plus an optional hint. */
function reportExpected(ctx: ParseContext, what: string, value: unknown, hint = ""): undefined {
  ctx.addProblem(`expected ${what}, got ${describeValue(value)}${hint}`);
  return undefined;
}

/** Records `message` (at `at` below the value, if given); returns undefined for a rejecting node. */
function report(ctx: ParseContext, message: string, at?: PathSegment): undefined {
  ctx.addProblem(message, at);
  return undefined;
}

/** Records `must be <what>, got <value>` plus an optional hint. */
function reportMustBe(ctx: ParseContext, what: string, value: unknown, hint = ""): undefined {
  ctx.addProblem(`must be ${what}, got ${describeValue(value)}${hint}`);
  return undefined;
}

/** Numeric bounds shared by number and unit nodes. */
interface Bounds<B> {
  min?: B;
  max?: B;
  exclusiveMin?: B;
  exclusiveMax?: B;
}

/** `" ≥ 1 and < 10"`: the bounds as they read after a noun. Helper of bounded nodes. */
function boundsPhrase(bounds: Bounds<unknown>): string {
  const parts: string[] = [];
  if (bounds.exclusiveMin !== undefined) parts.push(`> ${bounds.exclusiveMin}`);
  if (bounds.min !== undefined) parts.push(`≥ ${bounds.min}`);
  if (bounds.exclusiveMax !== undefined) parts.push(`< ${bounds.exclusiveMax}`);
  if (bounds.max !== undefined) parts.push(`≤ ${bounds.max}`);
  return parts.length === 0 ? "" : ` ${parts.join(" and ")}`;
}

/** Whether `value` satisfies numeric bounds. */
function withinBounds(value: number, bounds: Bounds<number>): boolean {
  return (
    (bounds.min === undefined || value >= bounds.min) &&
    (bounds.max === undefined || value <= bounds.max) &&
    (bounds.exclusiveMin === undefined || value > bounds.exclusiveMin) &&
    (bounds.exclusiveMax === undefined || value < bounds.exclusiveMax)
  );
}

// ---------------------------------------------------------------------------------------------
// Scalars

/** Options of `s.number` and `s.integer`. Bounds are inclusive unless named exclusive. */
export interface NumberOptions extends NodeOptions, Bounds<number> {}

/** A finite number, optionally an integer, within bounds. */
export class NumberNode extends SchemaNode<number, number> {
  private readonly integer: boolean;
  private readonly bounds: Bounds<number>;

  constructor(options: NumberOptions, integer: boolean) {
    super(options);
    const { min, max, exclusiveMin, exclusiveMax } = options;
    this.bounds = { min, max, exclusiveMin, exclusiveMax };
    this.integer = integer;
  }

  expected(): string {
    return `${this.integer ? "an integer" : "a number"}${boundsPhrase(this.bounds)}`;
  }

  accepts(value: unknown): boolean {
    return typeof value === "number";
  }

  protected parseValue(value: unknown, ctx: ParseContext): number | undefined {
    if (typeof value !== "number") {
      const quoted = typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value));
      return reportExpected(ctx, this.expected(), value, quoted ? " (remove the quotes)" : "");
    }
    if (!Number.isFinite(value)) return reportMustBe(ctx, `a finite ${this.integer ? "integer" : "number"}`, value);
    if (this.integer && !Number.isInteger(value)) return reportMustBe(ctx, this.expected(), value);
    if (!withinBounds(value, this.bounds)) return reportMustBe(ctx, this.expected(), value);
    return value;
  }

  protected jsonSchemaBody(): JsonSchema {
    const { min, max, exclusiveMin, exclusiveMax } = this.bounds;
    return dropUndefined({
      type: this.integer ? "integer" : "number",
      minimum: min,
      maximum: max,
      exclusiveMinimum: exclusiveMin,
      exclusiveMaximum: exclusiveMax,
    });
  }
}

/** Options of `s.string`. */
export interface StringOptions extends NodeOptions {
  /** A regular expression the whole string must match (anchor it; flags other than `u` are not allowed). */
  pattern?: RegExp;
  /** What the pattern means, for messages: `a lowercase name like "web-1"`. */
  patternHint?: string;
  minLength?: number;
  maxLength?: number;
}

/** A string, optionally matching a pattern and within length limits. */
export class StringNode extends SchemaNode<string, string> {
  private readonly options: StringOptions;

  constructor(options: StringOptions) {
    super(options);
    const flags = options.pattern?.flags ?? "";
    assert(flags === "" || flags === "u", `s.string: pattern flags "${flags}" cannot be expressed in JSON Schema`);
    this.options = options;
  }

  expected(): string {
    return this.options.patternHint ?? "a string";
  }

  accepts(value: unknown): boolean {
    return typeof value === "string";
  }

  protected parseValue(value: unknown, ctx: ParseContext): string | undefined {
    if (typeof value !== "string") return reportExpected(ctx, this.expected(), value);
    const { pattern, patternHint, minLength, maxLength } = this.options;
    if (minLength !== undefined && value.length < minLength) {
      if (value === "") return report(ctx, "must not be empty");
      return reportMustBe(ctx, `at least ${minLength} characters long`, value);
    }
    if (maxLength !== undefined && value.length > maxLength) {
      return reportMustBe(ctx, `at most ${maxLength} characters long`, value);
    }
    if (pattern !== undefined && !pattern.test(value)) {
      return reportMustBe(ctx, patternHint ?? `a string matching /${pattern.source}/`, value);
    }
    return value;
  }

  protected jsonSchemaBody(): JsonSchema {
    const { pattern, minLength, maxLength } = this.options;
    return dropUndefined({ type: "string", pattern: pattern?.source, minLength, maxLength });
  }
}

/** One of a fixed list of strings; misspellings get a suggestion. */
export class EnumNode<V extends string> extends SchemaNode<V, V> {
  /** The allowed values, in declaration order. */
  readonly values: readonly V[];

  constructor(values: readonly V[], options: NodeOptions) {
    super(options);
    assert(values.length > 0, "s.enumOf needs at least one value");
    this.values = values;
  }

  expected(): string {
    return this.values.length === 1 ? JSON.stringify(this.values[0]) : `one of ${listValues(this.values)}`;
  }

  accepts(value: unknown): boolean {
    return typeof value === "string";
  }

  protected parseValue(value: unknown, ctx: ParseContext): V | undefined {
    if (typeof value !== "string") return reportExpected(ctx, this.expected(), value);
    if ((this.values as readonly string[]).includes(value)) return value as V;
    return reportMustBe(ctx, this.expected(), value, suggestionSuffix(value, this.values));
  }

  protected jsonSchemaBody(): JsonSchema {
    return { type: "string", enum: [...this.values] };
  }
}

/** Exactly one value (a string, number or boolean). */
export class LiteralNode<V extends string | number | boolean> extends SchemaNode<V, V> {
  readonly value: V;

  constructor(value: V, options: NodeOptions) {
    super(options);
    this.value = value;
  }

  expected(): string {
    return JSON.stringify(this.value);
  }

  accepts(value: unknown): boolean {
    return typeof value === typeof this.value;
  }

  protected parseValue(value: unknown, ctx: ParseContext): V | undefined {
    if (value === this.value) return this.value;
    if (typeof value !== typeof this.value) return reportExpected(ctx, this.expected(), value);
    return reportMustBe(ctx, this.expected(), value);
  }

  protected jsonSchemaBody(): JsonSchema {
    return { const: this.value };
  }
}

/** YAML 1.1 spellings of booleans that YAML 1.2 (which we use) reads as strings. */
const YAML11_BOOLEANS = new Set(["yes", "no", "on", "off", "y", "n", "True", "False", "TRUE", "FALSE", "Yes", "No"]);

/** `true` or `false`. */
export class BooleanNode extends SchemaNode<boolean, boolean> {
  expected(): string {
    return "true or false";
  }

  accepts(value: unknown): boolean {
    return typeof value === "boolean";
  }

  protected parseValue(value: unknown, ctx: ParseContext): boolean | undefined {
    if (typeof value === "boolean") return value;
    const yaml11 = typeof value === "string" && YAML11_BOOLEANS.has(value);
    return reportExpected(ctx, this.expected(), value, yaml11 ? " (YAML 1.2 reads it as text; write true or false)" : "");
  }

  protected jsonSchemaBody(): JsonSchema {
    return { type: "boolean" };
  }
}

// ---------------------------------------------------------------------------------------------
// Human units

/** Bounds of a unit node, written in the unit's own notation: `{ min: "1ms", max: "1h" }`. */
export interface UnitOptions extends NodeOptions, Bounds<string | number> {}

/** Options of `s.percent`: bounds like `"50%"` (default max `"100%"`), and fractions. */
export interface PercentNodeOptions extends UnitOptions {
  /** Also accept a plain number in [0, 1] as the fraction. Default false. */
  allowFraction?: boolean;
}

/** How a unit node parses and describes its values. */
interface UnitKind {
  format: UnitFormat;
  parse(value: unknown): UnitResult;
  /** Whether a plain number in [0, 1] is accepted (percentages with `allowFraction`). */
  allowFraction?: boolean;
}

/**
 * A human-unit value (`"250ms"`, `"1.5k/s"`, `"99.95%"`, `"0.096/h"`) converted to the
 * engine's unit by the parser from `units.ts`, optionally within bounds.
 */
export class UnitNode extends SchemaNode<number, string | number> {
  private readonly kind: UnitKind;
  private readonly boundsText: Bounds<string | number>;
  private readonly bounds: Bounds<number>;

  constructor(kind: UnitKind, options: UnitOptions) {
    super(options);
    this.kind = kind;
    const { min, max, exclusiveMin, exclusiveMax } = options;
    this.boundsText = dropUndefined({ min, max, exclusiveMin, exclusiveMax });
    const parsed: Bounds<number> = {};
    for (const [name, text] of Object.entries(this.boundsText) as Array<[keyof Bounds<number>, string | number]>) {
      const result = kind.parse(text);
      const why = result.ok ? "" : result.message;
      assert(result.ok, `${kind.format.noun} bound ${name} ${JSON.stringify(text)} is invalid: ${why}`);
      parsed[name] = result.value;
    }
    this.bounds = parsed;
  }

  expected(): string {
    const { expected } = this.kind.format;
    return this.kind.allowFraction ? `${expected} or a fraction from 0 to 1` : expected;
  }

  accepts(value: unknown): boolean {
    return typeof value === "string" || typeof value === "number";
  }

  protected parseValue(value: unknown, ctx: ParseContext): number | undefined {
    const result = this.kind.parse(value);
    if (!result.ok) return report(ctx, result.message);
    if (!withinBounds(result.value, this.bounds)) {
      return reportMustBe(ctx, `${this.kind.format.noun}${boundsPhrase(this.boundsText)}`, value);
    }
    return result.value;
  }

  protected jsonSchemaBody(): JsonSchema {
    const { pattern, examples } = this.kind.format;
    const zeroOrFraction = this.kind.allowFraction ? { type: "number", minimum: 0, maximum: 1 } : { const: 0 };
    return { anyOf: [{ type: "string", pattern }, zeroOrFraction], examples: [...examples] };
  }
}

// ---------------------------------------------------------------------------------------------
// Collections

/** Options of `s.array`. */
export interface ArrayOptions extends NodeOptions {
  minItems?: number;
  maxItems?: number;
}

/** `1 item`, `2 items`. */
function countOf(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** A list whose items all match one node. */
export class ArrayNode<I extends AnyNode> extends SchemaNode<Array<Infer<I>>, Array<InferInput<I>>> {
  readonly item: I;
  private readonly options: ArrayOptions;

  constructor(item: I, options: ArrayOptions) {
    super(options);
    this.item = item;
    this.options = options;
  }

  expected(): string {
    return "a list";
  }

  accepts(value: unknown): boolean {
    return Array.isArray(value);
  }

  protected parseValue(value: unknown, ctx: ParseContext): Array<Infer<I>> | undefined {
    if (!Array.isArray(value)) return reportExpected(ctx, this.expected(), value);
    const { minItems, maxItems } = this.options;
    if (minItems !== undefined && value.length < minItems) {
      ctx.addProblem(`must have at least ${countOf(minItems, "item", "items")}, got ${value.length}`);
    }
    if (maxItems !== undefined && value.length > maxItems) {
      ctx.addProblem(`must have at most ${countOf(maxItems, "item", "items")}, got ${value.length}`);
    }
    const items = value.map((item, index) => this.item.parse(item, ctx.child(index)) as Infer<I>);
    return items;
  }

  protected jsonSchemaBody(): JsonSchema {
    const { minItems, maxItems } = this.options;
    return dropUndefined({ type: "array", items: this.item.jsonSchema(), minItems, maxItems });
  }
}

/** Options of `s.record`. */
export interface RecordOptions extends NodeOptions {
  /** A node every name must pass, e.g. `s.string({ pattern: /^[a-z][a-z0-9-]*$/, ... })`. */
  keys?: SchemaNode<string, any>;
  minEntries?: number;
}

/**
 * A map from names to values of one kind (`services: { web: {...}, db: {...} }`). The output
 * keeps the file's order of names, which is part of the scenario.
 */
export class RecordNode<V extends AnyNode> extends SchemaNode<Record<string, Infer<V>>, Record<string, InferInput<V>>> {
  readonly value: V;
  private readonly options: RecordOptions;

  constructor(value: V, options: RecordOptions) {
    super(options);
    this.value = value;
    this.options = options;
  }

  expected(): string {
    return "an object";
  }

  accepts(value: unknown): boolean {
    return isObject(value);
  }

  protected parseValue(value: unknown, ctx: ParseContext): Record<string, Infer<V>> | undefined {
    if (!isObject(value)) return reportExpected(ctx, this.expected(), value);
    const { keys, minEntries } = this.options;
    const names = Object.keys(value);
    if (minEntries !== undefined && names.length < minEntries) {
      ctx.addProblem(`must have at least ${countOf(minEntries, "entry", "entries")}, got ${names.length}`);
    }
    const output: Record<string, Infer<V>> = {};
    for (const name of names) {
      const nameContext = ctx.child(name);
      if (keys !== undefined) checkRecordName(keys, name, nameContext);
      const parsed = this.value.parse(value[name], nameContext) as Infer<V>;
      // defineProperty, so a name like "__proto__" stays an ordinary key.
      Object.defineProperty(output, name, { value: parsed, enumerable: true, writable: true, configurable: true });
    }
    return output;
  }

  protected jsonSchemaBody(): JsonSchema {
    const { keys, minEntries } = this.options;
    return dropUndefined({
      type: "object",
      propertyNames: keys?.jsonSchema(),
      additionalProperties: this.value.jsonSchema(),
      minProperties: minEntries,
    });
  }
}

/** Validates a record's name with `keys`, prefixing its messages with "name ". */
function checkRecordName(keys: SchemaNode<string, any>, name: string, ctx: ParseContext): void {
  const fork = ctx.fork();
  if (keys.parse(name, fork) !== undefined) return;
  for (const problem of fork.problems()) ctx.addProblem(`name ${problem.message}`);
}

// ---------------------------------------------------------------------------------------------
// Objects

/** A field that may be left out; the output then has no such key. See `s.optional`. */
export class OptionalField<N extends AnyNode> {
  readonly kind = "optional";
  readonly node: N;
  constructor(node: N) {
    this.node = node;
  }
}

/** A field that takes a default (written as input, like `"30s"`) when left out. See `s.withDefault`. */
export class DefaultField<N extends AnyNode> {
  readonly kind = "default";
  readonly node: N;
  readonly defaultInput: InferInput<N>;
  constructor(node: N, defaultInput: InferInput<N>) {
    const ctx = ParseContext.root();
    node.parse(defaultInput, ctx);
    const problems = ctx.problems().map((problem) => problem.message);
    assert(problems.length === 0, `default ${JSON.stringify(defaultInput)} is invalid: ${problems.join("; ")}`);
    this.node = node;
    this.defaultInput = defaultInput;
  }
}

/** What an object shape maps each key to. */
export type Field = AnyNode | OptionalField<AnyNode> | DefaultField<AnyNode>;

/** The fields of an object node, in output order. */
export type Shape = { readonly [key: string]: Field };

type FieldNode<F> = F extends OptionalField<infer N> ? N : F extends DefaultField<infer N> ? N : F;
type OutputOptionalKeys<S> = { [K in keyof S]: S[K] extends OptionalField<AnyNode> ? K : never }[keyof S];
type InputOptionalKeys<S> = {
  [K in keyof S]: S[K] extends OptionalField<AnyNode> | DefaultField<AnyNode> ? K : never;
}[keyof S];

/** The parsed type of an object shape: optional fields are optional, defaulted ones are not. */
export type ObjectOutput<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OutputOptionalKeys<S>>]: Infer<FieldNode<S[K]>> } & {
    [K in OutputOptionalKeys<S>]?: Infer<FieldNode<S[K]>>;
  }
>;

/** The input type of an object shape: optional and defaulted fields may be left out. */
export type ObjectInput<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, InputOptionalKeys<S>>]: InferInput<FieldNode<S[K]>> } & {
    [K in InputOptionalKeys<S>]?: InferInput<FieldNode<S[K]>>;
  }
>;

/**
 * An object with known keys. Unknown keys are errors with a did-you-mean; missing required
 * keys are `required` (unless an unknown key was already suggested as their misspelling);
 * `null` for an optional or defaulted key counts as left out (YAML's `key:` with no value).
 */
export class ObjectNode<S extends Shape> extends SchemaNode<ObjectOutput<S>, ObjectInput<S>> {
  /** The fields, in output order. */
  readonly shape: S;

  constructor(shape: S, options: NodeOptions) {
    super(options);
    this.shape = shape;
  }

  /** A copy with more fields (replacing same-named ones), keeping description and checks. */
  extend<T extends Shape>(more: T): ObjectNode<Simplify<Omit<S, keyof T> & T>> {
    return this.withShape({ ...this.shape, ...more } as Simplify<Omit<S, keyof T> & T>);
  }

  /**
   * A copy with `key` as a new first field. Used by `s.discriminated` to add the tag in front
   * of each option's fields.
   */
  withLeadingField(key: string, node: AnyNode): ObjectNode<Shape> {
    return this.withShape<Shape>({ [key]: node, ...this.shape });
  }

  /** A copy with a different shape but the same description and checks. */
  private withShape<T extends Shape>(shape: T): ObjectNode<T> {
    const copy = this.clone() as unknown as { shape: T };
    copy.shape = shape;
    return copy as unknown as ObjectNode<T>;
  }

  expected(): string {
    return "an object";
  }

  accepts(value: unknown): boolean {
    return isObject(value);
  }

  protected parseValue(value: unknown, ctx: ParseContext): ObjectOutput<S> | undefined {
    if (!isObject(value)) return reportExpected(ctx, this.expected(), value);
    const parsed = new Map<string, unknown>();
    // `undefined` (only from code) is never given; `null` (YAML `key:`) leaves out optional keys.
    const isGiven = (key: string) =>
      Object.hasOwn(value, key) && value[key] !== undefined && !(value[key] === null && !this.isRequired(key));
    const absentKeys = Object.keys(this.shape).filter((key) => !isGiven(key));
    const suggested = new Set<string>();
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(this.shape, key)) {
        const suggestion = didYouMean(key, absentKeys);
        if (suggestion !== undefined) suggested.add(suggestion);
        ctx.addProblem(this.unknownKeyMessage(key, suggestion), key);
      } else if (isGiven(key)) {
        parsed.set(key, fieldNode(this.shape[key]).parse(value[key], ctx.child(key)));
      }
    }
    for (const key of absentKeys) {
      const field = this.shape[key];
      if (field instanceof DefaultField) parsed.set(key, field.node.parse(field.defaultInput, ctx.child(key)));
      else if (!(field instanceof OptionalField) && !suggested.has(key)) ctx.addProblem("required", key);
    }
    const output: Record<string, unknown> = {};
    for (const key of Object.keys(this.shape)) if (parsed.has(key)) output[key] = parsed.get(key);
    return output as ObjectOutput<S>;
  }

  /** Whether `key` must be given (neither optional nor defaulted). */
  private isRequired(key: string): boolean {
    const field = this.shape[key];
    return !(field instanceof OptionalField || field instanceof DefaultField);
  }

  /** `unknown key "x" (did you mean "y"?)`, or the list of known keys when nothing is close. */
  private unknownKeyMessage(key: string, suggestion: string | undefined): string {
    const unknown = `unknown key ${JSON.stringify(key)}`;
    if (suggestion !== undefined) return `${unknown} (did you mean ${JSON.stringify(suggestion)}?)`;
    return `${unknown} (known keys: ${Object.keys(this.shape).map((k) => JSON.stringify(k)).join(", ")})`;
  }

  protected jsonSchemaBody(): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [key, field] of Object.entries(this.shape)) {
      const schema = fieldNode(field).jsonSchema();
      properties[key] = field instanceof DefaultField ? { ...schema, default: field.defaultInput } : schema;
      if (this.isRequired(key)) required.push(key);
    }
    return dropUndefined({
      type: "object",
      properties,
      required: required.length > 0 ? required : undefined,
      additionalProperties: false,
    });
  }
}

/** The node inside a field. */
function fieldNode(field: Field): AnyNode {
  return field instanceof OptionalField || field instanceof DefaultField ? field.node : field;
}

// ---------------------------------------------------------------------------------------------
// Alternatives

/** The output of `s.discriminated(key, options)`: each option's object plus its tag. */
export type DiscriminatedOutput<K extends string, O> = {
  [T in keyof O & string]: Simplify<{ [P in K]: T } & Infer<O[T]>>;
}[keyof O & string];

/** The input of `s.discriminated(key, options)`. */
export type DiscriminatedInput<K extends string, O> = {
  [T in keyof O & string]: Simplify<{ [P in K]: T } & InferInput<O[T]>>;
}[keyof O & string];

/**
 * Objects told apart by one key (`type: exponential`), each kind with its own fields. The
 * option objects do not declare the key; it is added as the first key of the output.
 */
export class DiscriminatedNode<K extends string, O extends Record<string, ObjectNode<any>>> extends SchemaNode<
  DiscriminatedOutput<K, O>,
  DiscriminatedInput<K, O>
> {
  readonly key: K;
  private readonly branches: ReadonlyMap<string, AnyNode>;

  constructor(key: K, options: O, nodeOptions: NodeOptions) {
    super(nodeOptions);
    this.key = key;
    const branches = new Map<string, AnyNode>();
    for (const [tag, option] of Object.entries(options)) {
      assert(!Object.hasOwn(option.shape, key), `s.discriminated: option "${tag}" must not declare the key "${key}"`);
      branches.set(tag, option.withLeadingField(key, new LiteralNode(tag, {})));
    }
    assert(branches.size > 0, "s.discriminated needs at least one option");
    this.branches = branches;
  }

  /** The tags, in declaration order. */
  get tags(): string[] {
    return [...this.branches.keys()];
  }

  expected(): string {
    return `an object with ${JSON.stringify(this.key)}: ${listValues(this.tags)}`;
  }

  accepts(value: unknown): boolean {
    return isObject(value);
  }

  protected parseValue(value: unknown, ctx: ParseContext): DiscriminatedOutput<K, O> | undefined {
    if (!isObject(value)) return reportExpected(ctx, this.expected(), value);
    const tag = value[this.key];
    const oneOf = `one of ${listValues(this.tags)}`;
    if (tag === undefined || tag === null) return report(ctx, `required (${oneOf})`, this.key);
    const branch = typeof tag === "string" ? this.branches.get(tag) : undefined;
    if (branch === undefined) {
      const suggestion = typeof tag === "string" ? suggestionSuffix(tag, this.tags) : "";
      const verb = typeof tag === "string" ? "must be" : "expected";
      return report(ctx, `${verb} ${oneOf}, got ${describeValue(tag)}${suggestion}`, this.key);
    }
    return branch.parse(value, ctx) as DiscriminatedOutput<K, O> | undefined;
  }

  protected jsonSchemaBody(): JsonSchema {
    return {
      type: "object",
      required: [this.key],
      properties: { [this.key]: { enum: this.tags } },
      oneOf: [...this.branches.values()].map((branch) => branch.jsonSchema()),
    };
  }
}

/**
 * Alternatives of different kinds, e.g. "a number or a string shorthand". The value goes to
 * the alternatives that accept its kind; the first to parse it wins. When none does, the
 * problems reported are those of the alternative with the fewest (the best match), or, when
 * no alternative takes that kind of value, one `expected A or B, got ...`.
 */
export class OneOfNode<B extends readonly AnyNode[]> extends SchemaNode<Infer<B[number]>, InferInput<B[number]>> {
  readonly branches: B;

  constructor(branches: B, options: NodeOptions) {
    super(options);
    assert(branches.length > 0, "s.oneOf needs at least one alternative");
    this.branches = branches;
  }

  expected(): string {
    const phrases = this.branches.map((branch) => branch.expected());
    const last = phrases.pop();
    return phrases.length === 0 ? `${last}` : `${phrases.join(", ")} or ${last}`;
  }

  accepts(value: unknown): boolean {
    return this.branches.some((branch) => branch.accepts(value));
  }

  protected parseValue(value: unknown, ctx: ParseContext): Infer<B[number]> | undefined {
    const candidates = this.branches.filter((branch) => branch.accepts(value));
    if (candidates.length === 0) return reportExpected(ctx, this.expected(), value);
    let best: ParseContext | undefined;
    for (const branch of candidates) {
      const fork = ctx.fork();
      const output = branch.parse(value, fork);
      if (output !== undefined) return output as Infer<B[number]>;
      if (best === undefined || fork.problemCount < best.problemCount) best = fork;
    }
    if (best !== undefined) ctx.adopt(best);
    return undefined;
  }

  protected jsonSchemaBody(): JsonSchema {
    return { anyOf: this.branches.map((branch) => branch.jsonSchema()) };
  }
}

/** Options of `s.custom`: the escape hatch for values no other node fits. */
export interface CustomOptions<T> extends NodeOptions {
  /** Converts a value, or records problems via `ctx.addProblem` and returns `undefined`. */
  parse(value: unknown, ctx: ParseContext): T | undefined;
  /** The JSON Schema of accepted values (without description). */
  jsonSchema: JsonSchema;
  /** Noun phrase for messages about alternatives: `a distribution like "exp(250ms)"`. */
  expected: string;
  /** Which JavaScript kinds of value are worth trying (for `s.oneOf`). Default: any. */
  accepts?(value: unknown): boolean;
}

/** A node defined by its own parse function; see {@link CustomOptions}. */
export class CustomNode<T, I> extends SchemaNode<T, I> {
  private readonly options: CustomOptions<T>;

  constructor(options: CustomOptions<T>) {
    super(options);
    this.options = options;
  }

  expected(): string {
    return this.options.expected;
  }

  accepts(value: unknown): boolean {
    return this.options.accepts?.(value) ?? true;
  }

  protected parseValue(value: unknown, ctx: ParseContext): T | undefined {
    return this.options.parse(value, ctx);
  }

  protected jsonSchemaBody(): JsonSchema {
    return this.options.jsonSchema;
  }
}

/** Removes keys whose value is undefined, so JSON Schemas and bounds stay minimal. */
function dropUndefined<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

// ---------------------------------------------------------------------------------------------
// Factories

/** Unit kinds for the unit factories. */
const DURATION: UnitKind = { format: UNIT_FORMATS.duration, parse: parseDurationMs };
const RATE: UnitKind = { format: UNIT_FORMATS.rate, parse: parseRatePerS };
const MONEY: UnitKind = { format: UNIT_FORMATS.money, parse: parseMoneyPerHour };
const SIZE: UnitKind = { format: UNIT_FORMATS.size, parse: parseSizeBytes };
const BANDWIDTH: UnitKind = { format: UNIT_FORMATS.bandwidth, parse: parseBandwidthBytesPerMs };

/**
 * The node factories. Every factory takes `description` in its options.
 *
 * - `s.object(shape, opts)`, `s.optional(node)`, `s.withDefault(node, input)`: objects.
 * - `s.record(valueNode, { keys?, minEntries? })`: named entries, `services: { web: ... }`.
 * - `s.array(item, { minItems?, maxItems? })`.
 * - `s.string({ pattern?, patternHint?, minLength?, maxLength? })`, `s.enumOf([...])`,
 *   `s.literal(value)`, `s.number({ min?, max?, exclusiveMin?, exclusiveMax? })`,
 *   `s.integer(...)`, `s.boolean()`.
 * - Units, output in engine units: `s.duration()` ms, `s.rate()` per second, `s.percent()`
 *   fraction, `s.money()` $/h, `s.size()` bytes, `s.bandwidth()` bytes per ms. Bounds are
 *   written in the unit: `s.duration({ exclusiveMin: 0, max: "1h" })`.
 * - `s.discriminated("type", { exponential: s.object(...), ... })`, `s.oneOf([a, b])`,
 *   `s.custom({ parse, jsonSchema, expected })`.
 */
export const s = {
  /** An object with exactly the keys of `shape`; see {@link ObjectNode}. */
  object<S extends Shape>(shape: S, options: NodeOptions = {}): ObjectNode<S> {
    return new ObjectNode(shape, options);
  },
  /** Marks an object field as optional: may be left out (or null), and is then absent. */
  optional<N extends AnyNode>(node: N): OptionalField<N> {
    return new OptionalField(node);
  },
  /**
   * Marks an object field as defaulted: when left out (or null), `input` is parsed in its
   * place. `input` is written like file content (`"30s"`), so the JSON Schema default is too.
   * @throws AssertionError when `input` is not valid for `node`.
   */
  withDefault<N extends AnyNode>(node: N, input: InferInput<N>): DefaultField<N> {
    return new DefaultField(node, input);
  },
  /** A map of names to values; see {@link RecordNode}. */
  record<V extends AnyNode>(value: V, options: RecordOptions = {}): RecordNode<V> {
    return new RecordNode(value, options);
  },
  /** A list of `item`s. */
  array<I extends AnyNode>(item: I, options: ArrayOptions = {}): ArrayNode<I> {
    return new ArrayNode(item, options);
  },
  /** A string; see {@link StringOptions}. */
  string(options: StringOptions = {}): StringNode {
    return new StringNode(options);
  },
  /** One of `values`; the output type is their union. */
  enumOf<const V extends readonly [string, ...string[]]>(values: V, options: NodeOptions = {}): EnumNode<V[number]> {
    return new EnumNode<V[number]>(values, options);
  },
  /** Exactly `value`. */
  literal<const V extends string | number | boolean>(value: V, options: NodeOptions = {}): LiteralNode<V> {
    return new LiteralNode(value, options);
  },
  /** A finite number within bounds. */
  number(options: NumberOptions = {}): NumberNode {
    return new NumberNode(options, false);
  },
  /** An integer within bounds. */
  integer(options: NumberOptions = {}): NumberNode {
    return new NumberNode(options, true);
  },
  /** `true` or `false`. */
  boolean(options: NodeOptions = {}): BooleanNode {
    return new BooleanNode(options);
  },
  /** A duration like `"250ms"`, `"1h30m"`; output in milliseconds. */
  duration(options: UnitOptions = {}): UnitNode {
    return new UnitNode(DURATION, options);
  },
  /** A rate like `"1200/s"`, `"90k/min"`; output per second. */
  rate(options: UnitOptions = {}): UnitNode {
    return new UnitNode(RATE, options);
  },
  /** A percentage like `"99.95%"`; output a fraction. Bounds default to max `"100%"`. */
  percent(options: PercentNodeOptions = {}): UnitNode {
    const allowFraction = options.allowFraction ?? false;
    const parse = (value: unknown) => parsePercent(value, { allowFraction });
    const kind: UnitKind = { format: UNIT_FORMATS.percent, parse, allowFraction };
    return new UnitNode(kind, { max: "100%", ...options });
  },
  /** A cost like `"0.096/h"`, `"70/month"` (a month is 730 h); output dollars per hour. */
  money(options: UnitOptions = {}): UnitNode {
    return new UnitNode(MONEY, options);
  },
  /** A size like `"64KiB"`, `"1.5MB"`; output bytes. */
  size(options: UnitOptions = {}): UnitNode {
    return new UnitNode(SIZE, options);
  },
  /** A bandwidth like `"1Gbps"`, `"10MB/s"`; output bytes per millisecond. */
  bandwidth(options: UnitOptions = {}): UnitNode {
    return new UnitNode(BANDWIDTH, options);
  },
  /** Tagged alternatives; see {@link DiscriminatedNode}. */
  discriminated<K extends string, O extends Record<string, ObjectNode<any>>>(
    key: K,
    options: O,
    nodeOptions: NodeOptions = {},
  ): DiscriminatedNode<K, O> {
    return new DiscriminatedNode(key, options, nodeOptions);
  },
  /** Untagged alternatives; see {@link OneOfNode}. */
  oneOf<const B extends readonly [AnyNode, ...AnyNode[]]>(branches: B, options: NodeOptions = {}): OneOfNode<B> {
    return new OneOfNode(branches, options);
  },
  /** A node with its own parse function; `I` is the input type for defaults and `InferInput`. */
  custom<T, I = unknown>(options: CustomOptions<T>): CustomNode<T, I> {
    return new CustomNode<T, I>(options);
  },
} as const;

// ---------------------------------------------------------------------------------------------
// Entry points

/** The result of {@link validate}. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/**
 * Validates and converts a parsed YAML/JSON document, collecting every problem. Paths in the
 * problems are relative to `value`. Never throws for bad input.
 */
export function validate<N extends AnyNode>(schema: N, value: unknown): ValidationResult<Infer<N>> {
  const ctx = ParseContext.root();
  const output = schema.parse(value, ctx) as Infer<N> | undefined;
  if (output === undefined) return { ok: false, problems: ctx.problems() };
  return { ok: true, value: output };
}

/**
 * The JSON Schema (draft 2020-12) of `schema` as a standalone document, for editors:
 * `$schema`, `$id` and `title` first, then the node's own schema.
 */
export function jsonSchemaOf(schema: AnyNode, options: { title: string; $id: string }): JsonSchema {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: options.$id,
    title: options.title,
    ...schema.jsonSchema(),
  };
}
