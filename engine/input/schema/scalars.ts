/**
 * The scalar nodes: numbers and integers within bounds, strings (pattern, length), one of a
 * fixed list of strings, one literal value, and booleans.
 *
 * Each catches the near misses people make in YAML and says how to fix them: a quoted number
 * (`"3"`: remove the quotes), a misspelt enum value (did you mean ...?), and YAML 1.1 booleans
 * (`yes`, `on`) that YAML 1.2 reads as text.
 */
import { assert } from "../../core/assert";
import { listValues, suggestionSuffix } from "../problems";
import type { ParseContext } from "./context";
import {
  boundsPhrase,
  dropUndefined,
  report,
  reportExpected,
  reportMustBe,
  SchemaNode,
  withinBounds,
  type Bounds,
  type JsonSchema,
  type NodeOptions,
} from "./node";

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
