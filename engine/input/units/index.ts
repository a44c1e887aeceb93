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
 *
 * Files: `grammar.ts` (the shared number grammar and exact decimal scaling), one file per kind
 * of unit (`duration.ts`, `rate.ts`, `percent-money.ts`, `size.ts` for sizes and bandwidth),
 * and `format.ts` (descriptions for schemas and the report formatters). This file only
 * re-exports them.
 */

export { DURATION_PATTERN, parseDurationMs } from "./duration";
export { formatDurationMs, formatPercent, formatRatePerS, UNIT_FORMATS, type UnitFormat } from "./format";
export type { UnitResult } from "./grammar";
export { formatHalfWidth, formatMetric, formatMetricChange, METRIC_UNITS, NO_VALUE, type MetricUnit } from "./metric-format";
export { MONEY_PATTERN, parseMoneyPerHour, parsePercent, PERCENT_PATTERN, type PercentOptions } from "./percent-money";
export { parseRatePerS, RATE_PATTERN } from "./rate";
export { BANDWIDTH_PATTERN, parseBandwidthBytesPerMs, parseSizeBytes, SIZE_PATTERN } from "./size";
