/**
 * `from`/`to`: replaying a window of a long recording (the afternoon of a week-long export).
 *
 * A bound is either a wall-clock time (`2025-11-28T13:00:00Z`, for recordings with absolute
 * times: Prometheus samples, ISO-8601 CSV cells) or an offset from the recording's start
 * (`6h`). The window's start becomes the run's time 0; what lies outside is dropped.
 */
import type { RatePoint } from "../../model/rate-profile";

/** One bound of a replay window: a wall-clock time (epoch ms) or an offset from the recording's start (ms). */
export type RecordingTime = { atEpochMs: number } | { offsetMs: number };

/** The window of a recording to replay; both bounds optional. */
export interface RecordingWindow {
  from?: RecordingTime;
  to?: RecordingTime;
}

/** A resolved window in the recording's own time (epoch ms for absolute recordings), or a problem. */
export type ResolvedWindow = { ok: true; fromMs: number; toMs: number } | { ok: false; path: "from" | "to"; message: string };

/**
 * Resolves a window against a recording that starts at `startMs` and ends at `endMs` (its own
 * time: epoch ms when `absolute`, else ms from its first row). A wall-clock bound needs an
 * absolute recording; the bounds must lie in order and overlap the recording.
 */
export function resolveWindow(bounds: RecordingWindow, recording: { startMs: number; endMs: number; absolute: boolean }): ResolvedWindow {
  const resolve = (bound: RecordingTime | undefined, name: "from" | "to", fallbackMs: number): number | string => {
    if (bound === undefined) return fallbackMs;
    if ("offsetMs" in bound) return recording.startMs + bound.offsetMs;
    if (!recording.absolute) return `a wall-clock time needs a recording with wall-clock times (ISO-8601 or Prometheus); give ${name} as a duration from the recording's start, e.g. 2h`;
    return bound.atEpochMs;
  };
  const fromMs = resolve(bounds.from, "from", recording.startMs);
  if (typeof fromMs === "string") return { ok: false, path: "from", message: fromMs };
  const toMs = resolve(bounds.to, "to", recording.endMs);
  if (typeof toMs === "string") return { ok: false, path: "to", message: toMs };
  const extent = `${describeMs(recording.startMs, recording.absolute)} to ${describeMs(recording.endMs, recording.absolute)}`;
  if (fromMs >= recording.endMs) return { ok: false, path: "from", message: `${describeMs(fromMs, recording.absolute)} is after the recording (${extent})` };
  if (toMs <= fromMs) return { ok: false, path: "to", message: `must be after from (${describeMs(fromMs, recording.absolute)}), got ${describeMs(toMs, recording.absolute)}` };
  if (toMs <= recording.startMs) return { ok: false, path: "to", message: `${describeMs(toMs, recording.absolute)} is before the recording (${extent})` };
  return { ok: true, fromMs, toMs };
}

/**
 * Step points (each rate holds from its `atMs` until the next point) cut to [fromMs, toMs) and
 * moved so that `fromMs` is 0; the rate is 0 from `toMs - fromMs` on. `points` are in the same
 * time as the bounds, sorted, with a final point ending the recording.
 */
export function cutSteps(points: readonly RatePoint[], fromMs: number, toMs: number): RatePoint[] {
  const cut: RatePoint[] = [{ atMs: 0, ratePerS: rateAt(points, fromMs) }];
  for (const point of points) {
    if (point.atMs <= fromMs || point.atMs >= toMs) continue;
    cut.push({ atMs: point.atMs - fromMs, ratePerS: point.ratePerS });
  }
  cut.push({ atMs: toMs - fromMs, ratePerS: 0 });
  return cut;
}

/** The step rate in force at `tMs` (the last point at or before it; 0 before the first). */
function rateAt(points: readonly RatePoint[], tMs: number): number {
  let rate = 0;
  for (const point of points) {
    if (point.atMs > tMs) break;
    rate = point.ratePerS;
  }
  return rate;
}

/** A time for a message: ISO-8601 UTC when absolute, else seconds from the start. */
export function describeMs(valueMs: number, absolute: boolean): string {
  if (!absolute) return `${valueMs / 1000} s`;
  return formatIsoUtc(valueMs);
}

/**
 * Epoch ms as `YYYY-MM-DDTHH:MM:SSZ` (with `.sss` when not whole seconds), computed without
 * `Date` (H. Hinnant's civil-from-days, the inverse of iso-time.ts's days-from-civil).
 */
export function formatIsoUtc(epochMs: number): string {
  const days = Math.floor(epochMs / 86_400_000);
  const msOfDay = epochMs - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  const hours = Math.floor(msOfDay / 3_600_000);
  const minutes = Math.floor((msOfDay % 3_600_000) / 60_000);
  const seconds = Math.floor((msOfDay % 60_000) / 1000);
  const millis = Math.floor(msOfDay % 1000);
  const fraction = millis === 0 ? "" : `.${pad(millis, 3)}`;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}${fraction}Z`;
}
