import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../core/rng";
import {
  BANDWIDTH_PATTERN,
  DURATION_PATTERN,
  MONEY_PATTERN,
  PERCENT_PATTERN,
  RATE_PATTERN,
  SIZE_PATTERN,
  formatDurationMs,
  formatPercent,
  formatRatePerS,
  parseBandwidthBytesPerMs,
  parseDurationMs,
  parseMoneyPerHour,
  parsePercent,
  parseRatePerS,
  parseSizeBytes,
} from "./";

/** The value of a successful parse; fails the test with the message otherwise. */
function valueOf(result: { ok: true; value: number } | { ok: false; message: string }): number {
  if (!result.ok) throw new Error(`expected success, got: ${result.message}`);
  return result.value;
}

/** The message of a failed parse. */
function messageOf(result: { ok: true; value: number } | { ok: false; message: string }): string {
  if (result.ok) throw new Error(`expected a failure, got ${result.value}`);
  return result.message;
}

describe("parseDurationMs", () => {
  it("converts every unit to milliseconds", () => {
    const cases: Array<[string, number]> = [
      ["250ms", 250],
      ["30s", 30_000],
      ["5m", 300_000],
      ["5min", 300_000],
      ["2h", 7_200_000],
      ["1d", 86_400_000],
      ["1.5s", 1500],
      ["500us", 0.5],
      ["500µs", 0.5],
      ["250 ms", 250],
      ["10 seconds", 10_000],
      [".5s", 500],
      ["1e3ms", 1000],
    ];
    for (const [text, ms] of cases) expect(valueOf(parseDurationMs(text)), text).toBe(ms);
  });

  it("adds up compound durations written largest unit first", () => {
    expect(valueOf(parseDurationMs("1h30m"))).toBe(5_400_000);
    expect(valueOf(parseDurationMs("2m 30s"))).toBe(150_000);
    expect(valueOf(parseDurationMs("1d2h3m4s5ms"))).toBe(86_400_000 + 7_200_000 + 180_000 + 4000 + 5);
  });

  it("converts decimal text exactly rather than through binary multiplication", () => {
    // 1.1 * 60000 in doubles is 66000.00000000001; the decimal conversion gives 66000.
    expect(valueOf(parseDurationMs("1.1m"))).toBe(66_000);
    expect(valueOf(parseDurationMs("0.3s"))).toBe(300);
  });

  it("accepts zero without a unit, as a number or text", () => {
    expect(valueOf(parseDurationMs(0))).toBe(0);
    expect(valueOf(parseDurationMs("0"))).toBe(0);
    expect(valueOf(parseDurationMs("0s"))).toBe(0);
  });

  it("rejects a bare number and suggests units built from it", () => {
    expect(messageOf(parseDurationMs(250))).toBe(
      'expected a duration like "250ms" or "30s", got 250 (add a unit, e.g. "250ms" or "250s")',
    );
    expect(messageOf(parseDurationMs("30"))).toBe(
      'expected a duration like "250ms" or "30s", got "30" (add a unit, e.g. "30ms" or "30s")',
    );
  });

  it("names an unknown unit and suggests the closest known one", () => {
    expect(messageOf(parseDurationMs("30 sex"))).toBe('unknown duration unit "sex" in "30 sex" (did you mean "sec"?)');
    expect(messageOf(parseDurationMs("2 fortnights"))).toBe(
      'unknown duration unit "fortnights" in "2 fortnights"; use us, ms, s, m, h or d',
    );
  });

  it("rejects compound durations out of order, missing units, negatives and other values", () => {
    expect(messageOf(parseDurationMs("30m1h"))).toBe(
      'parts of "30m1h" must go from largest to smallest unit, e.g. "1h30m"',
    );
    expect(messageOf(parseDurationMs("1h1h"))).toBe('parts of "1h1h" must go from largest to smallest unit, e.g. "1h30m"');
    expect(messageOf(parseDurationMs("1h30"))).toBe('missing unit after 30 in "1h30"');
    expect(messageOf(parseDurationMs("-5s"))).toBe('must not be negative, got "-5s"');
    expect(messageOf(parseDurationMs(-5))).toBe("must not be negative, got -5");
    expect(messageOf(parseDurationMs(Infinity))).toBe('expected a duration like "250ms" or "30s", got .inf');
    expect(messageOf(parseDurationMs(true))).toBe('expected a duration like "250ms" or "30s", got true');
    expect(messageOf(parseDurationMs("soon"))).toBe('expected a duration like "250ms" or "30s", got "soon"');
    expect(messageOf(parseDurationMs("1e400s"))).toBe('"1e400s" is too large');
  });
});

describe("parseRatePerS", () => {
  it("converts rates to events per second", () => {
    const cases: Array<[string, number]> = [
      ["1200/s", 1200],
      ["1.5k/s", 1500],
      ["90k/min", 1500],
      ["2M/h", 2e6 / 3600],
      ["5/ms", 5000],
      ["10 rps", 10],
      ["2krps", 2000],
      ["1.5k rps", 1500],
      ["600 rpm", 10],
      ["120/m", 2],
      ["3 / sec", 3],
    ];
    for (const [text, perS] of cases) expect(valueOf(parseRatePerS(text)), text).toBe(perS);
    expect(valueOf(parseRatePerS(0))).toBe(0);
  });

  it("rejects bare numbers, unknown units and unknown multipliers with the fix", () => {
    expect(messageOf(parseRatePerS(1200))).toBe(
      'expected a rate like "1200/s" or "90k/min", got 1200 (add a unit, e.g. "1200/s")',
    );
    expect(messageOf(parseRatePerS("3/fortnight"))).toBe(
      'unknown rate unit "/fortnight" in "3/fortnight"; use /ms, /s, /min, /h or rps',
    );
    expect(messageOf(parseRatePerS("10 rsp"))).toBe('unknown rate unit "rsp" in "10 rsp" (did you mean "rps"?)');
    expect(messageOf(parseRatePerS("1.5m/s"))).toBe(
      'unknown multiplier "m" in "1.5m/s"; use k (thousand) or M (million)',
    );
    expect(messageOf(parseRatePerS("1200 per second"))).toBe(
      'expected a rate like "1200/s" or "90k/min", got "1200 per second"',
    );
    expect(messageOf(parseRatePerS("-3/s"))).toBe('must not be negative, got "-3/s"');
  });
});

describe("parsePercent", () => {
  it("converts percentages to the nearest double of the decimal fraction", () => {
    expect(valueOf(parsePercent("99.95%"))).toBe(0.9995);
    expect(valueOf(parsePercent("50 %"))).toBe(0.5);
    expect(valueOf(parsePercent("150%"))).toBe(1.5);
    expect(valueOf(parsePercent("0.1%"))).toBe(0.001);
  });

  it("takes a plain number in [0, 1] as the fraction only when allowed", () => {
    expect(valueOf(parsePercent(0.9995, { allowFraction: true }))).toBe(0.9995);
    expect(messageOf(parsePercent(0.9995))).toBe(
      'expected a percentage like "99.95%", got 0.9995 (write "99.95%" or "0.9995%")',
    );
    expect(messageOf(parsePercent(99.95, { allowFraction: true }))).toBe(
      'expected a percentage like "99.95%" or a fraction from 0 to 1, got 99.95 (did you mean "99.95%"?)',
    );
    expect(messageOf(parsePercent(99.95))).toBe('expected a percentage like "99.95%", got 99.95 (add a % sign: "99.95%")');
  });
});

describe("parseMoneyPerHour", () => {
  it("converts prices to dollars per hour, with a month of 730 hours", () => {
    expect(valueOf(parseMoneyPerHour("0.096/h"))).toBe(0.096);
    expect(valueOf(parseMoneyPerHour("$0.096/h"))).toBe(0.096);
    expect(valueOf(parseMoneyPerHour("70/month"))).toBe(70 / 730);
    expect(valueOf(parseMoneyPerHour("2.3/day"))).toBe(2.3 / 24);
    expect(valueOf(parseMoneyPerHour("876/year"))).toBe(0.1);
  });

  it("rejects a price without a period and the ambiguous /m", () => {
    expect(messageOf(parseMoneyPerHour(0.096))).toBe(
      'expected a cost like "0.096/h" or "70/month", got 0.096 (add a period, e.g. "0.096/h" or "0.096/month")',
    );
    expect(messageOf(parseMoneyPerHour("$0.096"))).toBe(
      'expected a cost like "0.096/h" or "70/month", got "$0.096" (add a period, e.g. "$0.096/h" or "$0.096/month")',
    );
    expect(messageOf(parseMoneyPerHour("5/m"))).toBe('"/m" in "5/m" is ambiguous; write "/month" or "/h"');
    expect(messageOf(parseMoneyPerHour("5/mnth"))).toBe('unknown period "/mnth" in "5/mnth" (did you mean "/month"?)');
  });
});

describe("parseSizeBytes and parseBandwidthBytesPerMs", () => {
  it("reads SI and binary sizes in bytes", () => {
    expect(valueOf(parseSizeBytes("1KB"))).toBe(1000);
    expect(valueOf(parseSizeBytes("1.5MB"))).toBe(1_500_000);
    expect(valueOf(parseSizeBytes("64KiB"))).toBe(65_536);
    expect(valueOf(parseSizeBytes("512 B"))).toBe(512);
    expect(valueOf(parseSizeBytes("2GiB"))).toBe(2 * 1024 ** 3);
    // 1.005 * 1000 is 1004.9999999999999 in doubles; the decimal conversion is exact.
    expect(valueOf(parseSizeBytes("1.005kB"))).toBe(1005);
    expect(valueOf(parseSizeBytes("0.5KiB"))).toBe(512);
  });

  it("refuses bits where bytes are meant", () => {
    expect(messageOf(parseSizeBytes("1kb"))).toBe('"kb" in "1kb" is bits; write sizes in bytes with B, e.g. "64KB"');
    expect(messageOf(parseSizeBytes(1024))).toBe(
      'expected a size like "64KiB" or "1.5MB", got 1024 (add a unit, e.g. "1024B" for bytes)',
    );
  });

  it("reads bandwidth in bits or bytes per second as bytes per millisecond", () => {
    // 1 Gbit/s = 1e9 bit/s = 1.25e8 B/s = 125000 B/ms.
    expect(valueOf(parseBandwidthBytesPerMs("1Gbps"))).toBe(125_000);
    expect(valueOf(parseBandwidthBytesPerMs("100Mbit/s"))).toBe(12_500);
    expect(valueOf(parseBandwidthBytesPerMs("10MB/s"))).toBe(10_000);
    expect(valueOf(parseBandwidthBytesPerMs("10MiB/s"))).toBe(10_485.76);
    expect(messageOf(parseBandwidthBytesPerMs("10 furlongs"))).toBe(
      'unknown bandwidth unit "furlongs" in "10 furlongs"; use bps, Mbps, Gbps, MB/s or MiB/s',
    );
  });
});

describe("formatting", () => {
  it("formats durations in the unit that reads best", () => {
    expect(formatDurationMs(0)).toBe("0 ms");
    expect(formatDurationMs(0.5)).toBe("500 µs");
    expect(formatDurationMs(2.5)).toBe("2.50 ms");
    expect(formatDurationMs(250)).toBe("250 ms");
    expect(formatDurationMs(1500)).toBe("1.50 s");
    expect(formatDurationMs(120_000)).toBe("2.0 min");
    expect(formatDurationMs(5_400_000)).toBe("1.5 h");
    expect(formatDurationMs(2 * 86_400_000)).toBe("2.0 d");
    expect(formatDurationMs(-250)).toBe("-250 ms");
    expect(formatDurationMs(Infinity)).toBe("∞ ms");
  });

  it("moves to the next unit when rounding reaches the limit", () => {
    // 999.96 ms rounds to 1000 at three digits, so it is shown as seconds.
    expect(formatDurationMs(999.96)).toBe("1.00 s");
    expect(formatDurationMs(59_960)).toBe("1.0 min");
  });

  it("formats rates with k and M multipliers", () => {
    expect(formatRatePerS(0)).toBe("0/s");
    expect(formatRatePerS(0.5)).toBe("0.500/s");
    expect(formatRatePerS(250)).toBe("250/s");
    expect(formatRatePerS(1500)).toBe("1.50k/s");
    expect(formatRatePerS(2e6)).toBe("2.00M/s");
  });

  it("formats percentages with enough decimals to show the nines", () => {
    expect(formatPercent(0.5)).toBe("50.0%");
    expect(formatPercent(0.9995)).toBe("99.95%");
    expect(formatPercent(0.99999)).toBe("99.999%");
    expect(formatPercent(1)).toBe("100.0%");
    expect(formatPercent(0.00001)).toBe("0.001%");
    expect(formatPercent(0.123456, { digits: 3 })).toBe("12.346%");
  });

  it("writes text that parses back to nearly the same value (seeded round trip)", () => {
    // Three significant digits round a mantissa in [1, 10) by at most 0.005, a relative error
    // of at most 0.5%. One decimal (min, h, d) on values of at least 1.0 errs by at most 0.05,
    // at most 5%. Values are log-uniform over 12 decades so every unit is exercised.
    for (const seed of [11, 12, 13]) {
      const stream = new RandomStreams(seed).get("scenario/units/round-trip");
      for (let trial = 0; trial < 300; trial++) {
        const ms = 10 ** (-3 + stream.next() * 12);
        const text = formatDurationMs(ms);
        const tolerance = ms < 59_950 ? 0.005 : 0.05;
        const back = valueOf(parseDurationMs(text));
        expect(Math.abs(back - ms) / ms, `seed ${seed} trial ${trial}: ${ms} -> ${text}`).toBeLessThanOrEqual(tolerance);
        const perS = 10 ** (-2 + stream.next() * 9);
        const rateText = formatRatePerS(perS);
        const rateBack = valueOf(parseRatePerS(rateText));
        expect(Math.abs(rateBack - perS) / perS, `seed ${seed} trial ${trial}: ${perS} -> ${rateText}`).toBeLessThanOrEqual(0.005);
      }
    }
  });
});

describe("JSON Schema patterns", () => {
  const families = [
    { name: "duration", pattern: DURATION_PATTERN, parse: parseDurationMs, good: ["250ms", "1h30m", "2 m 30 s", "500µs", "0", "1.5 hours"], bad: ["250", "5 fortnight", "-5s", "abc", "1h30"] },
    { name: "rate", pattern: RATE_PATTERN, parse: parseRatePerS, good: ["1200/s", "1.5k/s", "90k/min", "10 rps", "2krps", "0"], bad: ["1200", "3/week", "-3/s"] },
    { name: "percent", pattern: PERCENT_PATTERN, parse: (value: unknown) => parsePercent(value), good: ["99.95%", "50 %", "0"], bad: ["99.95", "-1%"] },
    { name: "money", pattern: MONEY_PATTERN, parse: parseMoneyPerHour, good: ["0.096/h", "$70/month", "2.3/day", "0"], bad: ["0.096", "5/m", "-1/h"] },
    { name: "size", pattern: SIZE_PATTERN, parse: parseSizeBytes, good: ["1KB", "64KiB", "512 B", "0"], bad: ["1024", "1kb", "1T"] },
    { name: "bandwidth", pattern: BANDWIDTH_PATTERN, parse: parseBandwidthBytesPerMs, good: ["1Gbps", "100Mbit/s", "10MB/s", "0"], bad: ["10", "10 furlongs"] },
  ];

  it("accept what the parsers accept and reject the usual mistakes", () => {
    for (const family of families) {
      const regex = new RegExp(family.pattern, "u");
      for (const text of family.good) {
        expect(family.parse(text).ok, `${family.name} parser: ${text}`).toBe(true);
        expect(regex.test(text), `${family.name} pattern: ${text}`).toBe(true);
      }
      for (const text of family.bad) {
        expect(family.parse(text).ok, `${family.name} parser: ${text}`).toBe(false);
        expect(regex.test(text), `${family.name} pattern: ${text}`).toBe(false);
      }
    }
  });

  it("match every duration the parser accepts among generated texts (seeded fuzz)", () => {
    const units = ["us", "µs", "ms", "s", "sec", "m", "min", "h", "hours", "d", "x", ""];
    const numbers = ["0", "1", "250", "1.5", ".5", "2e3", "-1"];
    const regex = new RegExp(DURATION_PATTERN, "u");
    for (const seed of [21, 22]) {
      const stream = new RandomStreams(seed).get("scenario/units/pattern");
      for (let trial = 0; trial < 500; trial++) {
        let text = "";
        const parts = 1 + Math.floor(stream.next() * 3);
        for (let i = 0; i < parts; i++) {
          text += numbers[Math.floor(stream.next() * numbers.length)];
          text += stream.next() < 0.3 ? " " : "";
          text += units[Math.floor(stream.next() * units.length)];
        }
        if (parseDurationMs(text).ok) expect(regex.test(text), `seed ${seed} trial ${trial}: "${text}"`).toBe(true);
      }
    }
  });
});
