/**
 * The custom node, the toolkit's escape hatch: a value no other node fits (a distribution
 * shorthand like `"exp(250ms)"`) is parsed by a function of its own, which reports problems
 * through the same context and supplies its own JSON Schema and description.
 */
import type { ParseContext } from "./context";
import { SchemaNode, type JsonSchema, type NodeOptions } from "./node";

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
