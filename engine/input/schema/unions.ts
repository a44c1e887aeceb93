/**
 * Nodes for a value that may take one of several forms: objects told apart by a tag key
 * (`s.discriminated("type", ...)`) and untagged alternatives of different kinds (`s.oneOf`).
 *
 * A tagged union parses only the branch its tag names, so its problems are that branch's; an
 * untagged one tries the alternatives that accept the value's kind and, when none parses it,
 * reports the problems of the closest match.
 */
import { assert } from "../../core/assert";
import { describeValue, listValues, suggestionSuffix } from "../problems";
import type { ParseContext } from "./context";
import {
  isObject,
  report,
  reportExpected,
  SchemaNode,
  type AnyNode,
  type Infer,
  type InferInput,
  type JsonSchema,
  type NodeOptions,
  type Simplify,
} from "./node";
import type { ObjectNode } from "./object";
import { LiteralNode } from "./scalars";

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
      branches.set(tag, option.withLeadingField(key, new LiteralNode(tag, { description: `The kind: ${tag}.` })));
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
      properties: { [this.key]: { enum: this.tags, description: `The kind: ${listValues(this.tags)}.` } },
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
