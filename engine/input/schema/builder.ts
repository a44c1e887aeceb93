/**
 * The `s` builder, the one way schemas are declared, and the two entry points that use them:
 * {@link validate} (document in, typed value or every problem out) and {@link jsonSchemaOf}
 * (a node in, a standalone JSON Schema document out, for editors).
 */
import type { Problem } from "../problems";
import {
  UNIT_FORMATS,
  parseBandwidthBytesPerMs,
  parseDurationMs,
  parseMoneyPerHour,
  parsePercent,
  parseRatePerS,
  parseSizeBytes,
} from "../units";
import { ArrayNode, RecordNode, type ArrayOptions, type RecordOptions } from "./collections";
import { ParseContext } from "./context";
import { CustomNode, type CustomOptions } from "./custom";
import type { AnyNode, Infer, InferInput, JsonSchema, NodeOptions } from "./node";
import { DefaultField, ObjectNode, OptionalField, type Shape } from "./object";
import {
  BooleanNode,
  EnumNode,
  LiteralNode,
  NumberNode,
  StringNode,
  type NumberOptions,
  type StringOptions,
} from "./scalars";
import { DiscriminatedNode, OneOfNode } from "./unions";
import { UnitNode, type PercentNodeOptions, type UnitKind, type UnitOptions } from "./unit-node";

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
