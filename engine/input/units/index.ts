/**
 * Human units in scenario files, converted once into the engine's units.
 *
 * People write `250ms`, `1.5k/s`, `99.95%`, `$0.096/h`; the engine wants milliseconds, events
 * per second, fractions and dollars per hour. Every parser here takes the raw YAML/JSON value
 * and returns `{ ok: true, value }` or `{ ok: false, message }` whose message says what was
 * expected, with an example, and what was found. Parsers never throw.
 *
 * Rules shared by all parsers:
 * - A bare number is rejected ("add a unit, e.g. ..."), except `0` (number or the string "0"),
 *   which means zero in any unit.
 * - Negative amounts are rejected: nothing in a scenario is a negative duration, rate or price.
 * - Decimal text is converted exactly where the unit is a decimal multiple: `"1.5s"` is
 *   1500 ms and `"99.95%"` is the double nearest 0.9995, not `99.95 / 100`. Only divisions by
 *   non-decimal factors (per minute, per month) round.
 *
 * The `*_PATTERN` strings are the same grammar as ECMAScript regular expressions for JSON
 * Schema; each accepts every string its parser accepts (and a few it rejects with a better
 * message, such as compound durations out of order).
 */

import { describeValue, suggestionSuffix } from "../problems";

/** The result of every unit parser. `message` is a complete sentence fragment for a Problem. */
export type UnitResult = { ok: true; value: number } | { ok: false; message: string };

/** A decimal number as written: `250`, `1.5`, `.5`, `1e3`. No sign: signs are checked apart. */
const NUMBER = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const NUMBER_ONLY = new RegExp(`^${NUMBER}$`);

/** Unit words accepted by a parser, mapped to what they mean. Helper type for the tables. */
type UnitTable<T> = ReadonlyMap<string, T>;

/** Builds a lookup table from `[words, meaning]` rows (a Map, so "constructor" is not a unit). */
function unitTable<T>(rows: ReadonlyArray<readonly [readonly string[], T]>): UnitTable<T> {
  const table = new Map<string, T>();
  for (const [words, meaning] of rows) for (const word of words) table.set(word, meaning);
  return table;
}

/** A regex alternation of a table's words, longest first, with regex characters escaped. */
function alternation(words: Iterable<string>): string {
  const sorted = [...words].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return sorted.map((word) => word.replace(/[/$.*+?^()[\]{}|\\]/g, "\\$&")).join("|");
}

/**
 * Exactly scales decimal text: `digits × factor × 10^pow10`, correctly rounded to a double.
 * `factor` is a small integer; the product is formed with BigInt so `"1.1"` minutes becomes
 * exactly 66000 ms. Returns Infinity when the result overflows.
 */
function scaleDecimal(numberText: string, factor: number, pow10: number): number {
  const match = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(numberText);
  if (match === null) return NaN;
  const fraction = match[2] ?? "";
  const digits = `${match[1]}${fraction}`.replace(/^0+(?=\d)/, "") || "0";
  const exponent = Number(match[3] ?? "0") - fraction.length + pow10;
  const product = BigInt(digits) * BigInt(factor);
  return Number(`${product}e${exponent}`);
}

/** `expected <what>, got <value>` plus an optional hint in parentheses. */
function expectedGot(what: string, value: unknown, hint?: string): UnitResult {
  const suffix = hint === undefined ? "" : ` (${hint})`;
  return { ok: false, message: `expected ${what}, got ${describeValue(value)}${suffix}` };
}

/** A finite result, or the message for an amount too large to represent. */
function finite(value: number, text: string): UnitResult {
  if (Number.isFinite(value)) return { ok: true, value };
  return { ok: false, message: `${JSON.stringify(text)} is too large` };
}

/**
 * Common front of every parser: accepts 0, rejects other numbers and non-strings, and trims.
 * Returns the trimmed text to parse further, or a finished result.
 */
function prepare(
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

// ---------------------------------------------------------------------------------------------
// Durations

/** A duration unit: `factor × 10^pow10` milliseconds; `rank` orders compound parts. */
interface DurationUnit {
  factor: number;
  pow10: number;
  rank: number;
}

const DURATION_UNITS = unitTable<DurationUnit>([
  [["us", "µs", "μs", "usec", "microsecond", "microseconds"], { factor: 1, pow10: -3, rank: 0 }],
  [["ms", "msec", "millisecond", "milliseconds"], { factor: 1, pow10: 0, rank: 1 }],
  [["s", "sec", "secs", "second", "seconds"], { factor: 1, pow10: 3, rank: 2 }],
  [["m", "min", "mins", "minute", "minutes"], { factor: 6, pow10: 4, rank: 3 }],
  [["h", "hr", "hrs", "hour", "hours"], { factor: 36, pow10: 5, rank: 4 }],
  [["d", "day", "days"], { factor: 864, pow10: 5, rank: 5 }],
]);

const DURATION_EXPECTED = `a duration like "250ms" or "30s"`;
const DURATION_UNIT_LIST = "us, ms, s, m, h or d";

/**
 * JSON Schema pattern for duration strings: one or more `<number><unit>` parts (`250ms`,
 * `1h30m`, `1.5 s`), or `0`.
 */
export const DURATION_PATTERN = String.raw`^\s*(?:(?:${NUMBER})\s*(?:${alternation(
  DURATION_UNITS.keys(),
)})\s*)+$|^\s*0\s*$`;

const DURATION_PART = new RegExp(String.raw`\s*(${NUMBER})\s*([A-Za-z\u00b5\u03bc]*)\s*`, "y");

/**
 * Parses a duration into milliseconds.
 *
 * Units: `us` (also `µs`), `ms`, `s`, `m` (also `min`), `h`, `d`, and their spelled-out forms
 * (`sec`, `seconds`, `hours`, ...). Parts may be combined largest first: `1h30m`, `2m 30s`.
 * Fractions are fine (`1.5s`, `0.5ms`). A bare number is rejected except 0.
 */
export function parseDurationMs(value: unknown): UnitResult {
  const prepared = prepare(value, DURATION_EXPECTED, (n) => `add a unit, e.g. "${n}ms" or "${n}s"`);
  if ("result" in prepared) return prepared.result;
  const { text } = prepared;
  let totalMs = 0;
  let previousRank = Infinity;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < text.length) {
    const match = DURATION_PART.exec(text);
    if (match === null) return expectedGot(DURATION_EXPECTED, value);
    const [, numberText, unitText] = match;
    if (unitText === "") {
      return { ok: false, message: `missing unit after ${numberText} in ${JSON.stringify(text)}` };
    }
    const unit = DURATION_UNITS.get(unitText);
    if (unit === undefined) {
      const suggestion = suggestionSuffix(unitText, DURATION_UNITS.keys());
      const use = suggestion === "" ? `; use ${DURATION_UNIT_LIST}` : suggestion;
      const where = JSON.stringify(text);
      return { ok: false, message: `unknown duration unit "${unitText}" in ${where}${use}` };
    }
    if (unit.rank >= previousRank) {
      const where = JSON.stringify(text);
      return { ok: false, message: `parts of ${where} must go from largest to smallest unit, e.g. "1h30m"` };
    }
    previousRank = unit.rank;
    totalMs += scaleDecimal(numberText, unit.factor, unit.pow10);
  }
  return finite(totalMs, text);
}

// ---------------------------------------------------------------------------------------------
// Rates

/** Decimal multipliers written before a unit: `1.5k/s`, `2M/h`. */
const MULTIPLIERS = unitTable<number>([
  [[""], 0],
  [["k", "K"], 3],
  [["M"], 6],
  [["G"], 9],
]);

/** A per-time unit: multiply by `10^pow10` and divide by `divisor` to get per second. */
interface PerUnit {
  pow10: number;
  divisor: number;
}

const RATE_PER_UNITS = unitTable<PerUnit>([
  [["ms"], { pow10: 3, divisor: 1 }],
  [["s", "sec", "second"], { pow10: 0, divisor: 1 }],
  [["m", "min", "minute"], { pow10: 0, divisor: 60 }],
  [["h", "hr", "hour"], { pow10: 0, divisor: 3600 }],
  [["d", "day"], { pow10: 0, divisor: 86400 }],
]);

/** Unit words written without a slash: requests or queries per second or minute. */
const RATE_WORDS = unitTable<PerUnit>([
  [["rps", "qps"], { pow10: 0, divisor: 1 }],
  [["rpm"], { pow10: 0, divisor: 60 }],
]);

const RATE_EXPECTED = `a rate like "1200/s" or "90k/min"`;
const RATE_UNIT_LIST = "/ms, /s, /min, /h or rps";

/** JSON Schema pattern for rate strings: `1200/s`, `1.5k/s`, `90k/min`, `10 rps`, or `0`. */
export const RATE_PATTERN = String.raw`^\s*(?:${NUMBER})\s*(?:[kKMG]\s*)?(?:\/\s*(?:${alternation(
  RATE_PER_UNITS.keys(),
)})|${alternation(RATE_WORDS.keys())})\s*$|^\s*0\s*$`;

/**
 * Parses an event rate into events per second.
 *
 * Forms: `<number>[k|M|G]/<unit>` with unit `ms`, `s`, `min` (or `m`), `h` or `d`, e.g.
 * `1200/s`, `1.5k/s`, `90k/min`, `2M/h`; or `<number>[k|M] rps|qps|rpm` (`10 rps`). `k` is
 * thousand, `M` million, `G` billion. A bare number is rejected except 0.
 */
export function parseRatePerS(value: unknown): UnitResult {
  const prepared = prepare(value, RATE_EXPECTED, (n) => `add a unit, e.g. "${n}/s"`);
  if ("result" in prepared) return prepared.result;
  const { text } = prepared;
  const match = new RegExp(`^(${NUMBER})\\s*(.*)$`, "s").exec(text);
  if (match === null) return expectedGot(RATE_EXPECTED, value);
  const [, numberText, rest] = match;
  const split = splitRateUnit(rest);
  if (split === undefined) return expectedGot(RATE_EXPECTED, value);
  const pow10 = MULTIPLIERS.get(split.multiplier);
  // "1200 per second" splits into a "multiplier" of several letters: not a near miss.
  if (split.multiplier.length > 1) return expectedGot(RATE_EXPECTED, value);
  if (pow10 === undefined) {
    const where = JSON.stringify(text);
    const message = `unknown multiplier "${split.multiplier}" in ${where}; use k (thousand) or M (million)`;
    return { ok: false, message };
  }
  const per = (split.slash ? RATE_PER_UNITS : RATE_WORDS).get(split.unit);
  if (per === undefined) {
    const written = split.slash ? `/${split.unit}` : split.unit;
    const candidates = [...[...RATE_PER_UNITS.keys()].map((unit) => `/${unit}`), ...RATE_WORDS.keys()];
    const suggestion = suggestionSuffix(written, candidates);
    const use = suggestion === "" ? `; use ${RATE_UNIT_LIST}` : suggestion;
    return { ok: false, message: `unknown rate unit "${written}" in ${JSON.stringify(text)}${use}` };
  }
  return finite(scaleDecimal(numberText, 1, pow10 + per.pow10) / per.divisor, text);
}

/**
 * Splits the text after a rate's number into multiplier and unit: `k/s` -> k, s (slash form);
 * `krps`, `k rps`, `rps` -> k, rps (word form). Helper of {@link parseRatePerS}.
 */
function splitRateUnit(
  rest: string,
): { multiplier: string; unit: string; slash: boolean } | undefined {
  const slash = /^([A-Za-z]*)\s*\/\s*([A-Za-z]+)$/.exec(rest);
  if (slash !== null) return { multiplier: slash[1], unit: slash[2], slash: true };
  const word = /^([A-Za-z]*?)\s*([A-Za-z]+)$/.exec(rest);
  if (word === null) return undefined;
  if (word[1] === "" && !RATE_WORDS.has(word[2]) && RATE_WORDS.has(word[2].slice(1))) {
    return { multiplier: word[2][0], unit: word[2].slice(1), slash: false };
  }
  return { multiplier: word[1], unit: word[2], slash: false };
}

// ---------------------------------------------------------------------------------------------
// Percentages

const PERCENT_EXPECTED = `a percentage like "99.95%"`;

/** JSON Schema pattern for percentage strings: `99.95%`, `50 %`, or `0`. */
export const PERCENT_PATTERN = String.raw`^\s*(?:${NUMBER})\s*%\s*$|^\s*0\s*$`;

/** Options of {@link parsePercent}. */
export interface PercentOptions {
  /** Also accept a plain number in [0, 1] as the fraction itself (`0.9995`). Default false. */
  allowFraction?: boolean;
}

/**
 * Parses a percentage into a fraction: `"99.95%"` -> 0.9995, `"150%"` -> 1.5. With
 * `allowFraction`, a plain number in [0, 1] is taken as the fraction. Range limits beyond
 * "not negative" are the caller's (the schema's `s.percent()` defaults to 0%..100%).
 */
export function parsePercent(value: unknown, options: PercentOptions = {}): UnitResult {
  const allowFraction = options.allowFraction ?? false;
  const expected = allowFraction
    ? `${PERCENT_EXPECTED} or a fraction from 0 to 1`
    : PERCENT_EXPECTED;
  if (allowFraction && typeof value === "number" && value >= 0 && value <= 1) {
    return { ok: true, value };
  }
  const prepared = prepare(value, expected, (n) => percentHint(n, allowFraction));
  if ("result" in prepared) return prepared.result;
  const match = new RegExp(`^(${NUMBER})\\s*%$`).exec(prepared.text);
  if (match === null) return expectedGot(expected, value);
  return finite(scaleDecimal(match[1], 1, -2), prepared.text);
}

/**
 * The fix for a bare number given as a percentage. 0.5 could mean 50% or 0.5%, so numbers up
 * to 1 get both readings. Helper of {@link parsePercent}.
 */
function percentHint(numberText: string, allowFraction: boolean): string {
  const value = Number(numberText);
  if (value > 1) return allowFraction ? `did you mean "${numberText}%"?` : `add a % sign: "${numberText}%"`;
  return `write "${scaleDecimal(numberText, 1, 2)}%" or "${numberText}%"`;
}

// ---------------------------------------------------------------------------------------------
// Money

/** Hours in the periods a price may be quoted per. A month is 730 h (8760 h / 12). */
const MONEY_PERIODS = unitTable<number>([
  [["h", "hr", "hour"], 1],
  [["d", "day"], 24],
  [["w", "wk", "week"], 168],
  [["mo", "month"], 730],
  [["y", "yr", "year"], 8760],
]);

const MONEY_EXPECTED = `a cost like "0.096/h" or "70/month"`;

/** JSON Schema pattern for cost strings: `0.096/h`, `$70/month`, or `0`. */
export const MONEY_PATTERN = String.raw`^\s*\$?\s*(?:${NUMBER})\s*\/\s*(?:${alternation(
  MONEY_PERIODS.keys(),
)})\s*$|^\s*0\s*$`;

/**
 * Parses a price into dollars per hour: `0.096/h`, `$0.096/h`, `2.3/day`, `70/month`,
 * `840/year`. A month is 730 hours (a year of 8760 h over 12), so `70/month` is 0.0959 $/h.
 * The currency sign is optional and only `$` is recognised; amounts are taken as dollars.
 * A bare number is rejected except 0; `/m` is rejected as ambiguous (month or minute?).
 */
export function parseMoneyPerHour(value: unknown): UnitResult {
  const prepared = prepare(value, MONEY_EXPECTED, (n) => `add a period, e.g. "${n}/h" or "${n}/month"`);
  if ("result" in prepared) return prepared.result;
  const { text } = prepared;
  const match = new RegExp(`^\\$?\\s*(-?)(${NUMBER})\\s*(?:\\/\\s*([A-Za-z]+))?$`).exec(text);
  if (match === null) return expectedGot(MONEY_EXPECTED, value);
  const [, minus, numberText, periodText] = match;
  if (minus !== "") return { ok: false, message: `must not be negative, got ${describeValue(value)}` };
  if (periodText === undefined) {
    return expectedGot(MONEY_EXPECTED, value, `add a period, e.g. "${text}/h" or "${text}/month"`);
  }
  if (periodText === "m") {
    return { ok: false, message: `"/m" in ${JSON.stringify(text)} is ambiguous; write "/month" or "/h"` };
  }
  const hours = MONEY_PERIODS.get(periodText);
  if (hours === undefined) {
    const suggestion = suggestionSuffix(`/${periodText}`, [...MONEY_PERIODS.keys()].map((period) => `/${period}`));
    const use = suggestion === "" ? "; use /h, /day, /month or /year" : suggestion;
    return { ok: false, message: `unknown period "/${periodText}" in ${JSON.stringify(text)}${use}` };
  }
  return finite(scaleDecimal(numberText, 1, 0) / hours, text);
}

// ---------------------------------------------------------------------------------------------
// Sizes and bandwidth

/**
 * Size prefixes as `factor × 10^pow10`: SI powers of 1000 (`kB`, `MB`) and binary powers of
 * 1024 (`KiB`, `MiB`), so both convert exactly.
 */
const SIZE_PREFIXES = unitTable<{ factor: number; pow10: number }>([
  [[""], { factor: 1, pow10: 0 }],
  [["k", "K"], { factor: 1, pow10: 3 }],
  [["M"], { factor: 1, pow10: 6 }],
  [["G"], { factor: 1, pow10: 9 }],
  [["T"], { factor: 1, pow10: 12 }],
  [["Ki"], { factor: 1024, pow10: 0 }],
  [["Mi"], { factor: 1024 ** 2, pow10: 0 }],
  [["Gi"], { factor: 1024 ** 3, pow10: 0 }],
  [["Ti"], { factor: 1024 ** 4, pow10: 0 }],
]);

/** Base units of sizes, in bytes. */
const SIZE_BASES = unitTable<number>([[["B", "byte", "bytes"], 1]]);

/** Base units of bandwidth, in bytes per second (bits are 1/8 byte; dividing by 8 is exact). */
const BANDWIDTH_BASES = unitTable<number>([
  [["bps", "b/s", "bit/s", "bits/s"], 1 / 8],
  [["Bps", "B/s", "byte/s", "bytes/s"], 1],
]);

const SIZE_EXPECTED = `a size like "64KiB" or "1.5MB"`;
const BANDWIDTH_EXPECTED = `a bandwidth like "1Gbps", "100Mbit/s" or "10MB/s"`;

/** A pattern for `<number><prefix><base>` with the given base units. */
function prefixedPattern(bases: UnitTable<number>): string {
  const prefixes = alternation([...SIZE_PREFIXES.keys()].filter((prefix) => prefix !== ""));
  return String.raw`^\s*(?:${NUMBER})\s*(?:${prefixes})?(?:${alternation(bases.keys())})\s*$|^\s*0\s*$`;
}

/** JSON Schema pattern for sizes: `1KB`, `1.5MB`, `64KiB`, `512 B`, or `0`. */
export const SIZE_PATTERN = prefixedPattern(SIZE_BASES);

/** JSON Schema pattern for bandwidth: `1Gbps`, `100Mbit/s`, `10MB/s`, `10MiB/s`, or `0`. */
export const BANDWIDTH_PATTERN = prefixedPattern(BANDWIDTH_BASES);

/**
 * Splits `<number><prefix><base>` and multiplies it out, times `10^pow10`, or explains what is
 * wrong. The prefix is tried longest first so `MiB` is mebibytes, not a unit "iB". Helper of
 * the size parsers.
 */
function parsePrefixed(
  value: unknown,
  bases: UnitTable<number>,
  names: { expected: string; kind: string; bareHint: (numberText: string) => string; unitList: string },
  pow10 = 0,
): UnitResult {
  const prepared = prepare(value, names.expected, names.bareHint);
  if ("result" in prepared) return prepared.result;
  const { text } = prepared;
  const match = new RegExp(`^(${NUMBER})\\s*(\\S+)$`).exec(text);
  if (match === null) return expectedGot(names.expected, value);
  const [, numberText, unitText] = match;
  const prefixes = [...SIZE_PREFIXES.keys()].sort((a, b) => b.length - a.length);
  for (const prefix of prefixes) {
    if (!unitText.startsWith(prefix)) continue;
    const base = bases.get(unitText.slice(prefix.length));
    if (base === undefined) continue;
    const { factor, pow10: prefixPow10 } = SIZE_PREFIXES.get(prefix) ?? { factor: 1, pow10: 0 };
    return finite(scaleDecimal(numberText, factor, prefixPow10 + pow10) * base, text);
  }
  const where = JSON.stringify(text);
  if (bases === SIZE_BASES && /^[kKMGT]?i?(b|bit|bits)$/.test(unitText)) {
    return { ok: false, message: `"${unitText}" in ${where} is bits; write sizes in bytes with B, e.g. "64KB"` };
  }
  return { ok: false, message: `unknown ${names.kind} unit "${unitText}" in ${where}; use ${names.unitList}` };
}

/**
 * Parses a size into bytes: `512B`, `1KB` (1000 B), `1.5MB`, `64KiB` (65536 B), `2GiB`.
 * `K`/`k`, `M`, `G`, `T` are powers of 1000; `Ki`, `Mi`, `Gi`, `Ti` powers of 1024. Lowercase
 * `b` (bits) is rejected. The result may be fractional (`0.5B`); callers round if they need.
 */
export function parseSizeBytes(value: unknown): UnitResult {
  return parsePrefixed(value, SIZE_BASES, {
    expected: SIZE_EXPECTED,
    kind: "size",
    bareHint: (n) => `add a unit, e.g. "${n}B" for bytes`,
    unitList: "B, kB, MB, GB, KiB, MiB or GiB",
  });
}

/**
 * Parses a bandwidth into bytes per millisecond, the engine's unit (a transfer of `sizeBytes`
 * takes `sizeBytes / bandwidthBytesPerMs` ms). Bits: `1Gbps`, `100Mbit/s`, `10 Mb/s`; bytes:
 * `10MB/s`, `10MBps`, `10MiB/s`. `1Gbps` = 1e9 bit/s = 1.25e8 B/s = 125000 bytes per ms.
 */
export function parseBandwidthBytesPerMs(value: unknown): UnitResult {
  const names = {
    expected: BANDWIDTH_EXPECTED,
    kind: "bandwidth",
    bareHint: (n: string) => `add a unit, e.g. "${n}Mbps" or "${n}MB/s"`,
    unitList: "bps, Mbps, Gbps, MB/s or MiB/s",
  };
  // pow10 -3: bytes per second to bytes per millisecond.
  return parsePrefixed(value, BANDWIDTH_BASES, names, -3);
}

// ---------------------------------------------------------------------------------------------
// Descriptions for schemas and editors

/** How one kind of unit value is described to users and editors. */
export interface UnitFormat {
  /** The noun phrase for bound messages: `a duration` in "must be a duration ≥ 1ms". */
  noun: string;
  /** The phrase after "expected": `a duration like "250ms" or "30s"`. */
  expected: string;
  /** ECMAScript regex source for JSON Schema `pattern` (strings only; 0 may also be a number). */
  pattern: string;
  /** Typical values, for JSON Schema `examples`. */
  examples: readonly string[];
}

/** Descriptions of every unit kind parsed here, keyed by kind. */
export const UNIT_FORMATS = {
  duration: {
    noun: "a duration",
    expected: DURATION_EXPECTED,
    pattern: DURATION_PATTERN,
    examples: ["250ms", "30s", "1h30m"],
  },
  rate: { noun: "a rate", expected: RATE_EXPECTED, pattern: RATE_PATTERN, examples: ["1200/s", "1.5k/s", "90k/min"] },
  percent: { noun: "a percentage", expected: PERCENT_EXPECTED, pattern: PERCENT_PATTERN, examples: ["99.95%", "50%"] },
  money: { noun: "a cost", expected: MONEY_EXPECTED, pattern: MONEY_PATTERN, examples: ["0.096/h", "$70/month"] },
  size: { noun: "a size", expected: SIZE_EXPECTED, pattern: SIZE_PATTERN, examples: ["64KiB", "1.5MB"] },
  bandwidth: {
    noun: "a bandwidth",
    expected: BANDWIDTH_EXPECTED,
    pattern: BANDWIDTH_PATTERN,
    examples: ["1Gbps", "100Mbit/s", "10MB/s"],
  },
} as const satisfies Record<string, UnitFormat>;

// ---------------------------------------------------------------------------------------------
// Formatting for reports

/** One unit of a formatting ladder: values below `limit` (in this unit) are shown in it. */
interface Rung {
  unit: string;
  size: number;
  limit: number;
  decimals?: number;
}

/** Three significant digits, or whole numbers from 1000 up (toPrecision would use e+3). */
function threeSignificant(value: number): string {
  return value >= 1000 ? value.toFixed(0) : value.toPrecision(3);
}

/**
 * Formats `value` in the smallest rung where it stays below the rung's limit after rounding,
 * so 999.96 ms becomes "1.00 s" rather than "1000 ms". Helper of the format functions.
 */
function formatOnLadder(value: number, ladder: readonly Rung[], separator: string): string {
  const sign = value < 0 ? "-" : "";
  const magnitude = Math.abs(value);
  for (let i = 0; i < ladder.length; i++) {
    const rung = ladder[i];
    const scaled = magnitude / rung.size;
    const text = rung.decimals === undefined ? threeSignificant(scaled) : scaled.toFixed(rung.decimals);
    if (Number(text) < rung.limit || i === ladder.length - 1) return `${sign}${text}${separator}${rung.unit}`;
  }
  return "";
}

const DURATION_LADDER: readonly Rung[] = [
  { unit: "µs", size: 1e-3, limit: 1000 },
  { unit: "ms", size: 1, limit: 1000 },
  { unit: "s", size: 1000, limit: 60 },
  { unit: "min", size: 60_000, limit: 60, decimals: 1 },
  { unit: "h", size: 3_600_000, limit: 24, decimals: 1 },
  { unit: "d", size: 86_400_000, limit: Infinity, decimals: 1 },
];

/**
 * Formats milliseconds for a report in the unit that reads best: `"500 µs"`, `"250 ms"`,
 * `"1.50 s"`, `"2.0 min"`, `"1.5 h"`, `"3.0 d"`. µs, ms and s show three significant digits;
 * min, h and d one decimal. The text parses back with {@link parseDurationMs}.
 */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return "0 ms";
  if (Number.isNaN(ms)) return "NaN ms";
  if (!Number.isFinite(ms)) return ms > 0 ? "∞ ms" : "-∞ ms";
  return formatOnLadder(ms, DURATION_LADDER, " ");
}

const RATE_LADDER: readonly Rung[] = [
  { unit: "/s", size: 1, limit: 1000 },
  { unit: "k/s", size: 1e3, limit: 1000 },
  { unit: "M/s", size: 1e6, limit: Infinity },
];

/**
 * Formats events per second with three significant digits and a k or M multiplier:
 * `"0.500/s"`, `"250/s"`, `"1.50k/s"`, `"2.00M/s"`. The text parses back with
 * {@link parseRatePerS}.
 */
export function formatRatePerS(perS: number): string {
  if (perS === 0) return "0/s";
  if (!Number.isFinite(perS)) return `${perS}/s`;
  return formatOnLadder(perS, RATE_LADDER, "");
}

/**
 * Formats a fraction as a percentage with `digits` decimals (default 1): 0.5 -> `"50.0%"`.
 * Decimals are added while rounding would hide how far the value is from 0% or 100%, so an
 * availability of 0.9995 reads `"99.95%"` and 0.99999 `"99.999%"`, never `"100.0%"`
 * (up to 6 decimals).
 */
export function formatPercent(fraction: number, options: { digits?: number } = {}): string {
  if (!Number.isFinite(fraction)) return `${fraction}%`;
  // toPrecision(15) drops the binary noise of the product (0.9995 * 100 = 99.94999999999999).
  const percent = Number((fraction * 100).toPrecision(15));
  let digits = options.digits ?? 1;
  let text = percent.toFixed(digits);
  while (digits < 6 && ((fraction !== 1 && Number(text) === 100) || (fraction !== 0 && Number(text) === 0))) {
    digits += 1;
    text = percent.toFixed(digits);
  }
  return `${text}%`;
}
