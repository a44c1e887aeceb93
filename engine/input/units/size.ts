/**
 * Sizes and bandwidth: `64KiB`, `1.5MB` in bytes; `1Gbps`, `10MB/s` in bytes per millisecond.
 *
 * Both are a number, a prefix (SI powers of 1000 or binary powers of 1024) and a base unit
 * (bytes, or bits or bytes per second), so they share one parser; every prefix converts
 * exactly.
 */
import { alternation, expectedGot, finite, NUMBER, prepare, scaleDecimal, unitTable, type UnitResult, type UnitTable } from "./grammar";

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

/** The phrase after "expected" for sizes; also `UNIT_FORMATS` in `format.ts`. */
export const SIZE_EXPECTED = `a size like "64KiB" or "1.5MB"`;
/** The phrase after "expected" for bandwidths; also `UNIT_FORMATS` in `format.ts`. */
export const BANDWIDTH_EXPECTED = `a bandwidth like "1Gbps", "100Mbit/s" or "10MB/s"`;

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
