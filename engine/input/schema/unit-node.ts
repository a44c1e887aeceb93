/**
 * The unit node: a value written in human units (`"250ms"`, `"1.5k/s"`, `"99.95%"`,
 * `"0.096/h"`), converted into the engine's unit (ms, per second, fraction, $/h) by a parser from
 * `engine/input/units/`.
 *
 * One node class serves every unit; a {@link UnitKind} says which parser and description to use.
 * Bounds are written in the unit itself (`{ min: "1ms", max: "1h" }`), parsed once when the node
 * is declared, and quoted back as written in messages.
 */
import { assert } from "../../core/assert";
import type { UnitFormat, UnitResult } from "../units";
import type { ParseContext } from "./context";
import {
  boundsPhrase,
  dropUndefined,
  report,
  reportMustBe,
  SchemaNode,
  withinBounds,
  type Bounds,
  type JsonSchema,
  type NodeOptions,
} from "./node";

/** Bounds of a unit node, written in the unit's own notation: `{ min: "1ms", max: "1h" }`. */
export interface UnitOptions extends NodeOptions, Bounds<string | number> {}

/** Options of `s.percent`: bounds like `"50%"` (default max `"100%"`), and fractions. */
export interface PercentNodeOptions extends UnitOptions {
  /** Also accept a plain number in [0, 1] as the fraction. Default false. */
  allowFraction?: boolean;
}

/** How a unit node parses and describes its values. */
export interface UnitKind {
  format: UnitFormat;
  parse(value: unknown): UnitResult;
  /** Whether a plain number in [0, 1] is accepted (percentages with `allowFraction`). */
  allowFraction?: boolean;
}

/**
 * A human-unit value (`"250ms"`, `"1.5k/s"`, `"99.95%"`, `"0.096/h"`) converted to the
 * engine's unit by a parser from `engine/input/units/`, optionally within bounds.
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
