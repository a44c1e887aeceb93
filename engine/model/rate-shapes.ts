/**
 * The rate shapes a scenario describes (constant, points, steps, a diurnal sinusoid, spikes
 * multiplying the base, a growth factor), sampled into breakpoints and compiled into one
 * {@link RateProfile} by {@link buildRateProfile}.
 *
 * A piecewise-linear profile is exact for points and steps; smooth shapes and products of ramps
 * are sampled, and each sampling constant ({@link DIURNAL_SAMPLES_PER_PERIOD},
 * {@link SPIKE_RAMP_SUBSTEPS}) documents how far the samples stray from the shape. Every
 * builder reports bad parameters as a `ParameterError` naming the field.
 */
import { ParameterError } from "../core/assert";
import { dmath } from "../core/det-math";
import { checkPoints, RateProfile, requireNonNegative, type RatePoint } from "./rate-profile";

/**
 * The base shape of a workload's rate over time, before spikes and growth:
 * - `constant`: one rate for ever.
 * - `points`: linear ramps between the given points (a repeated `atMs` makes a step).
 * - `steps`: piecewise constant; each step's rate holds from its `atMs` until the next step.
 * - `diurnal`: `meanRatePerS * (1 + amplitude * cos(2 pi (t - peakAtMs) / periodMs))`, sampled
 *   every `resolutionMs` (default `periodMs / 96`, 15 minutes for a day) from 0 to `untilMs`
 *   and linear between samples; see {@link DIURNAL_SAMPLES_PER_PERIOD} for the error bound.
 */
export type ProfileShape =
  | { type: "constant"; ratePerS: number }
  | { type: "points"; points: RatePoint[] }
  | { type: "steps"; steps: Array<{ atMs: number; ratePerS: number }> }
  | { type: "diurnal"; meanRatePerS: number; amplitude: number; periodMs: number; peakAtMs: number; resolutionMs?: number };

/**
 * A burst multiplying the base rate: the factor ramps linearly from 1 to `multiplier` over
 * `rampMs` starting at `atMs`, holds for `holdMs`, then returns linearly to 1 over `decayMs`
 * (default `rampMs`). A ramp or decay of 0 is an instant step. Overlapping spikes multiply.
 * All durations in ms, >= 0; `multiplier` >= 0 (below 1 is a dip, e.g. an outage upstream).
 */
export interface Spike {
  atMs: number;
  rampMs: number;
  holdMs: number;
  decayMs?: number;
  multiplier: number;
}

/**
 * Samples per period of a diurnal shape by default (every 15 minutes of a day).
 *
 * Error bound: linear interpolation of a C2 function between samples h apart is off by at most
 * (h^2 / 8) max|f''| (the remainder of linear interpolation). For the sinusoid,
 * max|f''| = mean * amplitude * (2 pi / period)^2, so with h = period / 96 the sampled rate is
 * within mean * amplitude * (2 pi / 96)^2 / 8 = 5.4e-4 * mean * amplitude of the sinusoid, i.e.
 * within 0.054% of the mean. The expected count over whole periods starting at a sample
 * (t = k * h) has no such error at all: the trapezoid rule with N equally spaced samples
 * integrates cos exactly over a period for N >= 2.
 */
export const DIURNAL_SAMPLES_PER_PERIOD = 96;

/**
 * Sub-steps sampled inside each spike ramp and decay.
 *
 * Error bound: where the base has slope b (per s per ms) and a spike's factor slope
 * d = (multiplier - 1) / rampMs, their product is quadratic with second derivative 2 b d, so
 * the chord over a sub-step h = rampMs / 32 is off by at most h^2 |b d| / 4
 * = rampMs * |b| * |multiplier - 1| / 4096 per second. Example: a day's diurnal base with mean
 * 1000/s and amplitude 0.5 (|b| <= 3.6e-5) under a 5x spike with a 10-minute ramp: at most
 * 0.021/s, against a rate of thousands per second. On a constant base (b = 0) the product is
 * exact. Overlapping ramps add the analogous d1 d2 term, bounded the same way.
 */
export const SPIKE_RAMP_SUBSTEPS = 32;

/** The largest number of breakpoints a builder produces before it reports a budget error. */
export const PROFILE_POINTS_MAX = 1_000_000;

/**
 * The breakpoints of a base shape; `untilMs` (> 0) is how far a sampled shape (diurnal) goes.
 * @throws ParameterError (`shape.amplitude: ...`) for an invalid shape.
 */
export function shapePoints(shape: ProfileShape, untilMs: number): RatePoint[] {
  switch (shape.type) {
    case "constant":
      return [{ atMs: 0, ratePerS: requireNonNegative("shape.ratePerS", shape.ratePerS) }];
    case "points":
      checkPoints(shape.points, "shape.points");
      return shape.points.map((point) => ({ atMs: point.atMs, ratePerS: point.ratePerS }));
    case "steps":
      return stepPoints(shape.steps);
    case "diurnal":
      return diurnalPoints(shape, untilMs);
    default: {
      const unknown: { type?: unknown } = shape;
      throw new ParameterError("shape.type", `must be "constant", "points", "steps" or "diurnal", got ${JSON.stringify(unknown.type)}`);
    }
  }
}

/** Piecewise-constant steps as points: each change is a pair at one instant. */
function stepPoints(steps: ReadonlyArray<{ atMs: number; ratePerS: number }>): RatePoint[] {
  checkPoints(steps, "shape.steps");
  const points: RatePoint[] = [];
  for (let i = 0; i < steps.length; i++) {
    if (i > 0) points.push({ atMs: steps[i].atMs, ratePerS: steps[i - 1].ratePerS });
    points.push({ atMs: steps[i].atMs, ratePerS: steps[i].ratePerS });
  }
  return points;
}

/** A sinusoid sampled every `resolutionMs` from 0 through `untilMs`. */
function diurnalPoints(shape: Extract<ProfileShape, { type: "diurnal" }>, untilMs: number): RatePoint[] {
  const meanRatePerS = requireNonNegative("shape.meanRatePerS", shape.meanRatePerS);
  const amplitude = requireNonNegative("shape.amplitude", shape.amplitude);
  if (amplitude > 1) {
    throw new ParameterError("shape.amplitude", `must be at most 1 (a fraction of the mean; more would make the rate negative), got ${amplitude}`);
  }
  const periodMs = requirePositive("shape.periodMs", shape.periodMs);
  const peakAtMs = requireFinite("shape.peakAtMs", shape.peakAtMs);
  const resolutionMs = requirePositive("shape.resolutionMs", shape.resolutionMs ?? periodMs / DIURNAL_SAMPLES_PER_PERIOD);
  const samples = Math.ceil(untilMs / resolutionMs) + 1;
  if (samples > PROFILE_POINTS_MAX) {
    const budget = `more than the budget of ${PROFILE_POINTS_MAX}; use a coarser resolution`;
    throw new ParameterError("shape.resolutionMs", `gives ${samples} samples up to ${untilMs} ms, ${budget}`);
  }
  const points: RatePoint[] = [];
  for (let k = 0; k < samples; k++) {
    const atMs = k * resolutionMs;
    const phase = (2 * Math.PI * (atMs - peakAtMs)) / periodMs;
    // max(0, ...) only absorbs rounding when amplitude is exactly 1 at the trough.
    points.push({ atMs, ratePerS: Math.max(0, meanRatePerS * (1 + amplitude * dmath.cos(phase))) });
  }
  return points;
}

/**
 * A spike's factor over time as breakpoints: 1, ramp to `multiplier`, hold, decay to 1.
 * `index` names the spike in error messages (`spikes[2].rampMs`).
 * @throws ParameterError for a non-finite time, a negative duration or multiplier.
 */
export function spikeFactorPoints(spike: Spike, index = 0): RatePoint[] {
  const name = `spikes[${index}]`;
  const atMs = requireFinite(`${name}.atMs`, spike.atMs);
  const rampMs = requireNonNegative(`${name}.rampMs`, spike.rampMs);
  const holdMs = requireNonNegative(`${name}.holdMs`, spike.holdMs);
  const decayMs = requireNonNegative(`${name}.decayMs`, spike.decayMs ?? rampMs);
  const multiplier = requireNonNegative(`${name}.multiplier`, spike.multiplier);
  const peakEndMs = atMs + rampMs + holdMs;
  return [
    { atMs, ratePerS: 1 },
    { atMs: atMs + rampMs, ratePerS: multiplier },
    { atMs: peakEndMs, ratePerS: multiplier },
    { atMs: peakEndMs + decayMs, ratePerS: 1 },
  ];
}

/**
 * Builds a workload's rate profile: the base `shape`, multiplied by every spike, times
 * `growthFactor` (default 1). `untilMs` (> 0) is the run length a sampled shape must cover.
 *
 * The product of the piecewise-linear base and spike factors is sampled on the union of their
 * breakpoints plus {@link SPIKE_RAMP_SUBSTEPS} sub-steps inside every ramp and decay (bound
 * documented there); at a step of either factor both sides are kept, so steps stay steps.
 * @throws ParameterError (`spikes[1].holdMs: ...`) for any invalid part.
 */
export function buildRateProfile(options: { shape: ProfileShape; spikes?: Spike[]; untilMs: number; growthFactor?: number }): RateProfile {
  const untilMs = requirePositive("untilMs", options.untilMs);
  const growthFactor = requireNonNegative("growthFactor", options.growthFactor ?? 1);
  const base = RateProfile.fromPoints(shapePoints(options.shape, untilMs));
  const spikes = options.spikes ?? [];
  if (spikes.length === 0) return base.scaled(growthFactor);
  const factors = spikes.map((spike, i) => RateProfile.fromPoints(spikeFactorPoints(spike, i)));
  const timesMs = productSampleTimesMs(base, factors);
  if (timesMs.length > PROFILE_POINTS_MAX) {
    throw new ParameterError("spikes", `give ${timesMs.length} breakpoints, more than the budget of ${PROFILE_POINTS_MAX}`);
  }
  const points: RatePoint[] = [];
  for (const atMs of timesMs) {
    let before = base.ratePerSBefore(atMs) * growthFactor;
    let after = base.ratePerSAt(atMs) * growthFactor;
    for (const factor of factors) {
      before *= factor.ratePerSBefore(atMs);
      after *= factor.ratePerSAt(atMs);
    }
    points.push({ atMs, ratePerS: before });
    if (after !== before) points.push({ atMs, ratePerS: after });
  }
  return RateProfile.fromPoints(points);
}

/** Sorted distinct breakpoints of the base and factors, plus sub-steps inside each ramp. */
function productSampleTimesMs(base: RateProfile, factors: RateProfile[]): number[] {
  const timesMs: number[] = base.points.map((point) => point.atMs);
  for (const factor of factors) {
    const corners = factor.points;
    for (let i = 0; i < corners.length; i++) {
      timesMs.push(corners[i].atMs);
      const next = corners[i + 1];
      // Sub-steps only where the factor changes (ramp or decay), not across a hold.
      if (next === undefined || next.ratePerS === corners[i].ratePerS || next.atMs === corners[i].atMs) continue;
      const widthMs = next.atMs - corners[i].atMs;
      for (let k = 1; k < SPIKE_RAMP_SUBSTEPS; k++) timesMs.push(corners[i].atMs + (widthMs * k) / SPIKE_RAMP_SUBSTEPS);
    }
  }
  timesMs.sort((a, b) => a - b);
  const distinct: number[] = [];
  for (const t of timesMs) if (distinct.length === 0 || distinct[distinct.length - 1] !== t) distinct.push(t);
  return distinct;
}

/** Returns `value` if it is a finite number > 0. @throws ParameterError naming `parameter`. */
function requirePositive(parameter: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || !(value > 0)) {
    throw new ParameterError(parameter, `must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

/** Returns `value` if it is a finite number. @throws ParameterError naming `parameter`. */
function requireFinite(parameter: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ParameterError(parameter, `must be a finite number, got ${String(value)}`);
  }
  return value;
}
