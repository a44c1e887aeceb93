/**
 * What a sampled rate means in time. A Prometheus `rate(x[5m])` sample at time t, on a range
 * query with step s, describes the interval that ends at t: the requests counted up to t. So
 * a sample is replayed over (t - s, t] — over (previous sample, t] in general — never over
 * [t, t + s), which would run the whole curve one step late (a spike at 13:00 replayed at
 * 13:05). The recording starts one step before its first sample and ends at its last.
 *
 * Also here: the check that a series is a rate and not a raw counter. A counter replayed as a
 * rate is the classic mistake (`http_requests_total` going 18,000 → 2.1 M over a day replayed
 * as 18,000 req/s and rising), so a series that only ever grows is refused with the fix.
 */
import type { RatePoint } from "../../model/rate-profile";
import { formatIsoUtc } from "./recording-window";
import type { ReplayProblem } from "./problems";

/** One sample of a series: its time (epoch ms) and value (NaN for "no data"). */
export interface Sample {
  timeMs: number;
  value: number;
  /** Where it is in the file, for messages (`data.result[0].values[17]`). */
  path: string;
}

/** Step points of a recording in its own time (epoch ms), and what was fixed on the way. */
export interface IntervalSteps {
  /** Each rate holds from its `atMs` to the next point's; the last point (rate 0) ends the recording. */
  points: RatePoint[];
  startMs: number;
  endMs: number;
  notes: string[];
}

/** Counter names Prometheus gives series that are not rates (the rate() of them is). */
const COUNTER_SUFFIXES = ["_total", "_count", "_sum", "_bucket", "_created"];
/** Samples a series needs before "it only ever grows" is evidence of a counter. */
export const MONOTONIC_SAMPLES_MIN = 10;
/** Share of sample-to-sample steps that must rise (not just hold) for a series to look like a counter. */
const COUNTER_RISING_SHARE = 0.9;

/**
 * Turns samples (sorted, at least one not NaN) into steps over the intervals they describe:
 * sample i covers (t(i-1), t(i)], the first sample (t(0) - step, t(0)]. `stepMs` is the query's
 * step when known; otherwise the smallest gap between samples. NaN samples are skipped (the
 * next sample covers their interval too), with a note; so are gaps longer than 1.5 steps.
 */
export function sampleIntervals(samples: readonly Sample[], options: { stepMs?: number; seriesPath: string }): { ok: true; steps: IntervalSteps } | { ok: false; problems: ReplayProblem[] } {
  const stepMs = options.stepMs ?? smallestGapMs(samples);
  if (stepMs === undefined) {
    return { ok: false, problems: [{ path: `${options.seriesPath}.values`, message: "one sample cannot say which interval it describes; export at least two samples (a range query with a step)" }] };
  }
  const valid = samples.filter((sample) => !Number.isNaN(sample.value));
  const notes: string[] = [];
  const skipped = samples.length - valid.length;
  if (skipped > 0) {
    const first = samples.find((sample) => Number.isNaN(sample.value))!;
    notes.push(`skipped ${skipped} NaN sample(s) (the first at ${first.path}); the next sample's rate covers their interval`);
  }
  const startMs = valid[0]!.timeMs - stepMs;
  const points: RatePoint[] = [{ atMs: startMs, ratePerS: valid[0]!.value }];
  for (let i = 1; i < valid.length; i++) points.push({ atMs: valid[i - 1]!.timeMs, ratePerS: valid[i]!.value });
  let gaps = 0;
  let firstGap = "";
  for (let i = 1; i < samples.length; i++) {
    if (samples[i]!.timeMs - samples[i - 1]!.timeMs <= 1.5 * stepMs) continue;
    if (gaps === 0) firstGap = `${formatIsoUtc(samples[i - 1]!.timeMs)} to ${formatIsoUtc(samples[i]!.timeMs)}`;
    gaps += 1;
  }
  if (gaps > 0) notes.push(`${gaps} gap(s) without samples (the first ${firstGap}); the sample after a gap covers it`);
  const endMs = valid[valid.length - 1]!.timeMs;
  points.push({ atMs: endMs, ratePerS: 0 });
  return { ok: true, steps: { points, startMs, endMs, notes } };
}

/** The smallest positive gap between consecutive sample times, or undefined for one sample. */
function smallestGapMs(samples: readonly Sample[]): number | undefined {
  let smallest = Infinity;
  for (let i = 1; i < samples.length; i++) smallest = Math.min(smallest, samples[i]!.timeMs - samples[i - 1]!.timeMs);
  return smallest > 0 && smallest < Infinity ? smallest : undefined;
}

/**
 * A problem when `values` look like a raw counter rather than a rate: the series is named
 * like a counter (`__name__` ending in _total, _count...; rate() drops the name), or over
 * {@link MONOTONIC_SAMPLES_MIN}+ samples it never decreases, rises at 90% of the steps and at
 * least doubles. `allowMonotonic` accepts the second case (a rate that really only rises in
 * the window). `firstAt`/`lastAt` name the first and last sample in the message.
 */
export function counterProblem(
  values: readonly number[],
  options: { name?: string; path: string; allowMonotonic: boolean; firstAt: string; lastAt: string },
): ReplayProblem | undefined {
  const name = options.name ?? "";
  const rateFix = (metric: string) => `replay its rate instead, e.g. sum(rate(${metric}[5m]))`;
  const suffix = COUNTER_SUFFIXES.find((end) => name.endsWith(end));
  if (suffix !== undefined) {
    return { path: options.path, message: `the series is ${name}, a raw ${suffix === "_total" ? "counter" : "histogram or summary counter"} (a count since the process started), not a rate per second; ${rateFix(name)}` };
  }
  if (options.allowMonotonic || values.length < MONOTONIC_SAMPLES_MIN) return undefined;
  // A live counter grows at nearly every sample; a rate that steps up and holds does not.
  let rises = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i]! < values[i - 1]!) return undefined;
    if (values[i]! > values[i - 1]!) rises += 1;
  }
  if (rises < COUNTER_RISING_SHARE * (values.length - 1)) return undefined;
  const first = values[0]!;
  const last = values[values.length - 1]!;
  if (!(last >= 2 * first && last - first >= 10)) return undefined;
  const shown = (value: number) => formatCount(value);
  return {
    path: options.path,
    message: `the values only ever grow (${shown(first)} at ${options.firstAt} to ${shown(last)} at ${options.lastAt}): this looks like a raw counter such as http_requests_total, which would be replayed as ${shown(first)} requests per second and rising; ${rateFix("http_requests_total")} (or set allowMonotonic: true if this rate really only rises)`,
  };
}

/** 18000 -> "18,000", 2100000 -> "2.1 M". */
function formatCount(value: number): string {
  if (value >= 1e6) return `${Number((value / 1e6).toPrecision(3))} M`;
  const rounded = Math.round(value * 100) / 100;
  const [whole, fraction] = String(rounded).split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
