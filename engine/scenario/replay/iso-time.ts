/**
 * Time and number cells of recorded files: ISO-8601 times read without `Date` (which the engine
 * avoids: it depends on the machine's time zone and is not pure), plain decimal numbers, and a
 * time cell that may be either.
 *
 * Dates are counted in the proleptic Gregorian calendar with H. Hinnant's days-from-civil
 * algorithm, so the result is exact to the ms on every machine.
 */

/** `YYYY-MM-DDTHH:MM:SS(.fraction)?(Z|±HH:MM)`; a space may replace the T, ±HHMM the ±HH:MM. */
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})?$/;
/** A plain decimal number: `12`, `-1.5`, `.5`, `1e3`. No hex, no `Infinity`. */
const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads an ISO-8601 time `YYYY-MM-DDTHH:MM:SS(.sss)?(Z|±HH:MM)` as ms since 1970-01-01 UTC.
 * Pure, and exact to the ms; digits beyond ms are kept as fractional ms, to the spacing of
 * doubles (about 0.0002 ms for present-day times). A time zone is required: a local time
 * means different instants on different machines.
 */
export function parseIsoTimestampMs(text: string): { ok: true; valueMs: number } | { ok: false; message: string } {
  const match = ISO_PATTERN.exec(text);
  const example = "like 2025-11-28T14:05:00.250Z or 2025-11-28T09:05:00-05:00";
  const quoted = JSON.stringify(text);
  if (match === null) return { ok: false, message: `expected an ISO-8601 time ${example}, got ${quoted}` };
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const zone = match[8];
  if (zone === undefined) {
    return { ok: false, message: `${quoted} has no time zone; add Z for UTC or an offset like +01:00` };
  }
  if (month < 1 || month > 12) return { ok: false, message: `month must be 01-12, got ${match[2]} in ${quoted}` };
  if (day < 1 || day > daysInMonth(year, month)) {
    const days = daysInMonth(year, month);
    return { ok: false, message: `day must be 01-${days} for ${match[1]}-${match[2]}, got ${match[3]} in ${quoted}` };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `time of day must be 00:00:00-23:59:59, got ${match[4]}:${match[5]}:${match[6]} in ${quoted}` };
  }
  let offsetMinutes = 0;
  if (zone !== "Z" && zone !== "z") {
    const offsetHours = Number(zone.slice(1, 3));
    const offsetRest = Number(zone.slice(zone.length - 2));
    if (offsetHours > 23 || offsetRest > 59) {
      return { ok: false, message: `time zone offset must be at most ±23:59, got ${zone} in ${quoted}` };
    }
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (offsetHours * 60 + offsetRest);
  }
  const fractionMs = match[7] === undefined ? 0 : Number(`0.${match[7]}`) * 1000;
  const days = daysFromCivil(year, month, day);
  const wholeMs = ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000;
  return { ok: true, valueMs: wholeMs + fractionMs };
}

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 to a civil date (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** A plain decimal number, or undefined. */
export function parseDecimal(text: string): number | undefined {
  return DECIMAL_PATTERN.test(text) ? Number(text) : undefined;
}

/** A time cell: a number in `unit`, or an ISO-8601 time (epoch ms). */
export function parseTimeCell(text: string, unit: "s" | "ms"): { ok: true; valueMs: number; iso: boolean } | { ok: false; message: string } {
  const number = parseDecimal(text);
  if (number !== undefined) return { ok: true, valueMs: unit === "s" ? number * 1000 : number, iso: false };
  if (/^\d{4}-/.test(text)) {
    const iso = parseIsoTimestampMs(text);
    return iso.ok ? { ok: true, valueMs: iso.valueMs, iso: true } : iso;
  }
  const unitWord = unit === "s" ? "seconds" : "ms";
  return { ok: false, message: `expected a number of ${unitWord} or an ISO-8601 time like 2025-11-28T14:05:00Z, got ${JSON.stringify(text)}` };
}
