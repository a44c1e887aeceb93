/**
 * The page's own formats: compact numbers for chart axes and progress lines, time offsets from
 * the start of the run on time axes (`12:30` = 12 min 30 s) and wall-clock durations; never
 * "NaN". A metric's value (a latency, a share, a rate, money) is shown with the engine's
 * `formatMetric(value, unit)`, as the CLI shows it.
 */

const DASH = "–";

/** A compact number for axes and progress lines: "950", "1,234", "12.3k", "1.2M"; at most `digits` significant digits. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return `${trim((value / 1e6).toPrecision(digits))}M`;
  if (magnitude >= 1e4) return `${trim((value / 1e3).toPrecision(digits))}k`;
  // Grouped by hand: the first toLocaleString of a page builds an ICU formatter (~30 ms).
  if (magnitude >= 100 || Number.isInteger(value)) return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  // Never an exponent ("9.71e-8"): below a thousandth says so.
  if (magnitude < 0.001) return value > 0 ? "< 0.001" : "> -0.001";
  return trim(value.toPrecision(digits));
}

/**
 * A time offset from the start of the run: "0:05", "12:30", "1:02:03", "2d 03:00:00". With
 * `spanMs` (the length of the run or axis) an hour or more, hours always show ("0:42:00"), so
 * times on one run read alike.
 */
export function formatClock(ms: number, spanMs = 0): string {
  if (!Number.isFinite(ms)) return DASH;
  const negative = ms < 0;
  let s = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  const clock = hours > 0 || days > 0 || spanMs >= 3_600_000 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
  return `${negative ? "-" : ""}${days > 0 ? `${days}d ` : ""}${clock}`;
}

/** A time offset with tenths or hundredths of a second when `stepMs` is under a second: "0:20.25". */
export function formatClockFine(ms: number, stepMs: number, spanMs = 0): string {
  if (!(stepMs < 1000) || !Number.isFinite(ms)) return formatClock(ms, spanMs);
  const digits = stepMs % 100 === 0 ? 1 : 2;
  const fraction = (Math.abs(ms) % 1000) / 1000;
  return `${formatClock(ms, spanMs)}${fraction.toFixed(digits).slice(1)}`;
}

/** A wall-clock duration: "850 ms", "12 s", "3 min 5 s". */
export function formatWall(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * A moment on this computer's clock, for "saved at" lines: "2026-12-07 14:05" (local time). By
 * hand for the same reason as formatNumber's grouping: the page's first `toLocaleString` builds
 * an ICU formatter, a long task of its own.
 */
export function formatLocalTime(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return DASH;
  const at = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}`;
}

function trim(text: string): string {
  return text.includes(".") && !text.includes("e") ? text.replace(/\.?0+$/, "") : text;
}
