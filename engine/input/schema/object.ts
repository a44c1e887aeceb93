/**
 * The object node: a mapping with known keys, each required, optional (`s.optional`) or
 * defaulted (`s.withDefault`), and the type machinery that turns a shape into its parsed and
 * input types.
 *
 * Unknown keys are errors with a did-you-mean, so a misspelt key is never silently ignored;
 * output keys come in declaration order, so equal scenarios give byte-identical results.
 */
import { assert } from "../../core/assert";
import { didYouMean } from "../problems";
import { ParseContext } from "./context";
import {
  dropUndefined,
  isObject,
  reportExpected,
  SchemaNode,
  type AnyNode,
  type Infer,
  type InferInput,
  type JsonSchema,
  type NodeOptions,
  type Simplify,
} from "./node";

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
