/**
 * Percentages and prices: `99.95%` becomes the fraction 0.9995; `0.096/h`, `$70/month` become
 * dollars per hour.
 *
 * Both are a decimal number with a marker (a `%` sign, a per-period unit) and both are easy to
 * write ambiguously, so the messages offer readings: a bare 0.5 could mean 50% or 0.5%, and a
 * price `/m` could be per month or per minute.
 */
import { describeValue, suggestionSuffix } from "../problems";
import { alternation, expectedGot, finite, NUMBER, prepare, scaleDecimal, unitTable, type UnitResult } from "./grammar";

/** The phrase after "expected" for percentages; also `UNIT_FORMATS` in `format.ts`. */
export const PERCENT_EXPECTED = `a percentage like "99.95%"`;

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

/** Hours in the periods a price may be quoted per. A month is 730 h (8760 h / 12). */
const MONEY_PERIODS = unitTable<number>([
  [["h", "hr", "hour"], 1],
  [["d", "day"], 24],
  [["w", "wk", "week"], 168],
  [["mo", "month"], 730],
  [["y", "yr", "year"], 8760],
]);

/** The phrase after "expected" for costs; also `UNIT_FORMATS` in `format.ts`. */
export const MONEY_EXPECTED = `a cost like "0.096/h" or "70/month"`;

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
