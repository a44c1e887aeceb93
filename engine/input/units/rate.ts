/**
 * Event rates: `1200/s`, `1.5k/s`, `90k/min`, `2M/h`, `10 rps`, converted to events per second.
 *
 * A rate is a number, an optional decimal multiplier (`k`, `M`, `G`) and a per-time unit,
 * either after a slash (`/s`, `/min`, `/h`) or as one word (`rps`, `qps`, `rpm`).
 */
import { suggestionSuffix } from "../problems";
import { alternation, expectedGot, finite, NUMBER, prepare, scaleDecimal, unitTable, type UnitResult } from "./grammar";

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

/** The phrase after "expected" for rates; also `UNIT_FORMATS` in `format.ts`. */
export const RATE_EXPECTED = `a rate like "1200/s" or "90k/min"`;
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
