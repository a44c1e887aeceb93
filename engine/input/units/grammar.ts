/**
 * The grammar every unit parser shares: how a number is written, how unit words are looked up,
 * how decimal text is scaled exactly, and the common front that handles `0`, bare numbers,
 * negative amounts and values that are not strings.
 *
 * Decimal text is converted exactly where the unit is a decimal multiple (`"1.5s"` is 1500 ms,
 * `"99.95%"` the double nearest 0.9995): {@link scaleDecimal} multiplies the digits as a BigInt
 * and lets `Number` round once.
 */
import { describeValue } from "../problems";

/** The result of every unit parser. `message` is a complete sentence fragment for a Problem. */
export type UnitResult = { ok: true; value: number } | { ok: false; message: string };

/** A decimal number as written: `250`, `1.5`, `.5`, `1e3`. No sign: signs are checked apart. */
export const NUMBER = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const NUMBER_ONLY = new RegExp(`^${NUMBER}$`);

/** Unit words accepted by a parser, mapped to what they mean. Helper type for the tables. */
export type UnitTable<T> = ReadonlyMap<string, T>;

/** Builds a lookup table from `[words, meaning]` rows (a Map, so "constructor" is not a unit). */
export function unitTable<T>(rows: ReadonlyArray<readonly [readonly string[], T]>): UnitTable<T> {
  const table = new Map<string, T>();
  for (const [words, meaning] of rows) for (const word of words) table.set(word, meaning);
  return table;
}

/** A regex alternation of a table's words, longest first, with regex characters escaped. */
export function alternation(words: Iterable<string>): string {
  const sorted = [...words].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return sorted.map((word) => word.replace(/[/$.*+?^()[\]{}|\\]/g, "\\$&")).join("|");
}

/**
 * Exactly scales decimal text: `digits × factor × 10^pow10`, correctly rounded to a double.
 * `factor` is a small integer; the product is formed with BigInt so `"1.1"` minutes becomes
 * exactly 66000 ms. Returns Infinity when the result overflows.
 */
export function scaleDecimal(numberText: string, factor: number, pow10: number): number {
  const match = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(numberText);
  if (match === null) return NaN;
  const fraction = match[2] ?? "";
  const digits = `${match[1]}${fraction}`.replace(/^0+(?=\d)/, "") || "0";
  const exponent = Number(match[3] ?? "0") - fraction.length + pow10;
  const product = BigInt(digits) * BigInt(factor);
  return Number(`${product}e${exponent}`);
}

/** `expected <what>, got <value>` plus an optional hint in parentheses. */
export function expectedGot(what: string, value: unknown, hint?: string): UnitResult {
  const suffix = hint === undefined ? "" : ` (${hint})`;
  return { ok: false, message: `expected ${what}, got ${describeValue(value)}${suffix}` };
}

/** A finite result, or the message for an amount too large to represent. */
export function finite(value: number, text: string): UnitResult {
  if (Number.isFinite(value)) return { ok: true, value };
  return { ok: false, message: `${JSON.stringify(text)} is too large` };
}

/**
 * Common front of every parser: accepts 0, rejects other numbers and non-strings, and trims.
 * Returns the trimmed text to parse further, or a finished result.
 */
export function prepare(
  value: unknown,
  expected: string,
  bareHint: (numberText: string) => string,
): { text: string } | { result: UnitResult } {
  if (typeof value === "number") {
    if (value === 0) return { result: { ok: true, value: 0 } };
    if (!Number.isFinite(value)) return { result: expectedGot(expected, value) };
    if (value < 0) return { result: { ok: false, message: `must not be negative, got ${value}` } };
    return { result: expectedGot(expected, value, bareHint(String(value))) };
  }
  if (typeof value !== "string") return { result: expectedGot(expected, value) };
  const text = value.trim();
  if (text === "0") return { result: { ok: true, value: 0 } };
  if (text.startsWith("-")) {
    return { result: { ok: false, message: `must not be negative, got ${describeValue(value)}` } };
  }
  if (NUMBER_ONLY.test(text)) return { result: expectedGot(expected, value, bareHint(text)) };
  return { text };
}
