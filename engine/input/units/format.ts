/**
 * How unit values are written back for people: {@link UNIT_FORMATS} describes each unit kind
 * to schemas and editors (noun, expected phrase, JSON Schema pattern, examples), and the
 * formatting ladders show engine numbers in the unit that reads best (`"1.50 s"`, `"2.00k/s"`,
 * `"99.95%"`), in text the parsers read back.
 */
import { DURATION_EXPECTED, DURATION_PATTERN } from "./duration";
import { MONEY_EXPECTED, MONEY_PATTERN, PERCENT_EXPECTED, PERCENT_PATTERN } from "./percent-money";
import { RATE_EXPECTED, RATE_PATTERN } from "./rate";
import { BANDWIDTH_EXPECTED, BANDWIDTH_PATTERN, SIZE_EXPECTED, SIZE_PATTERN } from "./size";

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
  // Hours up to two days, so a 25 h makespan reads "24.9 h" beside "20.3 h", not "1.0 d".
  { unit: "h", size: 3_600_000, limit: 48, decimals: 1 },
  { unit: "d", size: 86_400_000, limit: Infinity, decimals: 1 },
];

/**
 * Formats milliseconds for a report in the unit that reads best: `"500 µs"`, `"250 ms"`,
 * `"1.50 s"`, `"2.0 min"`, `"1.5 h"`, `"3.0 d"`. µs, ms and s show three significant digits;
 * min, h and d one decimal; hours up to 48 h. The text parses back with {@link parseDurationMs}.
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
