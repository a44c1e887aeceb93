/**
 * The collection nodes: lists of one kind of item (`s.array`) and maps from names to one kind
 * of value (`s.record`, as in `services: { web: ..., db: ... }`).
 *
 * Every item and entry is parsed, so all their problems are reported at once, each at its own
 * index or name. A record keeps the file's order of names: that order is part of the scenario.
 */
import type { ParseContext } from "./context";
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
} from "./node";

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
