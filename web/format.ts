/**
 * Number formatting for the page: compact, unit-bearing, never "NaN". Times on chart axes
 * are offsets from the start of the run (`12:30` = 12 min 30 s).
 */

const DASH = "–";

/** A count or rate with thousands separators and at most `digits` significant decimals. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return `${trim((value / 1e6).toPrecision(digits))}M`;
  if (magnitude >= 1e4) return `${trim((value / 1e3).toPrecision(digits))}k`;
  if (magnitude >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString("en-US");
  return trim(value.toPrecision(digits));
}

/** A latency in ms: "850 µs", "12.3 ms", "1.25 s". */
export function formatMs(valueMs: number | null | undefined): string {
  if (valueMs === null || valueMs === undefined || !Number.isFinite(valueMs)) return DASH;
  if (valueMs < 1 && valueMs > 0) return `${trim((valueMs * 1000).toPrecision(3))} µs`;
  if (valueMs < 1000) return `${trim(valueMs.toPrecision(3))} ms`;
  return `${trim((valueMs / 1000).toPrecision(3))} s`;
}

/** A fraction as a percentage: 0.99912 -> "99.912%" (enough digits to see the nines). */
export function formatShare(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const percent = value * 100;
  if (percent > 99 && percent < 100) {
    // Show digits up to the first non-9 after the point, plus one: 99.95%, 99.9912%.
    const decimals = Math.min(6, Math.max(1, Math.ceil(-Math.log10(100 - percent)) + 1));
    return `${trim(percent.toFixed(decimals))}%`;
  }
  if (percent > 0 && percent < 0.1) return `${trim(percent.toPrecision(2))}%`;
  return `${trim(percent.toFixed(1))}%`;
}

/** A rate per second: "2,000/s", "1.5k/s". */
export function formatRate(perS: number | null | undefined): string {
  return perS === null || perS === undefined || !Number.isFinite(perS) ? DASH : `${formatNumber(perS)}/s`;
}

/** Money: "$12.34". */
export function formatMoney(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `$${value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2)}`;
}

/** A time offset from the start of the run: "0:05", "12:30", "1:02:03", "2d 03:00:00". */
export function formatClock(ms: number): string {
  if (!Number.isFinite(ms)) return DASH;
  const negative = ms < 0;
  let s = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  const clock = hours > 0 || days > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
  return `${negative ? "-" : ""}${days > 0 ? `${days}d ` : ""}${clock}`;
}

/** A time offset with tenths or hundredths of a second when `stepMs` is under a second: "0:20.25". */
export function formatClockFine(ms: number, stepMs: number): string {
  if (!(stepMs < 1000) || !Number.isFinite(ms)) return formatClock(ms);
  const digits = stepMs % 100 === 0 ? 1 : 2;
  const fraction = (Math.abs(ms) % 1000) / 1000;
  return `${formatClock(ms)}${fraction.toFixed(digits).slice(1)}`;
}

/** A wall-clock duration: "850 ms", "12 s", "3 min 5 s". */
export function formatWall(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function trim(text: string): string {
  return text.includes(".") && !text.includes("e") ? text.replace(/\.?0+$/, "") : text;
}
