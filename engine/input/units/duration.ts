/**
 * Durations: `250ms`, `1.5s`, `1h30m`, `2m 30s`, converted to milliseconds, the engine's time.
 *
 * Parts may be combined, largest unit first; each part is scaled exactly, so `"1.1m"` is
 * exactly 66000 ms.
 */
import { suggestionSuffix } from "../problems";
import { alternation, expectedGot, finite, NUMBER, prepare, scaleDecimal, unitTable, type UnitResult } from "./grammar";

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

/** The phrase after "expected" for durations; also `UNIT_FORMATS` in `format.ts`. */
export const DURATION_EXPECTED = `a duration like "250ms" or "30s"`;
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
